/**
 * The design of an experiment: design points × replications × policies. A design point is the base
 * scenario with some numbers set (its parameter record, JSON Pointer → value); `compare` has one,
 * the base point. Replication r of every point and every policy uses the seed deriveSeed(seed, r),
 * so differences between policies AND between points are paired (common random numbers).
 *
 * Tasks are planned in (point, replication, policy) order; that order is also the fold order, and
 * each task has a stable id `<point id>/<rep>/<policy index>` (for checkpoints, shards and queues).
 */
import { deriveSeed } from '../../sim/seeds.js';
import type { PointParams, ReplicationTask } from './runner.js';
import { applyParameters, pointerTarget } from '../../scenarios/uncertainty.js';
import type { Scenario } from '../../scenarios/index.js';

export interface DesignPoint {
  /** Stable, unique within the experiment (e.g. "base", "p17"); names the point in records. */
  id: string;
  /** Numbers of the base scenario replaced at this point; {} for the base scenario itself. */
  params: PointParams;
}

export const BASE_POINT: DesignPoint = { id: 'base', params: {} };

export interface ExperimentDesign {
  points: readonly DesignPoint[];
  /** Policy labels, in request order (tasks refer to them by index). */
  policies: readonly string[];
  reps: number;
  seed: number;
}

export interface ExperimentTask extends ReplicationTask {
  /** `<point id>/<rep>/<policy index>`; unique and stable across runs of the same design. */
  id: string;
  point: number;
  pointId: string;
  /** Position in the fold order. */
  index: number;
}

export const taskId = (pointId: string, rep: number, policyIndex: number) => `${pointId}/${rep}/${policyIndex}`;

/** Every task of the design, in fold order (point, replication, policy). */
export function planTasks(design: ExperimentDesign): ExperimentTask[] {
  const tasks: ExperimentTask[] = [];
  const seeds = Array.from({ length: design.reps }, (_, rep) => deriveSeed(design.seed, rep));
  design.points.forEach((point, p) => {
    for (let rep = 0; rep < design.reps; rep++) {
      for (let k = 0; k < design.policies.length; k++) {
        tasks.push({
          id: taskId(point.id, rep, k),
          index: tasks.length,
          point: p,
          pointId: point.id,
          params: point.params,
          rep,
          policyIndex: k,
          seed: seeds[rep]!,
        });
      }
    }
  });
  return tasks;
}

/** Null when the points are usable, else what is wrong (duplicate or empty ids). */
export function designProblem(design: ExperimentDesign): string | null {
  if (design.points.length === 0) return 'an experiment needs at least one design point';
  const ids = new Set<string>();
  for (const p of design.points) {
    if (p.id === '' || p.id.includes('/')) return `design point id "${p.id}" must be non-empty and without "/"`;
    if (ids.has(p.id)) return `design point id "${p.id}" appears twice`;
    ids.add(p.id);
  }
  if (new Set(design.policies).size !== design.policies.length) return 'policy labels must be unique';
  return null;
}

/**
 * The base scenario with a point's numbers set, with the uncertainty map's semantics
 * (scenarios/uncertainty.ts `applyParameters`: a number is replaced, a schedule is scaled on every
 * point; integer ranges are rounded). A copy; the base is not touched. Throws a RangeError naming the
 * pointer when it does not lead to a number or a schedule.
 */
export function applyParams<S>(base: S, params: PointParams): S {
  const entries = Object.entries(params);
  if (entries.length === 0) return base;
  // Parameters exist only for Scenario-shaped bases (the design was checked against the uncertainty
  // map); other S come from test runners that use no parameters and left above.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion
  const scenario = base as unknown as Scenario;
  const targets = entries.map(([pointer]) => {
    const target = pointerTarget(scenario, pointer);
    if (!target.ok) throw new RangeError(`${pointer}: ${target.error}`);
    return { pointer, kind: target.kind, integer: scenario.uncertainty?.[pointer]?.integer === true };
  });
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the same S as `base`, see above
  return applyParameters(
    scenario,
    targets,
    entries.map(([, v]) => v),
  ) as unknown as S;
}
