/**
 * `fit`: the member of a policy family that best reproduces an observed allocation. The objective at
 * a point is the mean, over R replications, of the total-variation distance between the target's
 * shares and what that replication delivered to the target's customers in the target's period.
 * Replication r uses deriveSeed(seed, r) at every point and for every baseline (common random
 * numbers), so the objective is a deterministic function of the point (what Nelder–Mead needs) and
 * the comparison with the baselines is paired.
 *
 * The search starts at equal weights, which is pro-rata exactly (weighted-family.ts), and keeps its
 * best vertex: the fitted distance is never above pro-rata's.
 */
import { meanCi } from '../../sim/stats.js';
import {
  BASE_POINT,
  contentHash,
  provenance,
  runExperiment,
  type CheckpointPlan,
  type ExperimentError,
  type Executor,
  type Outcome,
  type Provenance,
  type ReplicationRecord,
} from '../experiment/index.js';
import { ioError } from '../experiment/errors.js';
import { PolicyError, resolvePolicy } from '../policies/index.js';
import type { Scenario } from '../../scenarios/index.js';
import { allocationDistance, type AllocationTarget } from './distance.js';
import { nelderMead } from './nelder-mead.js';
import { openFitCheckpoint, fitCheckpointHeader, type OpenFitCheckpoint } from './fit-checkpoint.js';
import { reusableExecutor, type ReusableExecutor } from './reusable-pool.js';
import {
  EQUAL_WEIGHTS_X,
  FACTOR_NAMES,
  FAMILY_BOUNDS,
  FAMILY_POLICY_LABEL,
  factorsAt,
  type FitFamily,
} from './weighted-family.js';

// Sibling module with this file's own extension: .ts from sources (tsx, vitest), .js from dist/.
const EXT = import.meta.url.slice(import.meta.url.lastIndexOf('.'));
export const FIT_RUNNER_MODULE = new URL(`./fit-runner${EXT}`, import.meta.url).href;

export const DEFAULT_FIT_BASELINES = ['pro-rata', 'priority', 'favoured'] as const;

export interface FitRequest {
  /** Bundled scenario name or path. */
  scenario: string;
  target: AllocationTarget;
  family: FitFamily;
  /** Policies to report the distance of, for comparison (default pro-rata, priority, favoured). */
  baselines?: readonly string[];
  reps: number;
  seed: number;
  workers: number;
  /** Largest number of objective evaluations (each `reps` replications). */
  maxEvaluations: number;
  command: string;
  /** Replications done and planned so far (the plan grows as the optimiser goes). */
  onProgress?: (p: { done: number; total: number }) => void;
  signal?: AbortSignal;
  /** Where the checkpoint goes (null or absent: none); see fit-checkpoint.ts for what resume replays. */
  checkpoint?: CheckpointPlan | null;
  /** Where the tasks run (default: `workers` threads, kept between evaluations); e.g. a queue. */
  executor?: Executor;
  /** Notes for the user (resuming, replacing an unfinished checkpoint). */
  onNotice?: (message: string) => void;
}

export interface DistanceEstimate {
  distance: number;
  ci95: [number, number] | null;
}

export interface FitResult extends DistanceEstimate {
  meta: Provenance;
  family: FitFamily;
  /** The fitted factors by name (multiplicative factors, pastVolume the extra weight of the biggest past buyer). */
  params: Record<string, number>;
  evaluations: number;
  converged: boolean;
  baselines: ({ policy: string } & DistanceEstimate)[];
}

/** GPUs delivered to each customer in weeks [fromWeek, toWeek) of one replication. */
export function periodUnits(record: ReplicationRecord, period: AllocationTarget['period']): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, cum] of Object.entries(record.series.deliveredCumulative)) {
    const at = (w: number) => (w < 0 || cum.length === 0 ? 0 : (cum[Math.min(w, cum.length - 1)] ?? 0));
    out[id] = at(period.toWeek - 1) - at(period.fromWeek - 1);
  }
  return out;
}

