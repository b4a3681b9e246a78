/**
 * How `compare` runs one replication, as a module contract so the same code runs in-process
 * (--workers 1) or in worker threads: a runner module exports
 *
 *     createReplicator(init: RunnerInit): Promise<Replicate>
 *
 * and the experiment driver (in-process) or the worker task (`worker-task.ts`) calls it once, then
 * calls the replicator per task. The real one is `model-runner.ts`; tests inject fakes.
 */
import type { ReplicationRecord } from './record.js';

export interface RunnerInit {
  /** The scenario's display name (bundled name or file path as given). */
  scenarioName: string;
  /** The parsed scenario, as loaded by the CLI (plain data; cloned into workers). */
  scenario: unknown;
  /** Policy names or plug-in paths, in --policies order; tasks refer to them by index. */
  policies: readonly string[];
  /** Time limit of each plug-in call in ms (default: the plug-in loader's). */
  pluginTimeoutMs?: number;
}

export interface ReplicationTask {
  /** 0-based replication index. */
  rep: number;
  /** Index into RunnerInit.policies. */
  policyIndex: number;
  /** deriveSeed(experiment seed, rep): the same for every policy (common random numbers). */
  seed: number;
}

export type Replicate = (task: ReplicationTask) => ReplicationRecord;

export interface RunnerModule {
  createReplicator(init: RunnerInit): Promise<Replicate>;
}

/** Loads a runner module by file URL (href) and checks it has the contract. */
export async function loadRunnerModule(href: string): Promise<RunnerModule> {
  const mod = (await import(href)) as Partial<RunnerModule>;
  if (typeof mod.createReplicator !== 'function')
    throw new Error(`runner module ${href} does not export createReplicator`);
  return mod as RunnerModule;
}
