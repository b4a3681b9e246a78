/**
 * The model runner loads what varies a design point only when told tasks may vary the scenario
 * (RunnerInit.scenarioVaries); the pool executor tells it from the job's tasks.
 */
import { expect, test } from 'vitest';
import { createReplicator } from '../../models/experiment/model-runner.js';
import { loadScenario } from '../../scenarios/index.js';

const loaded = loadScenario('toy');
if (!loaded.ok) throw new Error(loaded.error);
const base = { scenarioName: 'toy', scenario: loaded.scenario, policies: ['pro-rata'] };
const plain = { rep: 0, policyIndex: 0, seed: 7 };
const varied = { ...plain, params: { '/customers/0/needGpusPerWeek': 100 } };

test('scenarioVaries: false runs plain tasks exactly as the default runner does', async () => {
  const lean = await createReplicator({ ...base, scenarioVaries: false });
  const full = await createReplicator(base);
  expect(lean(plain)).toEqual(full(plain));
});

test('scenarioVaries: false refuses a task with params instead of running the base scenario', async () => {
  const lean = await createReplicator({ ...base, scenarioVaries: false });
  expect(() => lean(varied)).toThrow(/told no task varies the scenario/);
  const full = await createReplicator(base);
  expect(full(varied).kpis.fillRate).not.toBe(full(plain).kpis.fillRate);
});
