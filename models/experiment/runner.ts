/**
 * How an experiment runs one replication, as a module contract so the same code runs in-process
 * or in worker threads (or, later, in remote workers): a runner module exports
 *
 *     createReplicator(init: RunnerInit<S>): Promise<Replicate>
 *
 * and an executor (`executor.ts`) calls it once per process, then calls the replicator per task.
 * The real one is `model-runner.ts` (S = Scenario); tests inject fakes with their own S.
 */
import type { Scenario } from '../../scenarios/index.js';
import { isObject } from '../../sim/guards.js';
import type { ReplicationRecord } from './record.js';

export interface RunnerInit<S = Scenario> {
  /** The scenario's display name (bundled name or file path as given). */
  scenarioName: string;
  /** The base scenario (plain data; cloned into workers). Design points vary it. */
  scenario: S;
  /** Policy names or plug-in paths; tasks refer to them by index. */
  policies: readonly string[];
  /** Time limit of each plug-in call in ms (default: the plug-in loader's). */
  pluginTimeoutMs?: number;
  /** Event budget of each replication (default: simulate's DEFAULT_MAX_EVENTS). */
  maxEvents?: number;
  /**
   * Whether tasks may carry design-point params (default true). false (no task does): the runner
   * need not load the scenario validator, which only varied points use; a task with params fails.
   */
  scenarioVaries?: boolean;
}

/** Parameter values of a design point: RFC 6901 JSON Pointer into the scenario → number. */
export type PointParams = Readonly<Record<string, number>>;

export interface ReplicationTask {
  /** 0-based replication index. */
  rep: number;
  /** Index into RunnerInit.policies. */
  policyIndex: number;
  /** deriveSeed(experiment seed, rep): the same for every policy and point (common random numbers). */
  seed: number;
  /** Index of the design point (default 0). */
  point?: number;
  /** The point's parameter values; absent or empty: the base scenario. */
  params?: PointParams;
}

export type Replicate = (task: ReplicationTask) => ReplicationRecord;

export interface RunnerModule<S = Scenario> {
  createReplicator(init: RunnerInit<S>): Promise<Replicate>;
}

/** Loads a runner module by file URL (href) and checks it has the contract. */
export async function loadRunnerModule<S = Scenario>(href: string): Promise<RunnerModule<S>> {
  const mod: unknown = await import(href);
  if (!isObject(mod) || typeof mod['createReplicator'] !== 'function')
    throw new Error(`runner module ${href} does not export createReplicator`);
  // A module's types do not survive import(); the export was checked to be a function above.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion
  return mod as unknown as RunnerModule<S>;
}
