/**
 * Domain-free statistics for simulation output analysis: streaming mean/variance (Welford),
 * Student-t quantiles, 95 % confidence intervals, paired and unpaired differences, and two
 * inequality indices (Jain, Gini).
 *
 * Everything is deterministic: the same values folded in the same order give the same bits.
 */

/** Streaming mean and variance (Welford 1962). Numerically stable; O(1) memory. */
export class Welford {
  n = 0;
  mean = 0;
  /** Sum of squared deviations from the running mean. */
  m2 = 0;

  push(x: number): void {
    this.n += 1;
    const delta = x - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (x - this.mean);
  }

  /** Sample variance (n − 1 denominator); NaN when n < 2. */
  get variance(): number {
    return this.n < 2 ? Number.NaN : this.m2 / (this.n - 1);
  }

  get stdev(): number {
    return Math.sqrt(this.variance);
  }

  summary(level = 0.95): Summary {
    return summarize(this.n, this.mean, this.variance, level);
  }
}

/** Mean with a two-sided confidence interval for it. */
export interface Summary {
  n: number;
  /** NaN when n = 0. */
  mean: number;
  /** Sample standard deviation; NaN when n < 2. */
  stdev: number;
  /** Half width of the CI: t(1 − α/2; n − 1) · s / √n; NaN when n < 2. */
  halfWidth: number;
  /** [mean − halfWidth, mean + halfWidth]; null when n < 2. */
  ci: [number, number] | null;
}

function summarize(n: number, mean: number, variance: number, level: number): Summary {
  if (n === 0) return { n, mean: Number.NaN, stdev: Number.NaN, halfWidth: Number.NaN, ci: null };
  if (n < 2) return { n, mean, stdev: Number.NaN, halfWidth: Number.NaN, ci: null };
  const stdev = Math.sqrt(variance);
  const halfWidth = tQuantile(0.5 + level / 2, n - 1) * (stdev / Math.sqrt(n));
  return { n, mean, stdev, halfWidth, ci: [mean - halfWidth, mean + halfWidth] };
}

/** Mean and confidence interval of a sample. */
export function meanCi(values: readonly number[], level = 0.95): Summary {
  const w = new Welford();
  for (const v of values) w.push(v);
  return w.summary(level);
}

/**
 * Paired difference b − a (element by element, same replication): mean and CI of the differences.
 * With common random numbers the noise shared by a[i] and b[i] cancels, so this CI is usually far
 * narrower than the unpaired one.
 */
export function pairedDiff(a: readonly number[], b: readonly number[], level = 0.95): Summary {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in length: ${a.length} vs ${b.length}`);
  const w = new Welford();
  for (let i = 0; i < a.length; i++) w.push(b[i]! - a[i]!);
  return w.summary(level);
}

/**
 * Unpaired (independent samples) difference of means b − a, Welch's t interval with the
 * Welch–Satterthwaite degrees of freedom. For comparison with `pairedDiff`.
 */
export function unpairedDiff(a: Summary, b: Summary, level = 0.95): Summary {
  const n = Math.min(a.n, b.n);
  const mean = b.mean - a.mean;
  if (a.n < 2 || b.n < 2) return { n, mean, stdev: Number.NaN, halfWidth: Number.NaN, ci: null };
  const va = (a.stdev * a.stdev) / a.n;
  const vb = (b.stdev * b.stdev) / b.n;
  const se = Math.sqrt(va + vb);
  const df = se === 0 ? a.n + b.n - 2 : (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const halfWidth = tQuantile(0.5 + level / 2, df) * se;
  return { n, mean, stdev: se * Math.sqrt(n), halfWidth, ci: [mean - halfWidth, mean + halfWidth] };
}

// ── special functions ───────────────────────────────────────────────────────────────────────

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; ~15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = LANCZOS[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz; Numerical Recipes §6.4). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const TINY = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta function I_x(a, b), 0 ≤ x ≤ 1, a, b > 0. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(lnFront);
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Student-t cumulative distribution function P(T ≤ t) with `df` > 0 degrees of freedom. */
export function tCdf(t: number, df: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(df)) return normalCdf(t);
  const x = df / (df + t * t);
  const tail = 0.5 * regularizedBeta(x, df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Standard normal CDF, through erfc(x) = Q(1/2, x²) (regularized incomplete gamma by series or
 * continued fraction; accurate to ~1e-15). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function erfc(x: number): number {
  // erfc(x) = 1 − P(1/2, x²) for x ≥ 0, computed through the regularized incomplete gamma.
  if (x < 0) return 2 - erfc(-x);
  const a = 0.5;
  const z = x * x;
  if (z === 0) return 1;
  const lnFront = -z + a * Math.log(z) - logGamma(a);
  if (z < a + 1) {
    // series for P(a, z)
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 500; n++) {
      term *= z / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return 1 - sum * Math.exp(lnFront);
  }
  // continued fraction for Q(a, z) (modified Lentz)
  const TINY = 1e-300;
  let b = z + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.exp(lnFront) * h;
}

/** Inverse standard normal CDF (Acklam's rational approximation, refined by two Newton steps). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    return Number.NaN;
  }
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let x: number;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - lo) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  for (let i = 0; i < 2; i++) {
    const e = normalCdf(x) - p;
    const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
    x -= u / (1 + (x * u) / 2); // Halley step
  }
  return x;
}

const tQuantileCache = new Map<string, number>();

/**
 * Student-t quantile t(p; df): the t with P(T ≤ t) = p, for any real df > 0 (df = Infinity gives the
 * normal quantile). Closed forms for df = 1 and 2; otherwise the t CDF (through the regularized
 * incomplete beta function) is inverted by bracketing and bisection to full double precision.
 */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    return Number.NaN;
  }
  if (!(df > 0)) return Number.NaN;
  if (p < 0.5) return -tQuantile(1 - p, df);
  if (p === 0.5) return 0;
  if (!Number.isFinite(df) || df > 1e8) return normalQuantile(p);
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const key = `${p}|${df}`;
  const cached = tQuantileCache.get(key);
  if (cached !== undefined) return cached;
  // Bracket: the t quantile is ≥ the normal one; double the upper end until the CDF passes p.
  let lo = 0;
  let hi = Math.max(1, normalQuantile(p));
  while (tCdf(hi, df) < p) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) break;
  }
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  const result = (lo + hi) / 2;
  if (tQuantileCache.size > 10_000) tQuantileCache.clear();
  tQuantileCache.set(key, result);
  return result;
}

// ── inequality indices ──────────────────────────────────────────────────────────────────────

/**
 * Jain's fairness index (Σx)² / (n Σx²), in [1/n, 1]; 1 when every value is equal, all are zero, or
 * there are none (no one is treated unequally: a run with no customers reads as fair, not as NaN).
 */
export function jainIndex(values: readonly number[]): number {
  if (values.length === 0) return 1;
  let s = 0;
  let s2 = 0;
  for (const v of values) {
    s += v;
    s2 += v * v;
  }
  return s2 === 0 ? 1 : (s * s) / (values.length * s2);
}

/**
 * Gini coefficient Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄) of non-negative values, computed over the sorted values
 * as 2 Σ i·x₍ᵢ₎ / (n Σx) − (n + 1)/n; 0 when all are equal, all are zero, or there are none.
 */
export function gini(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  let sum = 0;
  let weighted = 0;
  sorted.forEach((x, i) => {
    sum += x;
    weighted += (i + 1) * x;
  });
  return sum === 0 ? 0 : (2 * weighted) / (n * sum) - (n + 1) / n;
}
