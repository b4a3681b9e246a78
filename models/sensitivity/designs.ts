/**
 * Experimental designs over uncertain parameters. Every sampling design works in the unit cube
 * [0, 1]^d (one column per parameter) and is seeded through a named RandomStream; `toValues` maps a
 * unit row to parameter values through each parameter's distribution (uniform or triangular).
 * The estimators that read these designs' outputs are in estimators.ts.
 */
import { triangular } from '../../sim/distributions.js';
import type { RandomStream } from '../../sim/random.js';
import type { UncertainParameter } from '../../scenarios/uncertainty.js';

export type UnitRow = number[];
type Ranged = Pick<UncertainParameter, 'low' | 'high' | 'typical' | 'distribution'>;

/** The value of `p` at quantile u ∈ [0, 1] of its distribution (inverse CDF). */
export function fromUnit(p: Ranged, u: number): number {
  if (p.distribution === 'triangular') return triangular(() => u, p.low, p.typical, p.high);
  return p.low + (p.high - p.low) * u;
}

/** Parameter values of a unit row. */
export function toValues(params: readonly Ranged[], row: readonly number[]): number[] {
  return params.map((p, i) => fromUnit(p, row[i]!));
}

/** One point of a one-at-a-time design: every parameter typical except `parameter` (null: baseline). */
export interface OatPoint {
  parameter: number | null;
  side: 'typical' | 'low' | 'high';
  values: number[];
}

/** Baseline first, then for each parameter i: i at low, i at high, all others typical (1 + 2d points). */
export function oatDesign(params: readonly Pick<UncertainParameter, 'low' | 'high' | 'typical'>[]): OatPoint[] {
  const typical = params.map((p) => p.typical);
  const points: OatPoint[] = [{ parameter: null, side: 'typical', values: typical }];
  params.forEach((p, i) => {
    for (const side of ['low', 'high'] as const) {
      const values = [...typical];
      values[i] = p[side];
      points.push({ parameter: i, side, values });
    }
  });
  return points;
}

/** Every combination of the given values (first parameter slowest), e.g. from `--set /p=v1,v2`. */
export function fullGrid(levels: readonly (readonly number[])[]): number[][] {
  let rows: number[][] = [[]];
  for (const values of levels) {
    if (values.length === 0) throw new RangeError('full grid: a parameter has no values');
    rows = rows.flatMap((row) => values.map((v) => [...row, v]));
  }
  return rows;
}

/**
 * Latin hypercube of n rows in [0, 1]^d: each column has exactly one value in each of the n strata
 * [k/n, (k+1)/n), at a uniform position inside it, strata shuffled independently per column.
 */
export function latinHypercube(n: number, d: number, rng: RandomStream): UnitRow[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`latin hypercube: n must be an integer ≥ 1, got ${n}`);
  const rows: UnitRow[] = Array.from({ length: n }, () => new Array<number>(d).fill(0));
  for (let j = 0; j < d; j++) {
    const strata = shuffled(n, rng);
    for (let i = 0; i < n; i++) rows[i]![j] = (strata[i]! + rng.random()) / n;
  }
  return rows;
}

/** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
function shuffled(n: number, rng: RandomStream): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** A Morris trajectory: d + 1 unit rows, row k+1 differing from row k in factor order[k] alone. */
export interface MorrisTrajectory {
  rows: UnitRow[];
  /** order[k]: the factor changed between rows k and k+1. */
  order: number[];
  /** step[k]: the signed change of that factor (±Δ). */
  step: number[];
}

/**
 * K Morris trajectories on a p-level grid {0, 1/(p−1), …, 1} (p even, default 4) with the usual
 * step Δ = p / (2(p − 1)) (Morris 1991; Saltelli et al. 2008 §3.3): the start is a random grid point,
 * the factors move once each in a random order, each by +Δ or −Δ, whichever stays on the grid (for
 * even p exactly one does, so every level is equally likely before and after a move).
 */
export function morrisDesign(d: number, trajectories: number, rng: RandomStream, levels = 4): MorrisTrajectory[] {
  if (levels < 2 || levels % 2 !== 0) throw new RangeError(`morris: levels must be even and ≥ 2, got ${levels}`);
  if (!Number.isInteger(trajectories) || trajectories < 2)
    throw new RangeError(`morris: need at least 2 trajectories, got ${trajectories}`);
  const delta = levels / (2 * (levels - 1));
  const half = levels / 2;
  const out: MorrisTrajectory[] = [];
  for (let t = 0; t < trajectories; t++) {
    const level = Array.from({ length: d }, () => Math.floor(rng.random() * levels));
    const order = shuffled(d, rng);
    const rows: UnitRow[] = [level.map((k) => k / (levels - 1))];
    const step: number[] = [];
    for (const i of order) {
      const up = level[i]! + half <= levels - 1;
      level[i] = up ? level[i]! + half : level[i]! - half;
      step.push(up ? delta : -delta);
      rows.push(level.map((k) => k / (levels - 1)));
    }
    out.push({ rows, order, step });
  }
  return out;
}

/**
 * Saltelli's design for first-order and total Sobol indices (Saltelli 2002; Saltelli et al. 2010):
 * two independent n × d sample matrices A and B, and for each factor i the matrix AB_i, which is A
 * with column i taken from B. Rows are laid out in blocks of d + 2 as in SALib: A[j], AB_1[j], …,
 * AB_d[j], B[j]; n (d + 2) model runs in all. A and B are Latin hypercubes (independent).
 */
export function saltelliDesign(n: number, d: number, rng: RandomStream): UnitRow[] {
  const a = latinHypercube(n, d, rng);
  const b = latinHypercube(n, d, rng);
  const rows: UnitRow[] = [];
  for (let j = 0; j < n; j++) {
    rows.push(a[j]!);
    for (let i = 0; i < d; i++) {
      const ab = [...a[j]!];
      ab[i] = b[j]![i]!;
      rows.push(ab);
    }
    rows.push(b[j]!);
  }
  return rows;
}