/** Mean and CI of per-replication distances (ordered by replication). */
export function distanceEstimate(distances: readonly number[]): DistanceEstimate {
  const s = meanCi(distances);
  return { distance: s.mean, ci95: s.ci };
}

/** Null when the target's period fits the scenario, else the error naming the field. */
export function targetPeriodProblem(target: AllocationTarget, horizonWeeks: number, label: string): string | null {
  const p = target.period;
  if (!Number.isInteger(p.fromWeek)) return `${label}: period.fromWeek: expected a whole week, got ${p.fromWeek}`;
  if (!Number.isInteger(p.toWeek)) return `${label}: period.toWeek: expected a whole week, got ${p.toWeek}`;
  if (p.toWeek > horizonWeeks)
    return `${label}: period.toWeek: ${p.toWeek} is past the scenario's horizon (${horizonWeeks} weeks)`;
  return null;
}

const fail = (error: ExperimentError): { ok: false; error: ExperimentError } => ({ ok: false, error });

/** Per-replication distances of every policy of a finished experiment, by policy label. */
function collect(target: AllocationTarget) {
  const byPolicy = new Map<string, number[]>();
  return {
    byPolicy,
    fold: (record: ReplicationRecord) => {
      const list = byPolicy.get(record.policy) ?? [];
      list[record.rep] = allocationDistance(periodUnits(record, target.period), target);
      byPolicy.set(record.policy, list);
    },
  };
}

/** A finished fit, and its checkpoint: call finish() once the output is written (removes it unless kept). */
export interface FitRun {
  result: FitResult;
  /** Where the checkpoint was; null without one. */
  checkpoint: string | null;
  finish(): void;
}

async function baselineLabels(specs: readonly string[]): Promise<Outcome<string[]>> {
  const labels: string[] = [];
  for (const [index, policy] of specs.entries()) {
    try {
      labels.push((await resolvePolicy(policy, { source: '--policies' })).name);
    } catch (error) {
      if (error instanceof PolicyError) return fail({ kind: 'policy', message: error.message, policy, index });
      throw error;
    }
  }
  return { ok: true, value: labels };
}

