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
 *
 * The probe customers carry the scenario's own ids (its first three direct customers by id; made-up
 * ones only where it has fewer), so a plug-in that knows its customers by id sees ids it knows. A
 * policy failing on a probe input is a PolicyError that says it was a probe and what was sent.
 */
import { PolicyError } from '../policies/errors.js';
import type { Allocation, AllocationInput, PolicyCustomer, PolicyDefinition } from '../policies/types.js';
import { compareIds } from '../policies/rounding.js';

export type ProbeIds = readonly [string, string, string];

const DEFAULT_IDS: ProbeIds = ['a', 'b', 'c'];

/** Three distinct ids for the probe: the first three of `ids` in id order, padded with `probe-N`. */
export function probeIds(ids: readonly string[]): ProbeIds {
  const out = [...new Set(ids)].sort(compareIds).slice(0, 3);
  for (let n = 1; out.length < 3; n++) if (!out.includes(`probe-${n}`)) out.push(`probe-${n}`);
  const [first = '', second = '', third = ''] = out;
  return [first, second, third];
}

function describeProbe(input: AllocationInput): string {
  const customers = input.customers
    .map((c) => `${JSON.stringify(c.id)} ${c.openBoards} open boards, ${c.trailingUsedBoards} used`)
    .join('; ');
  return `supply ${input.supply}, week ${input.week}, customers ${customers}`;
}

/** Calls the policy on a probe input; its failure says what the probe was and what it sent. */
function probe(policy: PolicyDefinition, question: string, input: AllocationInput): Allocation {
  try {
    return policy.allocate(input);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    throw new PolicyError(
      `${error.message} — on a probe input, before the run, asking whether the policy ${question} (declare rewardsInflation and rewardsSales to skip it); the probe sent ${describeProbe(input)}`,
      error.policy,
      { cause: error },
    );
  }
}

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

export function probeRewardsInflation(policy: PolicyDefinition, ids: ProbeIds = DEFAULT_IDS): boolean {
  const [a, b, c] = ids;
  const question = 'rewards larger orders';
  return CASES.some(({ supply, history }) => {
    const input = (boards: number): AllocationInput => ({
      supply,
      week: 1,
      customers: [
        probeCustomer(a, 10, history[0]),
        probeCustomer(b, boards, history[1]),
        probeCustomer(c, 10, history[2]),
      ],
    });
    const truthful = probe(policy, question, input(10))[b] ?? 0;
    const inflated = probe(policy, question, input(20))[b] ?? 0;
    return inflated > truthful;
  });
}

/** The declared answer when there is one, else the probe's. */
export function rewardsInflation(policy: PolicyDefinition, ids: ProbeIds = DEFAULT_IDS): boolean {
  return policy.rewardsInflation ?? probeRewardsInflation(policy, ids);
}

/**
 * Does selling more earn more under a policy when supply is short? What a `push` buyer needs to know.
 * Probe: the same three customers with equal orders and a short supply; the middle one's past sales
 * (trailingUsedBoards, and its deliveries with them) grow from 10 to 20 boards. If its allocation
 * grows, past sales pay.
 */
export function probeRewardsSales(policy: PolicyDefinition, ids: ProbeIds = DEFAULT_IDS): boolean {
  const [a, b, c] = ids;
  const question = 'rewards past sales';
  return [10, 15, 20].some((supply) => {
    const input = (history: number): AllocationInput => ({
      supply,
      week: 1,
      customers: [probeCustomer(a, 10, 10), probeCustomer(b, 10, history), probeCustomer(c, 10, 10)],
    });
    return (probe(policy, question, input(20))[b] ?? 0) > (probe(policy, question, input(10))[b] ?? 0);
  });
}

/** The declared answer when there is one, else the probe's. */
export function rewardsSales(policy: PolicyDefinition, ids: ProbeIds = DEFAULT_IDS): boolean {
  return policy.rewardsSales ?? probeRewardsSales(policy, ids);
}
