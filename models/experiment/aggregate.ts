/**
 * Folds replication records into per-policy estimates and paired differences.
 *
 * Determinism: records may arrive in any order (workers finish when they finish); `add` buffers
 * them and folds strictly in (replication, policy) order, so the floating-point sums — and hence
 * every printed byte — are the same whatever the worker count or completion order. Memory holds
 * the running sums plus only the records that arrived ahead of their turn.
 *
 * Paired differences are b − a for every pair of policies (a before b in the --policies list),
 * replication by replication: with common random numbers both see the same world, so the shared
 * noise cancels and the CI is much narrower than the one of the difference of two means.
 */
import { Reorder } from '../../sim/pool.js';
import { Welford } from '../../sim/stats.js';
import { recordFrom } from '../../sim/typed-keys.js';
import { CUSTOMER_METRICS, type CustomerMetric, type ReplicationRecord } from './record.js';
import { UNBOUNDED, clampInterval, customerMetricBounds, kpiBounds, type Bounds } from './metric-bounds.js';

export interface Estimate {
  /** null when no replication produced a value. */
  mean: number | null;
  /**
   * 95 % two-sided Student-t CI of the mean, cut to the values the mean can take (a count's at 0:
   * metric-bounds.ts), so it is symmetric about the mean unless cut; null when n < 2.
   */
  ci95: [number, number] | null;
  stdev: number | null;
  /** Replications that produced a (finite) value. */
  n: number;
}

export interface CustomerAggregate {
  id: string;
  fillRate: Estimate;
  received: Estimate;
  meanWaitWeeks: Estimate;
  avgGpusInHand: Estimate;
  needFillRate: Estimate;
  unmetNeedGpuWeeks: Estimate;
  longestUnservedWeeks: Estimate;
  firstDeliveryWeek: Estimate;
}

/** Means across replications of the weekly series, for the charts. */
export interface PolicyCharts {
  deliveredCumulative: Record<string, number[]>;
  orders: number[];
  need: number[];
  /** Delivered GPUs by weeks waited, summed over replications. */
  waitHistogram: number[];
}

export interface PolicyAggregate {
  policy: string;
  metrics: Record<string, Estimate>;
  customers: CustomerAggregate[];
  charts: PolicyCharts;
}

export interface PairedEstimate {
  a: string;
  b: string;
  metric: string;
  /** Mean over replications of (value under b − value under a). */
  meanDiff: number | null;
  ci95: [number, number] | null;
  stdev: number | null;
  n: number;
}

export interface PairedCustomerEstimate extends PairedEstimate {
  customer: string;
}

export interface ComparisonResult {
  /** Replications folded (all of them when the run finished). */
  reps: number;
  startDate: string | null;
  policies: PolicyAggregate[];
  /** Overall metric names, in output order. */
  metricNames: string[];
  customerIds: string[];
  paired: PairedEstimate[];
  pairedCustomers: PairedCustomerEstimate[];
}

/** Mean, 95 % CI and spread of `w`; the CI cut to what the mean can be (metric-bounds.ts). */
function estimate(w: Welford | undefined, bounds: Bounds = UNBOUNDED): Estimate {
  if (!w || w.n === 0) return { mean: null, ci95: null, stdev: null, n: 0 };
  const s = w.summary(0.95);
  return { mean: s.mean, ci95: clampInterval(s.ci, bounds), stdev: Number.isFinite(s.stdev) ? s.stdev : null, n: s.n };
}

function addInto(sum: number[], xs: readonly number[]): void {
  for (let i = 0; i < xs.length; i++) sum[i] = (sum[i] ?? 0) + xs[i]!;
}

class PolicyFold {
  readonly metrics = new Map<string, Welford>();
  readonly customers = new Map<string, Record<CustomerMetric, Welford>>();
  readonly delivered = new Map<string, number[]>();
  readonly orders: number[] = [];
  readonly need: number[] = [];
  readonly waitHistogram: number[] = [];
  n = 0;

  constructor(readonly policy: string) {}
}

const pairKey = (...parts: string[]) => parts.join('\u0000');

export class ExperimentAggregator {
  private readonly folds: PolicyFold[];
  private readonly index: Map<string, number>;
  /** Records in (rep, policy) order, whatever order they are added in. */
  private readonly reorder: Reorder<ReplicationRecord>;
  /** The records of the replication being completed, in policy order. */
  private current: ReplicationRecord[] = [];
  private readonly metricNames: string[] = [];
  private readonly customerIds: string[] = [];
  private readonly pairs = new Map<string, Welford>();
  private readonly customerPairs = new Map<string, Welford>();
  private nextRep = 0;
  private startDate: string | null = null;

  /**
   * @param policies the compared policies, in --policies order
   * @param onFold called for every record at the moment it is folded, i.e. in (rep, policy) order
   */
  constructor(
    readonly policies: readonly string[],
    private readonly onFold?: (record: ReplicationRecord) => void,
  ) {
    if (new Set(policies).size !== policies.length) throw new RangeError('policy names must be unique');
    this.folds = policies.map((p) => new PolicyFold(p));
    this.index = new Map(policies.map((p, i) => [p, i]));
    this.reorder = new Reorder((record) => {
      this.current.push(record);
      if (this.current.length < this.policies.length) return;
      const rep = this.current;
      this.current = [];
      this.foldRep(rep);
      this.nextRep++;
    });
  }

  /** Replications folded so far (0..foldedReps−1 are complete). */
  get foldedReps(): number {
    return this.nextRep;
  }

