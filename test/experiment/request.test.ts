/** runExperimentRequest: the typed call behind `compare` (and sweep, sensitivity, shards, queues built on it). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PolicyError } from '../../models/policies/errors.js';
import { acquireLock, runExperimentRequest, type ExperimentRequest } from '../../models/experiment/index.js';
import type { FakeScenario } from './fake-runner.js';
import { FAKE_RUNNER, FAKE_SCENARIO, tempDir } from './helpers.js';

function request(over: Partial<ExperimentRequest<FakeScenario>> = {}): ExperimentRequest<FakeScenario> {
  return {
    scenario: 'fake',
    policies: ['pro-rata', 'favoured'],
    reps: 6,
    seed: 3,
    workers: 1,
    checkpoint: null,
    command: 'test',
    runnerModule: FAKE_RUNNER,
    loadScenario: (name) => ({ ok: true, name, scenario: FAKE_SCENARIO }),
    policyName: async (p) => {
      if (p === 'nonesuch') throw new PolicyError(`unknown policy "${p}"`, p);
      return p;
    },
    ...over,
  };
}

describe('runExperimentRequest', () => {
  test('errors come back as data with a kind', async () => {
    const scenario = await runExperimentRequest(
      request({ loadScenario: () => ({ ok: false, error: 'no such scenario' }) }),
    );
    expect(scenario).toEqual({ ok: false, error: { kind: 'bad-input', message: 'no such scenario' } });
    const policy = await runExperimentRequest(request({ policies: ['pro-rata', 'nonesuch'] }));
    expect(policy).toEqual({
      ok: false,
      error: { kind: 'policy', message: 'unknown policy "nonesuch"', policy: 'nonesuch', index: 1 },
    });
    const failing = await runExperimentRequest(
      request({ loadScenario: (name) => ({ ok: true, name, scenario: { ...FAKE_SCENARIO, failOnRep: 2 } }) }),
    );
    expect(failing.ok).toBe(false);
    if (!failing.ok)
      expect(failing.error).toMatchObject({ kind: 'internal', message: 'fake failure on replication 2' });
  });

  test('a checkpoint held by a live run is refused; finish() removes a finished checkpoint and its lock', async () => {
    const dir = tempDir();
    const file = join(dir, 'c.jsonl');
    const held = acquireLock(file, 'other run');
    const refused = await runExperimentRequest(request({ checkpoint: { place: { file } } }));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatchObject({ kind: 'locked', pid: process.pid, path: file });
    if (held.ok) held.value.release();

    const seen: string[] = [];
    const done = await runExperimentRequest(
      request({ checkpoint: { place: { file } }, onRecord: (_r, task) => seen.push(task.id) }),
    );
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    expect(seen).toHaveLength(12);
    expect(done.value).toMatchObject({ complete: true, computed: 12, resumed: 0, total: 12, checkpoint: file });
    expect(JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!)).toMatchObject({
      kind: 'chipsim-compare-checkpoint',
      version: 2,
      command: 'test',
      chipsimVersion: done.value.meta.chipsimVersion,
      scenarioHash: done.value.meta.scenarioHash,
    });
    expect(existsSync(`${file}.lock`)).toBe(true);
    done.value.finish();
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  test('an aborted run is "interrupted" with what it saved, and resumes to the same result', async () => {
    const dir = tempDir();
    const file = join(dir, 'c.jsonl');
    const controller = new AbortController();
    let n = 0;
    const stopped = await runExperimentRequest(
      request({
        reps: 20,
        checkpoint: { place: { file } },
        signal: controller.signal,
        onRecord: () => {
          if (++n === 9) controller.abort();
        },
      }),
    );
    expect(stopped).toMatchObject({
      ok: false,
      error: { kind: 'interrupted', finished: 9, total: 40, checkpoint: file },
    });
    const resumed = await runExperimentRequest(request({ reps: 20, checkpoint: { place: { file }, resume: true } }));
    const fresh = await runExperimentRequest(request({ reps: 20 }));
    expect(resumed.ok && fresh.ok).toBe(true);
    if (resumed.ok && fresh.ok) {
      expect(resumed.value.resumed).toBe(9);
      expect(JSON.stringify(resumed.value.result)).toBe(JSON.stringify(fresh.value.result));
    }
  });
});
