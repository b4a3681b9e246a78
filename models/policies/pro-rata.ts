/**
 * pro-rata — proportional rationing.
 *   a_i = min(q_i, K · q_i / Σ_j q_j), rounded to whole boards by largest remainder.
 * K = supply (boards), q_i = open boards of customer i. When Σ q ≤ K everyone is filled;
 * otherwise Σ a_i = K and every a_i is ⌊K·q_i/Σq⌋ or ⌈K·q_i/Σq⌉ (remainder ties go to the smaller id).
 * Individually responsive: ordering more always gets more, which invites inflation (Cachon & Lariviere 1999).
 */
import { fillAll, prepare, roundShares } from './common.js';
import type { AllocationInput, Allocation, PolicyDefinition } from './types.js';

export function proRata(input: AllocationInput): Allocation {
  const p = prepare(input);
  if (p.totalOpen <= p.supply) return fillAll(p);
  return roundShares(
    p,
    p.customers.map((c) => (p.supply * c.q) / p.totalOpen),
  );
}

export const proRataPolicy: PolicyDefinition = {
  name: 'pro-rata',
  description: 'proportional to open orders: a_i = K·q_i/Σq',
  allocate: proRata,
  rewardsInflation: true,
  rewardsSales: false,
};
