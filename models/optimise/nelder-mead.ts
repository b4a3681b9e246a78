/**
 * Nelder–Mead downhill simplex minimiser for a few bounded parameters, derivative-free, deterministic.
 *
 * Why our own: the npm optimisers that fit (fmin 0.0.4) are unbounded and unmaintained since 2016.
 *
 * Method: Nelder & Mead (1965) with the standard coefficients reflection ρ = 1, expansion χ = 2,
 * contraction γ = ½, shrink σ = ½ and the ordering and tie rules of Lagarias et al. (1998), SIAM J.
 * Optim. 9(1):112–147 (what MATLAB's fminsearch does). Bounds by transformation (as in D'Errico's
 * fminsearchbnd): the simplex moves in unbounded z, and x_i = low_i + (high_i − low_i)(sin z_i + 1)/2,
 * so every point evaluated lies inside [low, high] and a minimum on a bound is reachable.
 * The objective may be async (each evaluation a batch of simulations under common random numbers:
 * with fixed seeds the objective is a deterministic function of x, which is what the simplex needs).
 *
 * Stops when the simplex is small in both x (max |x_i − x_best,i| ≤ xTol, in units of each range)
 * and f (max |f − f_best| ≤ fTol), or after maxEvaluations.
 */

export interface Bounds {
  low: readonly number[];
  high: readonly number[];
}

export interface NelderMeadOptions {
  /** Largest number of objective evaluations (default 200 · d). */
  maxEvaluations?: number;
  /** Tolerance on x, as a fraction of each parameter's range (default 1e-4). */
  xTol?: number;
  /** Tolerance on f (default 1e-8). */
  fTol?: number;
  /** Initial simplex edge, as a fraction of each range around x0 (default 0.1). */
  step?: number;
  /** Called after each iteration, for a progress bar. */
  onIteration?: (state: { evaluations: number; best: number[]; fBest: number }) => void;
}

export interface NelderMeadResult {
  x: number[];
  f: number;
  evaluations: number;
  iterations: number;
  converged: boolean;
}

type Objective = (x: number[]) => number | Promise<number>;

interface Vertex {
  z: number[];
  f: number;
}

export async function nelderMead(
  objective: Objective,
  x0: readonly number[],
  bounds: Bounds,
  options: NelderMeadOptions = {},
): Promise<NelderMeadResult> {
  const d = x0.length;
  if (d === 0) throw new RangeError('nelder-mead: no parameters');
  if (bounds.low.length !== d || bounds.high.length !== d)
    throw new RangeError(`nelder-mead: bounds must have ${d} entries`);
  for (let i = 0; i < d; i++) {
    if (!(bounds.low[i]! < bounds.high[i]!))
      throw new RangeError(`nelder-mead: parameter ${i} needs low < high, got [${bounds.low[i]}, ${bounds.high[i]}]`);
    if (!(bounds.low[i]! <= x0[i]! && x0[i]! <= bounds.high[i]!))
      throw new RangeError(`nelder-mead: x0[${i}] = ${x0[i]} is outside its bounds`);
  }
  const maxEvaluations = options.maxEvaluations ?? 200 * d;
  const xTol = options.xTol ?? 1e-4;
  const fTol = options.fTol ?? 1e-8;
  const step = options.step ?? 0.1;

  const toX = (z: readonly number[]): number[] =>
    z.map((zi, i) => {
      const lo = bounds.low[i]!;
      const hi = bounds.high[i]!;
      return Math.min(hi, Math.max(lo, lo + ((hi - lo) * (Math.sin(zi) + 1)) / 2));
    });
  const toZ = (x: readonly number[]): number[] =>
    x.map((xi, i) => {
      const lo = bounds.low[i]!;
      const hi = bounds.high[i]!;
      return Math.asin(Math.max(-1, Math.min(1, (2 * (xi - lo)) / (hi - lo) - 1)));
    });

  let evaluations = 0;
  const evaluate = async (z: number[]): Promise<Vertex> => {
    evaluations += 1;
    const f = await objective(toX(z));
    if (Number.isNaN(f)) throw new RangeError(`nelder-mead: objective returned NaN at ${JSON.stringify(toX(z))}`);
    return { z, f };
  };

  // Initial simplex: x0 and, for each i, x0 moved by `step` of the range (towards the far bound when
  // the near one is too close), built in x and carried to z.
  const simplex: Vertex[] = [await evaluate(toZ(x0))];
  for (let i = 0; i < d; i++) {
    const x = [...x0];
    const range = bounds.high[i]! - bounds.low[i]!;
    x[i] = x[i]! + step * range <= bounds.high[i]! ? x[i]! + step * range : x[i]! - step * range;
    simplex.push(await evaluate(toZ(x)));
  }

  let iterations = 0;
  const sort = () => simplex.sort((a, b) => a.f - b.f); // stable: ties keep the older vertex first
  sort();
  const converged = (): boolean => {
    const best = toX(simplex[0]!.z);
    for (const v of simplex.slice(1)) {
      if (Math.abs(v.f - simplex[0]!.f) > fTol) return false;
      const x = toX(v.z);
      for (let i = 0; i < d; i++)
        if (Math.abs(x[i]! - best[i]!) > xTol * (bounds.high[i]! - bounds.low[i]!)) return false;
    }
    return true;
  };

  while (!converged() && evaluations < maxEvaluations) {
    iterations += 1;
    const worst = simplex[d]!;
    const centroid = new Array<number>(d).fill(0);
    for (const v of simplex.slice(0, d)) for (let i = 0; i < d; i++) centroid[i]! += v.z[i]! / d;
    const along = (t: number): number[] => centroid.map((c, i) => c + t * (worst.z[i]! - c));

    const reflected = await evaluate(along(-1));
    if (reflected.f < simplex[0]!.f) {
      const expanded = await evaluate(along(-2));
      simplex[d] = expanded.f < reflected.f ? expanded : reflected;
    } else if (reflected.f < simplex[d - 1]!.f) {
      simplex[d] = reflected;
    } else {
      const outside = reflected.f < worst.f;
      const contracted = await evaluate(along(outside ? -0.5 : 0.5));
      if (contracted.f < (outside ? reflected.f : worst.f)) {
        simplex[d] = contracted;
      } else {
        const best = simplex[0]!;
        for (let k = 1; k <= d; k++)
          simplex[k] = await evaluate(best.z.map((b, i) => b + 0.5 * (simplex[k]!.z[i]! - b)));
      }
    }
    sort();
    options.onIteration?.({ evaluations, best: toX(simplex[0]!.z), fBest: simplex[0]!.f });
  }
  return {
    x: toX(simplex[0]!.z),
    f: simplex[0]!.f,
    evaluations,
    iterations,
    converged: converged(),
  };
}
