/**
 * favoured — favoured-customer tiers, pro rata within a tier.
 *   Tiers are served in order t = 0, 1, 2, … (0 = most favoured; see tiers.ts for how the model
 *   derives a tier from the attributes Nvidia weighs, DOMAIN.md B4). With R the boards still left
 *   when tier t is reached and Q_t = Σ_{i∈t} q_i:
 *     Q_t ≤ R  →  a_i = q_i for every i in t, and R −= Q_t;
 *     Q_t > R  →  a_i = R · q_i / Q_t (largest remainder, ties by id), and later tiers get 0.
 * So no customer of a later tier gets anything while a customer of an earlier tier is unfilled.
 * Σ a = min(K, Σ q). With a single tier this is exactly pro-rata.
 */
import { prepare, round, zeros } from './common.js';
import type { Allocation, AllocationInput, PolicyDefinition } from './types.js';

/** Tier as a sortable number: non-finite tiers sort last. */
export function tierOf(tier: number): number {
  return Number.isFinite(tier) ? tier : Number.POSITIVE_INFINITY;
}

export function favoured(input: AllocationInput): Allocation {
  const p = prepare(input);
  const out = zeros(p);
  const tiers = [...new Set(p.customers.map((c) => tierOf(c.customer.tier)))].sort((a, b) => a - b);
  let left = p.supply;
  for (const tier of tiers) {
    if (left <= 0) break;
    const members = p.customers.filter((c) => tierOf(c.customer.tier) === tier);
    const open = members.reduce((s, c) => s + c.q, 0);
    if (open <= left) {
      for (const c of members) out[c.id] = c.q;
      left -= open;
      continue;
    }
    const sub = { supply: left, customers: members, totalOpen: open };
    const shares = new Map(members.map((c) => [c.id, (left * c.q) / open]));
    Object.assign(out, round(sub, shares));
    left = 0;
  }
  return out;
}

export const favouredPolicy: PolicyDefinition = {
  name: 'favoured',
  description: 'tiers in order (tier 0 first), pro rata on open orders within a tier',
  allocate: favoured,
  rewardsInflation: true,
  rewardsSales: false,
};
