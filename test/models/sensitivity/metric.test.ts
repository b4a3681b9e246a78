/** `--metric`: KPI, per-customer metric and paired differences, with errors naming the flag. */
import { describe, expect, test } from 'vitest';
import type { ReplicationRecord } from '../../../models/experiment/record.js';
import { parseMetricSpec, replicationMetric } from '../../../models/sensitivity/metric.js';

const kpis = ['gpusDelivered', 'fillRate'];
const customers = ['meta', 'coreweave'];
const rec = (policy: string, fill: number, rep = 0, seed = 7): ReplicationRecord => ({
  rep,
  policy,
  seed,
  startDate: '2023-01-02',
  kpis: { gpusDelivered: 100, fillRate: fill },
  customers: [
    { id: 'meta', fillRate: fill, received: 10, meanWaitWeeks: null, avgGpusInHand: 1 },
    { id: 'coreweave', fillRate: fill / 2, received: 20, meanWaitWeeks: 3, avgGpusInHand: 2 },
  ],
  series: { deliveredCumulative: {}, orders: [], need: [] },
  waitHistogram: [],
});
const parse = (t: string) => {
  const r = parseMetricSpec(t, kpis, customers);
  if (!r.ok) throw new Error(r.error);
  return r.spec;
};

describe('metric spec', () => {
  test('a KPI, a per-customer metric, and a paired difference B − A', () => {
    expect(replicationMetric(parse('fillRate'), rec('a', 0.9))).toBe(0.9);
    expect(replicationMetric(parse('fillRate:coreweave'), rec('a', 0.9))).toBe(0.45);
    expect(replicationMetric(parse('diff:fillRate:coreweave'), rec('a', 0.8), rec('b', 0.9))).toBeCloseTo(0.05, 12);
    expect(replicationMetric(parse('meanWaitWeeks:meta'), rec('a', 0.9))).toBeNull();
    expect(replicationMetric(parse('diff:meanWaitWeeks:meta'), rec('a', 0.9), rec('b', 1))).toBeNull();
  });
  test('a difference must pair the same replication', () => {
    expect(() => replicationMetric(parse('diff:fillRate'), rec('a', 1, 0), rec('b', 1, 1, 8))).toThrow(
      /different replications/,
    );
    expect(() => replicationMetric(parse('diff:fillRate'), rec('a', 1))).toThrow(/two policies/);
  });
  test.each([
    ['fillrate', /unknown KPI 'fillrate'/],
    ['fillRate:openai', /no customer 'openai' in the scenario; its customers: meta, /],
    ['orders:meta', /unknown per-customer metric 'orders'/],
    ['diff:fillRate:meta:x', /expected KPI, KPI:customer/],
  ])('%s is refused naming --metric', (text, message) => {
    const r = parseMetricSpec(text, kpis, customers);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^--metric "/);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});
