/**
 * The container: owns the timelines (current run and, after `p`, the previous policy's run), the
 * reducer state, the play timer and the key handler; moves the timeline to the reducer's position
 * and hands plain view data to the presentational panels. Nothing else lives here.
 */
import { memo, useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { Box, Text, renderToString, useApp, useStdin, useStdout } from 'ink';
import type { Timeline } from './timeline.js';
import {
  SPEEDS,
  initialUiState,
  keyToAction,
  playCadence,
  playTarget,
  reducer,
  type Action,
  type TimelineInfo,
  type UiState,
} from './state.js';
import { decodeInput } from './keys.js';
import { computeLayout, MIN_COLUMNS, MIN_ROWS, type Layout } from './layout.js';
import { alerts, chartView, customersView, diffView, pipelineIds, pipelineView } from './view.js';
import { dateAt } from './format.js';
import { errorMessage } from '../../sim/errors.js';
import * as chrome from './components/chrome.js';
import * as panels from './components/panels.js';
import type { Theme } from './components/line.js';

// Memoised panels: a key that changes one panel (Tab, ↑↓, c, the footer) re-renders only that one;
// their props are plain view data memoised per position (Screen), so equal props mean an equal panel.
const Header = memo(chrome.Header);
const Footer = memo(chrome.Footer);
const Help = memo(chrome.Help);
const PolicyPicker = memo(chrome.PolicyPicker);
const Pipeline = memo(panels.Pipeline);
const Customers = memo(panels.Customers);
const Chart = memo(panels.Chart);
const EventLog = memo(panels.EventLog);
const Diff = panels.Diff;

export interface Size {
  readonly columns: number;
  readonly rows: number;
}

export interface AppProps {
  readonly timeline: Timeline;
  /** Builds the run of another policy (same scenario and seed). */
  readonly rerun: (policy: string) => Timeline | Promise<Timeline>;
  /** Policies `p` cycles through. */
  readonly policies: readonly string[];
  readonly color: boolean;
  /** Drawing area. Default: the terminal, less its last line (so Ink never scrolls or clears). */
  readonly size?: Size;
  readonly initialPosition?: number;
  /** Called once when the user quits (before Ink exits). */
  readonly onQuit?: () => void;
  /** The policy `d` compares against (default pro-rata). */
  readonly baseline?: string;
  /** Ctrl-L: forget what is on screen (the container then draws everything again). */
  readonly onRedraw?: () => void;
  /** `e`: writes the view; returns what to tell the user (the paths written). */
  readonly onExport?: (view: ExportedView) => string;
}

/** What `e` exports: the visible state as data, and the screen as text. */
export interface ExportedView {
  readonly state: Record<string, unknown>;
  readonly screen: () => string;
}

export function timelineInfo(t: Timeline): TimelineInfo {
  return {
    total: t.total,
    horizon: t.horizon,
    weekStarts: t.weekStarts,
    pipelineRows: pipelineIds(t.ctx).length,
    customerRows: t.ctx.direct.length,
  };
}

function useTerminalSize(fixed: Size | undefined): Size {
  const { stdout } = useStdout();
  const read = (): Size => ({ columns: stdout.columns || 80, rows: Math.max(1, (stdout.rows || 24) - 1) });
  const [size, setSize] = useState<Size>(read);
  useEffect(() => {
    if (fixed !== undefined) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return fixed ?? size;
}

interface Runs {
  readonly current: Timeline;
  /** The baseline policy's run, once built (for `d`); null before. */
  readonly baseline: Timeline | null;
}

export function App(props: AppProps) {
  const { exit } = useApp();
  const size = useTerminalSize(props.size);
  const [runs, setRuns] = useState<Runs>({
    current: props.timeline,
    baseline: props.timeline.policy.name === (props.baseline ?? 'pro-rata') ? props.timeline : null,
  });
  const [ui, dispatch] = useReducer(reducer, undefined, (): UiState =>
    initialUiState({
      info: timelineInfo(props.timeline),
      policy: props.timeline.policy.name,
      policies: props.policies,
      position: props.initialPosition ?? 0,
      // Start on CoWoS, the stage that binds in 2023: its chart is the first one worth seeing.
      pipelineRow: Math.max(0, pipelineIds(props.timeline.ctx).indexOf('cowos')),
      baseline: props.baseline ?? 'pro-rata',
    }),
  );
  const layoutRef = useRef<Layout | null>(null);
  const onRedrawRef = useRef(props.onRedraw);
  onRedrawRef.current = props.onRedraw;
  const uiRef = useRef(ui);
  uiRef.current = ui;
  const runsRef = useRef(runs);
  runsRef.current = runs;

  const { setRawMode, internal_eventEmitter: inputEvents } = useStdin();
  useEffect(() => {
    setRawMode(true);
    return () => setRawMode(false);
  }, [setRawMode]);
  useEffect(() => {
    // Every key of a burst counts (keys.ts); unknown escape sequences are swallowed whole.
    const onInput = (data: string) => {
      for (const { input, key } of decodeInput(data)) {
        let action: Action | null = keyToAction(input, key, uiRef.current);
        if (action === null) continue;
        if (action.type === 'searchNext') action = resolveSearch(runsRef.current.current, uiRef.current, action.by);
        // Clear before the frame that follows (its notice makes Ink write it whole).
        if (action.type === 'redraw') onRedrawRef.current?.();
        uiRef.current = reducer(uiRef.current, action);
        dispatch(action);
      }
    };
    inputEvents.on('input', onInput);
    return () => {
      inputEvents.off('input', onInput);
    };
  }, [inputEvents]);

  useEffect(() => {
    if (!ui.quit) return;
    props.onQuit?.();
    exit();
  }, [ui.quit, exit]);

  useEffect(() => {
    if (!ui.playing) return;
    const speed = SPEEDS[ui.speedIndex]!;
    const from = uiRef.current.position;
    const started = performance.now();
    const timer = setInterval(() => {
      const s = uiRef.current;
      if (!s.playing) return;
      const events = playTarget(from, performance.now() - started, speed) - s.position;
      if (events <= 0) return;
      const action: Action = { type: 'tick', events };
      uiRef.current = reducer(s, action);
      dispatch(action);
    }, playCadence(speed).intervalMs);
    return () => clearInterval(timer);
  }, [ui.playing, ui.speedIndex]);

  useEffect(() => {
    const policy = ui.pendingPolicy;
    if (policy === null) return;
    let cancelled = false;
    // Let the "re-running…" frame show before the (synchronous) simulation runs.
    const timer = setTimeout(() => {
      void (async () => {
        try {
          const next = await props.rerun(policy);
          if (cancelled) return;
          const from = runsRef.current.current;
          const position = next.positionLike(from, uiRef.current.position);
          const keep = runsRef.current.baseline;
          const base = from.policy.name === uiRef.current.baseline ? from : keep;
          setRuns({ current: next, baseline: next.policy.name === uiRef.current.baseline ? next : base });
          dispatch({ type: 'policyLoaded', policy, info: timelineInfo(next), position });
        } catch (error) {
          if (!cancelled)
            dispatch({
              type: 'policyFailed',
              message: `could not run ${policy}: ${error instanceof Error ? error.message : String(error)}`,
            });
        }
      })();
    }, 10);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [ui.pendingPolicy]);

  useEffect(() => {
    // `d` against a baseline not built yet (started on another policy): build it once.
    if (!ui.diff || runs.baseline !== null) return;
    let cancelled = false;
    void (async () => {
      try {
        const b = await props.rerun(ui.baseline);
        if (!cancelled) setRuns((r) => ({ ...r, baseline: b }));
      } catch (error) {
        if (!cancelled) dispatch({ type: 'notice', message: `could not run ${ui.baseline}: ${errorMessage(error)}` });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [ui.diff, runs.baseline]);

  useEffect(() => {
    const onExport = props.onExport;
    if (ui.exports === 0 || onExport === undefined) return;
    const r = runsRef.current;
    const s = uiRef.current;
    const l = layoutRef.current;
    // Outside Ink's render pass: renderToString lays out a second tree with the same layout engine.
    const timer = setTimeout(() => {
      let message: string;
      try {
        message = onExport({ state: exportState(s, r), screen: () => screenText(s, r, l) });
      } catch (error) {
        message = `export failed: ${errorMessage(error)}`;
      }
      dispatch({ type: 'notice', message });
    }, 0);
    return () => clearTimeout(timer);
  }, [ui.exports]);

  const theme: Theme = useMemo(() => ({ color: props.color }), [props.color]);
  // The diff has one more heading line than the customers panel it replaces.
  if (size.columns < MIN_COLUMNS || size.rows < MIN_ROWS) {
    return (
      <Text wrap="truncate">{`terminal too small (need ${MIN_COLUMNS}×${MIN_ROWS}, have ${size.columns}×${size.rows})`}</Text>
    );
  }
  const diffOn = ui.diff && runs.baseline !== null;
  runs.current.goTo(ui.position);
  const disrupted = alerts(runs.current.state, runs.current.ctx).length > 0 ? 1 : 0;
  const layout = computeLayout(
    size.columns,
    size.rows,
    ui.info.pipelineRows,
    ui.info.customerRows + (diffOn ? 1 : 0),
    disrupted,
  );
  layoutRef.current = layout;
  return <Screen ui={ui} runs={runs} layout={layout} theme={theme} />;
}

/** `n` / `N`: the next / previous event matching the log's search text and kind, as a move. */
function resolveSearch(t: Timeline, ui: UiState, by: 1 | -1): Action {
  if (ui.filter === '' && ui.kind === '')
    return { type: 'notice', message: 'nothing to search for: / types a search, f picks an event kind' };
  const n = t.find(ui.position, ui.filter, by, ui.kind);
  const what = [ui.filter !== '' ? `"${ui.filter}"` : '', ui.kind].filter((x) => x !== '').join(' in ');
  if (n === null) return { type: 'notice', message: `no ${by > 0 ? 'later' : 'earlier'} event matches ${what}` };
  return { type: 'goTo', position: n };
}

/** The visible state as plain data (what `e` writes as JSON). */
function exportState(ui: UiState, runs: Runs): Record<string, unknown> {
  const t = runs.current;
  t.goTo(ui.position);
  const time = t.timeAt(ui.position);
  return {
    scenario: t.scenarioName,
    policy: ui.policy,
    baseline: ui.baseline,
    seed: t.seed,
    event: ui.position,
    events: ui.info.total,
    week: ui.position === 0 ? 0 : t.weekOf(ui.position),
    date: dateAt(t.scenario.startDate, time),
    time,
    focus: ui.focus,
    selection: ui.selection,
    filter: ui.filter,
    kind: ui.kind,
    bookmarks: ui.bookmarks,
    diff: ui.diff,
    pipeline: pipelineView(t.state, t.ctx),
    customers: customersView(t.state, t.ctx, ui.selection.customers, t.result),
    chart: chartView(t.state, t.ctx, ui, t.customerBacklog, t.customerWeekly),
    log: t.recent(ui.position, 50, ui.filter, ui.logScroll, ui.kind),
  };
}

/** The screen as plain text, as drawn now (no colours). */
function screenText(ui: UiState, runs: Runs, layout: Layout | null): string {
  if (layout === null) return '';
  return renderToString(<Screen ui={ui} runs={runs} layout={layout} theme={{ color: false }} />, {
    columns: layout.columns,
  });
}

/** Everything drawn, as a function of the UI state and the timelines at its position. */
function Screen({ ui, runs, layout, theme }: { ui: UiState; runs: Runs; layout: Layout; theme: Theme }) {
  const t = runs.current;
  t.goTo(ui.position);
  const state = t.state;
  const time = t.timeAt(ui.position);
  // Views per position (and what else each depends on), so unchanged panels get the same props.
  const at =
    <T,>(f: () => T) =>
    () => {
      t.goTo(ui.position);
      return f();
    };
  const pipelineV = useMemo(
    at(() => pipelineView(t.state, t.ctx)),
    [t, ui.position],
  );
  const customersV = useMemo(
    at(() => customersView(t.state, t.ctx, ui.selection.customers, t.result)),
    [t, ui.position, ui.selection.customers],
  );
  const chartV = useMemo(
    at(() => chartView(t.state, t.ctx, ui, t.customerBacklog, t.customerWeekly)),
    [t, ui.position, ui.chartSubject, ui.selection.pipeline, ui.selection.customers, ui.chartSeries],
  );
  const entries = useMemo(
    () => t.recent(ui.position, layout.logRows, ui.filter, ui.logScroll, ui.kind),
    [t, ui.position, layout.logRows, ui.filter, ui.logScroll, ui.kind],
  );
  const week = ui.position === 0 ? 0 : t.weekOf(ui.position);
  const header = (
    <Header
      scenario={t.scenarioName}
      policy={ui.policy}
      seed={t.seed}
      date={dateAt(t.scenario.startDate, time)}
      week={week}
      horizon={t.horizon}
      position={ui.position}
      total={ui.info.total}
      playing={ui.playing}
      speed={SPEEDS[ui.speedIndex]!}
      pendingPolicy={ui.pendingPolicy}
      width={layout.columns}
      theme={theme}
    />
  );
  const footer = (
    <Footer
      filterDraft={ui.filterDraft}
      status={ui.status}
      overlay={ui.overlay}
      diffAvailable={ui.baseline !== ui.policy}
      gotoDraft={ui.gotoDraft}
      width={layout.columns}
      theme={theme}
    />
  );
  if (ui.overlay === 'help' || ui.overlay === 'policies') {
    return (
      <Box flexDirection="column" width={layout.columns} height={layout.rows} overflowY="hidden">
        {header}
        {ui.overlay === 'help' ? (
          <Help width={layout.columns} height={layout.rows - 2} theme={theme} />
        ) : (
          <PolicyPicker
            policies={ui.policies}
            current={ui.policy}
            baseline={ui.baseline}
            selected={ui.pickerIndex}
            width={layout.columns}
            height={layout.rows - 2}
            theme={theme}
          />
        )}
        {footer}
      </Box>
    );
  }

  const leftWidth = layout.leftWidth;
  const rightWidth = layout.mode === 'wide' ? layout.rightWidth : layout.columns;
  const chartWidth = layout.chartPlace === 'left' ? leftWidth : rightWidth;
  // Views are read from the live state now, before the diff moves the other timeline.
  const pipeline = (
    <Pipeline
      view={pipelineV}
      selected={ui.selection.pipeline}
      rows={layout.pipelineRows}
      alerts={layout.alertLines}
      focused={ui.focus === 'pipeline'}
      width={leftWidth}
      theme={theme}
    />
  );
  const chart = <Chart view={chartV} lines={layout.chartLines} focused={false} width={chartWidth} theme={theme} />;
  const log = (
    <EventLog
      entries={entries}
      kind={ui.kind}
      bookmarks={ui.bookmarks}
      position={ui.position}
      rows={layout.logRows}
      filter={ui.filter}
      scroll={ui.logScroll}
      focused={ui.focus === 'log'}
      width={rightWidth}
      theme={theme}
    />
  );
  let customers: ReactNode;
  if (ui.diff && runs.baseline !== null && runs.baseline !== t) {
    const a = runs.baseline;
    a.goTo(a.positionLike(t, ui.position));
    customers = (
      <Diff
        view={diffView(
          { policy: ui.baseline, state: a.state, ctx: a.ctx, endReceived: a.result.customers.map((c) => c.received) },
          { policy: ui.policy, state, ctx: t.ctx, endReceived: t.result.customers.map((c) => c.received) },
        )}
        rows={layout.customerRows + layout.whyLines}
        selected={ui.selection.customers}
        focused={ui.focus === 'customers'}
        width={leftWidth}
        theme={theme}
      />
    );
  } else {
    customers = (
      <Customers
        view={customersV}
        selected={ui.selection.customers}
        rows={layout.customerRows}
        why={layout.whyLines}
        focused={ui.focus === 'customers'}
        width={leftWidth}
        theme={theme}
      />
    );
  }
  const body =
    layout.mode === 'wide' ? (
      <Box flexDirection="row" height={layout.rows - 2}>
        <Box flexDirection="column" width={leftWidth}>
          {pipeline}
          {customers}
          {layout.chartPlace === 'left' ? chart : null}
        </Box>
        <Box width={1} />
        <Box flexDirection="column" width={rightWidth}>
          {layout.chartPlace === 'right' ? chart : null}
          {log}
        </Box>
      </Box>
    ) : (
      <Box flexDirection="column" height={layout.rows - 2}>
        {pipeline}
        {customers}
        {chart}
        {log}
      </Box>
    );
  return (
    <Box flexDirection="column" width={layout.columns} height={layout.rows} overflowY="hidden">
      {header}
      {body}
      {footer}
    </Box>
  );
}
