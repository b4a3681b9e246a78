/**
 * The real runner: simulates a replication of the supply-chain model and reduces it to a record.
 * Policies are resolved once per runner (built-in names or plug-in paths); a design point's varied
 * scenario is built and validated once per point (tasks arrive in point order). What varies and
 * validates a point (immer, zod) is imported only when tasks may vary the scenario: a worker of a
 * plain compare starts without it (issue 11: pool start-up).
 */
import { resolvePolicy } from '../policies/index.js';
import type { PolicyDefinition } from '../policies/index.js';
import type { Scenario } from '../../scenarios/index.js';
import { simulate } from '../simulate.js';
import { ExperimentInputError } from './errors.js';
import { reduceRun } from './record.js';
import type { PointParams, Replicate, RunnerInit } from './runner.js';

/** What a varied design point needs: applying its params (immer) and validating the result (zod). */
interface PointTools {
  applyParams: (typeof import('./design.js'))['applyParams'];
  parseScenario: (typeof import('../../scenarios/index.js'))['parseScenario'];
}

async function loadPointTools(): Promise<PointTools> {
  const [design, scenarios] = await Promise.all([import('./design.js'), import('../../scenarios/index.js')]);
  return { applyParams: design.applyParams, parseScenario: scenarios.parseScenario };
}

/** The base scenario with a point's parameters applied and validated; ExperimentInputError if invalid. */
export function pointScenario(base: Scenario, params: PointParams, label: string, tools: PointTools | null): Scenario {
  if (Object.keys(params).length === 0) return base;
  if (!tools) throw new RangeError(`${label}: this runner was told no task varies the scenario`);
  let varied: Scenario;
  try {
    varied = tools.applyParams(base, params);
  } catch (error) {
    throw new ExperimentInputError(`${label}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // The base scenario's uncertainty map was checked when it was loaded; the point is validated whole.
  const parsed = tools.parseScenario(varied, label, { variations: false });
  if (!parsed.ok) throw new ExperimentInputError(parsed.error);
  return parsed.scenario;
}

export async function createReplicator(init: RunnerInit<Scenario>): Promise<Replicate> {
  const policies: PolicyDefinition[] = await Promise.all(
    init.policies.map((p) =>
      resolvePolicy(p, {
        source: '--policies',
        ...(init.pluginTimeoutMs !== undefined ? { timeoutMs: init.pluginTimeoutMs } : {}),
      }),
    ),
  );
  const pointTools = init.scenarioVaries === false ? null : await loadPointTools();
  // keyed by the parameters too: a queue worker's replicator serves several experiments on one
  // scenario, whose point #0 (say) need not be the same point
  let cached: { point: number; params: string; scenario: Scenario } | null = null;
  return (task) => {
    const policy = policies[task.policyIndex];
    if (!policy) throw new RangeError(`no policy #${task.policyIndex}`);
    const point = task.point ?? 0;
    const params = JSON.stringify(task.params ?? {});
    if (cached?.point !== point || cached.params !== params) {
      const label = `design point #${point} of ${init.scenarioName}`;
      cached = { point, params, scenario: pointScenario(init.scenario, task.params ?? {}, label, pointTools) };
    }
    const run = simulate(cached.scenario, {
      policy,
      seed: task.seed,
      scenarioName: init.scenarioName,
      ...(init.maxEvents !== undefined ? { maxEvents: init.maxEvents } : {}),
    });
    return reduceRun(run, task.rep, task.seed);
  };
}
