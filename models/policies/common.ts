/**
 * Building blocks shared by the policies. Every policy starts from `prepare`, which sorts customers
 * by id (so floating-point sums, and hence results, never depend on the order of `customers`) and
 * normalises supply and orders to whole boards (a non-finite or negative value counts as 0).
 * Duplicate customer ids are a caller bug and throw a PolicyError.
 */
import { PolicyError } from './errors.js';
import { apportion, apportionOf, compareIds } from './rounding.js';
import type { Allocation, AllocationInput, PolicyCustomer } from './types.js';

/** A customer as the policies see it: the input record plus its open boards as a whole number. */
export interface Prepared {
  readonly customer: PolicyCustomer;
  readonly id: string;
  /** Open boards, a whole number ≥ 0 (q_i). */
  readonly q: number;
}

export interface PreparedInput {
  /** Whole boards available (K), ≥ 0. */
  readonly supply: number;
  /** Customers sorted by id. */
  readonly customers: readonly Prepared[];
  /** Σ q_i. */
  readonly totalOpen: number;
}

/** Whole, non-negative, finite; anything else becomes 0. */
export function wholeBoards(x: number): number {
  return Number.isFinite(x) && x > 0 ? Math.floor(x) : 0;
}

export function prepare(input: AllocationInput): PreparedInput {
  const customers = input.customers.map((customer) => ({
    customer,
    id: customer.id,
    q: wholeBoards(customer.openBoards),
  }));
  // The model already passes its customers in id order; sort only when they are not.
  let sorted = true;
  for (let k = 1; k < customers.length && sorted; k++) sorted = compareIds(customers[k - 1]!.id, customers[k]!.id) <= 0;
  if (!sorted) customers.sort((a, b) => compareIds(a.id, b.id));
  for (let k = 1; k < customers.length; k++) {
    if (customers[k]!.id === customers[k - 1]!.id) {
      throw new PolicyError(`duplicate customer id ${JSON.stringify(customers[k]!.id)} in the allocation input`);
    }
  }
  const totalOpen = customers.reduce((s, c) => s + c.q, 0);
  return { supply: wholeBoards(input.supply), customers, totalOpen };
}

/** Everyone gets all of their open orders (the common case when supply ≥ Σ q). */
export function fillAll(p: PreparedInput): Allocation {
  const out: Allocation = {};
  for (const c of p.customers) out[c.id] = c.q;
  return out;
}

/** An allocation with every customer at 0, keys in id order. */
export function zeros(p: PreparedInput): Allocation {
  const out: Allocation = {};
  for (const c of p.customers) out[c.id] = 0;
  return out;
}

/**
 * Capped proportional sharing (water-filling): x_i = min(cap_i, c · weight_i), with c ≥ 0 the
 * largest value for which Σ x_i ≤ total. Customers whose cap binds are filled and the rest of the
 * supply is shared again among the others, until nobody else binds. Weights ≤ 0 (or not finite)
 * get nothing. Returns real shares; Σ = min(total, Σ caps over positive weights).
 * Entries must come sorted by id (the float sums are then order-independent).
 */
export function cappedProportional(
  entries: readonly { id: string; weight: number; cap: number }[],
  total: number,
): Map<string, number> {
  const out = new Map<string, number>();
  let active = entries.filter((e) => {
    const ok = Number.isFinite(e.weight) && e.weight > 0 && e.cap > 0;
    if (!ok) out.set(e.id, 0);
    return ok;
  });
  let left = total;
  while (active.length > 0 && left > 0) {
    const weightSum = active.reduce((s, e) => s + e.weight, 0);
    const c = left / weightSum;
    const binding = active.filter((e) => e.cap <= c * e.weight);
    if (binding.length === 0) {
      for (const e of active) out.set(e.id, c * e.weight);
      return out;
    }
    for (const e of binding) {
      out.set(e.id, e.cap);
      left -= e.cap;
    }
    active = active.filter((e) => e.cap > c * e.weight);
  }
  for (const e of active) out.set(e.id, 0);
  return out;
}

/**
 * Two-stage capped proportional sharing, rounded to whole boards:
 *  1. supply is shared ∝ `weight(c)` among customers with a positive weight, capped at q_i
 *     (water-filling, `cappedProportional`);
 *  2. whatever is left once all of them are filled is shared pro rata on open orders among the
 *     customers with no positive weight.
 * Rounded by `apportion`, so Σ = min(K, Σ q) always.
 */
export function twoStageProportional(p: PreparedInput, weight: (c: Prepared) => number): Allocation {
  if (p.totalOpen <= p.supply) return fillAll(p);
  const withWeight = p.customers.map((c) => ({ id: c.id, weight: weight(c), cap: c.q }));
  const shares = cappedProportional(withWeight, p.supply);
  const used = [...shares.values()].reduce((s, x) => s + x, 0);
  const left = p.supply - used;
  if (left > 1e-9) {
    const rest = withWeight
      .filter((e) => !(Number.isFinite(e.weight) && e.weight > 0))
      .map((e) => ({ id: e.id, weight: e.cap, cap: e.cap }));
    for (const [id, x] of cappedProportional(rest, left)) shares.set(id, x);
  }
  return round(p, shares);
}

/** Rounds real shares with `apportion` (caps = open orders) into an allocation in id order. */
export function round(p: PreparedInput, shares: ReadonlyMap<string, number>): Allocation {
  if (shares.size === p.customers.length && p.customers.every((c) => shares.has(c.id)))
    return roundShares(
      p,
      p.customers.map((c) => shares.get(c.id)!),
    );
  const caps = new Map(p.customers.map((c) => [c.id, c.q]));
  const whole = apportion(shares, caps, Math.min(p.supply, p.totalOpen));
  const out: Allocation = {};
  for (const c of p.customers) out[c.id] = whole.get(c.id) ?? 0;
  return out;
}

/** `round` of shares given by position in `p.customers` (no Map to build): the same rule. */
export function roundShares(p: PreparedInput, shares: readonly number[]): Allocation {
  const ids = p.customers.map((c) => c.id);
  const caps = p.customers.map((c) => c.q);
  const whole = apportionOf(ids, shares, caps, Math.min(p.supply, p.totalOpen));
  const out: Allocation = {};
  for (let k = 0; k < ids.length; k++) out[ids[k]!] = whole[k]!;
  return out;
}

/** Fills customers completely, one after another in the given order, until supply runs out. */
export function fillInOrder(p: PreparedInput, order: readonly Prepared[]): Allocation {
  const out = zeros(p);
  let left = p.supply;
  for (const c of order) {
    const a = Math.min(c.q, left);
    out[c.id] = a;
    left -= a;
  }
  return out;
}
