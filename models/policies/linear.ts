/**
 * linear — Cachon & Lariviere's linear allocation (1999).
 *   With S = the active set (initially every customer):
 *     a_i = q_i − (Σ_{j∈S} q_j − K) / |S|   for i ∈ S;
 *   every i with a_i < 0 is dropped from S (a_i = 0) and the step repeats until no a_i < 0.
 *   The shortfall t = (Σ_S q − K)/|S| is then shared equally by the active customers.
 * Rounded to whole boards by largest remainder (all active customers have the same fractional part,
 * so the leftover boards go to the smaller ids): shortfalls differ by at most one board.
 * When Σ q ≤ K everyone is filled; otherwise Σ a = K.
 */
import { fillAll, prepare, round } from './common.js';
import type { Allocation, AllocationInput, PolicyDefinition } from './types.js';

export function linear(input: AllocationInput): Allocation {
  const p = prepare(input);
  if (p.totalOpen <= p.supply) return fillAll(p);
  let active = p.customers;
  let shortfall = 0;
  for (;;) {
    const open = active.reduce((s, c) => s + c.q, 0);
    shortfall = (open - p.supply) / active.length;
    const kept = active.filter((c) => c.q - shortfall >= 0);
    if (kept.length === active.length) break;
    active = kept; // never empty: the largest order always stays (it is ≥ the mean ≥ shortfall)
  }
  const shares = new Map(p.customers.map((c) => [c.id, 0]));
  for (const c of active) shares.set(c.id, c.q - shortfall);
  return round(p, shares);
}

export const linearPolicy: PolicyDefinition = {
  name: 'linear',
  description: 'Cachon-Lariviere linear: equal shortfall (Σq−K)/|S| over the active set S',
  allocate: linear,
  rewardsInflation: true,
  rewardsSales: false,
};
