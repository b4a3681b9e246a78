/**
 * The container: owns the timelines (current run and, after `p`, the previous policy's run), the
 * reducer state, the play timer and the key handler; moves the timeline to the reducer's position
 * and hands plain view data to the presentational panels. Nothing else lives here.
 */
import { useEffect, useReducer, useRef, useState, type ReactNode } from 'react';
import { Box, useApp, useInput, useStdout } from 'ink';
import type { Timeline } from './timeline.js';
import { SPEEDS, initialUiState, keyToAction, playCadence, reducer, type TimelineInfo, type UiState } from './state.js';
import { computeLayout, type Layout } from './layout.js';
import { alerts, chartView, customersView, diffView, pipelineIds, pipelineView } from './view.js';
import { dateAt } from './format.js';
import { Footer, Header, Help } from './components/chrome.js';
import { Chart, Customers, Diff, EventLog, Pipeline } from './components/panels.js';
import type { Theme } from './components/line.js';

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
  readonly baseline: Timeline | null;
}

export function App(props: AppProps) {
  const { exit } = useApp();
  const size = useTerminalSize(props.size);
  const [runs, setRuns] = useState<Runs>({ current: props.timeline, baseline: null });
  const [ui, dispatch] = useReducer(reducer, undefined, (): UiState =>
    initialUiState({
      info: timelineInfo(props.timeline),
      policy: props.timeline.policy.name,
      policies: props.policies,
      position: props.initialPosition ?? 0,
      // Start on CoWoS, the stage that binds in 2023: its chart is the first one worth seeing.
      pipelineRow: Math.max(0, pipelineIds(props.timeline.ctx).indexOf('cowos')),
    }),
  );
  const uiRef = useRef(ui);
  uiRef.current = ui;
  const runsRef = useRef(runs);
  runsRef.current = runs;

  useInput((input, key) => {
    // Keys typed faster than a read (or pasted) arrive as one string: take them one by one.
    const plain = input.length > 1 && !key.ctrl && !key.meta && uiRef.current.filterDraft === null;
    for (const ch of plain ? [...input] : [input]) {
      const action = keyToAction(ch, key, uiRef.current);
      if (action === null) continue;
      uiRef.current = reducer(uiRef.current, action);
      dispatch(action);
    }
  });

  useEffect(() => {
    if (!ui.quit) return;
    props.onQuit?.();
    exit();
  }, [ui.quit, exit]);

  useEffect(() => {
    if (!ui.playing) return;
    const { intervalMs, events } = playCadence(SPEEDS[ui.speedIndex]!);
    const timer = setInterval(() => dispatch({ type: 'tick', events }), intervalMs);
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
          const at = uiRef.current.position;
          const position = at >= from.total ? next.total : next.positionAtTime(from.timeAt(at));
          setRuns({ current: next, baseline: from });
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

  const theme: Theme = { color: props.color };
  // The diff has one more heading line than the customers panel it replaces.
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
  return <Screen ui={ui} runs={runs} layout={layout} theme={theme} />;
}

/** Everything drawn, as a function of the UI state and the timelines at its position. */
function Screen({ ui, runs, layout, theme }: { ui: UiState; runs: Runs; layout: Layout; theme: Theme }) {
  const t = runs.current;
  t.goTo(ui.position);
  const state = t.state;
  const time = t.timeAt(ui.position);
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
      diffAvailable={runs.baseline !== null}
      width={layout.columns}
      theme={theme}
    />
  );
  if (ui.overlay === 'help') {
    return (
      <Box flexDirection="column" width={layout.columns} height={layout.rows} overflowY="hidden">
        {header}
        <Help width={layout.columns} height={layout.rows - 2} theme={theme} />
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
      view={pipelineView(state, t.ctx)}
      selected={ui.selection.pipeline}
      rows={layout.pipelineRows}
      alerts={layout.alertLines}
      focused={ui.focus === 'pipeline'}
      width={leftWidth}
      theme={theme}
    />
  );
  const chart = (
    <Chart
      view={chartView(state, t.ctx, ui, t.customerBacklog)}
      lines={layout.chartLines}
      focused={false}
      width={chartWidth}
      theme={theme}
    />
  );
  const log = (
    <EventLog
      entries={t.recent(ui.position, layout.logRows, ui.filter, ui.logScroll)}
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
  if (ui.diff && runs.baseline !== null && ui.baseline !== null) {
    const a = runs.baseline;
    a.goTo(ui.position >= ui.info.total ? a.total : a.positionAtTime(time));
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
        view={customersView(state, t.ctx, ui.selection.customers)}
        selected={ui.selection.customers}
        rows={layout.customerRows}
        why={layout.whyLines > 0}
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
