/** Strategic buyers inflate only where it pays (Cachon & Lariviere 1999): declarations match behaviour. */
import { expect, test } from 'vitest';
import { getPolicy, PolicyError, policyNames } from '../../models/policies/index.js';
import type { AllocationInput } from '../../models/policies/types.js';
import {
  probeIds,
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

test('the probe uses the scenario’s first three customer ids, padded only when it has fewer', () => {
  expect(probeIds(['startup', 'bigcloud', 'neocloud', 'zeta'])).toEqual(['bigcloud', 'neocloud', 'startup']);
  expect(probeIds(['x'])).toEqual(['x', 'probe-1', 'probe-2']);
  expect(probeIds(['probe-1'])).toEqual(['probe-1', 'probe-2', 'probe-3']);
  const seen = new Set<string>();
  const spy = {
    name: 'spy',
    description: '',
    allocate: (input: AllocationInput) => {
      for (const c of input.customers) seen.add(c.id);
      return {};
    },
  };
  probeRewardsInflation(spy, probeIds(['n1', 'n2', 'n3']));
  probeRewardsSales(spy, probeIds(['n1', 'n2', 'n3']));
  expect([...seen].sort()).toEqual(['n1', 'n2', 'n3']);
});

test('a policy failing on the probe is told it was a probe, and what was sent', () => {
  const picky = {
    name: 'picky',
    description: '',
    allocate: (): Record<string, number> => {
      throw new PolicyError('policy picky threw: no');
    },
  };
  expect(() => rewardsSales(picky, probeIds(['u', 'v', 'w']))).toThrow(
    /^policy picky threw: no — on a probe input, before the run, asking whether the policy rewards past sales .*the probe sent supply 10, week 1, customers "u" 10 open boards, 10 used; "v" 10 open boards, 20 used; "w"/,
  );
});
