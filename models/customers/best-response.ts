/**
 * Does ordering more earn more under a policy when supply is short? That is what a strategic
 * (`inflate`) buyer needs to know to best-respond (Cachon & Lariviere 1999: proportional and linear
 * rules reward inflation, uniform does not). Built-in policies declare it (`rewardsInflation`);
 * for a plug-in that does not, the model asks the policy itself with this probe, and a test checks
 * that every built-in's declaration agrees with the probe.
 *
 * Probe: three equal customers (tier 0, weight 1, equal delivery history, one open line each of
 * 10 boards placed the same week) and a short supply; the middle customer doubles its order. If
 * its allocation grows at any of the probed supplies, inflation pays.
 */
import type { AllocationInput, PolicyCustomer, PolicyDefinition } from '../policies/types.js';

const SUPPLIES = [15, 25] as const;

function probeCustomer(id: string, boards: number): PolicyCustomer {
  return {
    id,
    tier: 0,
    weight: 1,
    openBoards: boards,
    orders: boards > 10 ? [{ week: 0, boards: 10 }, { week: 0, boards: boards - 10 }] : [{ week: 0, boards }],
    trailingUsedBoards: 10,
    deliveredBoards: 10,
    attributes: { buildsOwnAccelerator: false, nvidiaInvested: false, disclosesEndUsers: true },
  };
}

export function probeRewardsInflation(policy: PolicyDefinition): boolean {
  return SUPPLIES.some((supply) => {
    const input = (b: number): AllocationInput => ({
      supply,
      week: 1,
      customers: [probeCustomer('a', 10), probeCustomer('b', b), probeCustomer('c', 10)],
    });
    const truthful = policy.allocate(input(10)).b ?? 0;
    const inflated = policy.allocate(input(20)).b ?? 0;
    return inflated > truthful;
  });
}

/** The declared answer when there is one, else the probe's. */
export function rewardsInflation(policy: PolicyDefinition): boolean {
  return policy.rewardsInflation ?? probeRewardsInflation(policy);
}
