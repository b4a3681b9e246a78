/**
 * turn-and-earn — allocation on past sales (Cachon & Lariviere 1999, "Capacity allocation using past
 * sales: when to turn-and-earn", Management Science 45(5)).
 *   s_i = trailingUsedBoards (boards delivered over the trailing window that the customer put to use).
 *   a_i = min(q_i, c · s_i), c the largest scale with Σ a_i ≤ K: shares ∝ past sales, capped at the
 *   open orders, the excess of capped customers passed on to the others (water-filling).
 * Cold start: customers with no history (s_i = 0) have not earned a share. They get only what is
 * left once every customer with history is filled, shared pro rata on open orders — so when nobody
 * has history (the first epochs of a run) the rule is exactly pro-rata, and no supply is wasted.
 * This is the rule's known entry barrier: a newcomer waits until the incumbents are served.
 * Rounded by largest remainder; Σ a = min(K, Σ q).
 */
import { prepare, twoStageProportional } from './common.js';
import type { Allocation, AllocationInput, PolicyDefinition } from './types.js';

export function turnAndEarn(input: AllocationInput): Allocation {
  return twoStageProportional(prepare(input), (c) => c.customer.trailingUsedBoards);
}

export const turnAndEarnPolicy: PolicyDefinition = {
  name: 'turn-and-earn',
  description: 'proportional to past sales (trailing used boards), capped; no history: pro rata',
  allocate: turnAndEarn,
  // Orders cap the earned share (a_i = min(q_i, c·s_i)) and the cold start is pro rata, so a buyer
  // whose history earns more than it ordered, or who has no history yet, gains by inflating.
  rewardsInflation: true,
  // Shares ∝ trailing sales: a `push` buyer earns allocation by selling beyond its need.
  rewardsSales: true,
};
