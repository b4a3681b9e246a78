/**
 * A run's timeline, addressed by position: position p is the state after the first p events
 * (0 = the initial state, `total` = every event before the horizon, with the last week closed).
 *
 * One pass at creation runs the whole simulation, keeping
 *   - an engine snapshot every `stride` events (the engine's public snapshot()/restore()),
 *   - each event's time and its description in words (models/describe.ts),
 *   - week boundaries, and per-customer end-of-week backlog (a series the state does not keep).
 * Then `goTo(p)` steps forward when p is close ahead, otherwise restores the nearest snapshot at or
 * before p and replays the events in between: exact (the engine is deterministic and snapshots hold
 * clock, queue, seq and RNG states), and never a re-simulation from the start.
 *
 * Logs and series live here in plain arrays, outside any immer state (CONTRIBUTING.md §T6).
 */
import type { SimSnapshot } from '../../sim/index.js';
import type { Scenario } from '../../scenarios/index.js';
import type { PolicyDefinition } from '../../models/policies/index.js';
import type { ModelEvent, ModelEventType } from '../../models/events.js';
import type { ModelState } from '../../models/state.js';
import type { RunResult } from '../../models/result.js';
import { createWorld, type ModelContext, type World } from '../../models/world.js';
import { finishRun } from '../../models/simulate.js';
import { buildResult } from '../../models/metrics.js';
import { describeEvent, tally } from '../../models/describe.js';
import { weekStartPosition } from './state.js';

/**
 * Snapshot stride, chosen by measurement (test/ui/tui/bench.ts, h100-2023). At 6,957 events: a step
 * back costs one restore (~1.3 ms, a structured clone of the state) plus the replay, which only
 * shows from 1,024 on; building costs one snapshot per stride (~1.5 ms each).
 *   stride   build   step back median / max   snapshots
 *       64  218 ms   1.36 / 2.6 ms             109 (15.8 MB as JSON)
 *      256   63 ms   1.36 / 2.3 ms              28 (4.0 MB)
 *      512   43 ms   1.39 / 2.4 ms              14 (2.0 MB)
 *     1024   33 ms   1.49 / 2.8 ms               7 (0.9 MB)
 *     2048   53 ms   1.65 / 5.1 ms               4 (0.5 MB)
 * At 8,818 events (the scenario grew) the snapshots are larger and the build is what delays the
 * TUI's first frame (issue #11): 512 → 1024 cut the build's CPU time 252 → 142 ms (median of 5,
 * interleaved, load 1.5) while step back stayed ~4.3 ms median (bench: 4.1–4.6 vs 4.3–4.5 ms, max
 * 21–34 vs 15–20 ms), far below the ~59 ms a key press takes to a new frame through the whole app.
 */
export const DEFAULT_STRIDE = 1024;
/** Replaying this many events costs about as much as one restore: beyond it, restore instead. */
const REPLAY_VERSUS_RESTORE = 2048;

export interface TimelineOptions {
  scenario: Scenario;
  /** The name the user gave (bundled name or path), for the header. */
  scenarioName: string;
  policy: PolicyDefinition;
  seed: number;
  stride?: number;
}

export interface TimelineEntry {
  /** 1-based event number (= the position right after it). */
  readonly n: number;
  readonly time: number;
  readonly type: ModelEventType;
  readonly text: string;
}

export class Timeline {
  readonly scenario: Scenario;
  readonly scenarioName: string;
  readonly policy: PolicyDefinition;
  readonly seed: number;
  readonly stride: number;
  readonly world: World;
  readonly ctx: ModelContext;
  /** Events before the horizon. */
  readonly total: number;
  readonly horizon: number;
  /** weekStarts[w] = number of events with time < w, for w = 0..horizon. */
  readonly weekStarts: readonly number[];
  /** Per direct customer: GPUs on order and not yet delivered at the end of each closed week. */
  readonly customerBacklog: readonly (readonly number[])[];
  /** Per direct customer, over the whole run, per week: need, orders placed and GPUs allocated. */
  readonly customerWeekly: readonly CustomerWeekly[];
  /** The run's result at the end (what `chipsim run` reports for this policy and seed). */
  readonly result: RunResult;
  /** Milliseconds the creating pass took. */
  readonly buildMs: number;

  private readonly times: Float64Array;
  private readonly types: ModelEventType[];
  private readonly texts: string[];
  private readonly snapshots: SimSnapshot<ModelEvent, ModelState>[];
  private pos: number;
  private finished = false;
  /** Counters for tests and measurements. */
  readonly stats = { restores: 0, steps: 0 };

