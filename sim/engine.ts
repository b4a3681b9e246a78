/**
 * The discrete-event engine: a clock, a queue of plain-data events, handlers looked up by type,
 * named random streams, and the model's state. No closures live in the queue, so clock + queue +
 * sequence counter + stream states + state are the whole simulation, and `snapshot()` captures it.
 */
import { EventQueue, type Stamp } from './event-queue.js';
import { RandomStreams, isStreamState, type StreamState } from './random.js';
import { ScheduleError, SnapshotError, UnknownEventTypeError } from './errors.js';
import { isObject } from './guards.js';

/** An event as a model writes it: a `type` and its payload fields. */
export interface EventBase {
  readonly type: string;
}

/** An event once scheduled: the engine stamps time, priority and seq onto it. */
export type Scheduled<E extends EventBase> = E & Stamp;

export type Handler<E extends EventBase, S, K extends E['type']> = (
  event: Scheduled<Extract<E, { type: K }>>,
  sim: Simulation<E, S>,
) => void;

export type Handlers<E extends EventBase, S> = { [K in E['type']]: Handler<E, S, K> };

export type TraceHook<E extends EventBase, S> = (event: Scheduled<E>, sim: Simulation<E, S>) => void;

export interface RunOptions {
  /** Process events with time < until, then set the clock to until. */
  until?: number;
  /** Stop after this many events. */
  maxEvents?: number;
}

export interface RunResult {
  events: number;
  stoppedBy: 'empty' | 'until' | 'maxEvents';
}

export interface SimSnapshot<E extends EventBase, S> {
  version: 1;
  /** The run seed the streams derive from; restore refuses a snapshot of another seed. */
  seed: number | string;
  now: number;
  seq: number;
  processed: number;
  queue: Scheduled<E>[];
  rng: Record<string, StreamState>;
  state: S;
}

export interface SimulationOptions<E extends EventBase, S> {
  handlers: Handlers<E, S>;
  state: S;
  seed?: number | string;
  trace?: TraceHook<E, S>;
}

type AnyHandler<E extends EventBase, S> = (event: Scheduled<E>, sim: Simulation<E, S>) => void;

export class Simulation<E extends EventBase, S = unknown> {
  state: S;
  rng: RandomStreams;
  /** Sees every processed event after its handler ran; null (the default) costs nothing. */
  trace: TraceHook<E, S> | null;
  private clock = 0;
  private seq = 0;
  private count = 0;
  /** The pending events, each with its handler beside it (looked up once, when scheduled). */
  private readonly queue = new EventQueue<Scheduled<E>, AnyHandler<E, S>>();
  private readonly handlers: Map<string, AnyHandler<E, S>>;

  constructor(options: SimulationOptions<E, S>) {
    this.handlers = new Map();
    for (const [type, handler] of Object.entries(options.handlers)) {
      if (typeof handler !== 'function') throw new TypeError(`handler for event type '${type}' is not a function`);
      // Object.entries forgets which event type each handler takes; the key is that type.
      // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion
      this.handlers.set(type, handler as AnyHandler<E, S>);
    }
    this.state = options.state;
    this.rng = new RandomStreams(options.seed ?? 0);
    this.trace = options.trace ?? null;
  }

  /** Current simulated time. */
  get now(): number {
    return this.clock;
  }

  /** Events processed so far. */
  get processed(): number {
    return this.count;
  }

  /** Live events waiting in the queue. */
  get pending(): number {
    return this.queue.size;
  }

  /**
   * Schedules `event` after `delay` (a finite number ≥ 0). The engine owns the object from now on
   * and stamps `time`, `priority` and `seq` onto it; do not schedule it again while it is pending
   * (an event may be rescheduled from its own handler, once it has been taken off the queue).
   */
  schedule<T extends E>(event: T, delay: number, priority = 0): Scheduled<T> {
    if (!(delay >= 0 && delay < Infinity) || typeof delay !== 'number') {
      throw new ScheduleError(
        `cannot schedule '${describeType(event)}' with delay ${String(delay)}: a delay must be a finite number ≥ 0`,
      );
    }
    return this.push(event, this.clock + delay, priority);
  }

