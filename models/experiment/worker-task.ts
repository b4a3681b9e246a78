/**
 * The task module each worker of the pool loads (see sim/pool.ts and bin/worker.js): it builds the
 * replicator once — scenario and policies resolved once per worker — then runs tasks on request.
 */
import { loadRunnerModule, type ReplicationTask, type RunnerInit } from './runner.js';
import type { ReplicationRecord } from './record.js';

export interface WorkerInit {
  /** File URL (href) of the runner module. */
  runnerModule: string;
  runnerInit: RunnerInit;
}

export async function createHandler(init: WorkerInit): Promise<(task: ReplicationTask) => ReplicationRecord> {
  const runner = await loadRunnerModule(init.runnerModule);
  return await runner.createReplicator(init.runnerInit);
}
