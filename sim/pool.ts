/**
 * A small deterministic worker pool on node:worker_threads. Domain-free: it runs a module's task
 * handler in N workers and hands every result back tagged with its task index, so the caller can
 * fold results in a fixed order whatever order they finish in (see `Reorder`).
 *
 * Worker protocol (implemented by the bootstrap script, e.g. bin/worker.js):
 *   workerData = { module: <file URL of the task module>, init: <structured-cloneable> }
 *   the bootstrap imports `module`, awaits `createHandler(init)` → (task) => result | Promise<result>,
 *   then posts { type: 'ready' } (or { type: 'init-error', error }). A prestarted worker
 *   (`WorkerPool.prestart`) gets workerData = { module, deferred: true, preload } instead, imports
 *   while the parent prepares the init, and waits for { type: 'init', init } before createHandler.
 *   parent → worker: { id, task }      worker → parent: { type: 'result', id, ok, result | error }
 *
 * Tasks are dispatched in index order; each worker holds at most `depth` tasks at a time.
 */
import { Worker } from 'node:worker_threads';

export interface PoolOptions<I> {
  /** The bootstrap script run in each worker (plain .js; registers a loader if the module needs one). */
  bootstrap: URL;
  /** File URL (href) of the task module; it must export `createHandler(init)`. */
  module: string;
  /** Passed to `createHandler` in every worker (structured clone). */
  init: I;
  /** Number of workers (≥ 1). */
  size: number;
  /** Tasks in flight per worker (default 2: one running, one queued, so no worker idles). */
  depth?: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  /**
   * Never dispatch a task more than this many indices past the lowest unfinished one (default
   * 4 × size × depth). Bounds how many results can finish ahead of an index-order consumer
   * (e.g. `Reorder`), so its buffer stays small even when one task is slow.
   */
  maxAhead?: number;
}

export interface RunOutcome {
  /** Number of results delivered. */
  completed: number;
  /** True when the run was stopped by the abort signal before every task finished. */
  aborted: boolean;
}

type FromWorker =
  | { type: 'ready' }
  | { type: 'init-error'; error: string }
  | { type: 'result'; id: number; ok: true; result: unknown }
  | { type: 'result'; id: number; ok: false; error: string; name?: string; message?: string };

/**
 * A task threw in a worker, or a worker failed. Task modules that want their errors to mean
 * something to the caller return them as data in the result instead of throwing.
 */
export class WorkerTaskError extends Error {
  override name = 'WorkerTaskError';
}

interface Slot {
  worker: Worker;
  inFlight: number;
}

interface Spawned {
  worker: Worker;
  /** Why it stopped before it was ready (prestarted workers only). */
  died: Error | null;
}

export interface PrestartOptions {
  bootstrap: URL;
  /** File URL (href) of the task module; it must export `createHandler(init)`. */
  module: string;
  /** Workers to start; `PendingPool.start` may use fewer (the rest are stopped). */
  size: number;
  depth?: number;
  /** Modules each worker imports while it waits for its init (what its createHandler will load). */
  preload?: readonly string[];
}

export class WorkerPool<T, R> {
  private closed = false;

  private constructor(
    private readonly slots: Slot[],
    private readonly depth: number,
  ) {
    // An idle worker's uncaught error must not crash the process; `run` reports errors itself.
    for (const s of slots) s.worker.on('error', () => {});
  }

  /** Starts `size` workers and waits until every one has run `createHandler`. */
  static async start<I, T, R>(options: PoolOptions<I>): Promise<WorkerPool<T, R>> {
    const size = Math.max(1, Math.floor(options.size));
    const workers: Worker[] = [];
    for (let i = 0; i < size; i++)
      // No resourceLimits: a larger young generation (maxYoungGenerationSizeMb 48–192) was measured
      // for h100-2023 replications and cut neither CPU per replication nor scavenge time (issue 11).
      workers.push(new Worker(options.bootstrap, { workerData: { module: options.module, init: options.init } }));
    return WorkerPool.whenReady<T, R>(
      workers.map((worker) => ({ worker, died: null })),
      options.depth,
    );
  }

