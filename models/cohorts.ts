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

/**
 * Adds `qty` units born at `born` at the tail. Units born in the same whole week as the tail join it
 * (wafer lots started together arrive one by one): with whole-number weeks and counts the born sums
 * in `take` are exact, so merging changes no result, and the queue stays short.
 */
export function put(queue: Cohort[], qty: number, born: number): void {
  if (qty <= 0) return;
  const tail = queue[queue.length - 1];
  if (tail !== undefined && tail.born === born && Number.isInteger(born)) tail.qty += qty;
  else queue.push({ qty, born });
}

/**
 * Puts `qty` units born at `born` back in born order: before the first cohort born later, after
 * those born at the same time or earlier. For units returned to a queue (boards an export rule kept
 * from shipping) that should not wait behind younger ones.
 */
export function putBack(queue: Cohort[], qty: number, born: number): void {
  if (qty <= 0) return;
  let at = queue.length;
  while (at > 0 && queue[at - 1]!.born > born) at--;
  const before = queue[at - 1];
  if (before !== undefined && before.born === born && Number.isInteger(born)) before.qty += qty;
  else queue.splice(at, 0, { qty, born });
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
