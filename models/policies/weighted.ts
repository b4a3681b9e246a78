/**
 * weighted — weighted proportional ("strategic") rationing (DOMAIN.md B4, C1).
 *   a_i = min(q_i, c · w_i · q_i), with c the largest scale for which Σ a_i ≤ K:
 *   shares ∝ w_i·q_i, renormalised, capped at q_i, the excess of capped customers redistributed
 *   among the others by the same rule (water-filling on weighted shares).
 * w_i = customer.weight (scenario field, 1 when absent). Equal weights give exactly pro-rata.
 * A weight ≤ 0 (or not a number) ranks last: such customers share pro rata on open orders only what
 * is left once every positively weighted customer is filled. Rounded by largest remainder;
 * Σ a = min(K, Σ q).
 */
import { prepare, twoStageProportional } from './common.js';
import type { Allocation, AllocationInput, PolicyDefinition } from './types.js';

export function weighted(input: AllocationInput): Allocation {
  return twoStageProportional(prepare(input), (c) => c.customer.weight * c.q);
}

export const weightedPolicy: PolicyDefinition = {
  name: 'weighted',
  description: 'proportional to weight × open orders (w_i·q_i), capped at q_i, excess redistributed',
  allocate: weighted,
  rewardsInflation: true,
  rewardsSales: false,
};