  /** Builds the timeline in one go (see `Timeline.create` to interleave it with other work). */
  constructor(options: TimelineOptions, recording?: Recording) {
    const started = performance.now();
    const stride = Math.max(1, Math.floor(options.stride ?? DEFAULT_STRIDE));
    let rec = recording;
    if (rec === undefined) {
      const steps = record(options, stride);
      let r = steps.next();
      while (r.done !== true) r = steps.next();
      rec = r.value;
    }
    const { world, ctx, times } = rec;
    this.scenario = options.scenario;
    this.scenarioName = options.scenarioName;
    this.policy = options.policy;
    this.seed = options.seed;
    this.stride = stride;
    this.world = world;
    this.ctx = ctx;
    this.horizon = options.scenario.horizonWeeks;
    this.finished = true;
    this.total = times.length;
    this.pos = this.total;
    this.times = Float64Array.from(times);
    this.types = rec.types;
    this.texts = rec.texts;
    this.snapshots = rec.snapshots;
    this.customerBacklog = rec.backlog;
    this.customerWeekly = world.state.customers.map((c, i) => ({
      need: [...c.weeklyNeed],
      orders: [...c.weeklyOrders],
      allocated: rec.allocated[i] ?? [],
    }));
    const weekStarts: number[] = [];
    let k = 0;
    for (let w = 0; w <= this.horizon; w++) {
      while (k < times.length && times[k]! < w) k++;
      weekStarts.push(k);
    }
    this.weekStarts = weekStarts;
    this.result = buildResult(ctx, world.state, {
      scenario: options.scenarioName,
      seed: options.seed,
      events: this.total,
    });
    this.buildMs = (rec.ms ?? 0) + performance.now() - started;
  }

