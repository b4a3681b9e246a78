/**
 * The real runner: simulates a replication of the supply-chain model and reduces it to a record.
 * Policies are resolved once per runner (built-in names or plug-in paths).
 */
import { resolvePolicy } from '../policies/index.js';
import type { PolicyDefinition } from '../policies/index.js';
import type { Scenario } from '../../scenarios/index.js';
import { simulate } from '../simulate.js';
import { reduceRun } from './record.js';
import type { Replicate, RunnerInit } from './runner.js';

export async function createReplicator(init: RunnerInit): Promise<Replicate> {
  const policies: PolicyDefinition[] = await Promise.all(
    init.policies.map((p) =>
      resolvePolicy(p, {
        source: '--policies',
        ...(init.pluginTimeoutMs !== undefined ? { timeoutMs: init.pluginTimeoutMs } : {}),
      }),
    ),
  );
  const scenario = init.scenario as Scenario;
  return (task) => {
    const policy = policies[task.policyIndex];
    if (!policy) throw new RangeError(`no policy #${task.policyIndex}`);
    const run = simulate(scenario, { policy, seed: task.seed, scenarioName: init.scenarioName });
    return reduceRun(run, task.rep, task.seed);
  };
}
