/** The four panels: pipeline, customers (or the policy diff), chart and event log. Read-only props. */
import { Box, Text } from 'ink';
import * as asciichart from 'asciichart';
import type { ChartView, CustomersView, DiffView, MultiSeries, PipelineView, StageRow } from '../view.js';
import type { TimelineEntry } from '../timeline.js';
import {
  bar,
  fmtCompact,
  fmtDelta,
  fmtInt,
  fmtPct,
  fmtWeeks,
  padEnd,
  padStart,
  resample,
  sparkline,
  truncate,
} from '../format.js';
import { Line, type Seg, type Theme } from './line.js';
import { wrapText } from './wrap.js';
import { stageFacts } from '../../../scenarios/stages.js';

interface PanelBase {
  readonly width: number;
  readonly theme: Theme;
  readonly focused: boolean;
}

function titleSeg(text: string, focused: boolean): Seg {
  return { text, tone: 'title', bold: true, ...(focused ? { inverse: true } : {}) };
}

/** First row to show so that `selected` stays visible in a window of `rows`. */
export function windowStart(selected: number, rows: number, count: number): number {
  if (count <= rows) return 0;
  return Math.max(0, Math.min(count - rows, selected - Math.floor(rows / 2)));
}

// ---------------------------------------------------------------- pipeline

export interface PipelineProps extends PanelBase {
  readonly view: PipelineView;
  readonly selected: number;
  readonly rows: number;
  /** Lines for the disruptions in force (0 or 1). */
  readonly alerts: number;
}

function pipelineColumns(width: number) {
  const name = 21;
  const wip = 12;
  const waiting = 20;
  const cap = 7;
  const last = width >= 92 ? 6 : 0;
  const tag = width >= 100 ? 10 : 0;
  const fixed = 2 + name + 1 + wip + 1 + waiting + 1 + cap + 1 + 5 + last + tag;
  const barW = Math.max(4, Math.min(20, width - fixed));
  return { name, wip, waiting, cap, last, tag, barW };
}

function utilTone(u: number | null): Seg['tone'] {
  if (u === null) return 'muted';
  return u >= 0.99 ? 'warn' : 'good';
}

export function Pipeline(p: PipelineProps) {
  const c = pipelineColumns(p.width);
  const title =
    padEnd(c.tag > 0 ? 'PIPELINE' : 'PIPELINE  * = binding', 2 + c.name) +
    ' ' +
    padStart('in process', c.wip) +
    ' ' +
    padEnd('waiting for it', c.waiting) +
    ' ' +
    padStart('cap/wk', c.cap) +
    ' ' +
    padEnd(c.barW + 5 >= 14 ? 'used last week' : 'last week', c.barW + 5) +
    (c.last > 0 ? padStart('now', c.last) : '');
  const start = windowStart(p.selected, p.rows, p.view.rows.length);
  const visible = p.view.rows.slice(start, start + p.rows);
  const join = p.view.join;
  return (
    <Box flexDirection="column" width={p.width}>
      <Line
        theme={p.theme}
        segs={[
          titleSeg(title.slice(0, 8), p.focused),
          { text: truncate(title.slice(8), p.width - 8), tone: 'title', bold: true },
        ]}
      />
      {visible.map((row, k) => (
        <Line key={row.id} theme={p.theme} segs={stageSegs(row, start + k === p.selected, p.focused, c)} />
      ))}
      <Line
        theme={p.theme}
        segs={[
          {
            text: truncate(`${join.level === 'starved' ? '! ' : '  '}${join.text}`, p.width),
            tone: join.level === 'starved' ? 'bad' : join.level === 'capacity' ? 'warn' : 'muted',
            bold: join.level === 'starved',
          },
        ]}
      />
      {p.alerts > 0 && p.view.alerts.length > 0 ? (
        <Line
          theme={p.theme}
          segs={[{ text: truncate(`! ${p.view.alerts.join(' · ')}`, p.width), tone: 'bad', bold: true }]}
        />
      ) : null}
    </Box>
  );
}

