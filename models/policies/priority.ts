/**
 * priority — lexicographic (Moulin 2000) rationing.
 *   Customers are ranked by (tier ascending, date of their oldest open order line ascending, id),
 *   and filled completely in that order: a_π(1) = min(q_π(1), K), a_π(2) = min(q_π(2), K − a_π(1)), …
 * At most one customer is filled in part; everyone after it gets 0. Σ a = min(K, Σ q).
 * Unlike `favoured`, customers of one tier are not pro-rated: the longest-waiting one goes first.
 */
import { compareIds } from './rounding.js';
import { fillInOrder, prepare } from './common.js';
import { tierOf } from './favoured.js';
import { linesOf } from './fcfs.js';
import type { Allocation, AllocationInput, PolicyDefinition } from './types.js';

export function priority(input: AllocationInput): Allocation {
  const p = prepare(input);
  const ranked = p.customers
    .map((c) => ({
      c,
      tier: tierOf(c.customer.tier),
      oldest: linesOf(c.id, c.q, c.customer.orders, input.week)[0]?.week ?? Number.POSITIVE_INFINITY,
    }))
    .sort((a, b) => a.tier - b.tier || a.oldest - b.oldest || compareIds(a.c.id, b.c.id))
    .map((r) => r.c);
  return fillInOrder(p, ranked);
}

export const priorityPolicy: PolicyDefinition = {
  name: 'priority',
  description: 'lexicographic: by tier, then oldest open order, then id; each filled in full',
  allocate: priority,
  rewardsInflation: true,
  rewardsSales: false,
};
