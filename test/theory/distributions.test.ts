/**
 * Every sampler in sim/distributions.ts against theory: the sample mean and variance of 200k draws
 * against the `moments` table, within Z standard errors computed from theory (the standard error
 * of a sample variance needs the fourth central moment μ4, given here per distribution); and the
 * exact (inversion) paths of binomial and Poisson against their pmf with a chi-square bound.
 */
import { describe, expect, test } from 'vitest';
import { RandomStreams, distributions, type RandomStream } from '../../sim/index.js';

const { moments } = distributions;
const N = 200_000;
/** Tolerance in standard errors: two-sided P(|Z| > 4) ≈ 6e-5 per check. */
const Z = 4;

function stream(name: string): RandomStream {
  return new RandomStreams(20240601).stream(name);
}

interface Case {
  name: string;
  draw: (r: RandomStream) => number;
  theory: { mean: number; variance: number };
  /** Fourth central moment E[(X − μ)^4] of the distribution. */
  mu4: number;
}

const lognormalMu4 = (sigma: number, variance: number): number => {
  const w = Math.exp(sigma * sigma);
  return variance * variance * (w ** 4 + 2 * w ** 3 + 3 * w ** 2 - 3);
};
const ln10 = distributions.lognormalParams(10, 0.3);

const cases: Case[] = [
  { name: 'random() on [0,1)', draw: (r) => r.random(), theory: moments.uniform(0, 1), mu4: 1 / 80 },
  { name: 'uniform(2, 5)', draw: (r) => r.uniform(2, 5), theory: moments.uniform(2, 5), mu4: 3 ** 4 / 80 },
  { name: 'exponential(0.5)', draw: (r) => r.exponential(0.5), theory: moments.exponential(0.5), mu4: 9 / 0.5 ** 4 },
  { name: 'exponential(3)', draw: (r) => r.exponential(3), theory: moments.exponential(3), mu4: 9 / 3 ** 4 },
  { name: 'normal(3, 2)', draw: (r) => r.normal(3, 2), theory: moments.normal(3, 2), mu4: 3 * 2 ** 4 },
  {
    name: 'lognormal(0.1, 0.4)',
    draw: (r) => r.lognormal(0.1, 0.4),
    theory: moments.lognormal(0.1, 0.4),
    mu4: lognormalMu4(0.4, moments.lognormal(0.1, 0.4).variance),
  },
  {
    name: 'lognormal with mean 10, cv 0.3 (lognormalParams)',
    draw: (r) => r.lognormal(ln10.mu, ln10.sigma),
    theory: { mean: 10, variance: 3 ** 2 },
    mu4: lognormalMu4(ln10.sigma, 9),
  },
  // Triangular: kurtosis 12/5 whatever the shape.
  {
    name: 'triangular(1, 2, 6)',
    draw: (r) => r.triangular(1, 2, 6),
    theory: moments.triangular(1, 2, 6),
    mu4: 2.4 * moments.triangular(1, 2, 6).variance ** 2,
  },
  {
    name: 'triangular(0, 0, 1)',
    draw: (r) => r.triangular(0, 0, 1),
    theory: moments.triangular(0, 0, 1),
    mu4: 2.4 * moments.triangular(0, 0, 1).variance ** 2,
  },
  {
    name: 'triangular(0, 4, 4)',
    draw: (r) => r.triangular(0, 4, 4),
    theory: moments.triangular(0, 4, 4),
    mu4: 2.4 * moments.triangular(0, 4, 4).variance ** 2,
  },
  // Poisson: μ4 = λ(1 + 3λ).
  {
    name: 'poisson(3.5) (small: inversion)',
    draw: (r) => r.poisson(3.5),
    theory: moments.poisson(3.5),
    mu4: 3.5 * (1 + 3 * 3.5),
  },
  {
    name: 'poisson(29.5) (largest small)',
    draw: (r) => r.poisson(29.5),
    theory: moments.poisson(29.5),
    mu4: 29.5 * (1 + 3 * 29.5),
  },
  { name: 'poisson(250) (large)', draw: (r) => r.poisson(250), theory: moments.poisson(250), mu4: 250 * (1 + 3 * 250) },
  // Binomial: μ4 = npq(1 + 3(n − 2)pq).
  ...(
    [
      [10, 0.3],
      [20, 0.9],
      [1625, 0.8],
      [1625, 0.01],
      [200, 0.5],
    ] as const
  ).map(([n, p]): Case => ({
    name: `binomial(${n}, ${p})`,
    draw: (r) => r.binomial(n, p),
    theory: moments.binomial(n, p),
    mu4: n * p * (1 - p) * (1 + 3 * (n - 2) * p * (1 - p)),
  })),
];