  /** Schedules `event` at absolute `time` (finite, ≥ now). */
  scheduleAt<T extends E>(event: T, time: number, priority = 0): Scheduled<T> {
    if (!(time >= this.clock && time < Infinity) || typeof time !== 'number') {
      throw new ScheduleError(
        `cannot schedule '${describeType(event)}' at time ${String(time)}: it must be a finite time ≥ now (${this.clock})`,
      );
    }
    return this.push(event, time, priority);
  }

  /** Cancels a scheduled event (by the event or its seq). Returns false if it is not pending. */
  cancel(event: Stamp | number): boolean {
    return this.queue.cancel(typeof event === 'number' ? event : event.seq);
  }

  /** Time of the next event, or Infinity when none is pending. */
  peek(): number {
    return this.queue.nextTime();
  }

  /** Processes one event and returns it, or undefined when the queue is empty. */
  step(): Scheduled<E> | undefined {
    const queue = this.queue;
    if (queue.size === 0) return undefined;
    const handler = queue.peekExtra()!;
    const event = queue.pop()!;
    this.clock = event.time;
    this.count++;
    handler(event, this);
    if (this.trace !== null) this.trace(event, this);
    return event;
  }

  /**
   * Processes events in order while their time is < `until` (default: no limit) and fewer than
   * `maxEvents` (default: no limit) have been processed by this call. Unless stopped by
   * `maxEvents`, the clock is then set to `until` (when finite): an event at exactly `until` is
   * left pending, so `run({until: t})` followed by `run({until: u})` processes the same events as
   * `run({until: u})`.
   */
  run(options: RunOptions = {}): RunResult {
    const until = options.until ?? Infinity;
    const maxEvents = options.maxEvents ?? Infinity;
    if (!(until >= this.clock) || typeof until !== 'number') {
      throw new ScheduleError(`run until ${String(until)}: must be a number ≥ now (${this.clock})`);
    }
    if (!(maxEvents >= 0) || typeof maxEvents !== 'number') {
      throw new ScheduleError(`run maxEvents ${String(maxEvents)}: must be a number ≥ 0`);
    }
    const queue = this.queue;
    let events = 0;
    let stoppedBy: RunResult['stoppedBy'] = 'empty';
    for (;;) {
      if (events >= maxEvents) {
        stoppedBy = 'maxEvents';
        break;
      }
      const time = queue.nextTime();
      if (time >= until) {
        if (time !== Infinity) stoppedBy = 'until';
        break;
      }
      const handler = queue.peekExtra()!;
      const event = queue.pop()!;
      this.clock = time;
      this.count++;
      events++;
      handler(event, this);
      if (this.trace !== null) this.trace(event, this);
    }
    if (stoppedBy !== 'maxEvents' && until !== Infinity) this.clock = until;
    return { events, stoppedBy };
  }

  /** The whole simulation as JSON-serialisable data (deep copies). */
  snapshot(): SimSnapshot<E, S> {
    return {
      version: 1,
      seed: this.rng.seed,
      now: this.clock,
      seq: this.seq,
      processed: this.count,
      queue: structuredClone(this.queue.toSortedArray()),
      rng: this.rng.snapshot(),
      state: structuredClone(this.state),
    };
  }

  /**
   * Puts the simulation back exactly where `snapshot` was taken (the snapshot may come from another
   * Simulation with the same handlers and seed, or from JSON). The snapshot is checked whole before
   * anything changes; a malformed one throws SnapshotError and leaves this simulation as it was.
   * State and events are deep copies: read `sim.state` afresh after a restore. Random streams are
   * rewound in place, so a `RandomStream` a handler holds stays valid. A snapshot taken under
   * another run seed is refused: streams first used after it would otherwise come from this seed.
   */
  restore(snapshot: SimSnapshot<E, S>): void {
    const events = this.checkSnapshot(snapshot);
    const queue = structuredClone(events);
    const state = structuredClone(snapshot.state);
    this.clock = snapshot.now;
    this.seq = snapshot.seq;
    this.count = snapshot.processed;
    this.queue.clear();
    for (const event of queue) this.queue.push(event, this.handlers.get(event.type));
    this.rng.restore(snapshot.rng);
    this.state = state;
  }

