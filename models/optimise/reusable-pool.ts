/**
 * An executor that keeps its worker threads between runs: `fit` runs one small experiment per
 * optimiser step (a few dozen replications), and starting a pool for each would cost more than the
 * replications. The pool starts on the first run and is reused while the runner module and init stay
 * the same (they do within one fit); `close()` stops it. Results are the same as with any executor.
 */
import { WorkerPool } from '../../sim/pool.js';
import { DEFAULT_BOOTSTRAP, WORKER_TASK_MODULE } from '../experiment/experiment.js';
import { inProcessExecutor, type Executor } from '../experiment/executor.js';
import type { ReplicationTask } from '../experiment/runner.js';
import type { TaskOutcome, WorkerInit } from '../experiment/worker-task.js';

export interface ReusableExecutor extends Executor {
  close(): Promise<void>;
}

export function reusableExecutor(workers: number, bootstrap: URL = DEFAULT_BOOTSTRAP): ReusableExecutor {
  const wanted = Math.max(1, Math.floor(workers));
  if (wanted === 1) return { ...inProcessExecutor(), close: async () => {} };
  let pool: WorkerPool<ReplicationTask, TaskOutcome> | null = null;
  let initOf: WorkerInit | null = null;
  const close = async () => {
    const p = pool;
    pool = null;
    initOf = null;
    await p?.close();
  };
  return {
    name: `${wanted} worker threads`,
    parallelism: () => wanted,
    async run(job, onOutcome, signal) {
      if (job.tasks.length === 0 || signal?.aborted) return;
      const init: WorkerInit = { runnerModule: job.runnerModule, runnerInit: job.runnerInit };
      if (
        pool !== null &&
        initOf !== null &&
        (initOf.runnerModule !== init.runnerModule || initOf.runnerInit !== init.runnerInit)
      )
        await close();
      if (pool === null) {
        pool = await WorkerPool.start<WorkerInit, ReplicationTask, TaskOutcome>({
          bootstrap,
          module: WORKER_TASK_MODULE,
          init,
          size: wanted,
        });
        initOf = init;
      }
      try {
        const outcome = await pool.run(job.tasks, onOutcome, signal ? { signal } : {});
        if (outcome.aborted) pool = null; // an aborted run closes the pool
      } catch (error) {
        pool = null; // a failed run leaves the pool unusable (it closes itself)
        throw error;
      }
    },
    close,
  };
}