  /**
   * Starts `size` workers before their init is known: they load the task module (and `preload`)
   * while the caller prepares it, e.g. validates the scenario (issue 11: pool start-up off the
   * critical path). Until `PendingPool.start` they do not keep the process alive.
   */
  static prestart<T, R>(options: PrestartOptions): PendingPool<T, R> {
    const size = Math.max(1, Math.floor(options.size));
    const spawned: Spawned[] = [];
    for (let i = 0; i < size; i++) {
      const worker = new Worker(options.bootstrap, {
        workerData: { module: options.module, deferred: true, preload: [...(options.preload ?? [])] },
      });
      worker.unref();
      const s: Spawned = { worker, died: null };
      // remembered, so a worker that dies before `start` listens fails the start instead of hanging it
      worker.once('error', (error) => (s.died ??= error));
      worker.once('exit', (code) => (s.died ??= new WorkerTaskError(`worker exited with code ${code} while starting`)));
      spawned.push(s);
    }
    return new PendingPool<T, R>(spawned, options.depth);
  }

  /** Waits until every worker is ready (or one fails: then all are stopped). */
  static async whenReady<T, R>(spawned: readonly Spawned[], depth: number | undefined): Promise<WorkerPool<T, R>> {
    const workers = spawned.map((s) => s.worker);
    try {
      const ready = spawned.map(({ worker, died }) => {
        if (died) return Promise.reject(died);
        return new Promise<void>((resolve, reject) => {
          const onMessage = (msg: FromWorker) => {
            if (msg.type === 'ready') {
              cleanup();
              resolve();
            } else if (msg.type === 'init-error') {
              cleanup();
              reject(new WorkerTaskError(`worker failed to start: ${msg.error}`));
            }
          };
          const onError = (error: Error) => {
            cleanup();
            reject(error);
          };
          const onExit = (code: number) => {
            cleanup();
            reject(new WorkerTaskError(`worker exited with code ${code} while starting`));
          };
          const cleanup = () => {
            worker.off('message', onMessage);
            worker.off('error', onError);
            worker.off('exit', onExit);
          };
          worker.on('message', onMessage);
          worker.on('error', onError);
          worker.on('exit', onExit);
        });
      });
      await Promise.all(ready);
    } catch (error) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw error;
    }
    return new WorkerPool<T, R>(
      workers.map((worker) => ({ worker, inFlight: 0 })),
      Math.max(1, depth ?? 2),
    );
  }

  get size(): number {
    return this.slots.length;
  }

  /**
   * Runs every task; calls `onResult(result, index)` as each finishes (completion order; use
   * `Reorder` for index order). Resolves when all are done or, after `signal` aborts, as soon as
   * the workers are stopped (results of tasks still running are dropped). Rejects on the first
   * task error; the pool is then unusable.
   */
  run(
    tasks: readonly T[],
    onResult: (result: R, index: number) => void,
    options: RunOptions = {},
  ): Promise<RunOutcome> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    const signal = options.signal;
    const maxAhead = Math.max(this.slots.length * this.depth, options.maxAhead ?? 4 * this.slots.length * this.depth);
    return new Promise<RunOutcome>((resolve, reject) => {
      let next = 0;
      let completed = 0;
      // lowest index not yet finished, and the finished ones above it
      let lowest = 0;
      const finishedAbove = new Set<number>();
      let settled = false;
      const listeners: Array<() => void> = [];

      const finish = (outcome: RunOutcome | Error) => {
        if (settled) return;
        settled = true;
        for (const off of listeners) off();
        signal?.removeEventListener('abort', onAbort);
        if (outcome instanceof Error) {
          void this.close().finally(() => reject(outcome));
        } else if (outcome.aborted) {
          void this.close().finally(() => resolve(outcome));
        } else {
          resolve(outcome);
        }
      };
      const onAbort = () => finish({ completed, aborted: true });

      const feed = (slot: Slot) => {
        while (!settled && slot.inFlight < this.depth && next < tasks.length && next < lowest + maxAhead) {
          const id = next++;
          slot.inFlight++;
          slot.worker.postMessage({ id, task: tasks[id] });
        }
      };

      for (const slot of this.slots) {
        const onMessage = (msg: FromWorker) => {
          if (settled || msg.type !== 'result') return;
          slot.inFlight--;
          if (!msg.ok) {
            finish(new WorkerTaskError(`task ${msg.id} failed in a worker: ${msg.error}`));
            return;
          }
          completed++;
          finishedAbove.add(msg.id);
          while (finishedAbove.delete(lowest)) lowest++;
          try {
            // The worker ran this pool's task function, whose results are R (structured-cloned).
            // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion
            onResult(msg.result as R, msg.id);
          } catch (error) {
            finish(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          if (settled) return;
          if (completed === tasks.length) finish({ completed, aborted: false });
          else for (const s of this.slots) feed(s); // the window may have moved for every worker
        };
        const onError = (error: Error) => finish(error);
        const onExit = (code: number) => finish(new WorkerTaskError(`a worker exited unexpectedly (code ${code})`));
        slot.worker.on('message', onMessage);
        slot.worker.on('error', onError);
        slot.worker.on('exit', onExit);
        listeners.push(() => {
          slot.worker.off('message', onMessage);
          slot.worker.off('error', onError);
          slot.worker.off('exit', onExit);
        });
      }

      if (signal?.aborted) {
        finish({ completed, aborted: true });
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      if (tasks.length === 0) {
        finish({ completed: 0, aborted: false });
        return;
      }
      for (const slot of this.slots) feed(slot);
    });
  }

  /** Stops every worker. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/**
 * Reorders results that arrive in any order into index order: `put(index, value)` buffers it and
 * calls `emit` for every value whose turn has come. Holds only out-of-order values.
 */
export class Reorder<V> {
  private nextIndex = 0;
  private readonly pending = new Map<number, V>();

  constructor(private readonly emit: (value: V, index: number) => void) {}

  put(index: number, value: V): void {
    if (index < this.nextIndex || this.pending.has(index)) throw new RangeError(`index ${index} delivered twice`);
    this.pending.set(index, value);
    while (this.pending.has(this.nextIndex)) {
      const v = this.pending.get(this.nextIndex)!;
      this.pending.delete(this.nextIndex);
      this.emit(v, this.nextIndex);
      this.nextIndex++;
    }
  }

  /** True when `index` is buffered, waiting for its turn. */
  has(index: number): boolean {
    return this.pending.has(index);
  }

  /** Index of the next value to emit. */
  get next(): number {
    return this.nextIndex;
  }

  /** Values waiting for an earlier index. */
  get buffered(): number {
    return this.pending.size;
  }
}

/** Workers started by `WorkerPool.prestart`, waiting for their init. */
export class PendingPool<T, R> {
  private taken = false;

  constructor(
    private readonly spawned: Spawned[],
    private readonly depth: number | undefined,
  ) {}

  /** Number of workers started. */
  get size(): number {
    return this.spawned.length;
  }

  /** Hands `init` to `size` of the workers (the others are stopped) and waits until they are ready. Once. */
  start<I>(init: I, size: number = this.spawned.length): Promise<WorkerPool<T, R>> {
    if (this.taken) return Promise.reject(new Error('prestarted pool already started or closed'));
    this.taken = true;
    const n = Math.min(this.spawned.length, Math.max(1, Math.floor(size)));
    const used = this.spawned.slice(0, n);
    for (const extra of this.spawned.slice(n)) void extra.worker.terminate();
    for (const s of used) {
      s.worker.ref();
      if (!s.died) s.worker.postMessage({ type: 'init', init });
    }
    return WorkerPool.whenReady<T, R>(used, this.depth);
  }

  /** Stops the workers if `start` never took them. Safe to call twice. */
  async close(): Promise<void> {
    if (this.taken) return;
    this.taken = true;
    await Promise.all(this.spawned.map((s) => s.worker.terminate()));
  }
}
