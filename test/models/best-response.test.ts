/** Strategic buyers inflate only where it pays (Cachon & Lariviere 1999): declarations match behaviour. */
import { expect, test } from 'vitest';
import { getPolicy, policyNames } from '../../models/policies/index.js';
import { probeRewardsInflation, rewardsInflation } from '../../models/customers/best-response.js';

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

test('an undeclared plug-in is probed: a largest-first rule rewards inflation, an equal split does not', () => {
  const largestFirst = {
    name: 'largest-first',
    description: '',
    allocate: (input: Parameters<typeof equalSplit.allocate>[0]) => {
      const out: Record<string, number> = {};
      let left = input.supply;
      for (const c of [...input.customers].sort((a, b) => b.openBoards - a.openBoards || (a.id < b.id ? -1 : 1))) {
        out[c.id] = Math.min(left, c.openBoards);
        left -= out[c.id]!;
      }
      return out;
    },
  };
  const equalSplit = {
    name: 'equal-split',
    description: '',
    allocate: (input: { supply: number; customers: readonly { id: string; openBoards: number }[] }) =>
      Object.fromEntries(input.customers.map((c) => [c.id, Math.min(c.openBoards, Math.floor(input.supply / input.customers.length))])),
  };
  expect(rewardsInflation(largestFirst)).toBe(true);
  expect(rewardsInflation(equalSplit)).toBe(false);
});
