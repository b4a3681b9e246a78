/**
 * Runs a paired experiment: every policy × every replication, replication r of every policy with
 * the same seed deriveSeed(seed, r) (common random numbers), in-process (workers = 1) or on a
 * worker pool, and folds the records in (replication, policy) order — so the result is the same to
 * the bit whatever the worker count, the completion order, or how often the run was resumed.
 */
import { availableParallelism } from 'node:os';
import { deriveSeed } from '../../sim/seeds.js';
import { WorkerPool } from '../../sim/pool.js';
import { ExperimentAggregator, type ComparisonResult } from './aggregate.js';
import type { ReplicationRecord } from './record.js';
import { loadRunnerModule, type ReplicationTask, type RunnerInit } from './runner.js';
import type { WorkerInit } from './worker-task.js';

export const DEFAULT_BOOTSTRAP = new URL('../../bin/worker.js', import.meta.url);
// Sibling modules with this file's own extension: .ts from sources (tsx, vitest), .js from dist/.
const EXT = import.meta.url.slice(import.meta.url.lastIndexOf('.'));
export const WORKER_TASK_MODULE = new URL(`./worker-task${EXT}`, import.meta.url).href;
export const MODEL_RUNNER_MODULE = new URL(`./model-runner${EXT}`, import.meta.url).href;

export interface Progress {
  /** Records finished, including those resumed from a checkpoint. */
  done: number;
  total: number;
  /** Finished by this run (excludes resumed ones). */
  computed: number;
}

export interface ExperimentOptions {
  /** File URL (href) of the runner module (default: the real model). */
  runnerModule?: string;
  runnerInit: RunnerInit;
  /** Names the records and the output use, per policy (default: runnerInit.policies). */
  policyLabels?: readonly string[];
  reps: number;
  seed: number;
  /** 1 runs in-process; default os.availableParallelism(). */
  workers?: number;
  /** Records finished earlier (from a checkpoint); anything outside this experiment is ignored. */
  done?: Iterable<ReplicationRecord>;
  /** Every newly finished record, in completion order (for the checkpoint). */
  onRecord?: (record: ReplicationRecord) => void;
  /** Every record as it is folded, in (replication, policy) order (for CSV rows). */
  onFold?: (record: ReplicationRecord) => void;
  onProgress?: (progress: Progress) => void;
  /** Abort to stop early: workers are terminated, finished records are kept. */
  signal?: AbortSignal;
  bootstrap?: URL;
}

export interface ExperimentOutcome {
  result: ComparisonResult;
  /** False when aborted before every replication finished. */
  complete: boolean;
  /** Records computed by this run / taken from `done`. */
  computed: number;
  resumed: number;
  /** Workers used (1 = in-process). */
  workers: number;
  /** Most records ever held back waiting for an earlier replication (memory stays flat). */
  maxBuffered: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runExperiment(options: ExperimentOptions): Promise<ExperimentOutcome> {
  const labels = [...(options.policyLabels ?? options.runnerInit.policies)];
  const { reps, seed } = options;
  const aggregator = new ExperimentAggregator(labels, options.onFold);
  const total = reps * labels.length;

  const doneKeys = new Set<string>();
  let resumed = 0;
  for (const r of options.done ?? []) {
    const key = `${r.rep}\u0000${r.policy}`;
    if (r.rep >= reps || !labels.includes(r.policy) || doneKeys.has(key)) continue;
    doneKeys.add(key);
    aggregator.add(r);
    resumed++;
  }

  const tasks: ReplicationTask[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const s = deriveSeed(seed, rep);
    for (let p = 0; p < labels.length; p++) {
      if (!doneKeys.has(`${rep}\u0000${labels[p]}`)) tasks.push({ rep, policyIndex: p, seed: s });
    }
  }

  let computed = 0;
  let maxBuffered = aggregator.buffered;
  const accept = (task: ReplicationTask, record: ReplicationRecord) => {
    // The task, not the runner, is the authority on which cell of the experiment this is.
    record.rep = task.rep;
    record.seed = task.seed;
    record.policy = labels[task.policyIndex]!;
    computed++;
    options.onRecord?.(record);
    aggregator.add(record);
    maxBuffered = Math.max(maxBuffered, aggregator.buffered);
    options.onProgress?.({ done: resumed + computed, total, computed });
  };
  options.onProgress?.({ done: resumed, total, computed: 0 });

  const runnerModule = options.runnerModule ?? MODEL_RUNNER_MODULE;
  const wanted = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  const workers = Math.min(wanted, Math.max(1, tasks.length));
  let complete = true;

  if (tasks.length > 0 && !options.signal?.aborted) {
    if (workers === 1) {
      const runner = await loadRunnerModule(runnerModule);
      const replicate = await runner.createReplicator(options.runnerInit);
      for (const task of tasks) {
        if (options.signal?.aborted) break;
        accept(task, replicate(task));
        // Let signal handlers (SIGINT) and progress output run between replications.
        await yieldToEventLoop();
      }
    } else {
      const init: WorkerInit = { runnerModule, runnerInit: options.runnerInit };
      const pool = await WorkerPool.start<WorkerInit, ReplicationTask, ReplicationRecord>({
        bootstrap: options.bootstrap ?? DEFAULT_BOOTSTRAP,
        module: WORKER_TASK_MODULE,
        init,
        size: workers,
      });
      try {
        await pool.run(
          tasks,
          (record, index) => accept(tasks[index]!, record),
          options.signal ? { signal: options.signal } : {},
        );
      } finally {
        await pool.close();
      }
    }
  }
  if (computed + resumed < total) complete = false;
  return { result: aggregator.result(), complete, computed, resumed, workers, maxBuffered };
}
