/**
 * One-at-a-time (tornado) summary: for each parameter, the metric at its low and at its high end
 * with all others typical, each over the same replication seeds (common random numbers), so the
 * swing high − low has a paired CI. Also says whether the sign of the metric flips inside the ranges
 * (the question behind "does favoured beat pro-rata whatever CoWoS capacity was?").
 */
import { meanCi, pairedDiff, type Summary } from '../../sim/stats.js';
import type { UncertainParameter } from '../../scenarios/uncertainty.js';

export interface MeanCi {
  mean: number;
  /** 95 % t interval over replications; null with fewer than 2. */
  ci95: [number, number] | null;
}

export interface OatParameter {
  pointer: string;
  source: string;
  low: number;
  high: number;
  atLow: MeanCi;
  atHigh: MeanCi;
  /** atHigh.mean − atLow.mean. */
  swing: number;
  /** Paired 95 % CI of the swing (replication r at high minus replication r at low). */
  swingCi95: [number, number] | null;
}

export interface SignFlip {
  /** Some design point has a mean above 0 and another one below 0. */
  flips: boolean;
  /** Some point's CI lies wholly above 0 and another's wholly below 0. */
  clearly: boolean;
  /** The points whose mean has the opposite sign to the baseline's, as "pointer@low|high". */
  where: string[];
}

export interface OatSummary {
  baseline: MeanCi;
  /** Sorted by |swing|, largest first (ties keep the declaration order). */
  parameters: OatParameter[];
  sign: SignFlip;
}

function meanCiOf(values: readonly number[]): MeanCi {
  return fromSummary(meanCi(checked(values)));
}

function fromSummary(s: Summary): MeanCi {
  return { mean: s.mean, ci95: s.ci };
}

function checked(values: readonly number[]): readonly number[] {
  if (values.length === 0) throw new RangeError('oat: no replications');
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`oat: metric value ${v} is not finite`);
  return values;
}

/**
 * `baseline[r]`, `atLow[i][r]` and `atHigh[i][r]`: the metric in replication r at the typical point
 * and with parameter i at its low / high end (the design of designs.ts `oatDesign`).
 */
export function oatSummary(
  params: readonly Pick<UncertainParameter, 'pointer' | 'source' | 'low' | 'high'>[],
  baseline: readonly number[],
  atLow: readonly (readonly number[])[],
  atHigh: readonly (readonly number[])[],
): OatSummary {
  if (atLow.length !== params.length || atHigh.length !== params.length)
    throw new RangeError(`oat: expected results for ${params.length} parameters`);
  const base = meanCiOf(baseline);
  const parameters = params.map((p, i): OatParameter => {
    const lo = checked(atLow[i]!);
    const hi = checked(atHigh[i]!);
    const swing = fromSummary(pairedDiff(lo, hi));
    return {
      pointer: p.pointer,
      source: p.source,
      low: p.low,
      high: p.high,
      atLow: meanCiOf(lo),
      atHigh: meanCiOf(hi),
      swing: swing.mean,
      swingCi95: swing.ci95,
    };
  });
  const order = parameters
    .map((_, i) => i)
    .sort((a, b) => Math.abs(parameters[b]!.swing) - Math.abs(parameters[a]!.swing) || a - b);
  return { baseline: base, parameters: order.map((i) => parameters[i]!), sign: signFlip(base, parameters) };
}

function signFlip(base: MeanCi, parameters: readonly OatParameter[]): SignFlip {
  const points: { label: string; at: MeanCi }[] = [{ label: 'baseline', at: base }];
  for (const p of parameters) {
    points.push({ label: `${p.pointer}@low`, at: p.atLow }, { label: `${p.pointer}@high`, at: p.atHigh });
  }
  const above = points.some((x) => x.at.mean > 0);
  const below = points.some((x) => x.at.mean < 0);
  const wholly = (x: MeanCi, side: 1 | -1) => x.ci95 !== null && (side > 0 ? x.ci95[0] > 0 : x.ci95[1] < 0);
  const baseSign = Math.sign(base.mean);
  return {
    flips: above && below,
    clearly: points.some((x) => wholly(x.at, 1)) && points.some((x) => wholly(x.at, -1)),
    where: baseSign === 0 ? [] : points.filter((x) => Math.sign(x.at.mean) === -baseSign).map((x) => x.label),
  };
}
