/**
 * Does ordering more earn more under a policy when supply is short? That is what a strategic
 * (`inflate`) buyer needs to know to best-respond (Cachon & Lariviere 1999: proportional and linear
 * rules reward inflation, uniform does not; turn-and-earn does here too, because its share is capped
 * by the order and its cold start is pro rata). Built-in policies declare it (`rewardsInflation`);
 * for a plug-in that does not, the model asks the policy itself with this probe, and a test checks
 * that every built-in's declaration agrees with the probe.
 *
 * Probe: three customers with one open line each of 10 boards placed the same week, tier 0,
 * weight 1, and a short supply; the middle one doubles its order. Tried with equal delivery
 * histories and with the middle one holding the most history (so that a rule by past sales caps it
 * at its order). If its allocation grows in any case, inflation pays.
 */
import type { AllocationInput, PolicyCustomer, PolicyDefinition } from '../policies/types.js';

const CASES: readonly { supply: number; history: readonly [number, number, number] }[] = [
  { supply: 15, history: [10, 10, 10] },
  { supply: 25, history: [10, 10, 10] },
  { supply: 20, history: [5, 20, 5] },
];

function probeCustomer(id: string, boards: number, history: number): PolicyCustomer {
  return {
    id,
    tier: 0,
    weight: 1,
    openBoards: boards,
    orders:
      boards > 10
        ? [
            { week: 0, boards: 10 },
            { week: 0, boards: boards - 10 },
          ]
        : [{ week: 0, boards }],
    trailingUsedBoards: history,
    deliveredBoards: history,
    attributes: { buildsOwnAccelerator: false, nvidiaInvested: false, disclosesEndUsers: true },
  };
}

export function probeRewardsInflation(policy: PolicyDefinition): boolean {
  return CASES.some(({ supply, history }) => {
    const input = (b: number): AllocationInput => ({
      supply,
      week: 1,
      customers: [
        probeCustomer('a', 10, history[0]),
        probeCustomer('b', b, history[1]),
        probeCustomer('c', 10, history[2]),
      ],
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

/**
 * Does selling more earn more under a policy when supply is short? What a `push` buyer needs to know.
 * Probe: the same three customers with equal orders and a short supply; the middle one's past sales
 * (trailingUsedBoards, and its deliveries with them) grow from 10 to 20 boards. If its allocation
 * grows, past sales pay.
 */
export function probeRewardsSales(policy: PolicyDefinition): boolean {
  return [10, 15, 20].some((supply) => {
    const input = (history: number): AllocationInput => ({
      supply,
      week: 1,
      customers: [probeCustomer('a', 10, 10), probeCustomer('b', 10, history), probeCustomer('c', 10, 10)],
    });
    return (policy.allocate(input(20)).b ?? 0) > (policy.allocate(input(10)).b ?? 0);
  });
}

/** The declared answer when there is one, else the probe's. */
export function rewardsSales(policy: PolicyDefinition): boolean {
  return policy.rewardsSales ?? probeRewardsSales(policy);
}