  /** Records waiting for an earlier replication. */
  get buffered(): number {
    return this.reorder.buffered + this.current.length;
  }

  /** Adds one record (any order); folds every replication that is now complete, in order. */
  add(record: ReplicationRecord): void {
    const p = this.index.get(record.policy);
    if (p === undefined) throw new RangeError(`record for unknown policy "${record.policy}"`);
    if (!Number.isSafeInteger(record.rep) || record.rep < 0) throw new RangeError(`bad replication ${record.rep}`);
    const index = record.rep * this.policies.length + p;
    if (index < this.reorder.next) throw new RangeError(`replication ${record.rep} of ${record.policy} folded twice`);
    if (this.reorder.has(index)) throw new RangeError(`replication ${record.rep} of ${record.policy} added twice`);
    this.reorder.put(index, record);
  }

  private foldRep(records: ReplicationRecord[]): void {
    for (let p = 0; p < records.length; p++) {
      const r = records[p]!;
      this.onFold?.(r);
      this.startDate ??= r.startDate;
      const fold = this.folds[p]!;
      fold.n++;
      for (const [metric, v] of Object.entries(r.kpis)) {
        let w = fold.metrics.get(metric);
        if (!w) {
          w = new Welford();
          fold.metrics.set(metric, w);
          if (!this.metricNames.includes(metric)) this.metricNames.push(metric);
        }
        if (v !== null) w.push(v);
      }
      for (const c of r.customers) {
        let ws = fold.customers.get(c.id);
        if (!ws) {
          ws = recordFrom(CUSTOMER_METRICS, () => new Welford());
          fold.customers.set(c.id, ws);
          if (!this.customerIds.includes(c.id)) this.customerIds.push(c.id);
        }
        for (const m of CUSTOMER_METRICS) {
          const v = c[m];
          if (v !== null && v !== undefined) ws[m].push(v);
        }
      }
      for (const [id, xs] of Object.entries(r.series.deliveredCumulative)) {
        let sum = fold.delivered.get(id);
        if (!sum) fold.delivered.set(id, (sum = []));
        addInto(sum, xs);
      }
      addInto(fold.orders, r.series.orders);
      addInto(fold.need, r.series.need);
      addInto(fold.waitHistogram, r.waitHistogram);
    }
    // paired differences b − a, a before b
    for (let i = 0; i < records.length; i++) {
      for (let j = i + 1; j < records.length; j++) {
        const a = records[i]!;
        const b = records[j]!;
        for (const metric of this.metricNames) {
          const va = a.kpis[metric];
          const vb = b.kpis[metric];
          const key = pairKey(a.policy, b.policy, metric);
          let w = this.pairs.get(key);
          if (!w) this.pairs.set(key, (w = new Welford()));
          if (va !== null && va !== undefined && vb !== null && vb !== undefined) w.push(vb - va);
        }
        const byId = new Map(b.customers.map((c) => [c.id, c]));
        for (const ca of a.customers) {
          const cb = byId.get(ca.id);
          for (const m of CUSTOMER_METRICS) {
            const key = pairKey(a.policy, b.policy, ca.id, m);
            let w = this.customerPairs.get(key);
            if (!w) this.customerPairs.set(key, (w = new Welford()));
            const va = ca[m];
            const vb = cb?.[m];
            if (va !== null && va !== undefined && vb !== null && vb !== undefined) w.push(vb - va);
          }
        }
      }
    }
  }

  /** The estimates over the replications folded so far. */
  result(): ComparisonResult {
    const policies: PolicyAggregate[] = this.folds.map((fold) => {
      const n = Math.max(1, fold.n);
      const mean = (xs: readonly number[]) => xs.map((x) => x / n);
      const metrics: Record<string, Estimate> = {};
      for (const m of this.metricNames) metrics[m] = estimate(fold.metrics.get(m), kpiBounds(m));
      const deliveredCumulative: Record<string, number[]> = {};
      for (const id of this.customerIds) deliveredCumulative[id] = mean(fold.delivered.get(id) ?? []);
      return {
        policy: fold.policy,
        metrics,
        customers: this.customerIds.map((id) => {
          const ws = fold.customers.get(id);
          return { id, ...recordFrom(CUSTOMER_METRICS, (m) => estimate(ws?.[m], customerMetricBounds(m))) };
        }),
        charts: {
          deliveredCumulative,
          orders: mean(fold.orders),
          need: mean(fold.need),
          waitHistogram: [...fold.waitHistogram],
        },
      };
    });
    const paired: PairedEstimate[] = [];
    const pairedCustomers: PairedCustomerEstimate[] = [];
    for (let i = 0; i < this.policies.length; i++) {
      for (let j = i + 1; j < this.policies.length; j++) {
        const a = this.policies[i]!;
        const b = this.policies[j]!;
        for (const metric of this.metricNames) {
          const e = estimate(this.pairs.get(pairKey(a, b, metric)));
          paired.push({ a, b, metric, meanDiff: e.mean, ci95: e.ci95, stdev: e.stdev, n: e.n });
        }
        for (const customer of this.customerIds) {
          for (const metric of CUSTOMER_METRICS) {
            const e = estimate(this.customerPairs.get(pairKey(a, b, customer, metric)));
            pairedCustomers.push({ a, b, customer, metric, meanDiff: e.mean, ci95: e.ci95, stdev: e.stdev, n: e.n });
          }
        }
      }
    }
    return {
      reps: this.nextRep,
      startDate: this.startDate,
      policies,
      metricNames: [...this.metricNames],
      customerIds: [...this.customerIds],
      paired,
      pairedCustomers,
    };
  }
}
