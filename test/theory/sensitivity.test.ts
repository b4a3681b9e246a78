/**
 * Theory checks of the sensitivity estimators against functions whose indices are known in closed
 * form: Sobol (Saltelli design, Jansen estimators) on the Ishigami function, Morris on functions
 * whose elementary effects are known exactly.
 */
import { describe, expect, test } from 'vitest';
import { RandomStream } from '../../sim/random.js';
import { morrisDesign, saltelliDesign } from '../../models/sensitivity/designs.js';
import { morrisIndices, sobolIndices, type Estimate } from '../../models/sensitivity/estimators.js';

const stream = (name: string) => new RandomStream(name, `theory/${name}`);

// Ishigami & Homma (1990): f = sin x1 + a sin² x2 + b x3⁴ sin x1 on [−π, π]³, a = 7, b = 0.1.
// Closed-form variances (Sobol' & Levitan 1999; SALib's test values 0.3139, 0.4424, 0; ST 0.5576, 0.4424, 0.2437):
const A = 7;
const B = 0.1;
const PI4 = Math.PI ** 4;
const V1 = 0.5 * (1 + (B * PI4) / 5) ** 2;
const V2 = A ** 2 / 8;
const V13 = B ** 2 * PI4 ** 2 * (1 / 18 - 1 / 50);
const V = V1 + V2 + V13;
const S1 = [V1 / V, V2 / V, 0];
const ST = [(V1 + V13) / V, V2 / V, V13 / V];

function ishigami(u: readonly number[]): number {
  const [x1, x2, x3] = u.map((v) => -Math.PI + 2 * Math.PI * v) as [number, number, number];
  return Math.sin(x1) + A * Math.sin(x2) ** 2 + B * x3 ** 4 * Math.sin(x1);
}

function expectWithin(e: Estimate, truth: number, maxWidth: number, label: string): void {
  expect(e.ci95[0], `${label} CI low`).toBeLessThanOrEqual(truth);
  expect(e.ci95[1], `${label} CI high`).toBeGreaterThanOrEqual(truth);
  expect(e.ci95[0], label).toBeLessThanOrEqual(e.value);
  expect(e.ci95[1], label).toBeGreaterThanOrEqual(e.value);
  expect(e.ci95[1] - e.ci95[0], `${label} CI width`).toBeLessThan(maxWidth);
}

describe('Sobol indices (Saltelli sampling, Jansen estimators, bootstrap CIs)', () => {
  test('the closed-form Ishigami indices are the published ones', () => {
    expect(S1.map((s) => +s.toFixed(3))).toEqual([0.314, 0.442, 0]);
    expect(ST.map((s) => +s.toFixed(3))).toEqual([0.558, 0.442, 0.244]);
  });

  test('Ishigami: S1 ≈ 0.314, 0.442, 0 and ST ≈ 0.558, 0.442, 0.244, each inside its 95 % CI', () => {
    const rows = saltelliDesign(8192, 3, stream('saltelli'));
    expect(rows.length).toBe(8192 * 5);
    const indices = sobolIndices(rows.map(ishigami), 3, stream('bootstrap'), 300);
    indices.forEach((ix, i) => {
      expectWithin(ix.s1, S1[i]!, 0.12, `S1[${i + 1}]`);
      expectWithin(ix.st, ST[i]!, 0.12, `ST[${i + 1}]`);
    });
  });

  test('an additive function has S1 = ST = its variance shares', () => {
    // f = x1 + 2 x2 on U(0,1)²: variances 1/12 and 4/12, shares 0.2 and 0.8, no interaction.
    const rows = saltelliDesign(4096, 2, stream('additive'));
    const indices = sobolIndices(
      rows.map(([a, b]) => a! + 2 * b!),
      2,
      stream('additive-boot'),
      300,
    );
    expectWithin(indices[0]!.s1, 0.2, 0.08, 'S1[1]');
    expectWithin(indices[1]!.st, 0.8, 0.08, 'ST[2]');
  });

  test('the same seeds give the same indices, bit for bit', () => {
    const run = () => sobolIndices(saltelliDesign(256, 3, stream('s')).map(ishigami), 3, stream('b'), 50);
    expect(run()).toEqual(run());
  });

  test('outputs that do not fill whole blocks are refused', () => {
    expect(() => sobolIndices([1, 2, 3, 4, 5, 6], 3, stream('x'))).toThrow(/multiple of d \+ 2/);
  });
});

describe('Morris elementary effects', () => {
  test('linear f = 10 x1 + 5 x2 + x3 + 0 x4: μ* is exactly 10, 5, 1, 0 and σ is 0', () => {
    const trajectories = morrisDesign(4, 20, stream('morris-linear'));
    const f = (u: readonly number[]) => 10 * u[0]! + 5 * u[1]! + u[2]!;
    const y = trajectories.flatMap((t) => t.rows.map(f));
    const ix = morrisIndices(trajectories, y, stream('morris-boot'), 200);
    ix.forEach((m, i) => {
      expect(m.muStar.value).toBeCloseTo([10, 5, 1, 0][i]!, 10);
      expect(m.mu).toBeCloseTo([10, 5, 1, 0][i]!, 10);
      expect(m.sigma).toBeCloseTo(0, 10);
    });
  });

  test('signs cancel in μ but not in μ*; an interaction shows in σ; the known ordering is recovered', () => {
    // f = 32 (x1 − ½)² + 3 x2 + 2 x3 x4: x1 symmetric non-monotone (μ ≈ 0, μ* large), x2 linear
    // (σ = 0), x3 and x4 interacting (σ > 0, equal μ*). Known ordering by μ*: x1 > x2 > x3 = x4.
    const f = (u: readonly number[]) => 32 * (u[0]! - 0.5) ** 2 + 3 * u[1]! + 2 * u[2]! * u[3]!;
    const trajectories = morrisDesign(4, 200, stream('morris-mixed'));
    const y = trajectories.flatMap((t) => t.rows.map(f));
    const [x1, x2, x3, x4] = morrisIndices(trajectories, y, stream('morris-mixed-boot'), 300);
    // Δ = 2/3 on 4 levels: x1 moves 0 ↔ 2/3 or 1/3 ↔ 1, so |EE1| = 32 · (¼ − 1/36) / (2/3) = 32/3 always.
    expect(x1!.muStar.value).toBeCloseTo(32 / 3, 6);
    expect(Math.abs(x1!.mu)).toBeLessThan(3);
    expect(x2!.muStar.value).toBeCloseTo(3, 10);
    expect(x2!.sigma).toBeCloseTo(0, 10);
    expect(x3!.sigma).toBeGreaterThan(0.3);
    // E|EE3| = 2 E[x4] = 1 over the grid: inside its CI.
    expect(x3!.muStar.ci95[0]).toBeLessThanOrEqual(1);
    expect(x3!.muStar.ci95[1]).toBeGreaterThanOrEqual(1);
    expect(x1!.muStar.ci95[0]).toBeGreaterThan(x2!.muStar.ci95[1]);
    expect(x2!.muStar.ci95[0]).toBeGreaterThan(Math.max(x3!.muStar.ci95[1], x4!.muStar.ci95[1]));
  });

  test('the output count must match the trajectories', () => {
    const trajectories = morrisDesign(3, 4, stream('m'));
    expect(() => morrisIndices(trajectories, [1, 2, 3], stream('b'))).toThrow(/expected 16 outputs/);
  });
});
