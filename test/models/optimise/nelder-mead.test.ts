/** Nelder–Mead on functions with known minima, inside and on the bounds. */
import { describe, expect, test } from 'vitest';
import { fc, test as propTest } from '@fast-check/vitest';
import { nelderMead } from '../../../models/optimise/nelder-mead.js';

const rosenbrock = ([x, y]: number[]) => 100 * (y! - x! * x!) ** 2 + (1 - x!) ** 2;

describe('nelderMead', () => {
  test('Rosenbrock from (−1.2, 1) reaches the minimum at (1, 1)', async () => {
    const r = await nelderMead(
      rosenbrock,
      [-1.2, 1],
      { low: [-5, -5], high: [5, 5] },
      { maxEvaluations: 2000, xTol: 1e-7, fTol: 1e-12 },
    );
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
    expect(r.f).toBeLessThan(1e-8);
  });

  test('Himmelblau from (0, 0) in [0, 5]² finds its minimum at (3, 2)', async () => {
    const f = ([x, y]: number[]) => (x! * x! + y! - 11) ** 2 + (x! + y! * y! - 7) ** 2;
    const r = await nelderMead(f, [0, 0], { low: [0, 0], high: [5, 5] }, { maxEvaluations: 1000, xTol: 1e-7 });
    expect(r.x[0]).toBeCloseTo(3, 4);
    expect(r.x[1]).toBeCloseTo(2, 4);
  });

  propTest.prop(
    [
      fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 4 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
    ],
    { numRuns: 40 },
  )(
    'a shifted sphere: the minimum is the centre clipped to the box [−1, 1]^d, and every point tried is inside',
    async (centre, start) => {
      const d = centre.length;
      const low = new Array<number>(d).fill(-1);
      const high = new Array<number>(d).fill(1);
      const f = (x: number[]) => {
        x.forEach((xi) => {
          expect(xi).toBeGreaterThanOrEqual(-1);
          expect(xi).toBeLessThanOrEqual(1);
        });
        return x.reduce((s, xi, i) => s + (xi - centre[i]!) ** 2, 0);
      };
      const x0 = start.slice(0, d).map((u) => -1 + 2 * u);
      const r = await nelderMead(f, x0, { low, high }, { maxEvaluations: 3000, xTol: 1e-6, fTol: 1e-12 });
      r.x.forEach((xi, i) => expect(xi).toBeCloseTo(Math.max(-1, Math.min(1, centre[i]!)), 2));
    },
  );

  test('async objectives, a budget and a progress callback', async () => {
    let calls = 0;
    let iterations = 0;
    const r = await nelderMead(
      async (x) => {
        calls += 1;
        return rosenbrock(x);
      },
      [-1.2, 1],
      { low: [-5, -5], high: [5, 5] },
      { maxEvaluations: 30, onIteration: () => (iterations += 1) },
    );
    expect(r.converged).toBe(false);
    expect(calls).toBe(r.evaluations);
    expect(r.evaluations).toBeLessThanOrEqual(30 + 2);
    expect(iterations).toBe(r.iterations);
  });

  test('bad bounds, a start outside them and a NaN objective are refused', async () => {
    await expect(nelderMead(() => 0, [0], { low: [1], high: [1] })).rejects.toThrow(/low < high/);
    await expect(nelderMead(() => 0, [2], { low: [0], high: [1] })).rejects.toThrow(/outside its bounds/);
    await expect(nelderMead(() => Number.NaN, [0.5], { low: [0], high: [1] })).rejects.toThrow(/NaN/);
  });
});
