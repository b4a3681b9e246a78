/**
 * Random variates from a uniform(0,1) source, each with its theoretical mean and variance
 * (used by the tests that check sample moments against theory).
 */
export type Uniform01 = () => number;

export function uniform(u: Uniform01, low: number, high: number): number {
  return low + (high - low) * u();
}

/** Exponential with the given rate (mean 1/rate), by inversion. */
export function exponential(u: Uniform01, rate: number): number {
  return -Math.log(1 - u()) / rate;
}

/** Normal by Box–Muller; no cached spare, so the stream state is only the generator's. */
export function normal(u: Uniform01, mean: number, sd: number): number {
  const u1 = 1 - u();
  const u2 = u();
  return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Lognormal: exp(N(mu, sigma)); mu and sigma are of the underlying normal. */
export function lognormal(u: Uniform01, mu: number, sigma: number): number {
  return Math.exp(normal(u, mu, sigma));
}

/** Underlying (mu, sigma) of a lognormal with the given mean and coefficient of variation. */
export function lognormalParams(mean: number, cv: number): { mu: number; sigma: number } {
  const sigma2 = Math.log(1 + cv * cv);
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/** Triangular on [low, high] with the given mode, by inversion. */
export function triangular(u: Uniform01, low: number, mode: number, high: number): number {
  const x = u();
  const range = high - low;
  if (range === 0) return low;
  const f = (mode - low) / range;
  const value = x < f ? low + Math.sqrt(x * range * (mode - low)) : high - Math.sqrt((1 - x) * range * (high - mode));
  // Tiny ranges can underflow to a subnormal whose square root falls outside [low, high].
  return Math.min(high, Math.max(low, value));
}

const SMALL_MEAN = 30;

/** Poisson: exact inversion for small means, rounded normal with the same mean/variance above. */
export function poisson(u: Uniform01, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda < SMALL_MEAN) {
    let k = 0;
    let p = Math.exp(-lambda);
    let cdf = p;
    const x = u();
    while (x > cdf) {
      k++;
      p *= lambda / k;
      cdf += p;
      if (p === 0) break;
    }
    return k;
  }
  return Math.max(0, Math.round(normal(u, lambda, Math.sqrt(lambda))));
}

/**
 * Binomial(n, p): exact inversion (sequential search over the pmf, on the smaller tail) when the
 * expected count of the rarer outcome is small; otherwise a rounded normal clamped to [0, n], which
 * keeps mean n·p and variance n·p·(1−p) to well under 1 % at these sizes (die yields: n = 25 × 65).
 */
export function binomial(u: Uniform01, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const flip = p > 0.5;
  const q = flip ? 1 - p : p;
  let k: number;
  if (n * q < SMALL_MEAN) {
    const ratio = q / (1 - q);
    let pk = Math.pow(1 - q, n);
    let cdf = pk;
    const x = u();
    k = 0;
    while (x > cdf && k < n) {
      pk *= (ratio * (n - k)) / (k + 1);
      k++;
      cdf += pk;
    }
  } else {
    const mean = n * q;
    k = Math.round(normal(u, mean, Math.sqrt(mean * (1 - q))));
    k = Math.min(n, Math.max(0, k));
  }
  return flip ? n - k : k;
}

/** Theoretical moments, for tests and for documentation. */
export const moments = {
  uniform: (low: number, high: number) => ({ mean: (low + high) / 2, variance: (high - low) ** 2 / 12 }),
  exponential: (rate: number) => ({ mean: 1 / rate, variance: 1 / rate ** 2 }),
  normal: (mean: number, sd: number) => ({ mean, variance: sd * sd }),
  lognormal: (mu: number, sigma: number) => ({
    mean: Math.exp(mu + (sigma * sigma) / 2),
    variance: (Math.exp(sigma * sigma) - 1) * Math.exp(2 * mu + sigma * sigma),
  }),
  triangular: (low: number, mode: number, high: number) => ({
    mean: (low + mode + high) / 3,
    variance: (low ** 2 + mode ** 2 + high ** 2 - low * mode - low * high - mode * high) / 18,
  }),
  poisson: (lambda: number) => ({ mean: lambda, variance: lambda }),
  binomial: (n: number, p: number) => ({ mean: n * p, variance: n * p * (1 - p) }),
};