function stageSegs(row: StageRow, selected: boolean, focused: boolean, c: ReturnType<typeof pipelineColumns>): Seg[] {
  const mark = (selected ? '▸' : ' ') + (row.binding ? '*' : ' ');
  const name = padEnd(row.name, c.name);
  const wip = padStart(row.wip === null ? '' : `${fmtCompact(row.wip)} ${row.unit}`, c.wip);
  const waiting = padEnd(row.waiting, c.waiting);
  const cap = padStart(
    row.capacity === undefined
      ? ''
      : row.capacity === null
        ? stageFacts(row.id)?.limited === false
          ? '∞'
          : '—'
        : fmtCompact(row.capacity),
    c.cap,
  );
  const hl = selected && focused;
  const head: Seg[] = [
    { text: mark, tone: row.binding ? 'bind' : undefined, bold: row.binding || selected, inverse: hl },
    { text: name, tone: row.binding ? 'bind' : undefined, bold: row.binding || selected, inverse: hl },
    { text: ` ${wip} ` },
    { text: waiting, tone: row.waiting === '' ? 'muted' : undefined },
    { text: ` ${cap} ` },
  ];
  // The bar shows the last closed week (a whole week's work); before any week closed, this week so far.
  const main = row.utilLast ?? row.utilNow;
  const tail: Seg[] = [];
  if (row.note !== null) {
    tail.push({ text: padEnd(row.note, c.barW + 5 + c.last), tone: 'muted' });
  } else {
    tail.push({ text: bar(main, c.barW), tone: utilTone(main) }, { text: padStart(fmtPct(main), 5) });
    if (c.last > 0) tail.push({ text: padStart(fmtPct(row.utilNow), c.last), tone: 'muted' });
  }
  if (c.tag > 0)
    tail.push({ text: row.binding ? ' ◀ binding' : row.full ? ' ◀ full' : '', tone: 'bind', bold: row.binding });
  return head.map(clean).concat(tail);
}

/** Drops undefined optional fields (exactOptionalPropertyTypes). */
function clean(s: Seg): Seg {
  return {
    text: s.text,
    ...(s.tone !== undefined ? { tone: s.tone } : {}),
    ...(s.bold ? { bold: true } : {}),
    ...(s.inverse ? { inverse: true } : {}),
    ...(s.dim ? { dim: true } : {}),
  };
}

// ---------------------------------------------------------------- customers

export interface CustomersProps extends PanelBase {
  readonly view: CustomersView;
  readonly selected: number;
  readonly rows: number;
  /** Lines for the "why" of the selected customer under the rows (it wraps; 0 = none). */
  readonly why: number;
}

function customerColumns(width: number) {
  const name = 18;
  const transit = width >= 92 ? 10 : 0;
  const fixed = 2 + name + 1 + 4 + 9 + transit + 10 + 1 + 5 + 7 + 12;
  const barW = Math.max(4, Math.min(16, width - fixed));
  return { name, transit, barW };
}

export function Customers(p: CustomersProps) {
  const c = customerColumns(p.width);
  const n = p.view.rows.length;
  const start = windowStart(p.selected, p.rows, n);
  const visible = p.view.rows.slice(start, start + p.rows);
  const range = n > p.rows ? ` ${start + 1}-${start + visible.length}/${n}` : '';
  const a = p.view.lastAllocation;
  const allocHead = a === null ? 'last alloc' : `wk${a.week} alloc`;
  const title =
    padEnd(`CUSTOMERS${range}`, 2 + c.name) +
    ' ' +
    padEnd('tier', 4) +
    padStart('on order', 9) +
    (c.transit > 0 ? padStart('shipping', c.transit) : '') +
    padStart('received', 10) +
    ' ' +
    padEnd('fill rate', c.barW + 5) +
    padStart('wait', 7) +
    padStart(allocHead, 12);
  return (
    <Box flexDirection="column" width={p.width}>
      <Line
        theme={p.theme}
        segs={[
          titleSeg(title.slice(0, 9), p.focused),
          { text: truncate(title.slice(9), p.width - 9), tone: 'title', bold: true },
        ]}
      />
      {visible.map((row, k) => {
        const selected = start + k === p.selected;
        const hl = selected && p.focused;
        const segs: Seg[] = [
          clean({ text: (selected ? '▸ ' : '  ') + padEnd(row.name, c.name), bold: selected, inverse: hl }),
          { text: ' ' + padEnd(`t${row.tier}`, 4) + padStart(fmtCompact(row.open), 9) },
        ];
        if (c.transit > 0) segs.push({ text: padStart(fmtCompact(row.inTransit), c.transit) });
        segs.push({ text: padStart(fmtCompact(row.received), 10) + ' ' });
        if (row.blocked) {
          segs.push({ text: padEnd('cut off (export)', c.barW + 5), tone: 'bad' });
        } else {
          segs.push(
            { text: bar(row.fill, c.barW), tone: row.fill !== null && row.fill < 0.5 ? 'warn' : 'good' },
            { text: padStart(fmtPct(row.fill), 5) },
          );
        }
        segs.push({ text: padStart(fmtWeeks(row.wait), 7) });
        segs.push(
          row.lastAlloc > 0
            ? { text: padStart(`+${fmtInt(row.lastAlloc)}`, 12), tone: 'good', bold: true }
            : { text: padStart('·', 12), tone: 'muted' },
        );
        return <Line key={row.id} theme={p.theme} segs={segs} />;
      })}
      {wrapText(p.view.why, p.width - 2)
        .slice(0, p.why)
        .map((l, k) => (
          <Line key={`why${k}`} theme={p.theme} segs={[{ text: `  ${l}`, tone: 'accent' }]} />
        ))}
    </Box>
  );
}

