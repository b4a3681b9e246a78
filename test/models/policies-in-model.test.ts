/** The policies inside the model (issue 4): favoured against pro-rata, and every policy on h100-2023. */
import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../scenarios/index.js';
import { simulate } from '../../models/simulate.js';
import { createWorld } from '../../models/world.js';
import { runToEnd } from '../../models/simulate.js';
import { getPolicy, policyNames, type AllocationInput, type PolicyDefinition } from '../../models/policies/index.js';
import { produce } from 'immer';

const h100 = loadScenario('h100-2023');
if (!h100.ok) throw new Error(h100.error);
const scenario = h100.scenario;

/** The 2023 shortage year alone: the same scenario stopped at week 52. */
const shortageYear = produce(scenario, (s) => {
  s.horizonWeeks = 52;
});

describe('favoured against pro-rata on h100-2023', () => {
  for (const seed of [1, 2, 3]) {
    test(`seed ${seed}: tier-0 (Nvidia-invested, weight ≥ 2) customers get a fill rate at least as high as under pro-rata through 2023, and wait less over the run`, () => {
      const run = (s: typeof scenario, policy: string) =>
        simulate(s, { policy: getPolicy(policy)!, seed, scenarioName: 'h100-2023' });
      const fav2023 = run(shortageYear, 'favoured');
      const pro2023 = run(shortageYear, 'pro-rata');
      const fav = run(scenario, 'favoured');
      const pro = run(scenario, 'pro-rata');
      const tier0 = fav.customers.filter((c) => c.tier === 0).map((c) => c.id);
      expect(tier0.length).toBeGreaterThan(0);
      for (const id of tier0) {
        const get = (r: typeof fav, field: 'fillRate' | 'meanWaitWeeks') =>
          r.customers.find((c) => c.id === id)![field]!;
        expect(get(fav2023, 'fillRate'), id).toBeGreaterThanOrEqual(get(pro2023, 'fillRate'));
        expect(get(fav, 'meanWaitWeeks'), id).toBeLessThan(get(pro, 'meanWaitWeeks'));
      }
    });
  }

  test('when tier 0 fits in supply, priority fills tier 0 completely before anyone else gets a board', () => {
    const favoured = getPolicy('priority')!;
    let epochsWhereTier0Fits = 0;
    const checking: PolicyDefinition = {
      ...favoured,
      allocate(input: AllocationInput) {
        const out = favoured.allocate(input);
        const tier0 = input.customers.filter((c) => c.tier === 0);
        const tier0Open = tier0.reduce((s, c) => s + c.openBoards, 0);
        if (tier0Open > 0 && tier0Open <= input.supply) {
          epochsWhereTier0Fits++;
          for (const c of tier0) expect(out[c.id] ?? 0).toBe(c.openBoards);
        } else {
          for (const c of input.customers) if (c.tier > 0) expect(out[c.id] ?? 0).toBe(0);
        }
        return out;
      },
    };
    const { world, ctx } = createWorld(scenario, { policy: checking, seed: 1 });
    runToEnd(world, ctx);
    expect(epochsWhereTier0Fits).toBeGreaterThan(10);
  });
});

test('every policy runs on h100-2023 with units conserved, and at least four allocate differently', () => {
  const fingerprints = new Set<string>();
  for (const name of policyNames()) {
    const r = simulate(scenario, { policy: getPolicy(name)!, seed: 1, scenarioName: 'h100-2023' });
    const u = r.units;
    for (const [kind, b] of Object.entries(u)) {
      expect(b.created, `${name} ${kind}`).toBe(b.consumed + b.scrapped + b.wip + b.inventory + b.delivered);
    }
    expect(r.customers.reduce((s, c) => s + c.received, 0)).toBe(u.gpu.delivered);
    fingerprints.add(JSON.stringify(r.customers.map((c) => [c.id, c.received, c.meanWaitWeeks])));
  }
  expect(fingerprints.size).toBeGreaterThanOrEqual(4);
});