export async function runFit(request: FitRequest, scenario: Scenario, scenarioName: string): Promise<Outcome<FitRun>> {
  const { reps, seed } = request;
  const baselines = [...(request.baselines ?? DEFAULT_FIT_BASELINES)];
  const named = await baselineLabels(baselines);
  if (!named.ok) return named;
  const labels = named.value;
  const meta = provenance(contentHash(scenario), request.command);
  const header = fitCheckpointHeader(
    { scenario: request.scenario, policies: [...labels, FAMILY_POLICY_LABEL], seed, reps },
    { family: request.family, target: request.target, maxEvaluations: request.maxEvaluations },
    meta,
  );
  let checkpoint: OpenFitCheckpoint | null = null;
  if (request.checkpoint) {
    const opened = openFitCheckpoint(request.checkpoint, header, request.command, request.onNotice);
    if (!opened.ok) return opened;
    checkpoint = opened.value;
  }
  const donePerPoint = new Map<string, ReplicationRecord[]>();
  for (const r of checkpoint?.done ?? []) {
    const id = r.point ?? BASE_POINT.id;
    donePerPoint.set(id, [...(donePerPoint.get(id) ?? []), r]);
  }

  let done = 0;
  let planned = reps * (baselines.length + request.maxEvaluations);
  const progress = () => request.onProgress?.({ done, total: planned });
  // a checkpoint that cannot be written stops the fit (what finished is kept)
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  request.signal?.addEventListener('abort', onAbort, { once: true });
  if (request.signal?.aborted) stop.abort();
  let failure: ExperimentError | null = null;
  const save = (record: ReplicationRecord) => {
    if (checkpoint === null || failure !== null) return;
    try {
      checkpoint.append(record);
    } catch (error) {
      failure = ioError(error, checkpoint.path);
      stop.abort();
    }
  };
  const interrupted = (): ExperimentError => ({
    kind: 'interrupted',
    message: `interrupted: ${done} runs (replication × policy or evaluation) are saved${checkpoint ? ` in ${checkpoint.path}` : ' nowhere (no checkpoint)'}`,
    finished: done,
    total: planned,
    checkpoint: checkpoint?.path ?? null,
  });
  // the pool is ours to close only when we made it
  const ownPool: ReusableExecutor | null = request.executor ? null : reusableExecutor(request.workers);
  const executor: Executor = request.executor ?? ownPool!;
  const closeExecutor = async () => {
    await ownPool?.close();
  };
  const abandon = async (error: ExperimentError) => {
    await closeExecutor();
    request.signal?.removeEventListener('abort', onAbort);
    checkpoint?.abandon();
    return fail(error);
  };

  const base = collect(request.target);
  const baseOutcome = await runExperiment<Scenario>({
    runnerInit: { scenarioName, scenario, policies: baselines },
    policyLabels: labels,
    reps,
    seed,
    executor,
    done: donePerPoint.get(BASE_POINT.id) ?? [],
    onRecord: save,
    onFold: base.fold,
    onProgress: (p) => {
      done = p.done;
      progress();
    },
    signal: stop.signal,
  });
  if (failure !== null) return abandon(failure);
  if (!baseOutcome.ok) {
    const e = baseOutcome.error;
    return abandon(e.kind === 'policy' && e.index !== undefined ? { ...e, policy: baselines[e.index]! } : e);
  }
  if (!baseOutcome.value.complete) return abandon(interrupted());
  const evaluatedBefore = done;

  const runnerInit = { scenarioName, scenario, policies: [FAMILY_POLICY_LABEL] };
  let evaluations = 0;
  const estimates = new Map<string, DistanceEstimate>();
  const objective = async (x: number[]): Promise<number> => {
    const key = JSON.stringify(x);
    const known = estimates.get(key);
    if (known) return known.distance;
    if (failure !== null) return Number.POSITIVE_INFINITY;
    const factors = factorsAt(x);
    const fold = collect(request.target);
    const id = `e${evaluations}`;
    const outcome = await runExperiment<Scenario>({
      runnerModule: FIT_RUNNER_MODULE,
      runnerInit,
      points: [{ id, params: factors }],
      reps,
      seed,
      executor,
      done: donePerPoint.get(id) ?? [],
      onRecord: save,
      onFold: fold.fold,
      onProgress: (p) => {
        done = evaluatedBefore + evaluations * reps + p.done;
        progress();
      },
      signal: stop.signal,
    });
    evaluations += 1;
    if (failure !== null) return Number.POSITIVE_INFINITY;
    if (!outcome.ok) failure = outcome.error;
    else if (!outcome.value.complete) failure = interrupted();
    if (failure !== null) return Number.POSITIVE_INFINITY;
    const estimate = distanceEstimate(fold.byPolicy.get(FAMILY_POLICY_LABEL)!);
    estimates.set(key, estimate);
    return estimate.distance;
  };

  let best;
  try {
    best = await nelderMead(objective, EQUAL_WEIGHTS_X, FAMILY_BOUNDS, {
      maxEvaluations: request.maxEvaluations,
      xTol: 1e-3,
      fTol: 1e-6,
      step: 0.1,
    });
  } catch (error) {
    await abandon({ kind: 'internal', message: String(error) });
    throw error;
  }
  if (failure !== null) return abandon(failure);
  await closeExecutor();
  request.signal?.removeEventListener('abort', onAbort);
  planned = done;
  progress();
  const estimate = estimates.get(JSON.stringify(best.x))!;
  const factors = factorsAt(best.x);
  const open = checkpoint;
  return {
    ok: true,
    value: {
      result: {
        meta,
        family: request.family,
        params: Object.fromEntries(FACTOR_NAMES.map((n) => [n, factors[n]])),
        distance: estimate.distance,
        ci95: estimate.ci95,
        evaluations,
        converged: best.converged,
        baselines: labels.map((policy) => ({ policy, ...distanceEstimate(base.byPolicy.get(policy)!) })),
      },
      checkpoint: open?.path ?? null,
      finish: () => open?.finish(),
    },
  };
}
