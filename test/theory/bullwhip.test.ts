/**
 * Chen, Drezner, Ryan & Simchi-Levi (2000), "Quantifying the Bullwhip Effect in a Simple Supply
 * Chain", Management Science 46(3):436–443 — an order-up-to buyer with a p-period moving-average
 * forecast and lead time L has Var(q)/Var(D) ≥ 1 + 2L/p + 2L²/p² (L = 2, p = 5: ≥ 2.12); and Lee,
 * Padmanabhan & Whang (1997), Management Science 43(4): rationing with shortage gaming adds to it.
 * (DOMAIN.md C2 rows 3 and 3b.)
 *
 * The model's buyers do not forecast, so this runs the paper's chain as its own small simulation on
 * the engine (test/support/order-up-to.ts): i.i.d. Normal(100, 20) demand per buyer from seeded
 * streams, 6,000 periods after a 100-period warm-up, 5 seeds.
 */
import { describe, expect, it } from 'vitest';
import { runOrderUpTo, type OrderUpToConfig } from '../support/order-up-to.js';

const L = 2;
const P = 5;
const BOUND = 1 + (2 * L) / P + (2 * L * L) / (P * P); // 2.12
const SEEDS = [1, 2, 3, 4, 5];

const base: OrderUpToConfig = {
  periods: 6100,
  warmup: 100,
  buyers: 2,
  mu: 100,
  sigma: 20,
  leadTime: L,
  p: P,
  z: 0,
  backorders: true,
  allowReturns: true,
  capacity: Infinity,
  inflating: [],
  maxInflation: 3,
  lookback: 4,
  seed: 1,
};

describe('Chen et al. (2000): Var(orders)/Var(demand) ≥ 1 + 2L/p + 2L²/p² for an order-up-to buyer with a p-period moving average (L = 2, p = 5 → 2.12)', () => {
  it('the bound itself is 2.12 for L = 2, p = 5', () => {
    expect(BOUND).toBeCloseTo(2.12, 12);
  });

  it('z = 0 (no safety stock), rationing off: the ratio equals the bound in expectation (each seed within 5 %, mean within 2 %)', () => {
    // With z = 0, q_t = D_{t−1} + (L/p)(D_{t−1} − D_{t−p−1}), so Var(q) = σ²[(1 + L/p)² + (L/p)²]
    // exactly: the bound is attained. 5,900 periods per buyer give a sampling error of ~1.5 %.
    const ratios = SEEDS.flatMap((seed) => runOrderUpTo({ ...base, seed }).ratios);
    for (const r of ratios) expect(Math.abs(r / BOUND - 1), `ratio ${r}`).toBeLessThan(0.05);
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    expect(Math.abs(mean / BOUND - 1), `mean ratio ${mean}`).toBeLessThan(0.02);
  });

  it('z = 1.65 with the s.d. estimated from the same p demands, rationing off: the ratio is at or above the bound for every buyer and seed', () => {
    // The estimated safety stock z·√L·ŝ_t moves with ŝ_t and only adds variance to the orders.
    for (const seed of SEEDS) {
      for (const r of runOrderUpTo({ ...base, seed, z: 1.65 }).ratios)
        expect(r, `seed ${seed}`).toBeGreaterThanOrEqual(BOUND);
    }
  });

  it('turning rationing on (capacity 90 % of mean demand, pro-rata on orders, one buyer inflating) raises it — for the gaming buyer and for the other', () => {
    // Both arms: lost sales, no returns, z = 1.65, the same demand streams (paired by seed).
    const common = { ...base, z: 1.65, backorders: false, allowReturns: false };
    const rows: string[] = [];
    for (const seed of SEEDS) {
      const off = runOrderUpTo({ ...common, seed }).ratios;
      const on = runOrderUpTo({ ...common, seed, capacity: 0.9 * 2 * base.mu, inflating: [0] }).ratios;
      const onTruthful = runOrderUpTo({ ...common, seed, capacity: 0.9 * 2 * base.mu }).ratios;
      rows.push(
        `seed ${seed}: off ${off.map((r) => r.toFixed(2)).join('/')}  rationed+gaming ${on.map((r) => r.toFixed(2)).join('/')}  rationed, nobody gaming ${onTruthful.map((r) => r.toFixed(2)).join('/')}`,
      );
      for (const r of off) expect(r, `seed ${seed}: rationing off`).toBeGreaterThanOrEqual(BOUND * 0.97);
      expect(on[0]!, `seed ${seed}: the inflating buyer`).toBeGreaterThan(2 * off[0]!);
      expect(on[1]!, `seed ${seed}: the truthful buyer beside it`).toBeGreaterThan(off[1]!);
    }
    console.log(`Var(q)/Var(D), L=${L}, p=${P}, bound ${BOUND.toFixed(2)} (buyer 0 / buyer 1)\n${rows.join('\n')}`);
  });
});
