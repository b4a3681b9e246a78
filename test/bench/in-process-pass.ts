/**
 * A compare command's replications run in this process, one after another, through the task handler
 * the pool workers use (dist/ build), for test/bench/compare.ts. Its mean wall and CPU time per
 * replication is issue 11's "one replication".
 *
 * test/bench/in-process-half.ts runs half of the tasks in a child process, for the concurrent pass.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = pathToFileURL(fileURLToPath(new URL('../../dist/', import.meta.url))).href;

export interface PassSpec {
  scenario: string;
  policies: string;
  reps: number;
  seed: number;
}

export interface PassTiming {
  wallMs: number;
  cpuMs: number;
  tasks: number;
}

/** Runs the spec's tasks whose index passes `keep` (all by default), once `startAt` (epoch ms) is reached. */
export async function runPass(
  spec: PassSpec,
  keep: (index: number) => boolean = () => true,
  startAt = 0,
): Promise<PassTiming> {
  const { createHandler } = await import(dist + 'models/experiment/worker-task.js');
  const { MODEL_RUNNER_MODULE } = await import(dist + 'models/experiment/experiment.js');
  const { planTasks, BASE_POINT } = await import(dist + 'models/experiment/design.js');
  const { loadScenario } = await import(dist + 'scenarios/index.js');
  const loaded = loadScenario(spec.scenario);
  if (!loaded.ok) throw new Error(loaded.error);
  const names = spec.policies.split(',');
  const all: unknown[] = planTasks({ points: [BASE_POINT], policies: names, reps: spec.reps, seed: spec.seed });
  const tasks = all.filter((_, i) => keep(i));
  const runnerInit = { scenarioName: loaded.name, scenario: loaded.scenario, policies: names, scenarioVaries: false };
  const handle = await createHandler({ runnerModule: MODEL_RUNNER_MODULE, runnerInit });
  const wait = startAt - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const task of tasks) {
    const outcome = handle(task);
    if (!outcome.ok) throw new Error(`in-process replication failed: ${JSON.stringify(outcome.error)}`);
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, tasks: tasks.length };
}
