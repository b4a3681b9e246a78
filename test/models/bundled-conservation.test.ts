/** Every bundled scenario under every policy: the ledger and bill of materials hold after every event. */
import { describe, expect, test } from 'vitest';
import { bundledScenarioNames, loadScenario } from '../../scenarios/index.js';
import { createWorld } from '../../models/world.js';
import { finishRun } from '../../models/simulate.js';
import { buildResult } from '../../models/metrics.js';
import { invariantViolations } from '../../models/invariants.js';
import { getPolicy, policyNames } from '../../models/policies/index.js';

function stepChecked(name: string, policy: string, seed: number) {
  const loaded = loadScenario(name);
  if (!loaded.ok) throw new Error(loaded.error);
  const { world, ctx } = createWorld(loaded.scenario, { policy: getPolicy(policy)!, seed });
  let events = 0;
  while (world.peek() < loaded.scenario.horizonWeeks) {
    world.step();
    events++;
    const violations = invariantViolations(ctx, world.state);
    if (violations.length > 0) {
      throw new Error(`${name}/${policy}: after event ${events} (${world.state.week}): ${violations.join('; ')}`);
    }
  }
  finishRun(world, ctx);
  return buildResult(ctx, world.state, { scenario: name, seed, events });
}

describe('conservation after every event', () => {
  for (const name of bundledScenarioNames()) {
    const policiesToCheck =
      name === 'toy' || name === 'h100-2023'
        ? policyNames()
        : name === 'turn-and-earn-waves'
          ? ['pro-rata', 'turn-and-earn']
          : ['pro-rata', 'favoured'];
    for (const policy of policiesToCheck) {
      test(`${name} under ${policy}`, () => {
        const r = stepChecked(name, policy, 7);
        const received = r.customers.reduce((s, c) => s + c.received, 0);
        expect(received).toBe(r.units.gpu.delivered);
        for (const c of r.customers) expect(c.ordered, c.id).toBe(c.received + c.backlog + c.cancelled);
        expect(r.units.gpu.delivered).toBeGreaterThan(0);
      });
    }
  }
});
