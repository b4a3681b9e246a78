/** Golden outputs: the full `run --format json` of bundled scenarios at a fixed seed, stored in test/golden. */
import { expect, test } from 'vitest';
import { loadScenario } from '../../scenarios/index.js';
import { simulate } from '../../models/simulate.js';
import { getPolicy } from '../../models/policies/index.js';
import { formatRunJson } from '../../ui/cli/run-command.js';

for (const [scenario, policy] of [
  ['toy', 'pro-rata'],
  ['toy', 'favoured'],
  ['h100-2023', 'pro-rata'],
  ['h100-2023', 'favoured'],
  ['turn-and-earn-waves', 'turn-and-earn'],
] as const) {
  test(`${scenario} under ${policy}, seed 1, matches test/golden`, async () => {
    const loaded = loadScenario(scenario);
    if (!loaded.ok) throw new Error(loaded.error);
    const result = simulate(loaded.scenario, { policy: getPolicy(policy)!, seed: 1, scenarioName: scenario });
    await expect(formatRunJson(result)).toMatchFileSnapshot(`../golden/run-${scenario}-${policy}-seed1.json`);
  });
}
