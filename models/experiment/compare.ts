/**
 * The experiment as one typed call: resolve (scenario, policies) → lock and read the checkpoint →
 * run on an executor, appending every finished replication → aggregate per design point. Returns
 * the results or an ExperimentError; it never prints, never exits and knows nothing of flags, so
 * the CLI (`compare`, and `sweep`, `sensitivity`, shards or a queue built on it) maps errors to
 * exit codes and words. `compare` is the case of one design point.
 */
import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { loadScenario as loadBundledOrFile, type Scenario } from '../../scenarios/index.js';
import { PolicyError, resolvePolicy } from '../policies/index.js';
import {
  CheckpointError,
  CheckpointWriter,
  checkpointHeader,
  contentHash,
  experimentKey,
  readCheckpoint,
  type CheckpointHeader,
} from './checkpoint.js';
import { BASE_POINT, type DesignPoint, type ExperimentDesign, type ExperimentTask } from './design.js';
import { ioError, type ExperimentError, type Outcome } from './errors.js';
import {
  DEFAULT_BOOTSTRAP,
  MODEL_RUNNER_MODULE,
  WORKER_TASK_MODULE,
  runExperiment,
  type ExperimentOutcome,
  type Progress,
} from './experiment.js';
import { workerPoolExecutor, type Executor } from './executor.js';
import { acquireLock, type CheckpointLock } from './lock.js';
import { provenance, type Provenance } from './provenance.js';
import type { ReplicationRecord } from './record.js';

/**
 * Where the checkpoint goes: a given file, or `<folder>/<experiment>-<experiment key>.jsonl`, named
 * by the command that runs it (`compare` when absent; `sensitivity`, `sweep`, …).
 */
export type CheckpointPlace = { file: string } | { folder: string; experiment?: string };

export interface CheckpointPlan {
  place: CheckpointPlace;
  /** Continue from the records already in it (else it is started afresh). */
  resume?: boolean;
  /** Keep it after a finished run (default: removed by `finish()`). */
  keep?: boolean;
}

export type LoadedScenario<S> = { ok: true; name: string; scenario: S } | { ok: false; error: string };

export interface ExperimentRequest<S = Scenario> {
  /** Bundled scenario name or path. */
  scenario: string;
  /** Policy names or plug-in paths, in output order (a = first). */
  policies: readonly string[];
  reps: number;
  seed: number;
  /** Design points (default: the base scenario only). */
  points?: readonly DesignPoint[];
  /** Time limit of each plug-in call in ms (default: the plug-in loader's). */
  pluginTimeoutMs?: number;
  /** Event budget of each replication (default: simulate's); past it the experiment fails with 'event-budget'. */
  maxEvents?: number;
  /** Where tasks run (default: in-process for workers = 1, else a worker pool). */
  executor?: Executor;
  workers?: number;
  /** Run only these tasks (a shard); the result is then partial (`complete: false`). */
  select?: (task: ExperimentTask, design: ExperimentDesign) => boolean;
  /** null: no checkpoint (nothing is resumable). */
  checkpoint: CheckpointPlan | null;
  /** The command line, for provenance and the checkpoint's lock. */
  command: string;
  /** Called once resolved and checkpointed, just before the first task runs (e.g. to write output headers). */
  onStart?: (meta: Provenance) => void;
  onFold?: (record: ReplicationRecord, point: DesignPoint) => void;
  /** Every newly finished record, in completion order, after it is in the checkpoint (e.g. for a shard's part file). */
  onRecord?: (record: ReplicationRecord, task: ExperimentTask) => void;
  onProgress?: (progress: Progress) => void;
  /** The records taken from the checkpoint on --resume (before any task runs). */
  onResume?: (records: readonly ReplicationRecord[]) => void;
  /** Notes for the user (e.g. an unfinished checkpoint being replaced). */
  onNotice?: (message: string) => void;
  signal?: AbortSignal;
  /** Test seams: the runner module, scenario loading, policy resolution (returns the display name). */
  runnerModule?: string;
  loadScenario?: (nameOrPath: string) => LoadedScenario<S>;
  policyName?: (nameOrPath: string) => Promise<string>;
}

