/**
 * `compare --format json` (docs/ARCHITECTURE.md#contracts-other-tools-read; extend, never break):
 *
 * { scenario, reps, seed,
 *   policies: [ { policy, metrics: { <metric>: { mean, ci95: [lo, hi], stdev, n } },
 *                 customers: [ { id, fillRate: {mean, ci95, stdev, n}, received: {…}, meanWaitWeeks: {…} } ] } ],
 *   paired: [ { a, b, metric, meanDiff, ci95, stdev, n } ] }
 *
 * Extensions: `policiesCompared` (names in --policies order), `difference` ("b - a": every
 * meanDiff is the value under b minus the value under a, replication by replication, with common
 * random numbers), `confidence` (0.95, Student t), and `pairedCustomers` (the same for each
 * customer's fillRate, received and meanWaitWeeks, with a `customer` field). `stdev` is the sample
 * standard deviation across replications (of the differences, for paired entries); `n` the number
 * of replications with a value. A mean is null when no replication produced one; a ci95 is null
 * when n < 2. A policy's or customer's ci95 is cut to the values its metric can take (GPUs resold:
 * [0, 69], not [−23, 69]; models/experiment/metric-bounds.ts); a paired difference's is not. `meta` (last): { chipsimVersion, outputSchemaVersion, scenarioHash, gitCommit, command }.
 * Nothing but meta.command depends on how it was run, so the bytes are the same for any --workers.
 */
import type { ComparisonResult, Estimate } from '../../models/experiment/index.js';
import type { CompareMeta } from './compare-meta.js';

const est = (e: Estimate) => ({ mean: e.mean, ci95: e.ci95, stdev: e.stdev, n: e.n });

export function comparisonJson(result: ComparisonResult, meta: CompareMeta): unknown {
  return {
    scenario: meta.scenario,
    reps: meta.reps,
    seed: meta.seed,
    policiesCompared: result.policies.map((p) => p.policy),
    difference: 'b - a',
    confidence: 0.95,
    policies: result.policies.map((p) => {
      const metrics: Record<string, ReturnType<typeof est>> = {};
      for (const m of result.metricNames) metrics[m] = est(p.metrics[m]!);
      return {
        policy: p.policy,
        metrics,
        customers: p.customers.map((c) => ({
          id: c.id,
          fillRate: est(c.fillRate),
          received: est(c.received),
          meanWaitWeeks: est(c.meanWaitWeeks),
          avgGpusInHand: est(c.avgGpusInHand),
          needFillRate: est(c.needFillRate),
          unmetNeedGpuWeeks: est(c.unmetNeedGpuWeeks),
          longestUnservedWeeks: est(c.longestUnservedWeeks),
          firstDeliveryWeek: est(c.firstDeliveryWeek),
        })),
      };
    }),
    paired: result.paired.map((d) => ({
      a: d.a,
      b: d.b,
      metric: d.metric,
      meanDiff: d.meanDiff,
      ci95: d.ci95,
      stdev: d.stdev,
      n: d.n,
    })),
    pairedCustomers: result.pairedCustomers.map((d) => ({
      a: d.a,
      b: d.b,
      customer: d.customer,
      metric: d.metric,
      meanDiff: d.meanDiff,
      ci95: d.ci95,
      stdev: d.stdev,
      n: d.n,
    })),
    ...(meta.provenance ? { meta: meta.provenance } : {}),
  };
}

export function formatCompareJson(result: ComparisonResult, meta: CompareMeta): string {
  return JSON.stringify(comparisonJson(result, meta), null, 2) + '\n';
}
