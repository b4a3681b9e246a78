/**
 * Largest-remainder (Hamilton) rounding of non-negative real shares to whole units.
 * Floors every share, then gives the leftover units one at a time to the largest fractional parts;
 * ties go to the smaller id, so the result does not depend on the order of the input.
 * Each result is ≤ ceil(share) and Σ result = min(total, Σ floor + leftovers available).
 */
export function largestRemainder(shares: ReadonlyMap<string, number>, total: number): Map<string, number> {
  const out = new Map<string, number>();
  const remainders: { id: string; frac: number }[] = [];
  let used = 0;
  for (const [id, share] of shares) {
    const whole = Math.floor(share + 1e-9);
    out.set(id, whole);
    used += whole;
    remainders.push({ id, frac: share - whole });
  }
  remainders.sort((a, b) => b.frac - a.frac || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let left = Math.max(0, Math.round(total) - used);
  for (const r of remainders) {
    if (left <= 0) break;
    if (r.frac <= 1e-9) break;
    out.set(r.id, out.get(r.id)! + 1);
    left--;
  }
  return out;
}
