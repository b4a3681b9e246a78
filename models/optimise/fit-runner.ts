/**
 * The runner module (models/experiment/runner.ts contract) of `fit` evaluations: every task runs the
 * base scenario under the weighted family member its design point names. A point's params are the
 * family's factors by name (`nvidiaInvested`, …, `pastVolume`), not JSON Pointers: the scenario is
 * never varied, only the policy.
 */
import type { RunnerInit, Replicate } from '../experiment/runner.js';
import { reduceRun } from '../experiment/record.js';
import type { Scenario } from '../../scenarios/index.js';
import { simulate } from '../simulate.js';
import type { PolicyDefinition } from '../policies/index.js';
import { FACTOR_NAMES, factorsOf, familyPolicy } from './weighted-family.js';

export function createReplicator(init: RunnerInit<Scenario>): Promise<Replicate> {
  // Keyed by the factors, not the point index: a reused worker pool sees one experiment per
  // optimiser step, each with its single point at index 0.
  let cached: { key: string; policy: PolicyDefinition } | null = null;
  const replicate: Replicate = (task) => {
    const params = task.params ?? {};
    const key = JSON.stringify(FACTOR_NAMES.map((n) => params[n]));
    if (cached?.key !== key) {
      const factors = factorsOf(params);
      if (typeof factors === 'string')
        throw new RangeError(`fit point #${task.point ?? 0}: no value for factor ${factors}`);
      cached = { key, policy: familyPolicy(factors) };
    }
    const run = simulate(init.scenario, { policy: cached.policy, seed: task.seed, scenarioName: init.scenarioName });
    return reduceRun(run, task.rep, task.seed);
  };
  return Promise.resolve(replicate);
}