  /**
   * Builds the timeline, yielding to the event loop every `chunk` events so that other work (such
   * as loading Ink) proceeds meanwhile. Same result as `new Timeline(options)`.
   */
  static async create(options: TimelineOptions, chunk = 400): Promise<Timeline> {
    const stride = Math.max(1, Math.floor(options.stride ?? DEFAULT_STRIDE));
    const steps = record(options, stride, chunk);
    let ms = 0;
    for (;;) {
      const started = performance.now();
      const r = steps.next();
      ms += performance.now() - started;
      if (r.done === true) return new Timeline(options, { ...r.value, ms });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Current position (events processed). */
  get position(): number {
    return this.pos;
  }

  /** The model state at the current position (read it afresh after every goTo). */
  get state(): ModelState {
    return this.world.state;
  }

  /** Simulated time at position p: the time of its last event (0 before any). */
  timeAt(p: number): number {
    return p <= 0 ? 0 : this.times[Math.min(p, this.total) - 1]!;
  }

  /** The event that led to position p (1..total). */
  entry(p: number): TimelineEntry {
    const i = p - 1;
    if (i < 0 || i >= this.total) throw new RangeError(`no event ${p} (1..${this.total})`);
    return { n: p, time: this.times[i]!, type: this.types[i]!, text: this.texts[i]! };
  }

  /**
   * Up to `count` events at or before position p, newest first, skipping `skip` matches; with a
   * filter, only events whose words (or type) contain it, case-insensitively.
   */
  recent(p: number, count: number, filter = '', skip = 0, kind = ''): TimelineEntry[] {
    const out: TimelineEntry[] = [];
    const needle = filter.trim().toLowerCase();
    let skipped = 0;
    for (let n = Math.min(p, this.total); n >= 1 && out.length < count; n--) {
      if (!this.matches(n, needle, kind)) continue;
      if (skipped < skip) {
        skipped++;
        continue;
      }
      out.push(this.entry(n));
    }
    return out;
  }

  /** Whether event n's words (or type) contain `needle` (lower case) and its type is `kind` ('' = any). */
  private matches(n: number, needle: string, kind: string): boolean {
    const i = n - 1;
    if (kind !== '' && this.types[i] !== kind) return false;
    if (needle === '') return true;
    return this.texts[i]!.toLowerCase().includes(needle) || this.types[i]!.toLowerCase().includes(needle);
  }

  /** The next (by = 1) or previous (by = −1) event after / before position p that matches; null if none. */
  find(p: number, filter: string, by: 1 | -1, kind = ''): number | null {
    const needle = filter.trim().toLowerCase();
    for (let n = p + by; n >= 1 && n <= this.total; n += by) if (this.matches(n, needle, kind)) return n;
    return null;
  }

  /**
   * The position in this run that corresponds to position p of `other` (same scenario and seed,
   * another policy): the same simulated time and, among the events at that very time, the same
   * number done (so both sides stand before or after the same week's orders and allocation).
   */
  positionLike(other: Timeline, p: number): number {
    if (p <= 0) return 0;
    if (p >= other.total) return this.total;
    const t = other.timeAt(p);
    const doneAtT = p - other.positionAtTime(t - 1e-9);
    const first = this.positionAtTime(t - 1e-9);
    return Math.min(first + doneAtT, this.positionAtTime(t));
  }

  /** Week number of position p (the week its last event falls in; 0 before any event). */
  weekOf(p: number): number {
    if (p <= 0) return 0;
    return Math.min(this.horizon - 1, Math.floor(this.timeAt(p) + 1e-9));
  }

  /** The position right after the first event of week w (its opening event): the reducer's rule. */
  weekStart(w: number): number {
    return weekStartPosition(this, w);
  }

  /** Number of events with time ≤ t: the position that shows the simulation as of time t. */
  positionAtTime(t: number): number {
    let lo = 0;
    let hi = this.total;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Moves to position p (clamped to 0..total). Exact: the state equals the one first seen there. */
  goTo(target: number): void {
    const p = Math.max(0, Math.min(this.total, Math.floor(target)));
    if (p === this.pos) return;
    const base = Math.floor(p / this.stride) * this.stride;
    const ahead = p - this.pos;
    if (!(p > this.pos && !this.finished && ahead <= p - base + REPLAY_VERSUS_RESTORE)) {
      this.world.restore(this.snapshots[base / this.stride]!);
      this.stats.restores++;
      this.pos = base;
      this.finished = false;
    }
    while (this.pos < p) {
      this.world.step();
      this.pos++;
      this.stats.steps++;
    }
    if (p === this.total) {
      finishRun(this.world, this.ctx);
      this.finished = true;
    }
  }

  /** Snapshot count and their total size as JSON, bytes (a proxy for memory). */
  snapshotFootprint(): { count: number; bytes: number } {
    let bytes = 0;
    for (const s of this.snapshots) bytes += JSON.stringify(s).length;
    return { count: this.snapshots.length, bytes };
  }
}

/** One customer's weekly series over the whole run, GPUs. */
export interface CustomerWeekly {
  readonly need: readonly number[];
  readonly orders: readonly number[];
  readonly allocated: readonly number[];
}

/** What the one pass over the run keeps (see the module doc). */
export interface Recording {
  world: World;
  ctx: ModelContext;
  times: number[];
  types: ModelEventType[];
  texts: string[];
  snapshots: SimSnapshot<ModelEvent, ModelState>[];
  backlog: number[][];
  /** Per customer, per week: GPUs allocated. */
  allocated: number[][];
  /** Milliseconds spent recording (when built in steps). */
  ms?: number;
}

/** Runs the whole simulation once, recording; yields after every `chunk` events. */
function* record(options: TimelineOptions, stride: number, chunk = Infinity): Generator<void, Recording> {
  const { world, ctx } = createWorld(options.scenario, { policy: options.policy, seed: options.seed });
  const horizon = options.scenario.horizonWeeks;
  const times: number[] = [];
  const types: ModelEventType[] = [];
  const texts: string[] = [];
  const snapshots: SimSnapshot<ModelEvent, ModelState>[] = [];
  const backlog: number[][] = ctx.direct.map(() => []);
  const allocated: number[][] = ctx.direct.map(() => new Array<number>(horizon).fill(0));
  const perBoard = ctx.gpusPerBoard;
  const recordBacklog = () => {
    const closed = world.state.history.length;
    world.state.customers.forEach((c, i) => {
      const series = backlog[i]!;
      while (series.length < closed) series.push((c.orderedBoards - c.receivedBoards - c.cancelledBoards) * perBoard);
    });
  };
  for (;;) {
    if (times.length % stride === 0) snapshots.push(world.snapshot());
    if (!(world.peek() < horizon)) break;
    const before = tally(world.state);
    const event = world.step()!;
    times.push(event.time);
    types.push(event.type);
    texts.push(describeEvent(event, world.state, ctx, before));
    const a = world.state.lastAllocation;
    if (event.type === 'allocate' && a !== null && a.week < horizon)
      world.state.customers.forEach((c, i) => (allocated[i]![a.week]! += (a.boards[c.id] ?? 0) * perBoard));
    recordBacklog();
    if (times.length % chunk === 0) yield;
  }
  finishRun(world, ctx);
  recordBacklog();
  return { world, ctx, times, types, texts, snapshots, backlog, allocated };
}
