/**
 * The range each compare metric can take by its definition (models/metrics.ts, models/starvation.ts),
 * used to cut a confidence interval of its mean to values the mean can have.
 *
 * Why: a Student-t interval is symmetric, so the mean of a count that is zero in most replications
 * (GPUs resold: 23 ± 46 over 100 replications) gets a negative lower bound, which no report can use.
 * The mean of values that all lie in [min, max] lies there too, so cutting the interval to [min, max]
 * drops only values the mean cannot take: whenever the interval held the true mean, the cut one
 * still does, and the coverage is unchanged.
 *
 * Only bounds that hold for every scenario are listed, and the conservation properties check every
 * run's KPIs and customer metrics against them (test/support/checked-run.ts). A fill rate (received
 * ÷ still due) is at most 1; a need fill rate is not (a hoarder takes more than it needs). A metric
 * that is absent (profits, which can be negative; KPIs added later) keeps its interval as it is.
 */
import type { CustomerMetric } from './record.js';

export type Bounds = readonly [min: number, max: number];

const COUNT: Bounds = [0, Infinity];
const WEEKS: Bounds = [0, Infinity];
const RATIO: Bounds = [0, Infinity];
const SHARE: Bounds = [0, 1];
/** Jain's index lies in [1/n, 1] (1 with no customers); a Gini of non-negative values in [0, 1). */
const INDEX = SHARE;

const KPI_BOUNDS: Readonly<Record<string, Bounds>> = {
  gpusDelivered: COUNT,
  gpusProduced: COUNT,
  fillRate: SHARE,
  meanWaitWeeks: WEEKS,
  p95WaitWeeks: WEEKS,
  jainIndex: INDEX,
  gini: INDEX,
  needJainIndex: INDEX,
  needGini: INDEX,
  inHandJainIndex: INDEX,
  inHandGini: INDEX,
  substitutedGpus: COUNT,
  nvidiaLostRevenueUsd: COUNT,
  orderInflation: RATIO,
  bullwhip: RATIO,
  lostDemand: COUNT,
  revenue: COUNT,
  medianCycleWeeks: WEEKS,
  pushedGpus: COUNT,
  resoldGpus: COUNT,
};

const CUSTOMER_BOUNDS: Readonly<Record<CustomerMetric, Bounds>> = {
  fillRate: SHARE,
  received: COUNT,
  meanWaitWeeks: WEEKS,
  avgGpusInHand: COUNT,
  needFillRate: RATIO,
  unmetNeedGpuWeeks: COUNT,
  longestUnservedWeeks: WEEKS,
  firstDeliveryWeek: WEEKS,
};

/** No bound: paired differences, and metrics not listed. */
export const UNBOUNDED: Bounds = [-Infinity, Infinity];

/** The range of a run KPI (`gpusDelivered`, …); unbounded for a KPI not listed. */
export function kpiBounds(metric: string): Bounds {
  return Object.hasOwn(KPI_BOUNDS, metric) ? KPI_BOUNDS[metric]! : UNBOUNDED;
}

/** The range of a per-customer metric. */
export function customerMetricBounds(metric: CustomerMetric): Bounds {
  return CUSTOMER_BOUNDS[metric];
}

/** `ci` cut to `bounds` (null stays null). */
export function clampInterval(ci: [number, number] | null, [min, max]: Bounds): [number, number] | null {
  if (ci === null) return null;
  return [Math.min(max, Math.max(min, ci[0])), Math.max(min, Math.min(max, ci[1]))];
}
