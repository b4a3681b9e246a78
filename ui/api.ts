/**
 * chipsim as a library (`import … from 'chipsim'`): the same loaders, model and experiment driver
 * the CLI uses, with typed results. `simulate` runs one replication in-process; `compare` runs a
 * paired experiment (common random numbers) on a worker pool, byte-identical for any worker count.
 */
import { runExperiment, type ComparisonResult, type Progress } from '../models/experiment/index.js';
import { resolvePolicy, type PolicyDefinition } from '../models/policies/index.js';
import { simulate as simulateModel } from '../models/simulate.js';
import type { RunResult } from '../models/result.js';
import type { Scenario } from '../scenarios/index.js';

export {
  loadScenario,
  parseScenario,
  bundledScenarioNames,
  DEFAULT_SCENARIO,
  type LoadResult,
  type Scenario,
  type ScenarioInput,
} from '../scenarios/index.js';
export {
  policies,
  policyNames,
  getPolicy,
  resolvePolicy,
  loadPolicyPlugin,
  PolicyError,
} from '../models/policies/index.js';
export type * from '../models/policies/types.js';
export type * from '../models/result.js';
export type {
  ComparisonResult,
  Estimate,
  PolicyAggregate,
  CustomerAggregate,
  PairedEstimate,
  PairedCustomerEstimate,
  PolicyCharts,
  Progress,
} from '../models/experiment/index.js';

export interface SimulateOptions {
  /** A built-in policy name, a plug-in file path or a definition; default: the scenario's. */
  policy?: string | PolicyDefinition;
  /** Run seed (default 1, as `chipsim run`). */
  seed?: number;
  /** The name results carry (default: the scenario's own name). */
  name?: string;
}

/** One replication of `scenario`, as `chipsim run` computes it. Rejects with PolicyError for an unknown policy. */
export async function simulate(scenario: Scenario, options: SimulateOptions = {}): Promise<RunResult> {
  const spec = options.policy ?? scenario.allocation.policy;
  const policy = typeof spec === 'string' ? await resolvePolicy(spec) : spec;
  const seed = options.seed ?? 1;
  return simulateModel(scenario, { policy, seed, scenarioName: options.name ?? scenario.name });
}

export interface CompareOptions {
  /** Two or more built-in policy names or plug-in file paths. */
  policies: readonly string[];
  /** Replications per policy. */
  reps: number;
  /** Base seed: replication r of every policy uses deriveSeed(seed, r). */
  seed: number;
  /** Worker threads (default: the available CPUs); 1 runs in-process. The result does not depend on it. */
  workers?: number;
  /** The name results carry (default: the scenario's own name). */
  name?: string;
  onProgress?: (progress: Progress) => void;
  /** Abort to stop early: the workers are terminated and the promise rejects with an AbortError. */
  signal?: AbortSignal;
}

/** A paired experiment, as `chipsim compare` runs it (without its checkpoint and output files). */
export async function compare(scenario: Scenario, options: CompareOptions): Promise<ComparisonResult> {
  const labels: string[] = [];
  for (const spec of options.policies) labels.push((await resolvePolicy(spec)).name);
  const outcome = await runExperiment({
    runnerInit: { scenarioName: options.name ?? scenario.name, scenario, policies: options.policies },
    policyLabels: labels,
    reps: options.reps,
    seed: options.seed,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!outcome.ok) throw new Error(`compare: ${outcome.error.message}`);
  if (!outcome.value.complete) throw new DOMException('compare was aborted', 'AbortError');
  return outcome.value.result;
}
