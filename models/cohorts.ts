/**
 * A first-in-first-out inventory of cohorts. A cohort is a quantity with the mean week its units'
 * wafers were started (`born`), so that wafer-start-to-delivery times survive splits and merges.
 */
export interface Cohort {
  qty: number;
  born: number;
}

export function total(queue: readonly Cohort[]): number {
  let n = 0;
  for (const c of queue) n += c.qty;
  return n;
}

export function put(queue: Cohort[], qty: number, born: number): void {
  if (qty > 0) queue.push({ qty, born });
}

/** Takes `qty` units from the head; returns their quantity-weighted mean born week. */
export function take(queue: Cohort[], qty: number): number {
  let left = qty;
  let bornSum = 0;
  while (left > 0) {
    const head = queue[0];
    if (head === undefined) throw new Error(`cohort queue short by ${left}`);
    const n = Math.min(left, head.qty);
    bornSum += n * head.born;
    head.qty -= n;
    left -= n;
    if (head.qty === 0) queue.shift();
  }
  return qty > 0 ? bornSum / qty : 0;
}