/** The experiment's outcome (complete = false only when `select` left tasks out: a shard) and its context. */
export interface ExperimentSuccess extends ExperimentOutcome {
  scenarioName: string;
  /** Display names of the policies, in request order. */
  policies: string[];
  meta: Provenance;
  /** The experiment's identity and provenance (as in the checkpoint header; e.g. for a shard's part file). */
  header: CheckpointHeader;
  /** The checkpoint path, null without one. */
  checkpoint: string | null;
  /** Call once the outputs are safely written: removes the checkpoint (unless kept) and its lock. */
  finish(): void;
}

const fail = (error: ExperimentError): { ok: false; error: ExperimentError } => ({ ok: false, error });

async function policyLabels(
  specs: readonly string[],
  policyName: (spec: string) => Promise<string>,
): Promise<Outcome<string[]>> {
  const labels: string[] = [];
  for (const [index, spec] of specs.entries()) {
    try {
      labels.push(await policyName(spec));
    } catch (error) {
      if (error instanceof PolicyError) return fail({ kind: 'policy', message: error.message, policy: spec, index });
      throw error;
    }
  }
  const dup = labels.findIndex((p, i) => labels.indexOf(p) !== i);
  if (dup >= 0)
    return fail({ kind: 'policy', message: `names policy "${labels[dup]}" twice`, policy: specs[dup]!, index: dup });
  return { ok: true, value: labels };
}

function removeIfEmpty(folder: string): void {
  try {
    rmdirSync(folder);
  } catch {
    /* not empty (other checkpoints) or gone: leave it */
  }
}

export function checkpointPathFor(place: CheckpointPlace, header: CheckpointHeader): string {
  if ('file' in place) return place.file;
  return join(place.folder, `${place.experiment ?? 'compare'}-${experimentKey(header)}.jsonl`);
}

export async function runExperimentRequest<S = Scenario>(
  request: ExperimentRequest<S>,
): Promise<Outcome<ExperimentSuccess>> {
  // Without an executor of the caller's, more than one worker: start them now, so they load the
  // model while this thread loads and validates the scenario (issue 11: pool start-up off the
  // critical path); they are stopped if the experiment ends before it runs a task.
  const workers = Math.max(1, Math.floor(request.workers ?? availableParallelism()));
  const early =
    request.executor === undefined && workers > 1
      ? workerPoolExecutor({
          workers,
          bootstrap: DEFAULT_BOOTSTRAP,
          taskModule: WORKER_TASK_MODULE,
          prestart: { preload: [request.runnerModule ?? MODEL_RUNNER_MODULE] },
        })
      : null;
  try {
    return await runRequest(early ? { ...request, executor: early } : request);
  } finally {
    early?.dispose?.();
  }
}

