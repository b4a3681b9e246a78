/**
 * uniform — max-min fair (water-filling) rationing, the truth-inducing rule of Sprumont (1991) and
 * Cachon & Lariviere (1999).
 *   a_i = min(q_i, λ) with λ chosen so that Σ_i min(q_i, λ) = K   (when Σ q > K; else a_i = q_i).
 * Whole boards: with L = ⌊λ⌋ (the largest integer with Σ min(q_i, L) ≤ K) every customer first gets
 * min(q_i, L); the R = K − Σ min(q_i, L) boards left (R < the number of customers with q_i > L) go
 * one each to the customers with q_i > L in id order. The order size beyond L plays no part, so
 * rounding keeps the rule strategy-proof: ordering more than λ never earns a board. Every unfilled
 * customer ends with L or L + 1 boards and Σ a = min(K, Σ q): no customer short of its order has
 * fewer than any other customer's allocation minus one.
 */
import { compareIds } from './rounding.js';
import { fillAll, prepare } from './common.js';
import type { Allocation, AllocationInput, PolicyDefinition } from './types.js';

export function uniform(input: AllocationInput): Allocation {
  const p = prepare(input);
  if (p.totalOpen <= p.supply) return fillAll(p);
  const out = fillAll(p);
  const ascending = [...p.customers].sort((a, b) => a.q - b.q || compareIds(a.id, b.id));
  let left = p.supply;
  for (let k = 0; k < ascending.length; k++) {
    const c = ascending[k]!;
    const m = ascending.length - k;
    if (c.q * m <= left) {
      left -= c.q; // saturated: λ ≥ q_i, keeps its whole order
      continue;
    }
    const level = Math.floor(left / m);
    const rest = ascending.slice(k);
    for (const r of rest) out[r.id] = level;
    let extra = left - level * m;
    rest.sort((a, b) => compareIds(a.id, b.id)); // by id, never by order size (strategy-proof)
    for (const r of rest) {
      if (extra <= 0) break;
      out[r.id] = level + 1;
      extra--;
    }
    break;
  }
  return out;
}

export const uniformPolicy: PolicyDefinition = {
  name: 'uniform',
  description: 'max-min water-filling: a_i = min(q_i, λ) with Σa = K',
  allocate: uniform,
  // A larger order earns nothing extra once supply is short, so strategic buyers order the truth.
  rewardsInflation: false,
  rewardsSales: false,
};
