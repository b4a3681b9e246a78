/**
 * A sensitivity experiment as design points for runExperimentRequest and the analysis of their
 * outputs: `oat` (1 + 2d points, per-replication values kept for paired CIs), `morris` (K
 * trajectories of d + 1 points) and `sobol` (Saltelli, K (d + 2) points). Every point runs the same
 * replication seeds (common random numbers); morris and sobol read each point's mean over them.
 */
import { RandomStream } from '../../sim/random.js';
import type { UncertainParameter } from '../../scenarios/uncertainty.js';
import type { DesignPoint } from '../experiment/design.js';
import { morrisDesign, oatDesign, saltelliDesign, toValues } from './designs.js';
import { morrisIndices, sobolIndices, type MorrisIndex, type SobolIndex } from './estimators.js';
import { oatSummary, type OatSummary } from './oat.js';

export const SENSITIVITY_METHODS = ['oat', 'morris', 'sobol'] as const;
export type SensitivityMethod = (typeof SENSITIVITY_METHODS)[number];

export type SensitivityAnalysis =
  | { method: 'oat'; summary: OatSummary }
  | { method: 'morris'; indices: MorrisIndex[] }
  | { method: 'sobol'; indices: SobolIndex[] };

export interface SensitivityPlan {
  points: DesignPoint[];
  /** Parameter values of each point, in the parameters' order. */
  values: number[][];
  /** y[p][r]: the metric at point p in replication r. */
  analyse(y: readonly (readonly number[])[]): SensitivityAnalysis;
}

const point = (params: readonly UncertainParameter[], values: readonly number[], id: string): DesignPoint => ({
  id,
  params: Object.fromEntries(params.map((p, i) => [p.pointer, values[i]!])),
});

const means = (y: readonly (readonly number[])[]) => y.map((ys) => ys.reduce((s, v) => s + v, 0) / ys.length);

/** The plan of `method` over `params`; `samples` = Morris trajectories or Saltelli base rows; `seed` seeds the design. */
export function sensitivityPlan(
  method: SensitivityMethod,
  params: readonly UncertainParameter[],
  samples: number,
  seed: number,
): SensitivityPlan {
  const d = params.length;
  if (d === 0) throw new RangeError('the scenario declares no uncertainty ranges');
  const rng = (name: string) => new RandomStream(name, `chipsim/${seed}/sensitivity/${name}`);
  if (method === 'oat') {
    const design = oatDesign(params);
    const values = design.map((p) => p.values);
    return {
      points: design.map((p, i) => (i === 0 ? { id: 'base', params: {} } : point(params, p.values, `p${i}`))),
      values,
      analyse: (y) =>
        ({
          method: 'oat',
          summary: oatSummary(
            params,
            y[0]!,
            params.map((_, i) => y[1 + 2 * i]!),
            params.map((_, i) => y[2 + 2 * i]!),
          ),
        }) as const,
    };
  }
  const analysisRng = rng('bootstrap');
  if (method === 'morris') {
    const trajectories = morrisDesign(d, samples, rng('morris'));
    const values = trajectories.flatMap((t) => t.rows.map((row) => toValues(params, row)));
    return {
      points: values.map((v, i) => point(params, v, `m${i}`)),
      values,
      analyse: (y) => ({ method: 'morris', indices: morrisIndices(trajectories, means(y), analysisRng) }),
    };
  }
  const values = saltelliDesign(samples, d, rng('saltelli')).map((row) => toValues(params, row));
  return {
    points: values.map((v, i) => point(params, v, `s${i}`)),
    values,
    analyse: (y) => ({ method: 'sobol', indices: sobolIndices(means(y), d, analysisRng) }),
  };
}