// ---------------------------------------------------------------- diff

export interface DiffProps extends PanelBase {
  readonly view: DiffView;
  readonly rows: number;
  readonly selected: number;
}

export function Diff(p: DiffProps) {
  const name = Math.max(10, Math.min(18, p.width - 2 - 54));
  const n = p.view.rows.length;
  const start = windowStart(p.selected, p.rows - 1, n);
  const visible = p.view.rows.slice(start, start + Math.max(0, p.rows - 1));
  const title = `DIFF at week ${p.view.week}: A = ${p.view.a}, B = ${p.view.b} (same seed) · d or Esc closes`;
  const head =
    padEnd('  customer', name + 2) +
    padStart('recv A', 7) +
    padStart('recv B', 7) +
    padStart('Δ', 7) +
    padStart('fill A', 7) +
    padStart('fill B', 7) +
    padStart('wait A', 7) +
    padStart('wait B', 7) +
    padStart('end Δ', 7);
  return (
    <Box flexDirection="column" width={p.width}>
      <Line
        theme={p.theme}
        segs={[{ text: truncate(title, p.width), tone: 'accent', bold: true, inverse: p.focused }]}
      />
      <Line theme={p.theme} segs={[{ text: truncate(head, p.width), tone: 'title' }]} />
      {visible.map((r, k) => {
        const d = r.receivedB - r.receivedA;
        const dTone: Seg['tone'] = d > 0 ? 'good' : d < 0 ? 'bad' : 'muted';
        const eTone: Seg['tone'] = r.endDelta > 0 ? 'good' : r.endDelta < 0 ? 'bad' : 'muted';
        return (
          <Line
            key={k}
            theme={p.theme}
            segs={[
              {
                text:
                  '  ' +
                  padEnd(r.name, name) +
                  padStart(fmtCompact(r.receivedA), 7) +
                  padStart(fmtCompact(r.receivedB), 7),
              },
              { text: padStart(fmtDelta(d), 7), tone: dTone },
              { text: padStart(fmtPct(r.fillA), 7) + padStart(fmtPct(r.fillB), 7) },
              { text: padStart(fmtWeeks(r.waitA), 7) + padStart(fmtWeeks(r.waitB), 7) },
              { text: padStart(fmtDelta(r.endDelta), 7), tone: eTone },
            ]}
          />
        );
      })}
    </Box>
  );
}

// ---------------------------------------------------------------- chart

export interface ChartProps extends PanelBase {
  readonly view: ChartView;
  /** Plot lines; 0 = one-line sparkline. */
  readonly lines: number;
}

function axisLabel(v: number, percent: boolean): string {
  return percent ? `${Math.round(v)}%` : fmtCompact(v);
}

