/**
 * What the benchmark runner measures. A workload is one named job implemented on the engine (or on
 * the model), optionally also on the minimal reference heap and in SimPy, so that each run can quote
 * ratios measured side by side on the same machine (absolute numbers drift; ratios much less).
 */

/** One measured run: set-up is excluded, only the event loop is timed. */
export interface Measurement {
  /** Events processed by the loop (the workload's own unit of work). */
  events: number;
  /** Wall-clock seconds of the loop alone. */
  loopSeconds: number;
  /** Workload-specific figures for a sanity check (e.g. mean time in system), printed beside. */
  check?: Record<string, number>;
}

export interface Workload {
  /** Short name used on the command line and in the JSON line: `hold`, `mm1`, `h100-2023`, … */
  name: string;
  description: string;
  /**
   * The headline figure: `events_per_s` for throughput workloads (hold), `loop_s` for workloads
   * judged by how long one run takes (mm1). Ratios are always speed ratios (> 1 = engine faster).
   */
  figure: 'events_per_s' | 'loop_s';
  /** One run on the engine (or the model), set-up then a timed loop. */
  run(): Measurement;
  /** The same workload on the minimal reference heap (test/bench/reference-heap.ts), if it has one. */
  reference?(): Measurement;
  /** What `reference` runs, as tables name it (default `minimal heap`; the TUI's is `tui-echo`). */
  referenceName?: string;
  /** Mode argument of test/bench/simpy-workloads.py for the same workload, if SimPy has one. */
  simpy?: string;
  /**
   * How SimPy's run is counted: `own` uses the events SimPy reports; `same` divides this workload's
   * event count by SimPy's loop seconds (when SimPy counts no events, as for mm1).
   */
  simpyEvents?: 'own' | 'same';
  /** Keys of `check` also copied to the top level of the `--json` line (headline ratios). */
  topLevel?: string[];
  /**
   * When set, each round also runs `hold` in its own process and the line gets `vs_hold`: (loop time
   * + the milliseconds in this check key) ÷ (events × hold's seconds per event), median over rounds.
   */
  vsHold?: string;
}

/** The median of `xs` (the mean of the middle two when their count is even). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Seconds elapsed since `t0` (from process.hrtime.bigint()). */
export function secondsSince(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
