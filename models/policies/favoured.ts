/**
 * favoured — Nvidia's favoured-customer rule as it is reported to practise it (DOMAIN.md B4): a
 * weighted proportional rule, not strict tiers (strict tiers are `priority`).
 *   a_i = min(q_i, c · w_i · q_i), c the largest scale with Σ a ≤ K (water-filling, capped at the
 *   open orders q_i, the excess of capped customers shared again by the same rule); rounded by
 *   largest remainder; Σ a = min(K, Σ q).
 * Base = open orders q_i, not need: need is the buyer's private information (C1 writes q_i for
 * orders, d_i for need), the supplier sees only the order book; so the rule stays individually
 * responsive (ordering more gets more) as pro-rata is.
 *
 * Weight w_i = the customer's `favouredWeight` override when the scenario gives one, else the
 * product of the factors below (1 when a customer has none of them). All factors are [A]
 * magnitudes; their direction comes from the evidence cited:
 *
 * | factor | × | evidence (B4) |
 * |---|---|---|
 * | nvidiaInvested | 2 | equity in CoreWeave, Inflection, Cohere; "hundreds of thousands of GPUs funnelled" to CoreWeave (The Information 2025-03-12) |
 * | hostsDgxCloud | 1.5 | Microsoft, Google, Oracle accepted DGX Cloud, AWS refused (The Information 2023-09-11) |
 * | disclosesEndUsers | 1.25 | small clouds named their customers when asked (The Information 2023-07-31) |
 * | own accelerator in service | 0.5 | not favouring in-house-chip builders (The Information 2023-09-11); from `ownAcceleratorFrom` |
 * | past volume | 1 + 0.5 · D_i / max_j D_j | relationships: the big past buyers (B2: Microsoft, Meta ~150k each) keep their share; D = boards delivered so far |
 *
 * With every weight equal this is exactly pro-rata.
 */
import { prepare, twoStageProportional } from './common.js';
import type { Allocation, AllocationInput, PolicyCustomer, PolicyDefinition } from './types.js';

/** The default factors of the table above. */
export const FAVOURED_FACTORS = {
  nvidiaInvested: 2,
  hostsDgxCloud: 1.5,
  disclosesEndUsers: 1.25,
  ownAccelerator: 0.5,
  /** Largest extra weight for past volume (the customer with the most boards delivered). */
  pastVolume: 0.5,
} as const;

/** Tier as a sortable number: non-finite tiers sort last. */
export function tierOf(tier: number): number {
  return Number.isFinite(tier) ? tier : Number.POSITIVE_INFINITY;
}

/** The factors of the table above as numbers (`chipsim fit` varies them). */
export type FavouredFactors = { readonly [K in keyof typeof FAVOURED_FACTORS]: number };

/** w_i from the customer's attributes and its share of past volume (`maxDelivered` = max_j D_j). */
export function favouredWeight(c: PolicyCustomer, maxDelivered: number): number {
  if (c.favouredWeight !== undefined) return c.favouredWeight;
  return attributeWeight(c, maxDelivered, FAVOURED_FACTORS);
}

/** The product of the factors `c` has (no scenario override), for any factor values. */
export function attributeWeight(c: PolicyCustomer, maxDelivered: number, f: FavouredFactors): number {
  const a = c.attributes;
  let w = 1;
  if (a.nvidiaInvested) w *= f.nvidiaInvested;
  if (a.hostsDgxCloud === true) w *= f.hostsDgxCloud;
  if (a.disclosesEndUsers) w *= f.disclosesEndUsers;
  if (a.buildsOwnAccelerator) w *= f.ownAccelerator;
  const delivered = Number.isFinite(c.deliveredBoards) && c.deliveredBoards > 0 ? c.deliveredBoards : 0;
  if (maxDelivered > 0) w *= 1 + (f.pastVolume * delivered) / maxDelivered;
  return w;
}

/** Every customer's favoured weight at this epoch, by id (what `favoured` uses; for plug-ins and the TUI). */
export function favouredWeights(input: AllocationInput): Map<string, number> {
  let maxDelivered = 0;
  for (const c of input.customers)
    if (Number.isFinite(c.deliveredBoards) && c.deliveredBoards > maxDelivered) maxDelivered = c.deliveredBoards;
  return new Map(input.customers.map((c) => [c.id, favouredWeight(c, maxDelivered)]));
}

export function favoured(input: AllocationInput): Allocation {
  const weights = favouredWeights(input);
  return twoStageProportional(prepare(input), (c) => weights.get(c.id)! * c.q);
}

export const favouredPolicy: PolicyDefinition = {
  name: 'favoured',
  description: 'weighted by what Nvidia is reported to favour (investment, DGX Cloud, disclosure, no own chip, volume)',
  allocate: favoured,
  rewardsInflation: true,
  // Past volume (boards delivered) raises the weight, so more past sales earn more: push buyers push.
  rewardsSales: true,
};
