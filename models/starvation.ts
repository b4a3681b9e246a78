/**
 * Measures that see starvation (issue 13): how long a customer goes with open orders and no
 * allocation, how much of its need goes unmet and for how long. The fill rate on orders hides all
 * of these (a customer that ordered nothing, or whose orders were cancelled, shows 100 %).
 */
import type { PolicyCustomer, Allocation } from './policies/types.js';
import type { CustomerState, ModelState } from './state.js';

/**
 * After an allocation epoch: every customer that had open orders and got no boards extends its
 * unserved stretch by the epoch length; any allocation ends it. Customers not offered to the
 * policy (export-blocked) are not counted: their orders are not open to Nvidia. `seen` lists the
 * customers offered, in the order of `byId` (the model's policy input is built that way), so the
 * two are walked side by side.
 */
export function trackUnserved(
  state: ModelState,
  byId: readonly number[],
  seen: readonly PolicyCustomer[],
  allocation: Allocation,
  epochWeeks: number,
  weeksLeft: number,
): void {
  // The last epoch counts only up to the horizon.
  const span = Math.max(0, Math.min(epochWeeks, weeksLeft));
  let next = 0;
  for (const i of byId) {
    const c = state.customers[i]!;
    const offered = seen[next];
    if (offered === undefined || offered.id !== c.id) continue;
    next++;
    const q = offered.openBoards;
    if ((allocation[c.id] ?? 0) > 0) c.unservedRunWeeks = 0;
    else if (q > 0) {
      c.unservedRunWeeks += span;
      if (c.unservedRunWeeks > c.longestUnservedWeeks) c.longestUnservedWeeks = c.unservedRunWeeks;
    }
  }
}

export interface NeedMeasures {
  /** Σ over weeks of the need not yet received by the end of that week, GPU-weeks. */
  unmetNeedGpuWeeks: number;
  /** Σ over weeks of GPUs received so far ÷ Σ over weeks of need arisen so far (null when no need). */
  inHandPerNeed: number | null;
  /** First week with a delivery; null when none came. */
  firstDeliveryWeek: number | null;
}

/** Folds a customer's weekly need and deliveries; `initialNeed` is the need on order at week 0. */
export function needMeasures(c: CustomerState, initialNeed: number, weeks: number): NeedMeasures {
  let need = initialNeed;
  let received = 0;
  let unmet = 0;
  let needWeeks = 0;
  let inHandWeeks = 0;
  let first: number | null = null;
  for (let w = 0; w < weeks; w++) {
    need += c.weeklyNeed[w] ?? 0;
    const got = c.weeklyReceived[w] ?? 0;
    // GPUs in hand: Nvidia's deliveries plus net secondary-market purchases (models/market/resale.ts).
    received += got + (c.weeklyResold[w] ?? 0);
    if (first === null && got > 0) first = w;
    unmet += Math.max(0, need - received);
    needWeeks += need;
    inHandWeeks += received;
  }
  return {
    unmetNeedGpuWeeks: unmet,
    inHandPerNeed: needWeeks > 0 ? inHandWeeks / needWeeks : null,
    firstDeliveryWeek: first,
  };
}
