/**
 * The compact record of one replication of one policy: what `compare` keeps from a RunResult
 * (KPIs, per-customer fill rate / GPUs received / wait, and the small weekly series the HTML report
 * charts). Records travel from workers, are appended to the JSONL checkpoint and are folded into
 * the aggregates; the full RunResult is dropped as soon as it is reduced.
 *
 * Numbers are normalised so that a record survives JSON unchanged (checkpoint → resume gives the
 * same bits): non-finite values become null, −0 becomes 0.
 */
import type { RunResult } from '../result.js';

export interface CustomerRecord {
  id: string;
  fillRate: number | null;
  received: number | null;
  meanWaitWeeks: number | null;
  /** GPUs in hand averaged over the run's weeks: more and sooner both raise it. */
  avgGpusInHand: number | null;
  /** Starvation measures (CustomerResult); absent in records written before they existed. */
  needFillRate?: number | null;
  unmetNeedGpuWeeks?: number | null;
  longestUnservedWeeks?: number | null;
  firstDeliveryWeek?: number | null;
}

export interface SeriesRecord {
  /** Cumulative GPUs delivered per customer id, weekly. */
  deliveredCumulative: Record<string, number[]>;
  /** GPUs ordered per week, all customers. */
  orders: number[];
  /** GPUs of true need per week, all customers. */
  need: number[];
}

export interface ReplicationRecord {
  /** Replication index, 0-based. */
  rep: number;
  policy: string;
  /** Id of the design point (absent in records of checkpoint version 1: the base point). */
  point?: string;
  /** The replication's seed: deriveSeed(experiment seed, rep), the same for every policy. */
  seed: number;
  /** Scenario start date (ISO), for chart axes. */
  startDate: string;
  kpis: Record<string, number | null>;
  customers: CustomerRecord[];
  series: SeriesRecord;
  /** Delivered GPUs by whole weeks waited. */
  waitHistogram: number[];
}

/** A finite number as itself (−0 as 0); anything else as null. */
export function clean(x: unknown): number | null {
  if (typeof x !== 'number' || !Number.isFinite(x)) return null;
  return x === 0 ? 0 : x;
}

function cleanArray(xs: readonly number[] | undefined): number[] {
  if (!xs) return [];
  return xs.map((x) => clean(x) ?? 0);
}

/** Reduces a full run to the record `compare` keeps. */
export function reduceRun(run: RunResult, rep: number, seed: number): ReplicationRecord {
  const kpis: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(run.kpis)) kpis[k] = clean(v);
  const deliveredCumulative: Record<string, number[]> = {};
  for (const c of run.customers) deliveredCumulative[c.id] = cleanArray(run.series.deliveredCumulative[c.id]);
  return {
    rep,
    policy: run.policy,
    seed,
    startDate: run.startDate,
    kpis,
    customers: run.customers.map((c) => ({
      id: c.id,
      fillRate: clean(c.fillRate),
      received: clean(c.received),
      meanWaitWeeks: clean(c.meanWaitWeeks),
      avgGpusInHand: clean(c.avgGpusInHand),
      needFillRate: clean(c.needFillRate),
      unmetNeedGpuWeeks: clean(c.unmetNeedGpuWeeks),
      longestUnservedWeeks: clean(c.longestUnservedWeeks),
      firstDeliveryWeek: clean(c.firstDeliveryWeek),
    })),
    series: { deliveredCumulative, orders: cleanArray(run.series.orders), need: cleanArray(run.series.need) },
    waitHistogram: cleanArray(run.waitHistogram),
  };
}

/** Per-customer metrics a record carries, in output order; CSV names them `<metric>:<customer id>`. */
export const CUSTOMER_METRICS = [
  'fillRate',
  'received',
  'meanWaitWeeks',
  'avgGpusInHand',
  'needFillRate',
  'unmetNeedGpuWeeks',
  'longestUnservedWeeks',
  'firstDeliveryWeek',
] as const;
export type CustomerMetric = (typeof CUSTOMER_METRICS)[number];

export function isCustomerMetric(name: string): name is CustomerMetric {
  return (CUSTOMER_METRICS as readonly string[]).includes(name);
}

/** Checks the shape of a record read back from a checkpoint; returns an error message or null. */
export function recordShapeError(x: unknown): string | null {
  if (typeof x !== 'object' || x === null) return 'not an object';
  const r = x as Partial<ReplicationRecord>;
  if (typeof r.rep !== 'number' || !Number.isInteger(r.rep) || r.rep < 0) return 'bad rep';
  if (typeof r.policy !== 'string') return 'bad policy';
  if (!Number.isInteger(r.seed)) return 'bad seed';
  if (typeof r.kpis !== 'object' || r.kpis === null) return 'bad kpis';
  if (!Array.isArray(r.customers)) return 'bad customers';
  if (
    typeof r.series !== 'object' ||
    r.series === null ||
    !Array.isArray(r.series.orders) ||
    !Array.isArray(r.series.need)
  )
    return 'bad series';
  if (!Array.isArray(r.waitHistogram)) return 'bad waitHistogram';
  return null;
}

/** `recordShapeError` as a type guard. */
export function isReplicationRecord(x: unknown): x is ReplicationRecord {
  return recordShapeError(x) === null;
}
