/**
 * Executors run an experiment's tasks somewhere: in this thread, on a pool of worker threads, and
 * (added by other modules, behind the same interface) on shards or a job queue. Nothing else in
 * models/ or sim/ knows where a task ran. An executor reports every task's outcome as data, in any
 * order, tagged with its position in `job.tasks`; it rejects only when the transport itself fails
 * (a worker crashed), and stops early when `signal` aborts.
 */
import { availableParallelism } from 'node:os';
import { WorkerPool, type PendingPool } from '../../sim/pool.js';
import type { ReplicationTask, RunnerInit } from './runner.js';
import { createHandler, type TaskOutcome, type WorkerInit } from './worker-task.js';

export interface ExecutionJob<S = unknown> {
  /** File URL (href) of the runner module. */
  runnerModule: string;
  runnerInit: RunnerInit<S>;
  /** Tasks still to run, in fold order (an executor should start them roughly in this order). */
  tasks: readonly ReplicationTask[];
}

export interface Executor {
  /** Short description for messages, e.g. "in-process", "2 worker threads". */
  readonly name: string;
  /** Parallelism it will use for a job of `tasks` tasks (1 = in-process). */
  parallelism(tasks: number): number;
  run<S>(
    job: ExecutionJob<S>,
    onOutcome: (outcome: TaskOutcome, index: number) => void,
    signal?: AbortSignal,
  ): Promise<void>;
  /** Releases what it holds ahead of a run that never came (workers started early); optional. */
  dispose?(): void;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs tasks one after another in this thread, yielding to the event loop between them (signals, progress). */
export function inProcessExecutor(): Executor {
  return {
    name: 'in-process',
    parallelism: () => 1,
    async run(job, onOutcome, signal) {
      if (job.tasks.length === 0 || signal?.aborted) return;
      const handle = await createHandler({ runnerModule: job.runnerModule, runnerInit: job.runnerInit });
      for (let i = 0; i < job.tasks.length; i++) {
        if (signal?.aborted) return;
        onOutcome(handle(job.tasks[i]!), i);
        await yieldToEventLoop();
      }
    },
  };
}

export interface PoolExecutorOptions {
  /** Worker threads (default os.availableParallelism()); never more than there are tasks. */
  workers?: number;
  /** Worker bootstrap script (bin/worker.js; see DEFAULT_BOOTSTRAP in experiment.ts). */
  bootstrap: URL;
  /** File URL of worker-task (see WORKER_TASK_MODULE in experiment.ts). */
  taskModule: string;
  /**
   * Start the workers now, not at `run`: they load the task module and these modules (the runner
   * module) while the caller still resolves the scenario (issue 11: pool start-up). Only the first
   * `run` uses them; `dispose()` stops them if it never comes.
   */
  prestart?: { preload: readonly string[] };
}

/** The job's runner init, saying whether any task varies the scenario unless the caller did. */
function withScenarioVaries<S>(job: ExecutionJob<S>): RunnerInit<S> {
  if (job.runnerInit.scenarioVaries !== undefined) return job.runnerInit;
  const varies = job.tasks.some((t) => t.params !== undefined && Object.keys(t.params).length > 0);
  return { ...job.runnerInit, scenarioVaries: varies };
}

/** Runs tasks on worker threads (sim/pool.ts). */
export function workerPoolExecutor(options: PoolExecutorOptions): Executor {
  const wanted = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  const parallelism = (tasks: number) => Math.min(wanted, Math.max(1, tasks));
  let pending: PendingPool<ReplicationTask, TaskOutcome> | null = options.prestart
    ? WorkerPool.prestart({
        bootstrap: options.bootstrap,
        module: options.taskModule,
        size: wanted,
        preload: options.prestart.preload,
      })
    : null;
  const dispose = () => {
    void pending?.close();
    pending = null;
  };
  return {
    name: `${wanted} worker thread${wanted === 1 ? '' : 's'}`,
    parallelism,
    async run(job, onOutcome, signal) {
      if (job.tasks.length === 0 || signal?.aborted) {
        dispose();
        return;
      }
      const init: WorkerInit = { runnerModule: job.runnerModule, runnerInit: withScenarioVaries(job) };
      const early = pending;
      pending = null;
      const size = parallelism(job.tasks.length);
      const pool = early
        ? await early.start(init, size)
        : await WorkerPool.start<WorkerInit, ReplicationTask, TaskOutcome>({
            bootstrap: options.bootstrap,
            module: options.taskModule,
            init,
            size,
          });
      try {
        await pool.run(job.tasks, onOutcome, signal ? { signal } : {});
      } finally {
        await pool.close();
      }
    },
    dispose,
  };
}
