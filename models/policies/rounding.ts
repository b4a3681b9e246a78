/**
 * Rounding of real shares to whole boards — the one place where policies turn reals into integers.
 *
 * `largestRemainder` is the Hamilton rule: floor every share, then hand the leftover units one at a
 * time to the largest fractional parts; ties (fractions equal to 1e-9) go to the smaller id, so the
 * result depends neither on the order of the input nor on floating-point noise in the shares.
 *
 * `apportion` wraps it for the policies: it also respects per-customer caps and guarantees
 * Σ result = min(total, Σ caps) when the shares were meant to sum to `total` (float noise in a
 * water-filling can otherwise lose or add a board).
 */

/** Fractions are compared at this resolution, so 0.5 and 0.49999999999 tie (and then go by id). */
const FRACTION_STEPS = 1e9;
const EPS = 1e-9;

/** Code-unit order of ids: locale-independent and total, used for every tie-break. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Largest-remainder (Hamilton) rounding of non-negative real shares to whole units.
 * Floors every share, then gives the leftover units one at a time to the largest fractional parts;
 * ties go to the smaller id, so the result does not depend on the order of the input.
 * Each result is ≤ ceil(share) and Σ result = min(total, Σ floor + leftovers available).
 */
export function largestRemainder(shares: ReadonlyMap<string, number>, total: number): Map<string, number> {
  const out = new Map<string, number>();
  const remainders: { id: string; key: number }[] = [];
  let used = 0;
  for (const [id, raw] of shares) {
    const share = Number.isFinite(raw) && raw > 0 ? raw : 0;
    const whole = Math.floor(share + EPS);
    out.set(id, whole);
    used += whole;
    const key = Math.round((share - whole) * FRACTION_STEPS);
    if (key > 0) remainders.push({ id, key });
  }
  remainders.sort((a, b) => b.key - a.key || compareIds(a.id, b.id));
  let left = Math.max(0, Math.round(total) - used);
  for (const r of remainders) {
    if (left <= 0) break;
    out.set(r.id, out.get(r.id)! + 1);
    left--;
  }
  return out;
}

/**
 * Rounds real shares (meant to sum to `total`, each within [0, cap]) to whole units with
 * `largestRemainder`, then repairs float noise: results are clamped to [0, cap], and the sum is
 * brought to exactly min(total, Σ caps) — missing units go to customers with room, largest
 * unrounded remainder first (ties by id); surplus units are taken back from the smallest
 * remainder first (ties by larger id). With exact shares the repair never changes anything.
 */
export function apportion(
  shares: ReadonlyMap<string, number>,
  caps: ReadonlyMap<string, number>,
  total: number,
): Map<string, number> {
  const rounded = largestRemainder(shares, total);
  let capTotal = 0;
  let sum = 0;
  for (const [id, cap] of caps) {
    const a = Math.min(rounded.get(id) ?? 0, cap);
    rounded.set(id, a);
    capTotal += cap;
    sum += a;
  }
  if (rounded.size !== caps.size) for (const id of [...rounded.keys()]) if (!caps.has(id)) rounded.delete(id);
  const target = Math.min(Math.max(0, Math.round(total)), capTotal);
  if (sum === target) return rounded;
  // Float noise: rank by how much each customer is owed (share − rounded), quantised like above.
  const owed = [...caps.keys()].map((id) => ({
    id,
    key: Math.round(((shares.get(id) ?? 0) - rounded.get(id)!) * FRACTION_STEPS),
  }));
  if (sum < target) {
    owed.sort((a, b) => b.key - a.key || compareIds(a.id, b.id));
    while (sum < target) {
      for (const o of owed) {
        if (sum >= target) break;
        if (rounded.get(o.id)! < caps.get(o.id)!) {
          rounded.set(o.id, rounded.get(o.id)! + 1);
          sum++;
        }
      }
    }
  } else {
    owed.sort((a, b) => a.key - b.key || compareIds(b.id, a.id));
    while (sum > target) {
      for (const o of owed) {
        if (sum <= target) break;
        if (rounded.get(o.id)! > 0) {
          rounded.set(o.id, rounded.get(o.id)! - 1);
          sum--;
        }
      }
    }
  }
  return rounded;
}
