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
import type { FavouredFactors, PolicyDefinition } from '../policies/index.js';
import { FACTOR_NAMES, familyPolicy } from './weighted-family.js';

export async function createReplicator(init: RunnerInit<Scenario>): Promise<Replicate> {
  // Keyed by the factors, not the point index: a reused worker pool sees one experiment per
  // optimiser step, each with its single point at index 0.
  let cached: { key: string; policy: PolicyDefinition } | null = null;
  return (task) => {
    const params = task.params ?? {};
    const key = JSON.stringify(FACTOR_NAMES.map((n) => params[n]));
    if (cached?.key !== key) {
      for (const n of FACTOR_NAMES)
        if (typeof params[n] !== 'number')
          throw new RangeError(`fit point #${task.point ?? 0}: no value for factor ${n}`);
      cached = { key, policy: familyPolicy(params as unknown as FavouredFactors) };
    }
    const run = simulate(init.scenario, { policy: cached.policy, seed: task.seed, scenarioName: init.scenarioName });
    return reduceRun(run, task.rep, task.seed);
  };
}
