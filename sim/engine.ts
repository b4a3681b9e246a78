/**
 * The discrete-event engine: a clock, a queue of plain-data events, handlers looked up by type,
 * named random streams, and the model's state. No closures live in the queue, so clock + queue +
 * sequence counter + stream states + state are the whole simulation, and `snapshot()` captures it.
 */
import { EventQueue, type Stamp } from './event-queue.js';
import { RandomStreams, type StreamState } from './random.js';
import { ScheduleError, SnapshotError, UnknownEventTypeError } from './errors.js';

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

export class Simulation<E extends EventBase, S = unknown> {
  state: S;
  rng: RandomStreams;
  /** Sees every processed event after its handler ran; null (the default) costs nothing. */
  trace: TraceHook<E, S> | null;
  private clock = 0;
  private seq = 0;
  private count = 0;
  private queue = new EventQueue<Scheduled<E>>();
  private readonly handlers: Map<string, (event: Scheduled<E>, sim: Simulation<E, S>) => void>;

  constructor(options: SimulationOptions<E, S>) {
    this.handlers = new Map(Object.entries(options.handlers)) as typeof this.handlers;
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

  /** Schedules `event` after `delay` (≥ 0). The engine owns the object from now on. */
  schedule<T extends E>(event: T, delay: number, priority = 0): Scheduled<T> {
    if (!(delay >= 0) || delay === Infinity) {
      throw new ScheduleError(`cannot schedule '${event.type}' with delay ${delay}: a delay must be a finite number ≥ 0`);
    }
    return this.push(event, this.clock + delay, priority);
  }

  /** Schedules `event` at absolute `time` (≥ now). */
  scheduleAt<T extends E>(event: T, time: number, priority = 0): Scheduled<T> {
    if (!(time >= this.clock) || time === Infinity) {
      throw new ScheduleError(
        `cannot schedule '${event.type}' at time ${time}: it is before now (${this.clock}) or not finite`,
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
    const event = this.queue.pop();
    if (event === undefined) return undefined;
    this.clock = event.time;
    this.dispatch(event);
    return event;
  }

  run(options: RunOptions = {}): RunResult {
    const until = options.until ?? Infinity;
    const maxEvents = options.maxEvents ?? Infinity;
    if (Number.isNaN(until) || until < this.clock) {
      throw new ScheduleError(`run until ${until}: must be a number ≥ now (${this.clock})`);
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
      if (time === Infinity) break;
      if (time >= until) {
        stoppedBy = 'until';
        break;
      }
      const next = queue.pop()!;
      this.clock = time;
      this.dispatch(next);
      events++;
    }
    if (stoppedBy !== 'maxEvents' && until !== Infinity) this.clock = until;
    return { events, stoppedBy };
  }

  /** The whole simulation as JSON-serialisable data (deep copies). */
  snapshot(): SimSnapshot<E, S> {
    return {
      version: 1,
      now: this.clock,
      seq: this.seq,
      processed: this.count,
      queue: structuredClone(this.queue.toSortedArray()),
      rng: this.rng.snapshot(),
      state: structuredClone(this.state),
    };
  }

  /** Puts the simulation back exactly where `snapshot` was taken. */
  restore(snapshot: SimSnapshot<E, S>): void {
    if (snapshot?.version !== 1 || !Array.isArray(snapshot.queue)) {
      throw new SnapshotError('restore: not a chipsim engine snapshot (version 1)');
    }
    this.clock = snapshot.now;
    this.seq = snapshot.seq;
    this.count = snapshot.processed;
    this.queue.clear();
    for (const event of structuredClone(snapshot.queue)) this.queue.push(event);
    this.rng.restore(snapshot.rng);
    this.state = structuredClone(snapshot.state);
  }

  private push<T extends E>(event: T, time: number, priority: number): Scheduled<T> {
    if (!Number.isFinite(priority)) {
      throw new ScheduleError(`cannot schedule '${event.type}' with priority ${priority}: must be finite`);
    }
    if (!this.handlers.has(event.type)) {
      throw new UnknownEventTypeError(`no handler for event type '${event.type}'`);
    }
    const stamped = event as Scheduled<T>;
    stamped.time = time;
    stamped.priority = priority;
    stamped.seq = this.seq++;
    this.queue.push(stamped);
    return stamped;
  }

  private dispatch(event: Scheduled<E>): void {
    this.count++;
    this.handlers.get(event.type)!(event, this);
    if (this.trace !== null) this.trace(event, this);
  }
}