describe('sample mean and variance match the moments table', () => {
  test.each(cases)('$name', ({ name, draw, theory, mu4 }) => {
    const r = stream(name);
    let sum = 0;
    let sumSq = 0;
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const x = draw(r);
      xs[i] = x;
      sum += x;
    }
    const mean = sum / N;
    for (let i = 0; i < N; i++) sumSq += (xs[i]! - mean) ** 2;
    const variance = sumSq / (N - 1);
    const seMean = Math.sqrt(theory.variance / N);
    const seVar = Math.sqrt((mu4 - theory.variance ** 2) / N);
    expect(Math.abs(mean - theory.mean), `mean ${mean} vs ${theory.mean} (se ${seMean})`).toBeLessThan(Z * seMean);
    expect(
      Math.abs(variance - theory.variance),
      `variance ${variance} vs ${theory.variance} (se ${seVar})`,
    ).toBeLessThan(Z * seVar);
  });
});

/** Upper p-quantile of χ²(df) by the Wilson–Hilferty approximation, given the normal quantile z. */
function chiSquareQuantile(df: number, z: number): number {
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}
/** z for an upper tail of 0.001. */
const Z_999 = 3.0902;

/**
 * Pearson's X² of `draws` samples against the pmf, bins with expected count < 5 pooled into the
 * neighbouring tail bin; returns the statistic and its degrees of freedom.
 */
function chiSquare(
  counts: Map<number, number>,
  pmf: (k: number) => number,
  support: number[],
  draws: number,
): { x2: number; df: number } {
  const bins: { observed: number; expected: number }[] = [];
  let pending = { observed: 0, expected: 0 };
  for (const k of support) {
    pending.observed += counts.get(k) ?? 0;
    pending.expected += pmf(k) * draws;
    if (pending.expected >= 5) {
      bins.push(pending);
      pending = { observed: 0, expected: 0 };
    }
  }
  if (bins.length > 0) {
    bins[bins.length - 1]!.observed += pending.observed;
    bins[bins.length - 1]!.expected += pending.expected;
  }
  const outside = draws - [...counts.entries()].filter(([k]) => support.includes(k)).reduce((a, [, c]) => a + c, 0);
  expect(outside, 'draws outside the support').toBe(0);
  const x2 = bins.reduce((a, b) => a + (b.observed - b.expected) ** 2 / b.expected, 0);
  return { x2, df: bins.length - 1 };
}

function logFactorial(k: number): number {
  let s = 0;
  for (let i = 2; i <= k; i++) s += Math.log(i);
  return s;
}
const binomialPmf =
  (n: number, p: number) =>
  (k: number): number =>
    Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log(1 - p));
const poissonPmf =
  (lambda: number) =>
  (k: number): number =>
    Math.exp(-lambda + k * Math.log(lambda) - logFactorial(k));

describe('exact samplers match their pmf (chi-square at the 0.1 % level)', () => {
  const pmfCases: [string, (r: RandomStream) => number, (k: number) => number, number[]][] = [
    ['binomial(10, 0.3)', (r) => r.binomial(10, 0.3), binomialPmf(10, 0.3), range(0, 10)],
    ['binomial(20, 0.9) (flipped)', (r) => r.binomial(20, 0.9), binomialPmf(20, 0.9), range(0, 20)],
    [
      'binomial(1625, 0.01) (inversion, large n)',
      (r) => r.binomial(1625, 0.01),
      binomialPmf(1625, 0.01),
      range(0, 1625),
    ],
    ['poisson(3.5)', (r) => r.poisson(3.5), poissonPmf(3.5), range(0, 200)],
  ];
  test.each(pmfCases)('%s', (name, draw, pmf, support) => {
    const r = stream(`pmf ${name}`);
    const counts = new Map<number, number>();
    for (let i = 0; i < N; i++) {
      const k = draw(r);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const { x2, df } = chiSquare(counts, pmf, support, N);
    expect(df).toBeGreaterThanOrEqual(4);
    expect(x2, `X² = ${x2.toFixed(1)} on ${df} df`).toBeLessThan(chiSquareQuantile(df, Z_999));
  });

  test('the chi-square check has power: binomial(10, 0.3) draws fail against the pmf of binomial(10, 0.31)', () => {
    const r = stream('power');
    const counts = new Map<number, number>();
    for (let i = 0; i < N; i++) {
      const k = r.binomial(10, 0.3);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const { x2, df } = chiSquare(counts, binomialPmf(10, 0.31), range(0, 10), N);
    expect(x2).toBeGreaterThan(chiSquareQuantile(df, Z_999));
  });
});

describe('edge cases', () => {
  test('binomial and poisson at the ends of their parameter ranges', () => {
    const r = stream('edges');
    expect(r.binomial(0, 0.5)).toBe(0);
    expect(r.binomial(25, 0)).toBe(0);
    expect(r.binomial(25, 1)).toBe(25);
    expect(r.poisson(0)).toBe(0);
    for (let i = 0; i < 1000; i++) {
      const b = r.binomial(7, 0.5);
      expect(Number.isInteger(b) && b >= 0 && b <= 7).toBe(true);
      const big = r.binomial(1625, 0.999);
      expect(Number.isInteger(big) && big >= 0 && big <= 1625).toBe(true);
      const p = r.poisson(1000);
      expect(Number.isInteger(p) && p >= 0).toBe(true);
    }
  });

  test('triangular with zero width returns its point; uniform with low = high too', () => {
    const r = stream('degenerate');
    expect(r.triangular(3, 3, 3)).toBe(3);
    expect(r.uniform(2, 2)).toBe(2);
  });
});

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
