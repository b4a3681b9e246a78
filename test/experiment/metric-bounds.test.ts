/**
 * Confidence intervals cut at a metric's bound (models/experiment/metric-bounds.ts): a count that is
 * zero in most replications gets [0, high], not a negative lower bound; the cut never loses a value
 * the mean can take; paired differences are not cut; the text table says when a cell was cut.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { ExperimentAggregator, type ReplicationRecord } from '../../models/experiment/index.js';
import { clampInterval, kpiBounds } from '../../models/experiment/metric-bounds.js';
import { meanCi, pairedDiff } from '../../sim/stats.js';
import { overallSection } from '../../ui/format/compare-table.js';

const POLICIES = ['pro-rata', 'favoured'];

function record(rep: number, policy: string, kpis: Record<string, number>): ReplicationRecord {
  return {
    rep,
    policy,
    seed: rep + 1,
    startDate: '2023-01-02',
    kpis,
    customers: [{ id: 'a', fillRate: 1, received: 8, meanWaitWeeks: 1, avgGpusInHand: 4 }],
    series: { deliveredCumulative: { a: [8] }, orders: [8], need: [8] },
    waitHistogram: [0, 8],
  };
}

/** 100 replications: resold GPUs are 0 except in two (the h100-2023 secondary market's pattern). */
function rareResales(policy: string): number[] {
  return Array.from({ length: 100 }, (_, rep) =>
    rep === 17 || rep === 60 ? (policy === 'favoured' ? 4000 : 1150) : 0,
  );
}

function aggregate() {
  const agg = new ExperimentAggregator(POLICIES);
  const resold = Object.fromEntries(POLICIES.map((p) => [p, rareResales(p)]));
  for (let rep = 0; rep < 100; rep++) {
    for (const p of POLICIES) agg.add(record(rep, p, { resoldGpus: resold[p]![rep]!, gpusDelivered: 1000 + rep }));
  }
  return { result: agg.result(), resold };
}

describe('CIs cut at the metric bound', () => {
  test('a rare count: the t interval reaches below 0; compare reports [0, mean + half width]', () => {
    const { result, resold } = aggregate();
    const t = meanCi(resold['pro-rata']!);
    expect(t.ci![0]).toBeLessThan(0); // the problem: 23 ± 46 → [−23, 69]
    const e = result.policies[0]!.metrics.resoldGpus!;
    expect(e.mean).toBeCloseTo(t.mean, 12);
    expect(e.ci95![0]).toBe(0);
    expect(e.ci95![1]).toBeCloseTo(t.mean + t.halfWidth, 9);
    // An interval clear of the bound is untouched.
    const d = result.policies[0]!.metrics.gpusDelivered!;
    const td = meanCi(Array.from({ length: 100 }, (_, rep) => 1000 + rep));
    expect(d.ci95![0]).toBeCloseTo(td.ci![0], 9);
    expect(d.ci95![1]).toBeCloseTo(td.ci![1], 9);
  });

  test('a paired difference is not cut: it may be negative', () => {
    const { result, resold } = aggregate();
    const p = result.paired.find((x) => x.metric === 'resoldGpus')!;
    const direct = pairedDiff(resold['pro-rata']!, resold['favoured']!);
    expect(p.ci95![0]).toBeLessThan(0);
    expect(p.ci95![0]).toBeCloseTo(direct.ci![0], 9);
  });

  test('the text table shows a cut cell as [low, high] with a footnote, and others as ± half width', () => {
    const { result } = aggregate();
    const lines = overallSection(result);
    const resold = lines.find((l) => l.startsWith('GPUs resold'))!;
    expect(resold).toMatch(/^GPUs resold \(secondary market\)\s+23 \[0, \d+\]\s+80 \[0, \d+\]$/);
    expect(lines.find((l) => l.startsWith('GPUs delivered'))).toMatch(/1,050 ± 6$/);
    expect(lines.at(-1)).toMatch(/^\[low, high\]: the 95% CI, cut where it passed a bound/);
    // Without a cut cell there is no footnote.
    const uncut = { ...result, metricNames: ['gpusDelivered'] };
    expect(overallSection(uncut).some((l) => l.startsWith('[low, high]'))).toBe(false);
  });

  test('cutting keeps every value the mean can take and only those: coverage is unchanged', () => {
    // An interval as compare makes them: about a sample mean that lies in the bounds (all values do).
    const caseArb = fc
      .constantFrom(kpiBounds('resoldGpus'), kpiBounds('gini'))
      .chain((bounds) =>
        fc.tuple(
          fc.constant(bounds),
          fc.double({ min: bounds[0], max: Math.min(bounds[1], 10), noNaN: true }),
          fc.double({ min: 0, max: 10, noNaN: true }),
          fc.double({ min: -10, max: 10, noNaN: true }),
        ),
      );
    fc.assert(
      fc.property(caseArb, ([bounds, mean, half, mu]) => {
        const ci: [number, number] = [mean - half, mean + half];
        const cut = clampInterval(ci, bounds)!;
        const inBounds = mu >= bounds[0] && mu <= bounds[1];
        // A possible mean is in the cut interval exactly when it was in the interval.
        if (inBounds) expect(mu >= cut[0] && mu <= cut[1]).toBe(mu >= ci[0] && mu <= ci[1]);
        expect(cut[0]).toBeGreaterThanOrEqual(bounds[0]);
        expect(cut[1]).toBeLessThanOrEqual(bounds[1]);
        expect(mean >= cut[0] && mean <= cut[1]).toBe(true);
      }),
    );
    expect(clampInterval(null, [0, 1])).toBeNull();
  });
});
