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
  runExperiment,
  runExperimentRequest,
  type ExperimentError,
  type Outcome,
  type Provenance,
  type ReplicationRecord,
} from '../experiment/index.js';
import type { Scenario } from '../../scenarios/index.js';
import { allocationDistance, type AllocationTarget } from './distance.js';
import { nelderMead } from './nelder-mead.js';
import { reusableExecutor } from './reusable-pool.js';
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

export async function runFit(
  request: FitRequest,
  scenario: Scenario,
  scenarioName: string,
): Promise<Outcome<FitResult>> {
  const { reps, seed } = request;
  const baselines = [...(request.baselines ?? DEFAULT_FIT_BASELINES)];
  let done = 0;
  let planned = reps * (baselines.length + request.maxEvaluations);
  const progress = () => request.onProgress?.({ done, total: planned });

  const base = collect(request.target);
  const baseOutcome = await runExperimentRequest({
    scenario: request.scenario,
    policies: baselines,
    reps,
    seed,
    workers: request.workers,
    checkpoint: null,
    command: request.command,
    onFold: base.fold,
    onProgress: (p) => {
      done = p.done;
      progress();
    },
    ...(request.signal ? { signal: request.signal } : {}),
  });
  if (!baseOutcome.ok) return baseOutcome;
  if (!baseOutcome.value.complete)
    return fail({ kind: 'interrupted', message: 'interrupted', finished: done, total: planned, checkpoint: null });
  const meta = baseOutcome.value.meta;
  const evaluatedBefore = done;

  const executor = reusableExecutor(request.workers);
  const runnerInit = { scenarioName, scenario, policies: [FAMILY_POLICY_LABEL] };
  let evaluations = 0;
  let failure: ExperimentError | null = null;
  const estimates = new Map<string, DistanceEstimate>();
  const objective = async (x: number[]): Promise<number> => {
    const key = JSON.stringify(x);
    const known = estimates.get(key);
    if (known) return known.distance;
    if (failure !== null) return Number.POSITIVE_INFINITY;
    const factors = factorsAt(x);
    const fold = collect(request.target);
    const outcome = await runExperiment<Scenario>({
      runnerModule: FIT_RUNNER_MODULE,
      runnerInit,
      points: [{ id: `e${evaluations}`, params: factors }],
      reps,
      seed,
      executor,
      onFold: fold.fold,
      onProgress: (p) => {
        done = evaluatedBefore + evaluations * reps + p.done;
        progress();
      },
      ...(request.signal ? { signal: request.signal } : {}),
    });
    evaluations += 1;
    if (!outcome.ok) failure = outcome.error;
    else if (!outcome.value.complete)
      failure = { kind: 'interrupted', message: 'interrupted', finished: done, total: planned, checkpoint: null };
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
  } finally {
    await executor.close();
  }
  if (failure !== null) return fail(failure);
  planned = done;
  progress();
  const estimate = estimates.get(JSON.stringify(best.x))!;
  const factors = factorsAt(best.x);
  return {
    ok: true,
    value: {
      meta,
      family: request.family,
      params: Object.fromEntries(FACTOR_NAMES.map((n) => [n, factors[n]])),
      distance: estimate.distance,
      ci95: estimate.ci95,
      evaluations,
      converged: best.converged,
      baselines: baselines.map((policy, i) => ({
        policy: baseOutcome.value.policies[i] ?? policy,
        ...distanceEstimate(base.byPolicy.get(baseOutcome.value.policies[i] ?? policy)!),
      })),
    },
  };
}
