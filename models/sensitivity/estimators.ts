/**
 * Sensitivity estimators over the outputs of the designs in designs.ts (same order of rows). SALib
 * is the reference for the formulas (its morris.analyze and sobol.analyze); the code is our own.
 * Bootstrap CIs resample base rows (Sobol) or trajectories (Morris) with replacement from a named
 * seeded stream and take the 2.5 % and 97.5 % percentiles.
 */
import type { RandomStream } from '../../sim/random.js';
import { Welford } from '../../sim/stats.js';
import type { MorrisTrajectory } from './designs.js';

export type Interval = [number, number];

/** A point estimate with its 95 % bootstrap percentile interval. */
export interface Estimate {
  value: number;
  ci95: Interval;
}

export interface MorrisIndex {
  /** Mean elementary effect (signs can cancel). */
  mu: number;
  /** Mean absolute elementary effect: the importance measure (Campolongo et al. 2007). */
  muStar: Estimate;
  /** Sample standard deviation of the effects: non-linearity or interactions. */
  sigma: number;
}

/**
 * Morris elementary effects, in output units per unit of the factor's range: for each trajectory and
 * factor, EE = (y[k+1] − y[k]) / step[k]. `y` holds the outputs of the trajectories' rows, trajectory
 * after trajectory (K (d + 1) values).
 */
export function morrisIndices(
  trajectories: readonly MorrisTrajectory[],
  y: readonly number[],
  rng: RandomStream,
  resamples = 1000,
): MorrisIndex[] {
  const d = trajectories[0]?.order.length ?? 0;
  if (y.length !== trajectories.length * (d + 1))
    throw new RangeError(`morris: expected ${trajectories.length * (d + 1)} outputs, got ${y.length}`);
  // ee[i][t]: effect of factor i in trajectory t.
  const ee = Array.from({ length: d }, () => new Array<number>(trajectories.length).fill(0));
  trajectories.forEach((t, ti) => {
    const base = ti * (d + 1);
    t.order.forEach((i, k) => {
      ee[i]![ti] = (y[base + k + 1]! - y[base + k]!) / t.step[k]!;
    });
  });
  const k = trajectories.length;
  const boot = bootstrapIndices(k, resamples, rng);
  return ee.map((effects) => {
    const abs = effects.map(Math.abs);
    const replicates = boot.map((idx) => mean(idx.map((j) => abs[j]!)));
    return {
      mu: mean(effects),
      muStar: { value: mean(abs), ci95: percentiles(replicates) },
      sigma: Math.sqrt(variance(effects)),
    };
  });
}

export interface SobolIndex {
  /** First-order index S1: share of the variance explained by the factor alone. */
  s1: Estimate;
  /** Total index ST: share including every interaction the factor takes part in. */
  st: Estimate;
}

/**
 * First-order and total Sobol indices from a Saltelli design (blocks of d + 2 outputs per base row:
 * A, AB_1 … AB_d, B), with Jansen's estimators (Jansen 1999; Saltelli et al. 2010, Table 2 (f)):
 *   V   = variance of the outputs at A and B together,
 *   S1_i = (V − ½ mean((f(B) − f(AB_i))²)) / V,
 *   ST_i = ½ mean((f(A) − f(AB_i))²) / V.
 */
export function sobolIndices(y: readonly number[], d: number, rng: RandomStream, resamples = 1000): SobolIndex[] {
  const block = d + 2;
  if (y.length === 0 || y.length % block !== 0)
    throw new RangeError(`sobol: ${y.length} outputs is not a multiple of d + 2 = ${block}`);
  const n = y.length / block;
  const all = Array.from({ length: n }, (_, j) => j);
  const point = jansen(y, d, all);
  const boot = bootstrapIndices(n, resamples, rng).map((rows) => jansen(y, d, rows));
  return point.map((p, i) => ({
    s1: { value: p.s1, ci95: percentiles(boot.map((b) => b[i]!.s1)) },
    st: { value: p.st, ci95: percentiles(boot.map((b) => b[i]!.st)) },
  }));
}

/** Jansen's S1 and ST on the base rows `rows` (with repeats, for the bootstrap). */
function jansen(y: readonly number[], d: number, rows: readonly number[]): { s1: number; st: number }[] {
  const block = d + 2;
  const ab: number[] = [];
  for (const j of rows) ab.push(y[j * block]!, y[j * block + d + 1]!);
  const v = variance(ab);
  const out: { s1: number; st: number }[] = [];
  for (let i = 0; i < d; i++) {
    let first = 0;
    let total = 0;
    for (const j of rows) {
      const fa = y[j * block]!;
      const fb = y[j * block + d + 1]!;
      const fab = y[j * block + 1 + i]!;
      first += (fb - fab) ** 2;
      total += (fa - fab) ** 2;
    }
    const m = rows.length;
    out.push({ s1: (v - first / (2 * m)) / v, st: total / (2 * m) / v });
  }
  return out;
}

/** `resamples` lists of n indices drawn with replacement from 0..n−1. */
function bootstrapIndices(n: number, resamples: number, rng: RandomStream): number[][] {
  return Array.from({ length: resamples }, () => Array.from({ length: n }, () => Math.floor(rng.random() * n)));
}

function welford(xs: readonly number[]): Welford {
  const w = new Welford();
  for (const x of xs) w.push(x);
  return w;
}

const mean = (xs: readonly number[]): number => welford(xs).mean;
/** Sample variance (n − 1). */
const variance = (xs: readonly number[]): number => welford(xs).variance;

/** The 2.5 % and 97.5 % percentiles (linear interpolation between order statistics). */
function percentiles(xs: readonly number[]): Interval {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (q: number): number => {
    const h = (sorted.length - 1) * q;
    const lo = Math.floor(h);
    return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]!) - sorted[lo]!);
  };
  return [at(0.025), at(0.975)];
}