export function Chart(p: ChartProps) {
  const v = p.view;
  const last = v.values.length > 0 ? v.values[v.values.length - 1]! : null;
  const now = last === null ? '' : ` now ${axisLabel(last, v.percent)}`;
  const more = v.count > 1 ? ` (c: ${v.index + 1}/${v.count})` : '';
  if (p.lines <= 0) {
    const head = `CHART ${v.subject} · ${v.label}${more}`;
    const room = p.width - head.length - now.length - 2;
    const spark = room >= 8 && v.values.length > 0 ? sparkline(v.values, room) : '';
    const text =
      spark === '' ? truncate(`${head}${v.values.length === 0 ? ' · no week closed yet' : now}`, p.width) : null;
    return (
      <Line
        theme={p.theme}
        segs={
          text !== null
            ? [{ text, tone: 'title', bold: true }]
            : [
                { text: head + ' ', tone: 'title', bold: true },
                { text: spark, tone: 'accent' },
                { text: now, bold: true },
              ]
        }
      />
    );
  }
  if (v.multi !== null) return <MultiChart {...p} multi={v.multi} more={more} />;
  const title = truncate(`CHART ${v.subject} · ${v.label}${now}${more}`, p.width);
  const labelWidth = 7;
  const points = Math.max(2, p.width - labelWidth - 2);
  const plotLines = Math.max(2, p.lines - 1);
  let body: string[];
  let axis = '';
  if (v.values.length === 0) {
    body = ['  no week closed yet: the chart starts when week 0 ends'];
  } else if (v.values.every((x) => x === 0)) {
    // No axis of "1 1 1 … 0" for a series that is all zero.
    body = [`  all zero so far (${v.values.length} week${v.values.length === 1 ? '' : 's'})`];
  } else {
    const values = resample(v.values, points);
    const max = Math.max(...values);
    const plot = asciichart.plot(values.length === 1 ? [values[0]!, values[0]!] : values, {
      height: plotLines - 1,
      min: 0,
      max: max > 0 ? max : 1,
      offset: 2,
      format: (x: number) => padStart(axisLabel(x, v.percent), labelWidth),
    });
    body = plot.split('\n').map((l) => truncate(l, p.width));
    const weeks = v.values.length;
    const left = 'wk 0';
    const right = `wk ${weeks - 1}`;
    const span = Math.min(values.length, points);
    axis = ' '.repeat(labelWidth + 1) + left + ' '.repeat(Math.max(1, span - left.length - right.length)) + right;
  }
  const lines = [...body, axis].slice(0, p.lines);
  while (lines.length < p.lines) lines.push('');
  return (
    <Box flexDirection="column" width={p.width}>
      <Line theme={p.theme} segs={[titleSeg(title, false)]} />
      {lines.map((l, i) => (
        <Line
          key={i}
          theme={p.theme}
          segs={[
            {
              text: truncate(l, p.width),
              ...(i < body.length && v.values.length > 0 ? { tone: 'accent' as const } : { tone: 'muted' as const }),
            },
          ]}
        />
      ))}
    </Box>
  );
}

// ---------------------------------------------------------------- event log

export interface EventLogProps extends PanelBase {
  /** Newest first. */
  readonly entries: readonly TimelineEntry[];
  readonly position: number;
  readonly rows: number;
  readonly filter: string;
  readonly scroll: number;
  /** Event kind shown ('' = all). */
  readonly kind: string;
  readonly bookmarks: readonly number[];
}

/** Allocations stand out, disruptions are red, the routine flow of lots and sort is dimmed. */
function eventTone(type: TimelineEntry['type'], current: boolean): Seg['tone'] {
  if (type === 'allocate') return 'good';
  if (type === 'shockStart' || type === 'shockEnd' || type === 'exportControl') return 'bad';
  if (!current && (type === 'lotDone' || type === 'sortDone' || type === 'cowosShift')) return 'muted';
  return undefined;
}

export function EventLog(p: EventLogProps) {
  const wide = p.width >= 90;
  const filter =
    (p.filter !== '' ? ` · search "${p.filter}" (n/N jump)` : '') +
    (p.kind !== '' ? ` · only ${p.kind} (f next kind)` : '') +
    (p.filter !== '' || p.kind !== '' ? ' · Esc clears' : '');
  const scroll = p.scroll > 0 ? ` · ${p.scroll} back (↓ returns)` : '';
  const title = truncate(`EVENTS${filter}${scroll}`, p.width);
  const shown = [...p.entries].reverse();
  const lines: Seg[][] = shown.flatMap((e) => {
    const current = e.n === p.position;
    const prefix =
      (current ? '▸' : p.bookmarks.includes(e.n) ? "'" : ' ') +
      (wide ? padStart(`#${fmtInt(e.n)}`, 7) + ' ' : '') +
      padStart(`w${(Math.floor(e.time * 100) / 100).toFixed(2)}`, 7) +
      '  ';
    // A long entry takes a second line rather than ending in "…".
    const room = Math.max(1, p.width - prefix.length);
    const parts = e.text.length <= room ? [e.text] : wrapText(e.text, room).slice(0, 2);
    if (parts.length === 2 && wrapText(e.text, room).length > 2) parts[1] = truncate(parts[1]! + ' …', room);
    const tone = eventTone(e.type, current);
    return parts.map((text, k) =>
      [
        { text: k === 0 ? prefix : ' '.repeat(prefix.length), tone: 'muted', bold: current } as Seg,
        { text, bold: current, tone } as Seg,
      ].map(clean),
    );
  });
  if (shown.length === 0) {
    lines.push([
      {
        text:
          p.position === 0
            ? '  nothing has happened yet: → steps to the first event'
            : p.filter !== '' || p.kind !== ''
              ? '  no event so far matches the search'
              : '',
        tone: 'muted',
      },
    ]);
  }
  while (lines.length < p.rows) lines.unshift([{ text: ' ' }]);
  return (
    <Box flexDirection="column" width={p.width}>
      <Line
        theme={p.theme}
        segs={[titleSeg(title.slice(0, 6), p.focused), { text: title.slice(6), tone: 'title', bold: true }]}
      />
      {lines.slice(-p.rows).map((segs, i) => (
        <Line key={i} theme={p.theme} segs={segs} />
      ))}
    </Box>
  );
}

