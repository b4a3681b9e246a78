/**
 * pro-rata — proportional rationing.
 *   a_i = min(q_i, K · q_i / Σ_j q_j), rounded to whole boards by largest remainder.
 * K = supply (boards), q_i = open boards of customer i. When Σ q ≤ K everyone is filled.
 * Individually responsive: ordering more always gets more, which invites inflation (Cachon & Lariviere 1999).
 */
import { largestRemainder } from './rounding.js';
import type { AllocationInput, Allocation, PolicyDefinition } from './types.js';

export function proRata(input: AllocationInput): Allocation {
  const total = input.customers.reduce((s, c) => s + c.openBoards, 0);
  const out: Allocation = {};
  if (total <= input.supply) {
    for (const c of input.customers) out[c.id] = c.openBoards;
    return out;
  }
  const shares = new Map(input.customers.map((c) => [c.id, (input.supply * c.openBoards) / total]));
  for (const [id, boards] of largestRemainder(shares, input.supply)) out[id] = boards;
  return out;
}

export const proRataPolicy: PolicyDefinition = {
  name: 'pro-rata',
  description: 'proportional to open orders (a_i = K·q_i/Σq), whole boards by largest remainder',
  allocate: proRata,
};