  private checkSnapshot(snapshot: SimSnapshot<E, S>): Scheduled<E>[] {
    const bad = (why: string): never => {
      throw new SnapshotError(`restore: not a valid chipsim engine snapshot: ${why}`);
    };
    if (typeof snapshot !== 'object' || snapshot === null) bad(`got ${snapshot === null ? 'null' : typeof snapshot}`);
    if (snapshot.version !== 1) bad(`version is ${JSON.stringify(snapshot.version)}, expected 1`);
    if (snapshot.seed !== this.rng.seed) {
      bad(
        `it was taken with seed ${JSON.stringify(snapshot.seed)}, this simulation has seed ${JSON.stringify(this.rng.seed)}`,
      );
    }
    if (!Number.isFinite(snapshot.now)) bad(`now is ${String(snapshot.now)}`);
    const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
    if (!isCount(snapshot.seq)) bad(`seq is ${String(snapshot.seq)}`);
    if (!isCount(snapshot.processed)) bad(`processed is ${String(snapshot.processed)}`);
    if (!Array.isArray(snapshot.queue)) bad('queue is not an array');
    if (!('state' in snapshot)) bad('state is missing');
    const rng: unknown = snapshot.rng;
    if (!isObject(rng) || Array.isArray(rng)) return bad('rng is not an object');
    for (const [name, st] of Object.entries(rng)) {
      if (!isStreamState(st)) bad(`rng stream '${name}' has no valid state`);
    }
    const seen = new Set<number>();
    snapshot.queue.forEach((e: Partial<Scheduled<E>> | null, i) => {
      if (typeof e !== 'object' || e === null) return bad(`queue[${i}] is not an event`);
      if (typeof e.type !== 'string' || !this.handlers.has(e.type)) {
        return bad(`queue[${i}] has type ${JSON.stringify(e.type)}, which has no handler`);
      }
      if (!(typeof e.time === 'number' && e.time >= snapshot.now && e.time < Infinity)) {
        bad(`queue[${i}] has time ${String(e.time)}, not a finite time ≥ now (${snapshot.now})`);
      }
      if (!Number.isFinite(e.priority)) bad(`queue[${i}] has priority ${String(e.priority)}`);
      const seq = e.seq;
      if (!isCount(seq) || seq >= snapshot.seq || seen.has(seq)) {
        return bad(`queue[${i}] has seq ${String(seq)}: seqs must be distinct integers below ${snapshot.seq}`);
      }
      seen.add(seq);
    });
    return snapshot.queue;
  }

  private push<T extends E>(event: T, time: number, priority: number): Scheduled<T> {
    if (!(typeof priority === 'number' && priority > -Infinity && priority < Infinity)) {
      throw new ScheduleError(
        `cannot schedule '${describeType(event)}' with priority ${String(priority)}: must be a finite number`,
      );
    }
    const handler = this.handlers.get(event.type);
    if (handler === undefined) {
      throw new UnknownEventTypeError(
        `no handler for event type '${describeType(event)}' (known types: ${[...this.handlers.keys()].join(', ')})`,
      );
    }
    // Stamped in place, not copied: the engine owns a scheduled event, and a copy per event costs
    // measurably on the hot path. The three fields are set on the next lines.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion
    const stamped = event as Scheduled<T>;
    stamped.time = time;
    stamped.priority = priority;
    stamped.seq = this.seq++;
    this.queue.push(stamped, handler);
    return stamped;
  }
}

function describeType(event: unknown): string {
  return typeof event === 'object' && event !== null ? String((event as { type?: unknown }).type) : String(event);
}
