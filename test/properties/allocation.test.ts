/**
 * Policy invariants at the model level (issue 7). The policies' own contract and defining properties
 * are tested on random inputs in test/models/policies; here every registered policy runs inside the
 * world, on generated scenarios, and each allocation epoch is checked against the state just before it
 * (test/support/checked-run.ts): the allocation recorded in state.lastAllocation is whole boards,
 * Σ ≤ supply (the finished boards on hand), each ≤ that customer's open orders, nothing to an
 * export-blocked customer, and the customers' open/allocated counts move by exactly it. On top, the
 * model wastes nothing: Σ allocated = min(supply, Σ open orders) at every epoch, as every built-in
 * policy promises (models/policies/*.ts headers).
 */
import { afterAll, describe, expect } from 'vitest';
import { test } from '@fast-check/vitest';
import { policyNames } from '../../models/policies/index.js';
import { scenarioArb, seedArb } from '../support/arbitraries.js';
import { runChecked } from '../support/checked-run.js';
import { propParams, runs } from '../support/params.js';

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

describe.each(policyNames())('policy %s inside the model', (policy) => {
  const seen = { cases: 0, scarce: 0 };

  test.prop([scenarioArb, seedArb], propParams(runs(0.1)))(
    'every epoch: whole boards, Σ ≤ supply, each ≤ open orders, none to blocked customers, Σ = min(supply, Σ open)',
    (scenario, seed) => {
      const run = runChecked(scenario, policy, seed, { invariants: false, allocations: true });
      seen.cases++;
      let scarce = false;
      for (const a of run.allocations) {
        const open = sum(a.open);
        expect(sum(a.boards), `week ${a.week}: supply ${a.supply}, open ${open}`).toBe(Math.min(a.supply, open));
        if (a.supply > 0 && a.supply < open) scarce = true;
      }
      if (scarce) seen.scarce++;
    },
  );

  afterAll(() => {
    // The property must not be vacuous: a good share of cases has to ration (0 < supply < Σ open).
    if (seen.cases >= 40)
      expect(seen.scarce / seen.cases, `${seen.scarce} of ${seen.cases} cases rationed`).toBeGreaterThan(0.2);
  });
});
