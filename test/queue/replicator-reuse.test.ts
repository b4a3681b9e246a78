/**
 * A queue worker keeps one replicator per scenario and policies and feeds it tasks of several
 * experiments: a task of design point #0 with other parameters must run on its own varied scenario.
 */
import { expect, test } from 'vitest';
import { createReplicator } from '../../models/experiment/model-runner.js';
import { loadScenario } from '../../scenarios/index.js';

test('point #0 of two experiments with different parameters: each runs its own scenario', async () => {
  const loaded = loadScenario('toy');
  if (!loaded.ok) throw new Error(loaded.error);
  const init = { scenarioName: 'toy', scenario: loaded.scenario, policies: ['pro-rata'] };
  const replicate = await createReplicator(init);
  const base = { rep: 0, policyIndex: 0, seed: 11, point: 0 };
  const varied = { ...base, params: { '/customers/0/needGpusPerWeek': 100 } };
  const fresh = (await createReplicator(init))(varied);
  replicate(base);
  expect(replicate(varied)).toEqual(fresh);
  expect(fresh.kpis.fillRate).not.toBe(replicate(base).kpis.fillRate);
});
