/** The allocation target file and the total-variation distance. */
import { describe, expect, test } from 'vitest';
import { fc, test as propTest } from '@fast-check/vitest';
import {
  allocationDistance,
  parseAllocationTarget,
  sharesOver,
  totalVariation,
  type AllocationTarget,
} from '../../../models/optimise/distance.js';

const ids = ['amazon', 'coreweave', 'meta', 'microsoft'];
const period = { fromWeek: 0, toWeek: 52 };

describe('total variation', () => {
  const shares = fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 6 });
  propTest.prop([shares, shares, shares])('a metric on share vectors, within [0, 1]', (a, b, c) => {
    const n = Math.min(a.length, b.length, c.length);
    const ks = ids.concat(['x', 'y']).slice(0, n);
    const rec = (v: number[]) => Object.fromEntries(ks.map((k, i) => [k, v[i]!]));
    const [p, q, r] = [a, b, c].map((v) => sharesOver(rec(v), ks));
    expect(totalVariation(p!, p!)).toBe(0);
    expect(totalVariation(p!, q!)).toBeCloseTo(totalVariation(q!, p!), 12);
    expect(totalVariation(p!, q!)).toBeLessThanOrEqual(1 + 1e-12);
    expect(totalVariation(p!, r!)).toBeLessThanOrEqual(totalVariation(p!, q!) + totalVariation(q!, r!) + 1e-12);
  });

  test('a worked example: shares 0.5/0.5 against 0.8/0.2 are 0.3 apart', () => {
    expect(totalVariation([0.5, 0.5], [0.8, 0.2])).toBeCloseTo(0.3, 12);
  });
});

describe('allocationDistance', () => {
  const target: AllocationTarget = { period, units: { microsoft: 150, meta: 150, coreweave: 40 } };
  test('customers missing from the target are left out; units and shares are scale-free', () => {
    const simulated = { microsoft: 1500, meta: 1500, coreweave: 400, amazon: 99999 };
    expect(allocationDistance(simulated, target)).toBeCloseTo(0, 12);
    expect(
      allocationDistance(simulated, { period, shares: { microsoft: 0.3, meta: 0.3, coreweave: 0.08 } }),
    ).toBeCloseTo(0, 12);
  });
  test('moving units from one target customer to another moves the distance by the shares moved', () => {
    // target shares 150/340, 150/340, 40/340; simulated 190/340, 110/340, 40/340 → TV = 40/340.
    expect(allocationDistance({ microsoft: 190, meta: 110, coreweave: 40 }, target)).toBeCloseTo(40 / 340, 12);
  });
  test('nothing delivered to the target customers is at distance ½', () => {
    expect(allocationDistance({ amazon: 5 }, target)).toBeCloseTo(0.5, 12);
  });
});

describe('parseAllocationTarget', () => {
  test('a valid target, like DOMAIN.md B2', () => {
    const r = parseAllocationTarget(
      { period, units: { microsoft: 150000, meta: 150000 }, source: 'B2' },
      ids,
      't.json',
    );
    expect(r.ok).toBe(true);
  });
  test.each([
    [{ period, units: { openai: 5 } }, /t\.json: units\.openai: no customer with this id/],
    [{ period, units: { meta: 1 }, shares: { meta: 1 } }, /exactly one of "units" or "shares"/],
    [{ period }, /exactly one of "units" or "shares"/],
    [{ period: { fromWeek: 10, toWeek: 5 }, units: { meta: 1 } }, /period\.toWeek: expected fromWeek < toWeek/],
    [{ period, units: { meta: -1 } }, /units\.meta:/],
    [{ period, shares: { meta: 0 } }, /shares: at least one amount must be positive/],
  ])('%j is refused naming the field', (data, message) => {
    const r = parseAllocationTarget(data, ids, 't.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});
