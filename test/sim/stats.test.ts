import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  Welford,
  gini,
  jainIndex,
  meanCi,
  normalQuantile,
  pairedDiff,
  regularizedBeta,
  tCdf,
  tQuantile,
  unpairedDiff,
} from '../../sim/stats.js';
import { deriveSeed, mix32 } from '../../sim/seeds.js';

describe('Student-t quantiles', () => {
  // Two-sided 95 % critical values, from any statistics table (R: qt(0.975, df)).
  test.each([
    [1, 12.7062],
    [2, 4.3027],
    [3, 3.1824],
    [4, 2.7764],
    [5, 2.5706],
    [10, 2.2281],
    [30, 2.0423],
    [100, 1.984],
    [1000, 1.9623],
    [Number.POSITIVE_INFINITY, 1.95996],
  ])('t(0.975; %s) = %s', (df, expected) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(expected, 4);
  });

  test.each([
    [0.995, 1, 63.6567],
    [0.995, 10, 3.1693],
    [0.9, 5, 1.4759],
    [0.999, 30, 3.3852],
    [0.975, 2.5, 3.5747],
  ])('t(%s; %s) = %s', (p, df, expected) => {
    expect(tQuantile(p, df)).toBeCloseTo(expected, 4);
  });

  test('symmetry and the median', () => {
    expect(tQuantile(0.5, 7)).toBe(0);
    expect(tQuantile(0.025, 7)).toBeCloseTo(-tQuantile(0.975, 7), 12);
  });

  test('the quantile inverts the CDF for any df ≥ 1', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.51, max: 0.9999, noNaN: true }), fc.integer({ min: 1, max: 5000 }), (p, df) => {
        expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 9);
      }),
    );
  });

  test('the normal quantile and the incomplete beta function', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(regularizedBeta(0.5, 2, 2)).toBeCloseTo(0.5, 12);
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(regularizedBeta(0.2, 2, 3)).toBeCloseTo(0.1808, 12); // 1 − (1−x)^4 − 4x(1−x)^3
  });
});

describe('Welford and confidence intervals', () => {
  test('streaming mean and variance equal the two-pass values', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 200 }), (xs) => {
        const w = new Welford();
        for (const x of xs) w.push(x);
        const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
        const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
        expect(w.mean).toBeCloseTo(mean, 6);
        expect(w.variance).toBeCloseTo(variance, Math.max(0, 6 - Math.ceil(Math.log10(Math.max(1, variance)))));
      }),
    );
  });

  test('a hand-computed 95 % CI', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, s² = 32/7, se = √(32/7)/√8 = 0.755929, t(0.975; 7) = 2.364624
    const s = meanCi([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    expect(s.stdev).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(s.halfWidth).toBeCloseTo(2.364624252 * 0.755928946, 6);
    expect(s.ci![0]).toBeCloseTo(5 - 1.787487, 5);
    expect(s.ci![1]).toBeCloseTo(5 + 1.787487, 5);
  });

  test('a hand-computed paired CI (b − a)', () => {
    // differences 1, 2, 2, 1: mean 1.5, s = √(1/3), se = 0.288675, t(0.975; 3) = 3.182446 → ± 0.918693
    const d = pairedDiff([1, 2, 3, 4], [2, 4, 5, 5]);
    expect(d.mean).toBe(1.5);
    expect(d.halfWidth).toBeCloseTo(0.918693, 5);
    expect(d.ci![0]).toBeCloseTo(0.581307, 5);
    expect(d.ci![1]).toBeCloseTo(2.418693, 5);
  });

  test('pairing removes shared noise: the paired CI is narrower than the unpaired one', () => {
    const world = [10, -7, 3, 15, -12, 4, 0, 8, -3, 6];
    const a = world.map((w, i) => 100 + w + (i % 3) * 0.1);
    const b = world.map((w, i) => 102 + w + ((i + 1) % 3) * 0.1);
    const paired = pairedDiff(a, b);
    const unpaired = unpairedDiff(meanCi(a), meanCi(b));
    expect(paired.mean).toBeCloseTo(unpaired.mean, 12);
    expect(paired.halfWidth).toBeLessThan(unpaired.halfWidth / 10);
    expect(paired.ci![0]).toBeGreaterThan(0);
    expect(unpaired.ci![0]).toBeLessThan(0);
  });

  test('fewer than two values have no CI', () => {
    expect(meanCi([]).ci).toBeNull();
    expect(meanCi([3]).ci).toBeNull();
    expect(meanCi([3]).mean).toBe(3);
  });
});

describe('inequality indices', () => {
  test('Jain', () => {
    expect(jainIndex([1, 1, 1, 1])).toBe(1);
    expect(jainIndex([1, 0, 0, 0])).toBe(0.25);
    expect(jainIndex([0, 0])).toBe(1);
    expect(jainIndex([1, 2, 3])).toBeCloseTo(36 / 42, 12);
    expect(jainIndex([])).toBe(1);
  });
  test('Gini', () => {
    expect(gini([2, 2, 2])).toBe(0);
    expect(gini([0, 0, 0, 1])).toBeCloseTo(0.75, 12);
    expect(gini([1, 2, 3, 4])).toBeCloseTo(0.25, 12);
    expect(gini([0, 0])).toBe(0);
    expect(gini([])).toBe(0);
  });
  test('Gini equals the mean absolute difference over twice the mean; Jain lies in [1/n, 1]', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 }), (xs) => {
        const n = xs.length;
        const sum = xs.reduce((t, x) => t + x, 0);
        let pairs = 0;
        for (const a of xs) for (const b of xs) pairs += Math.abs(a - b);
        expect(gini(xs)).toBeCloseTo(sum === 0 ? 0 : pairs / (2 * n * sum), 9);
        expect(jainIndex(xs)).toBeGreaterThanOrEqual(1 / n - 1e-12);
        expect(jainIndex(xs)).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });
});

describe('replication seeds', () => {
  test('uint32, deterministic, pinned', () => {
    expect(deriveSeed(1, 0)).toBe(deriveSeed(1, 0));
    for (const [seed, rep] of [
      [0, 0],
      [1, 5],
      [2 ** 40 + 3, 7],
    ] as const) {
      const s = deriveSeed(seed, rep);
      expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
    }
    // Golden values: changing the hash changes every experiment's numbers; do it on purpose only.
    expect([deriveSeed(1, 0), deriveSeed(1, 1), deriveSeed(42, 0)]).toEqual([1485773539, 1886045927, 1952080623]);
  });

  test('the replications of an experiment never share a seed', () => {
    for (const base of [0, 1, 42, 2 ** 32 + 1]) {
      const seen = new Set<number>();
      for (let r = 0; r < 20_000; r++) seen.add(deriveSeed(base, r));
      expect(seen.size).toBe(20_000);
    }
  });

  test('different base seeds give different streams; high bits of the seed matter', () => {
    expect(deriveSeed(1, 0)).not.toBe(deriveSeed(2, 0));
    expect(deriveSeed(5, 0)).not.toBe(deriveSeed(5 + 2 ** 32, 0));
  });

  test('mix32 is a bijection on a sample (no collisions)', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 50_000; i++) seen.add(mix32(i * 2654435761));
    expect(seen.size).toBe(50_000);
  });

  test('rejects bad input', () => {
    expect(() => deriveSeed(-1, 0)).toThrow(RangeError);
    expect(() => deriveSeed(1.5, 0)).toThrow(RangeError);
    expect(() => deriveSeed(1, -1)).toThrow(RangeError);
  });
});
