/** The designs' structural promises, as properties over sizes and seeds. */
import { describe, expect, test } from 'vitest';
import { fc, test as propTest } from '@fast-check/vitest';
import { RandomStream } from '../../../sim/random.js';
import {
  fromUnit,
  fullGrid,
  latinHypercube,
  morrisDesign,
  oatDesign,
  saltelliDesign,
} from '../../../models/sensitivity/designs.js';

const rng = (seed: number) => new RandomStream('design', `test/${seed}`);

describe('designs', () => {
  propTest.prop([fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 6 }), fc.nat()])(
    'latin hypercube: one value in each of the n strata of every column',
    (n, d, seed) => {
      const rows = latinHypercube(n, d, rng(seed));
      expect(rows.length).toBe(n);
      for (let j = 0; j < d; j++) {
        const strata = rows.map((r) => Math.floor(r[j]! * n)).sort((a, b) => a - b);
        expect(strata).toEqual(Array.from({ length: n }, (_, k) => k));
      }
    },
  );

  propTest.prop([fc.integer({ min: 1, max: 8 }), fc.integer({ min: 2, max: 12 }), fc.constantFrom(2, 4, 6), fc.nat()])(
    'morris: each step moves one factor by ±Δ, every factor once, all rows on the grid',
    (d, k, levels, seed) => {
      const delta = levels / (2 * (levels - 1));
      for (const t of morrisDesign(d, k, rng(seed), levels)) {
        expect(t.rows.length).toBe(d + 1);
        expect([...t.order].sort((a, b) => a - b)).toEqual(Array.from({ length: d }, (_, i) => i));
        for (const row of t.rows)
          for (const x of row) expect(Math.abs(x * (levels - 1) - Math.round(x * (levels - 1)))).toBeLessThan(1e-9);
        t.order.forEach((i, s) => {
          const before = t.rows[s]!;
          const after = t.rows[s + 1]!;
          after.forEach((x, j) => {
            if (j === i) expect(x - before[j]!).toBeCloseTo(t.step[s]!, 12);
            else expect(x).toBe(before[j]);
          });
          expect(Math.abs(t.step[s]!)).toBeCloseTo(delta, 12);
        });
      }
    },
  );

  test('saltelli: blocks A, AB_1..AB_d, B with AB_i = A except column i from B', () => {
    const d = 3;
    const rows = saltelliDesign(10, d, rng(1));
    expect(rows.length).toBe(10 * (d + 2));
    for (let j = 0; j < 10; j++) {
      const a = rows[j * (d + 2)]!;
      const b = rows[j * (d + 2) + d + 1]!;
      for (let i = 0; i < d; i++) {
        const ab = rows[j * (d + 2) + 1 + i]!;
        ab.forEach((x, c) => expect(x).toBe(c === i ? b[c] : a[c]));
      }
    }
  });

  test('oat: baseline, then each parameter at low and at high with the others typical', () => {
    const params = [
      { low: 1, high: 3, typical: 2 },
      { low: 10, high: 30, typical: 25 },
    ];
    expect(oatDesign(params)).toEqual([
      { parameter: null, side: 'typical', values: [2, 25] },
      { parameter: 0, side: 'low', values: [1, 25] },
      { parameter: 0, side: 'high', values: [3, 25] },
      { parameter: 1, side: 'low', values: [2, 10] },
      { parameter: 1, side: 'high', values: [2, 30] },
    ]);
  });

  test('full grid: every combination, first parameter slowest', () => {
    expect(
      fullGrid([
        [1, 2],
        [7, 8, 9],
      ]),
    ).toEqual([
      [1, 7],
      [1, 8],
      [1, 9],
      [2, 7],
      [2, 8],
      [2, 9],
    ]);
    expect(() => fullGrid([[1], []])).toThrow(/no values/);
  });

  test('fromUnit: uniform is linear; triangular has its mode at the typical value (CDF there = its share)', () => {
    expect(fromUnit({ low: 2, high: 6, typical: 3, distribution: 'uniform' }, 0.25)).toBe(3);
    const tri = { low: 0, high: 10, typical: 2, distribution: 'triangular' as const };
    expect(fromUnit(tri, 0)).toBe(0);
    expect(fromUnit(tri, 1)).toBe(10);
    expect(fromUnit(tri, 0.2)).toBeCloseTo(2, 12);
  });

  test('the same seed gives the same design', () => {
    expect(saltelliDesign(5, 2, rng(3))).toEqual(saltelliDesign(5, 2, rng(3)));
    expect(morrisDesign(3, 4, rng(3))).toEqual(morrisDesign(3, 4, rng(3)));
  });
});