// ---------------------------------------------------------------- the customer's "why" chart

const MULTI_COLORS = [asciichart.cyan, asciichart.yellow, asciichart.green, asciichart.red];
const MULTI_TONES: Seg['tone'][] = ['title', 'warn', 'good', 'bad'];
const MULTI_MARKS = ['need', 'orders', 'allocated', 'backlog'];

/** Value-axis label: compact count, one decimal below 10 (so small axes do not read "1 1 1 0"). */
function countLabel(x: number): string {
  if (Math.abs(x) < 1e-9) return '0';
  return Math.abs(x) < 10 && x !== Math.round(x) ? x.toFixed(1) : fmtCompact(x);
}

/** The axis under a chart: "wk 0" at the left, the last week at the right, ▲ at the "now" column. */
export function weekAxis(labelWidth: number, span: number, weeks: number, now: number | null): string {
  const cells = Array.from({ length: span }, () => ' ');
  const put = (at: number, text: string) => {
    for (let k = 0; k < text.length && at + k < span; k++) if (at + k >= 0) cells[at + k] = text[k]!;
  };
  put(0, 'wk 0');
  const right = `wk ${weeks - 1}`;
  put(span - right.length, right);
  if (now !== null && weeks > 0) {
    const col = Math.min(span - 1, Math.floor((Math.min(now, weeks - 1) * span) / weeks));
    const mark = `▲ now wk ${now}`;
    const at = col + mark.length <= span ? col : col - mark.length + 1;
    put(at, col + mark.length <= span ? mark : `now wk ${now} ▲`);
  }
  return ' '.repeat(labelWidth + 1) + cells.join('');
}

function MultiChart(p: ChartProps & { readonly multi: MultiSeries; readonly more: string }) {
  const m = p.multi;
  const labelWidth = 7;
  const points = Math.max(2, p.width - labelWidth - 2);
  const weeks = Math.max(0, ...m.series.map((xs) => xs.length));
  const legend: Seg[] = m.labels.map((l, k) => ({
    text: ` ${p.theme.color ? '━' : MULTI_MARKS[k]!.slice(0, 1)} ${l}`,
    tone: MULTI_TONES[k],
  }));
  const titleText = `CHART ${p.view.subject} · whole run, GPUs (Σ = cumulative)${p.more}`;
  const plotLines = Math.max(2, p.lines - 3);
  let body: string[];
  if (weeks === 0) body = ['  nothing to chart'];
  else {
    const series = m.series.map((xs) => resample(xs.length > 0 ? xs : [0], Math.min(points, weeks)));
    const max = Math.max(1, ...series.flat());
    const plot = asciichart.plot(
      series.map((xs) => (xs.length === 1 ? [xs[0]!, xs[0]!] : xs)),
      {
        height: plotLines - 1,
        min: 0,
        max,
        offset: 2,
        format: (x: number) => padStart(countLabel(x), labelWidth),
        ...(p.theme.color ? { colors: MULTI_COLORS } : {}),
      },
    );
    body = plot.split('\n');
  }
  const span = Math.min(points, Math.max(1, weeks));
  const lines = body.slice(0, plotLines);
  while (lines.length < plotLines) lines.push(' ');
  return (
    <Box flexDirection="column" width={p.width}>
      <Line theme={p.theme} segs={[titleSeg(truncate(titleText, p.width), false)]} />
      <Line theme={p.theme} segs={fitSegs(legend, p.width)} />
      {lines.map((l, i) => (
        // asciichart colours the series itself; the line is already cut to the plot's width.
        <Text key={i} wrap="truncate">
          {l}
        </Text>
      ))}
      <Line
        theme={p.theme}
        segs={[{ text: truncate(weekAxis(labelWidth, span, weeks, m.now), p.width), tone: 'muted' }]}
      />
    </Box>
  );
}

/** As many whole segments as fit `width` cells. */
function fitSegs(segs: readonly Seg[], width: number): Seg[] {
  const out: Seg[] = [];
  let used = 0;
  for (const s of segs) {
    if (used + s.text.length > width) break;
    out.push(s);
    used += s.text.length;
  }
  return out;
}
