/**
 * The terminal UI behind `chipsim tui`: container + exported pure reducer + read-only presentational
 * components (docs/ARCHITECTURE.md#data-flow).
 *
 *   timeline.ts   the run, position-addressed: snapshots every 512 events + replay, exact both ways
 *   state.ts      UI state, the pure reducer and the key map (tested without rendering)
 *   keys.ts       terminal input → key presses (bursts, escape sequences, Ctrl/Alt)
 *   terminal.ts   alternate screen, the "simulating…" line, restoring on signals
 *   view.ts       what each panel shows, derived from the model state (pure)
 *   layout.ts     how the screen is divided for its size (pure)
 *   components/   presentational Ink components (read-only props)
 *   App.tsx       the container; run.ts the interactive session (alternate screen, cleanup)
 *
 * This index names the Ink-free part. App.tsx and run.ts import Ink, which reads CI once when first
 * imported: import them only as ui/cli/tui-command.ts does, after removing CI from the environment.
 */
export { Timeline, DEFAULT_STRIDE, type TimelineOptions, type TimelineEntry, type Recording } from './timeline.js';
export {
  reducer,
  keyToAction,
  initialUiState,
  weekOfPosition,
  weekStartPosition,
  weekJumpTarget,
  playCadence,
  playTarget,
  gotoTarget,
  LOG_KINDS,
  SPEEDS,
  MONTH_WEEKS,
  FOCUS_ORDER,
  type UiState,
  type Action,
  type TimelineInfo,
  type Focus,
  type KeyInfo,
} from './state.js';
export { computeLayout, WIDE_MIN_COLUMNS, MIN_COLUMNS, MIN_ROWS, type Layout } from './layout.js';
export { decodeInput, type KeyPress } from './keys.js';
export {
  pipelineView,
  customersView,
  chartView,
  diffView,
  joinStatus,
  alerts,
  whyLine,
  pipelineIds,
  customerOrder,
  starvationNote,
  ALLOCATION_ROW,
  type PipelineView,
  type CustomersView,
  type ChartView,
  type DiffView,
} from './view.js';