async function runRequest<S>(request: ExperimentRequest<S>): Promise<Outcome<ExperimentSuccess>> {
  // The experiment's points are validated one by one when they are built (model-runner.ts); whether
  // every declared uncertainty range gives a valid scenario is for the commands that derive points
  // from the map (sensitivity, sweep, fit), which load the scenario with that check first.
  const loadUnvaried = (n: string) => loadBundledOrFile(n, { variations: false });
  // Without a loader of its own, S is the default Scenario (the only kind the bundled loader reads).
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion
  const load = request.loadScenario ?? (loadUnvaried as unknown as (n: string) => LoadedScenario<S>);
  const loaded = load(request.scenario);
  if (!loaded.ok) return fail({ kind: 'bad-input', message: loaded.error });
  const pluginTimeout = request.pluginTimeoutMs !== undefined ? { timeoutMs: request.pluginTimeoutMs } : {};
  const named = await policyLabels(
    request.policies,
    request.policyName ??
      (async (spec) => (await resolvePolicy(spec, { source: '--policies', ...pluginTimeout })).name),
  );
  if (!named.ok) return named;
  const labels = named.value;
  const points = [...(request.points ?? [BASE_POINT])];
  const meta = provenance(contentHash(loaded.scenario), request.command);
  const header = checkpointHeader(
    { scenario: request.scenario, policies: labels, seed: request.seed, reps: request.reps, points },
    meta,
  );

  const plan = request.checkpoint;
  const path = plan ? checkpointPathFor(plan.place, header) : null;
  let lock: CheckpointLock | null = null;
  let writer: CheckpointWriter | null = null;
  const cleanUp = () => {
    writer?.close();
    lock?.release();
  };
  let done: ReplicationRecord[] = [];
  if (path !== null) {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      return fail(ioError(error, dirname(path)));
    }
    const locked = acquireLock(path, request.command);
    if (!locked.ok) return locked;
    lock = locked.value;
    try {
      if (plan?.resume) {
        done = readCheckpoint(path, header).records;
        request.onResume?.(done);
        request.onNotice?.(
          `resuming from ${path}: ${done.length} of ${request.reps * labels.length * points.length} runs already done`,
        );
      } else if (existsSync(path)) {
        try {
          const old = readCheckpoint(path, { ...header, reps: Number.MAX_SAFE_INTEGER });
          if (old.records.length > 0)
            request.onNotice?.(
              `replacing the unfinished checkpoint ${path} (${old.records.length} runs); --resume would have continued it`,
            );
        } catch {
          /* another experiment's or unreadable: replaced silently */
        }
      }
      writer = CheckpointWriter.create(path, header, done);
    } catch (error) {
      cleanUp();
      if (error instanceof CheckpointError) return fail({ kind: 'checkpoint', message: error.message, path });
      return fail(ioError(error, path));
    }
  }

  request.onStart?.(meta);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  request.signal?.addEventListener('abort', onAbort, { once: true });
  if (request.signal?.aborted) stop.abort();
  let writeFailure: ExperimentError | null = null;
  const outcome = await runExperiment<S>({
    ...(request.runnerModule !== undefined ? { runnerModule: request.runnerModule } : {}),
    runnerInit: {
      scenarioName: loaded.name,
      scenario: loaded.scenario,
      policies: request.policies,
      ...(request.pluginTimeoutMs !== undefined ? { pluginTimeoutMs: request.pluginTimeoutMs } : {}),
      ...(request.maxEvents !== undefined ? { maxEvents: request.maxEvents } : {}),
    },
    policyLabels: labels,
    points,
    reps: request.reps,
    seed: request.seed,
    ...(request.executor ? { executor: request.executor } : {}),
    ...(request.workers !== undefined ? { workers: request.workers } : {}),
    ...(request.select ? { select: request.select } : {}),
    done,
    onRecord: (record, task) => {
      if (writeFailure !== null) return;
      try {
        writer?.append(record);
      } catch (error) {
        writeFailure = ioError(error, path ?? undefined);
        stop.abort();
        return;
      }
      request.onRecord?.(record, task);
    },
    ...(request.onFold ? { onFold: request.onFold } : {}),
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    signal: stop.signal,
  }).finally(() => request.signal?.removeEventListener('abort', onAbort));

  writer?.close();
  if (writeFailure !== null) {
    cleanUp();
    return fail(writeFailure);
  }
  if (!outcome.ok) {
    cleanUp();
    if (outcome.error.kind === 'policy' && outcome.error.index !== undefined)
      return fail({ ...outcome.error, policy: request.policies[outcome.error.index]! });
    if (outcome.error.kind === 'event-budget') return fail({ ...outcome.error, checkpoint: path });
    return outcome;
  }
  const o = outcome.value;
  if (request.signal?.aborted && !o.complete) {
    cleanUp();
    const finished = o.computed + o.resumed;
    return fail({
      kind: 'interrupted',
      message: `interrupted: ${finished} of ${o.total} runs (replication × policy) are saved${path ? ` in ${path}` : ' nowhere (no checkpoint)'}`,
      finished,
      total: o.total,
      checkpoint: path,
    });
  }
  const finishedWriter = writer;
  return {
    ok: true,
    value: {
      scenarioName: loaded.name,
      policies: labels,
      meta,
      header,
      ...o,
      checkpoint: path,
      finish: () => {
        // a shard's checkpoint is done when its tasks are (its part file holds them)
        if ((o.complete || request.select) && !plan?.keep) finishedWriter?.remove();
        lock?.release();
        // a default checkpoint folder that is now empty goes too (nothing left behind)
        if (plan && 'folder' in plan.place) removeIfEmpty(plan.place.folder);
      },
    },
  };
}
