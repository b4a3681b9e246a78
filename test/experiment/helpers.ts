/** Shared set-up for the experiment tests: a fake scenario, the fake runner, CLI deps that use them. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompareDeps, CompareSettings } from '../../ui/cli/compare-command.js';
import { runExperiment, type ExperimentOptions } from '../../models/experiment/index.js';
import type { FakeScenario } from './fake-runner.js';
import { LIBRARY_DIR } from '../../scenarios/loader.js';

export const FAKE_RUNNER = new URL('./fake-runner.ts', import.meta.url).href;

export const FAKE_SCENARIO: FakeScenario = {
  customers: ['alpha', 'beta', 'gamma', 'delta', 'epsilon,inc'],
  effect: [
    [0, 0, 0, 0, 0],
    [0.08, -0.05, 0, 0.004, -0.02],
    [0.02, 0.02, -0.04, 0, 0],
  ],
  worldNoise: 0.1,
  policyNoise: 0.01,
  weeks: 16,
  jitterMs: 0.6,
};

export function tempDir(prefix = 'chipsim-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `dir`/toy-ranges.json: the bundled toy with two uncertainty ranges (die and CoWoS yield). */
export function toyWithRanges(dir: string): string {
  const path = join(dir, 'toy-ranges.json');
  const toy = JSON.parse(readFileSync(join(LIBRARY_DIR, 'toy.json'), 'utf8')) as Record<string, unknown>;
  const uncertainty = {
    '/fab/dieYield': { low: 0.6, high: 0.9, source: '[A]' },
    '/cowos/yield': { low: 0.9, high: 0.99, source: '[A]' },
  };
  writeFileSync(path, JSON.stringify({ ...toy, uncertainty }));
  return path;
}

export class Capture {
  text = '';
  isTTY = false;
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}

export function fakeDeps(
  cwd: string,
  scenario: FakeScenario = FAKE_SCENARIO,
  extra: Omit<Partial<CompareDeps>, 'stdout' | 'stderr'> = {},
): CompareDeps & { stdout: Capture; stderr: Capture } {
  return {
    runnerModule: FAKE_RUNNER,
    loadScenario: (name) => ({ ok: true, name, scenario }),
    policyName: async (p) => p,
    handleSignals: false,
    cwd,
    command: 'chipsim compare fake',
    ...extra,
    stdout: new Capture(),
    stderr: new Capture(),
  };
}

export function settings(over: Partial<CompareSettings> = {}): CompareSettings {
  return {
    scenario: 'fake',
    policies: ['pro-rata', 'favoured'],
    reps: 40,
    seed: 7,
    workers: 1,
    format: 'json',
    out: undefined,
    resume: false,
    ...over,
  };
}

/** runExperiment on the fake runner, unwrapped (a failure fails the test). */
export async function runFake(options: Omit<ExperimentOptions<FakeScenario>, 'runnerModule'>) {
  const o = await runExperiment<FakeScenario>({ runnerModule: FAKE_RUNNER, ...options });
  if (!o.ok) throw new Error(`${o.error.kind}: ${o.error.message}`);
  return o.value;
}

/** A whole experiment in-process on the fake runner; the records are kept in fold order. */
export async function fakeExperiment(policies: string[], reps: number, seed: number) {
  const records: import('../../models/experiment/index.js').ReplicationRecord[] = [];
  const o = await runExperiment<FakeScenario>({
    runnerModule: FAKE_RUNNER,
    runnerInit: { scenarioName: 'fake', scenario: FAKE_SCENARIO, policies },
    reps,
    seed,
    workers: 1,
    onFold: (r) => {
      records.push(r);
    },
  });
  if (!o.ok) throw new Error(o.error.message);
  return { result: o.value.result, records };
}
