/**
 * Runs an experiment: design points × replications × policies, replication r of every point and
 * policy with the same seed deriveSeed(seed, r) (common random numbers), on any executor, and folds
 * the records per point in (point, replication, policy) order — so the result is the same to the
 * bit whatever the executor, the worker count, the completion order, or how often it was resumed.
 */
import { availableParallelism } from 'node:os';
import { Reorder } from '../../sim/pool.js';
import type { Scenario } from '../../scenarios/index.js';
import { ExperimentAggregator, type ComparisonResult } from './aggregate.js';
import {
  BASE_POINT,
  designProblem,
  planTasks,
  taskId,
  type DesignPoint,
  type ExperimentDesign,
  type ExperimentTask,
} from './design.js';
import type { Outcome } from './errors.js';
import { inProcessExecutor, workerPoolExecutor, type Executor } from './executor.js';
import type { ReplicationRecord } from './record.js';
import type { RunnerInit } from './runner.js';

export const DEFAULT_BOOTSTRAP = new URL('../../bin/worker.js', import.meta.url);
// Sibling modules with this file's own extension: .ts from sources (tsx, vitest), .js from dist/.
const EXT = import.meta.url.slice(import.meta.url.lastIndexOf('.'));
export const WORKER_TASK_MODULE = new URL(`./worker-task${EXT}`, import.meta.url).href;
export const MODEL_RUNNER_MODULE = new URL(`./model-runner${EXT}`, import.meta.url).href;

/** In-process for one worker (no start-up cost), else a pool of worker threads. */
export function localExecutor(workers: number = availableParallelism(), bootstrap: URL = DEFAULT_BOOTSTRAP): Executor {
  const n = Math.max(1, Math.floor(workers));
  return n === 1 ? inProcessExecutor() : workerPoolExecutor({ workers: n, bootstrap, taskModule: WORKER_TASK_MODULE });
}

export interface Progress {
  /** Tasks finished, including those resumed from a checkpoint. */
  done: number;
  total: number;
  /** Finished by this run (excludes resumed ones). */
  computed: number;
}

export interface ExperimentOptions<S = Scenario> {
  /** File URL (href) of the runner module (default: the real model). */
  runnerModule?: string;
  runnerInit: RunnerInit<S>;
  /** Names the records and the output use, per policy (default: runnerInit.policies). */
  policyLabels?: readonly string[];
  /** Design points (default: the base scenario only, as in `compare`). */
  points?: readonly DesignPoint[];
  reps: number;
  seed: number;
  /** Where tasks run (default: localExecutor(workers)). */
  executor?: Executor;
  /** Used only without `executor`: 1 runs in-process; default os.availableParallelism(). */
  workers?: number;
  /** Run only the tasks this accepts (e.g. one shard); the others stay missing (complete = false). */
  select?: (task: ExperimentTask, design: ExperimentDesign) => boolean;
  /** Records finished earlier (from a checkpoint); anything outside this experiment is ignored. */
  done?: Iterable<ReplicationRecord>;
  /** Every newly finished record, in completion order (for the checkpoint). */
  onRecord?: (record: ReplicationRecord, task: ExperimentTask) => void;
  /** Every record as it is folded, in (point, replication, policy) order (for CSV rows). */
  onFold?: (record: ReplicationRecord, point: DesignPoint) => void;
  onProgress?: (progress: Progress) => void;
  /** Abort to stop early: the executor stops, finished records are kept. */
  signal?: AbortSignal;
  /** Worker bootstrap (tests); used only without `executor`. */
  bootstrap?: URL;
}

export interface PointResult {
  point: DesignPoint;
  result: ComparisonResult;
}

export interface ExperimentOutcome {
  /** One result per design point, in design order. */
  points: PointResult[];
  /** The first point's result (the only one in `compare`). */
  result: ComparisonResult;
  /** False when stopped (abort or `select`) before every task finished. */
  complete: boolean;
  /** Tasks computed by this run / taken from `done`, and all tasks of the design. */
  computed: number;
  resumed: number;
  total: number;
  /** Parallelism used (1 = in-process). */
  workers: number;
  /** Most records ever held back waiting for an earlier task (memory stays flat). */
  maxBuffered: number;
}

/** Runs the experiment; a failing replication ends it with that failure as data (no throw). */
export async function runExperiment<S = Scenario>(options: ExperimentOptions<S>): Promise<Outcome<ExperimentOutcome>> {
  const labels = [...(options.policyLabels ?? options.runnerInit.policies)];
  const points = [...(options.points ?? [BASE_POINT])];
  const design = { points, policies: labels, reps: options.reps, seed: options.seed };
  const problem = designProblem(design);
  if (problem !== null) return { ok: false, error: { kind: 'bad-input', message: problem } };
  const plan = planTasks(design);
  const aggregators = points.map(() => new ExperimentAggregator(labels));
  const reorder = new Reorder<ReplicationRecord>((record, index) => {
    const task = plan[index]!;
    options.onFold?.(record, points[task.point]!);
    aggregators[task.point]!.add(record);
  });

  const byId = new Map(plan.map((t) => [t.id, t]));
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const finished = new Set<number>();
  let resumed = 0;
  for (const r of options.done ?? []) {
    const k = labelIndex.get(r.policy);
    const task = k === undefined ? undefined : byId.get(taskId(r.point ?? BASE_POINT.id, r.rep, k));
    if (!task || finished.has(task.index)) continue;
    finished.add(task.index);
    reorder.put(task.index, r);
    resumed++;
  }
  const todo = plan.filter((t) => !finished.has(t.index) && (options.select?.(t, design) ?? true));
  const total = plan.length;

  let computed = 0;
  let maxBuffered = reorder.buffered;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stop.abort();
  let failure: Outcome<ExperimentOutcome> | null = null;

  const executor = options.executor ?? localExecutor(options.workers, options.bootstrap);
  options.onProgress?.({ done: resumed, total, computed: 0 });
  try {
    await executor.run(
      { runnerModule: options.runnerModule ?? MODEL_RUNNER_MODULE, runnerInit: options.runnerInit, tasks: todo },
      (outcome, i) => {
        if (failure !== null || stop.signal.aborted) return;
        if (!outcome.ok) {
          failure = { ok: false, error: outcome.error };
          stop.abort();
          return;
        }
        const task = todo[i]!;
        // The task, not the runner, is the authority on which cell of the experiment this is.
        const record = outcome.record;
        record.rep = task.rep;
        record.seed = task.seed;
        record.policy = labels[task.policyIndex]!;
        record.point = task.pointId;
        computed++;
        options.onRecord?.(record, task);
        reorder.put(task.index, record);
        maxBuffered = Math.max(maxBuffered, reorder.buffered);
        options.onProgress?.({ done: resumed + computed, total, computed });
      },
      stop.signal,
    );
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { ok: false, error: { kind: 'internal', message: `${executor.name}: ${String(error)}`, detail } };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (failure !== null) return failure;

  const results = points.map((point, p) => ({ point, result: aggregators[p]!.result() }));
  return {
    ok: true,
    value: {
      points: results,
      result: results[0]!.result,
      complete: computed + resumed === total,
      computed,
      resumed,
      total,
      workers: executor.parallelism(todo.length),
      maxBuffered,
    },
  };
}
