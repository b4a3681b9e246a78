/**
 * Runs replications and turns every failure into data (`TaskOutcome`), so errors cross process and
 * thread boundaries with a `kind` instead of a class name. Used in-process and, as the task module
 * each pool worker loads (see sim/pool.ts and bin/worker.js), in workers: the replicator is built
 * once per worker (scenario and policies resolved once), then tasks run on request.
 */
import { describeTaskError, type ExperimentError } from './errors.js';
import type { ReplicationRecord } from './record.js';
import { loadRunnerModule, type ReplicationTask, type RunnerInit } from './runner.js';

export type TaskOutcome = { ok: true; record: ReplicationRecord } | { ok: false; error: ExperimentError };

export interface WorkerInit<S = unknown> {
  /** File URL (href) of the runner module. */
  runnerModule: string;
  runnerInit: RunnerInit<S>;
}

export type TaskHandler = (task: ReplicationTask) => TaskOutcome;

/** Builds the replicator; a failure to build it (e.g. a plug-in that does not load) fails every task. */
export async function createHandler<S>(init: WorkerInit<S>): Promise<TaskHandler> {
  const policies = init.runnerInit.policies;
  let replicate: (task: ReplicationTask) => ReplicationRecord;
  try {
    const runner = await loadRunnerModule<S>(init.runnerModule);
    replicate = await runner.createReplicator(init.runnerInit);
  } catch (error) {
    const failure = describeTaskError(error, policies, -1);
    return () => ({ ok: false, error: failure });
  }
  return (task) => {
    try {
      return { ok: true, record: replicate(task) };
    } catch (error) {
      return { ok: false, error: describeTaskError(error, policies, task.policyIndex) };
    }
  };
}
