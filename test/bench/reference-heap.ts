/**
 * The minimal reference event loop the engine is measured against (the baseline of the reference
 * engine benchmarks): a binary min-heap of (time, seq) in parallel arrays with a callback per event.
 * No payload, no priorities, no cancellation, no snapshots: about as fast as an event loop in Node
 * can go, so `engine / reference` is the price of the engine's features.
 */
export class ReferenceHeap {
  now = 0;
  private t: number[] = [];
  private s: number[] = [];
  private f: (() => void)[] = [];
  private seq = 0;

  schedule(delay: number, fn: () => void): void {
    const t = this.now + delay,
      s = this.seq++,
      T = this.t,
      S = this.s,
      F = this.f;
    let i = T.length;
    T.push(t);
    S.push(s);
    F.push(fn);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = T[p]!;
      if (tp < t || (tp === t && S[p]! < s)) break;
      T[i] = tp;
      S[i] = S[p]!;
      F[i] = F[p]!;
      i = p;
    }
    T[i] = t;
    S[i] = s;
    F[i] = fn;
  }

  /** Pops the earliest event, sets the clock to its time and returns its callback. */
  pop(): () => void {
    const T = this.t,
      S = this.s,
      F = this.f,
      fn = F[0]!;
    this.now = T[0]!;
    const lt = T.pop()!,
      ls = S.pop()!,
      lf = F.pop()!,
      n = T.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && (T[c + 1]! < T[c]! || (T[c + 1] === T[c] && S[c + 1]! < S[c]!))) c++;
        if (lt < T[c]! || (lt === T[c] && ls < S[c]!)) break;
        T[i] = T[c]!;
        S[i] = S[c]!;
        F[i] = F[c]!;
        i = c;
      }
      T[i] = lt;
      S[i] = ls;
      F[i] = lf;
    }
    return fn;
  }

  run(until = Infinity): void {
    while (this.t.length > 0 && this.t[0]! < until) this.pop()();
  }
}

/** mulberry32 → exponential by inversion, the RNG of the reference engine benchmarks. */
export function mulberry32(seed: number): { uniform(): number; exp(rate: number): number } {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { uniform, exp: (rate) => -Math.log(1 - uniform()) / rate };
}
