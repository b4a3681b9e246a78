/**
 * How the screen is divided, as a pure function of its size and of how many rows the panels could
 * use. Below 140 columns the panels stack (chart as a one-line sparkline until there is room for a
 * line chart); from 140 columns the pipeline and customers go left, chart and event log right.
 */

export interface Layout {
  readonly columns: number;
  readonly rows: number;
  readonly mode: 'stacked' | 'wide';
  /** Where the chart goes: under the customers (left), above the log (right), or stacked. */
  readonly chartPlace: 'left' | 'right' | 'stacked';
  /** Width of the left column (= columns when stacked) and of the right one (0 when stacked). */
  readonly leftWidth: number;
  readonly rightWidth: number;
  /** Visible rows (excluding each panel's title line). */
  readonly pipelineRows: number;
  readonly customerRows: number;
  /** Lines of the chart's plot; 0 = a one-line sparkline instead. */
  readonly chartLines: number;
  readonly logRows: number;
  /** Lines under the pipeline for disruptions in force. */
  readonly alertLines: number;
  /** Lines under the customers saying why the selected one got what it got (0 or 1). */
  readonly whyLines: number;
}

/** Below this size the screen says "terminal too small" instead of drawing panels that cannot fit. */
export const MIN_COLUMNS = 60;
export const MIN_ROWS = 16;

/** Two columns need ≥ 80 for the pipeline and ≥ 59 for a readable event log. */
export const WIDE_MIN_COLUMNS = 140;
/** A line chart needs at least this many plot lines to be worth showing. */
const CHART_MIN = 6;
const CHART_MAX = 14;

export function computeLayout(
  columns: number,
  rows: number,
  stageRows: number,
  customerCount: number,
  alertLines = 0,
): Layout {
  const cols = Math.max(40, columns);
  const height = Math.max(12, rows);
  // header 1 + footer 1; pipeline = title + rows + join line
  const pipeline = 1 + stageRows + 1 + alertLines;
  if (cols >= WIDE_MIN_COLUMNS && height >= pipeline + 8) {
    const leftWidth = Math.min(112, Math.max(80, cols - 68));
    const rightWidth = cols - leftWidth - 1;
    const body = height - 2;
    const whyLines = 2;
    const customerRows = Math.max(1, Math.min(customerCount, body - pipeline - 1 - whyLines));
    const leftRest = body - pipeline - 1 - customerRows - whyLines;
    if (leftRest >= CHART_MIN + 1) {
      // Room under the customers: the chart goes there, the event log takes the whole right side.
      const chartLines = Math.min(24, leftRest - 1);
      return {
        columns: cols,
        rows: height,
        mode: 'wide',
        chartPlace: 'left',
        leftWidth,
        rightWidth,
        pipelineRows: stageRows,
        customerRows,
        chartLines,
        logRows: body - 1,
        alertLines,
        whyLines,
      };
    }
    const chartLines = Math.max(CHART_MIN, Math.min(18, Math.floor((body - 2) * 0.45)));
    const logRows = Math.max(1, body - (1 + chartLines) - 1);
    return {
      columns: cols,
      rows: height,
      mode: 'wide',
      chartPlace: 'right',
      leftWidth,
      rightWidth,
      pipelineRows: stageRows,
      customerRows,
      chartLines,
      logRows,
      alertLines,
      whyLines,
    };
  }
  // The "why" lines under the customers once the screen is tall enough to afford them.
  const whyLines = height >= 30 ? 2 : 0;
  // On short screens the pipeline shows a window of 5 stages around the selected one (↑↓ scroll it),
  // so that customers and the log get rows.
  const stageWindow = height < 30 ? Math.min(stageRows, 5) : stageRows;
  const avail = height - 2 - (pipeline - stageRows + stageWindow) - whyLines;
  let customerRows = Math.min(customerCount, 3);
  let logRows = 3;
  // customers title + rows, chart (1 line: title + sparkline), log title + rows
  let rest = avail - (1 + customerRows) - 1 - (1 + logRows);
  while (rest < 0 && logRows > 1) {
    logRows--;
    rest++;
  }
  while (rest < 0 && customerRows > 1) {
    customerRows--;
    rest++;
  }
  let pipelineRows = stageWindow;
  if (rest < 0) {
    pipelineRows = Math.max(1, stageWindow + rest);
    rest = 0;
  }
  // Grow the customers to a useful window first, then make room for a line chart, then show every
  // customer, and give what is left to the event log.
  const grow = (upTo: number) => {
    const n = Math.max(0, Math.min(upTo - customerRows, rest));
    customerRows += n;
    rest -= n;
  };
  grow(Math.min(customerCount, 6));
  let chartLines = 0;
  if (rest >= CHART_MIN) {
    chartLines = Math.min(CHART_MAX, Math.max(CHART_MIN, Math.floor(rest * 0.6)));
    rest -= chartLines;
  }
  // What is left goes a third to more customers, the rest to the event log.
  grow(customerRows + Math.floor(rest / 3));
  logRows += Math.max(0, rest);
  return {
    columns: cols,
    rows: height,
    mode: 'stacked',
    chartPlace: 'stacked',
    leftWidth: cols,
    rightWidth: 0,
    pipelineRows,
    customerRows,
    chartLines,
    logRows,
    alertLines,
    whyLines,
  };
}
