import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { ExperimentAggregator, type ReplicationRecord } from '../../models/experiment/index.js';
import { deriveSeed } from '../../sim/seeds.js';
import { meanCi, pairedDiff, unpairedDiff } from '../../sim/stats.js';
import { createReplicator } from './fake-runner.js';
import { FAKE_SCENARIO } from './helpers.js';

const POLICIES = ['pro-rata', 'favoured', 'uniform'];

async function records(reps: number, scenario = { ...FAKE_SCENARIO, jitterMs: 0 }): Promise<ReplicationRecord[]> {
  const replicate = await createReplicator({ scenarioName: 'fake', scenario, policies: POLICIES });
  const out: ReplicationRecord[] = [];
  for (let rep = 0; rep < reps; rep++) {
    for (let p = 0; p < POLICIES.length; p++) out.push(replicate({ rep, policyIndex: p, seed: deriveSeed(3, rep) }));
  }
  return out;
}

describe('ExperimentAggregator', () => {
  test('the result does not depend on the order records arrive in (bit for bit)', async () => {
    const recs = await records(12);
    const inOrder = new ExperimentAggregator(POLICIES);
    for (const r of recs) inOrder.add(structuredClone(r));
    const expected = JSON.stringify(inOrder.result());
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(recs, { minLength: recs.length, maxLength: recs.length }),
        async (shuffled) => {
          const agg = new ExperimentAggregator(POLICIES);
          for (const r of shuffled) agg.add(structuredClone(r));
          expect(agg.foldedReps).toBe(12);
          expect(agg.buffered).toBe(0);
          expect(JSON.stringify(agg.result())).toBe(expected);
        },
      ),
      { numRuns: 30 },
    );
  });

  test('folds in (replication, policy) order and buffers only what arrived early', async () => {
    const recs = await records(3);
    const folded: string[] = [];
    const agg = new ExperimentAggregator(POLICIES, (r) => folded.push(`${r.rep}/${r.policy}`));
    const late = recs.filter((r) => r.rep === 0 && r.policy === 'pro-rata');
    for (const r of recs.filter((r) => !late.includes(r))) agg.add(r);
    expect(folded).toEqual([]);
    expect(agg.buffered).toBe(recs.length - 1);
    for (const r of late) agg.add(r);
    expect(folded).toEqual(recs.map((r) => `${r.rep}/${r.policy}`));
    expect(agg.buffered).toBe(0);
  });

  test('estimates and paired differences match the direct computation', async () => {
    const recs = await records(25);
    const agg = new ExperimentAggregator(POLICIES);
    for (const r of recs) agg.add(r);
    const res = agg.result();
    const of = (policy: string, metric: string) => recs.filter((r) => r.policy === policy).map((r) => r.kpis[metric]!);
    const m = meanCi(of('favoured', 'gpusDelivered'));
    const fav = res.policies.find((p) => p.policy === 'favoured')!;
    expect(fav.metrics['gpusDelivered']!.mean).toBeCloseTo(m.mean, 9);
    expect(fav.metrics['gpusDelivered']!.ci95![0]).toBeCloseTo(m.ci![0], 9);
    const d = pairedDiff(of('pro-rata', 'fillRate'), of('uniform', 'fillRate'));
    const e = res.paired.find((x) => x.a === 'pro-rata' && x.b === 'uniform' && x.metric === 'fillRate')!;
    expect(e.meanDiff).toBeCloseTo(d.mean, 12);
    expect(e.ci95![1]).toBeCloseTo(d.ci![1], 12);
    expect(e.n).toBe(25);
    // every pair, a before b
    expect(new Set(res.paired.map((x) => `${x.a}>${x.b}`))).toEqual(
      new Set(['pro-rata>favoured', 'pro-rata>uniform', 'favoured>uniform']),
    );
  });

  test('with common random numbers the paired CI is narrower than the unpaired one', async () => {
    const recs = await records(50);
    const agg = new ExperimentAggregator(POLICIES);
    for (const r of recs) agg.add(r);
    const res = agg.result();
    const a = res.policies[0]!;
    const b = res.policies[1]!;
    const checked: string[] = [];
    for (const id of res.customerIds) {
      const paired = res.pairedCustomers.find(
        (x) => x.a === a.policy && x.b === b.policy && x.customer === id && x.metric === 'fillRate',
      )!;
      const ea = a.customers.find((c) => c.id === id)!.fillRate;
      const eb = b.customers.find((c) => c.id === id)!.fillRate;
      const unpaired = unpairedDiff(
        { n: ea.n, mean: ea.mean!, stdev: ea.stdev!, halfWidth: 0, ci: ea.ci95 },
        { n: eb.n, mean: eb.mean!, stdev: eb.stdev!, halfWidth: 0, ci: eb.ci95 },
      );
      const pw = paired.ci95![1] - paired.ci95![0];
      const uw = unpaired.ci![1] - unpaired.ci![0];
      expect(pw).toBeLessThan(uw / 3);
      checked.push(id);
    }
    expect(checked.length).toBe(FAKE_SCENARIO.customers.length);
    // The fake's +8 pp effect on alpha is detected by the paired CI …
    const alpha = res.pairedCustomers.find(
      (x) => x.b === 'favoured' && x.customer === 'alpha' && x.metric === 'fillRate',
    )!;
    expect(alpha.ci95![0]).toBeGreaterThan(0.05);
  });

  test('rejects a record twice and unknown policies', async () => {
    const [r] = await records(1);
    const agg = new ExperimentAggregator(POLICIES);
    agg.add(r!);
    expect(() => agg.add(r!)).toThrow(/twice/);
    expect(() => agg.add({ ...r!, policy: 'nope' })).toThrow(/unknown policy/);
  });

  test('null values are skipped, not counted', () => {
    const base = (rep: number, policy: string, v: number | null): ReplicationRecord => ({
      rep,
      policy,
      seed: rep,
      startDate: '2023-01-02',
      kpis: { meanWaitWeeks: v },
      customers: [{ id: 'x', fillRate: v, received: 0, meanWaitWeeks: null, avgGpusInHand: 0 }],
      series: { deliveredCumulative: {}, orders: [], need: [] },
      waitHistogram: [],
    });
    const agg = new ExperimentAggregator(['a', 'b']);
    agg.add(base(0, 'a', 1));
    agg.add(base(0, 'b', null));
    agg.add(base(1, 'a', 2));
    agg.add(base(1, 'b', 4));
    agg.add(base(2, 'a', 3));
    agg.add(base(2, 'b', 6));
    const res = agg.result();
    expect(res.policies[1]!.metrics['meanWaitWeeks']).toMatchObject({ mean: 5, n: 2 });
    expect(res.paired[0]).toMatchObject({ metric: 'meanWaitWeeks', meanDiff: 2.5, n: 2 });
    expect(res.policies[0]!.customers[0]!.meanWaitWeeks).toEqual({ mean: null, ci95: null, stdev: null, n: 0 });
  });
});
