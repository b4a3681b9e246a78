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
  const ids = [...shares.keys()];
  const whole = largestRemainderOf(ids, [...shares.values()], total);
  return new Map(ids.map((id, k) => [id, whole[k]!]));
}

/**
 * `largestRemainder` on parallel arrays (`shares[k]` is the share of `ids[k]`; ids distinct): the
 * same rule without a Map per call, for the policies' hot path. Returns the whole units by position.
 */
export function largestRemainderOf(ids: readonly string[], shares: readonly number[], total: number): number[] {
  const out: number[] = [];
  const remainders: number[] = [];
  const keys: number[] = [];
  let used = 0;
  for (let k = 0; k < ids.length; k++) {
    const raw = shares[k]!;
    const share = Number.isFinite(raw) && raw > 0 ? raw : 0;
    const whole = Math.floor(share + EPS);
    out.push(whole);
    used += whole;
    const key = Math.round((share - whole) * FRACTION_STEPS);
    keys.push(key);
    if (key > 0) remainders.push(k);
  }
  remainders.sort((a, b) => keys[b]! - keys[a]! || compareIds(ids[a]!, ids[b]!));
  let left = Math.max(0, Math.round(total) - used);
  for (const k of remainders) {
    if (left <= 0) break;
    out[k]!++;
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
 * Shares of ids without a cap take part in the rounding and are then dropped; capped ids without a
 * share get 0 or what the repair gives them.
 */
export function apportion(
  shares: ReadonlyMap<string, number>,
  caps: ReadonlyMap<string, number>,
  total: number,
): Map<string, number> {
  const ids = [...caps.keys()];
  if (shares.size === caps.size && ids.every((id) => shares.has(id))) {
    // The same ids on both sides (what the policies and the resale market pass): the array rule.
    const whole = apportionOf(
      ids,
      ids.map((id) => shares.get(id)!),
      ids.map((id) => caps.get(id)!),
      total,
    );
    return new Map(ids.map((id, k) => [id, whole[k]!]));
  }
  const rounded = largestRemainder(shares, total);
  const capped = ids.map((id) => Math.min(rounded.get(id) ?? 0, caps.get(id)!));
  const whole = repairSum(
    ids,
    ids.map((id) => shares.get(id) ?? 0),
    ids.map((id) => caps.get(id)!),
    capped,
    total,
  );
  return new Map(ids.map((id, k) => [id, whole[k]!]));
}

/**
 * `apportion` on parallel arrays (`shares[k]` and `caps[k]` belong to `ids[k]`; ids distinct),
 * without a Map per call: the policies' hot path. Returns the whole units by position.
 */
export function apportionOf(
  ids: readonly string[],
  shares: readonly number[],
  caps: readonly number[],
  total: number,
): number[] {
  const rounded = largestRemainderOf(ids, shares, total);
  for (let k = 0; k < ids.length; k++) rounded[k] = Math.min(rounded[k]!, caps[k]!);
  return repairSum(ids, shares, caps, rounded, total);
}

/**
 * Brings rounded units (already ≤ their caps) to exactly min(total, Σ caps) in place: float noise in
 * the shares can lose or add a unit. Ranked by how much each is owed (share − rounded), quantised
 * like the remainders.
 */
function repairSum(
  ids: readonly string[],
  shares: readonly number[],
  caps: readonly number[],
  rounded: number[],
  total: number,
): number[] {
  let capTotal = 0;
  let sum = 0;
  for (let k = 0; k < ids.length; k++) {
    capTotal += caps[k]!;
    sum += rounded[k]!;
  }
  const target = Math.min(Math.max(0, Math.round(total)), capTotal);
  if (sum === target) return rounded;
  const owed = ids.map((_, k) => k);
  const key = (k: number) => Math.round((shares[k]! - rounded[k]!) * FRACTION_STEPS);
  const keys = owed.map(key);
  if (sum < target) {
    owed.sort((a, b) => keys[b]! - keys[a]! || compareIds(ids[a]!, ids[b]!));
    while (sum < target) {
      for (const k of owed) {
        if (sum >= target) break;
        if (rounded[k]! < caps[k]!) {
          rounded[k]!++;
          sum++;
        }
      }
    }
  } else {
    owed.sort((a, b) => keys[a]! - keys[b]! || compareIds(ids[b]!, ids[a]!));
    while (sum > target) {
      for (const k of owed) {
        if (sum <= target) break;
        if (rounded[k]! > 0) {
          rounded[k]!--;
          sum--;
        }
      }
    }
  }
  return rounded;
}
