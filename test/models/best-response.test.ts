/** Strategic buyers inflate only where it pays (Cachon & Lariviere 1999): declarations match behaviour. */
import { expect, test } from 'vitest';
import { getPolicy, policyNames } from '../../models/policies/index.js';
import type { AllocationInput } from '../../models/policies/types.js';
import {
  probeRewardsInflation,
  probeRewardsSales,
  rewardsInflation,
  rewardsSales,
} from '../../models/customers/best-response.js';

test('every built-in policy declares rewardsInflation, and the probe of its behaviour agrees', () => {
  for (const name of policyNames()) {
    const policy = getPolicy(name)!;
    expect(policy.rewardsInflation, name).toBeTypeOf('boolean');
    expect(probeRewardsInflation(policy), name).toBe(policy.rewardsInflation);
  }
});

test('uniform is the only built-in rule under which inflating never pays', () => {
  const truthInducing = policyNames().filter((n) => !rewardsInflation(getPolicy(n)!));
  expect(truthInducing).toEqual(['uniform']);
});

/** A plug-in that rewards neither larger orders nor past sales. */
const equalSplit = {
  name: 'equal-split',
  description: '',
  allocate: (input: AllocationInput) =>
    Object.fromEntries(
      input.customers.map((c) => [c.id, Math.min(c.openBoards, Math.floor(input.supply / input.customers.length))]),
    ),
};

test('an undeclared plug-in is probed: a largest-first rule rewards inflation, an equal split does not', () => {
  const largestFirst = {
    name: 'largest-first',
    description: '',
    allocate: (input: AllocationInput) => {
      const out: Record<string, number> = {};
      let left = input.supply;
      for (const c of [...input.customers].sort((a, b) => b.openBoards - a.openBoards || (a.id < b.id ? -1 : 1))) {
        out[c.id] = Math.min(left, c.openBoards);
        left -= out[c.id]!;
      }
      return out;
    },
  };
  expect(rewardsInflation(largestFirst)).toBe(true);
  expect(rewardsInflation(equalSplit)).toBe(false);
});

test('every built-in policy declares rewardsSales, and the probe agrees: only turn-and-earn and favoured (past volume) pay for past sales', () => {
  for (const name of policyNames()) {
    const policy = getPolicy(name)!;
    expect(policy.rewardsSales, name).toBeTypeOf('boolean');
    expect(probeRewardsSales(policy), name).toBe(policy.rewardsSales);
  }
  expect(policyNames().filter((n) => rewardsSales(getPolicy(n)!))).toEqual(['favoured', 'turn-and-earn']);
});

test('an undeclared plug-in is probed for past sales: a rule by trailing sales pays for them, an equal split does not', () => {
  const bySales = {
    name: 'by-sales',
    description: 'all to the biggest past seller',
    allocate: (input: AllocationInput) => {
      const top = [...input.customers].sort((a, b) => b.trailingUsedBoards - a.trailingUsedBoards)[0]!;
      return { [top.id]: Math.min(input.supply, top.openBoards) };
    },
  };
  expect(rewardsSales(bySales)).toBe(true);
  expect(rewardsSales(equalSplit)).toBe(false);
});
