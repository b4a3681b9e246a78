import { readFileSync, readdirSync, truncateSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runExperiment } from '../../models/experiment/index.js';
import type { FakeScenario } from './fake-runner.js';
import { formatCompareJson } from '../../ui/format/compare-json.js';
import { runCompare } from '../../ui/cli/compare-command.js';
import { UserError } from '../../ui/cli/errors.js';
import { FAKE_RUNNER, FAKE_SCENARIO, fakeDeps, runFake, settings, tempDir } from './helpers.js';

const init = { scenarioName: 'fake', scenario: FAKE_SCENARIO, policies: ['pro-rata', 'favoured', 'uniform'] };

describe('worker-count identity', () => {
  test('1, 2 and 3 workers give byte-identical JSON (fake runner, shuffled completion order)', async () => {
    const meta = { scenario: 'fake', reps: 60, seed: 11 };
    const outputs: string[] = [];
    for (const workers of [1, 2, 3]) {
      const o = await runFake({ runnerInit: init, reps: 60, seed: 11, workers });
      expect(o.complete).toBe(true);
      expect(o.workers).toBe(workers);
      outputs.push(formatCompareJson(o.result, meta));
    }
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);
  });

  test('memory stays flat: only records ahead of their turn are buffered, bounded by the tasks in flight', async () => {
    const o = await runFake({ runnerInit: init, reps: 150, seed: 2, workers: 2 });
    // the pool never runs more than 4 × workers × depth = 16 tasks past the lowest unfinished one
    expect(o.maxBuffered).toBeLessThanOrEqual(16 + init.policies.length);
    const inProcess = await runFake({
      runnerInit: init,
      reps: 20,
      seed: 2,
      workers: 1,
    });
    expect(inProcess.maxBuffered).toBeLessThan(init.policies.length);
  });

  test('every policy of a replication gets the same seed, and replications differ', async () => {
    const seen: { rep: number; policy: string; seed: number }[] = [];
    await runFake({
      runnerInit: init,
      reps: 5,
      seed: 1,
      workers: 1,
      onRecord: (r) => seen.push(r),
    });
    for (let rep = 0; rep < 5; rep++) {
      const seeds = new Set(seen.filter((r) => r.rep === rep).map((r) => r.seed));
      expect(seeds.size).toBe(1);
    }
    expect(new Set(seen.map((r) => r.seed)).size).toBe(5);
  });

  test('a failing replication ends the run with the failure as data (in-process and in workers)', async () => {
    for (const workers of [1, 2]) {
      const o = await runExperiment<FakeScenario>({
        runnerModule: FAKE_RUNNER,
        runnerInit: { ...init, scenario: { ...FAKE_SCENARIO, failOnRep: 3 } },
        reps: 6,
        seed: 1,
        workers,
      });
      expect(o.ok).toBe(false);
      if (o.ok) return;
      expect(o.error.kind).toBe('internal');
      expect(o.error.message).toMatch(/fake failure on replication 3/);
    }
  });
});

describe('checkpoint and resume', () => {
  test('CSV, table and JSON outputs are identical across worker counts through the command', async () => {
    for (const format of ['json', 'csv', 'table'] as const) {
      const texts: string[] = [];
      for (const workers of [1, 2]) {
        const dir = tempDir();
        const deps = fakeDeps(dir);
        await runCompare(settings({ workers, format, reps: 30 }), deps);
        texts.push(deps.stdout.text);
      }
      expect(texts[1]).toBe(texts[0]);
    }
  });

  test('resume after a simulated kill (checkpoint truncated half-way, mid-line) gives the same output', async () => {
    const dir = tempDir();
    const full = fakeDeps(dir);
    const s = settings({ out: 'result.json', reps: 50, workers: 2, keepCheckpoint: true });
    await runCompare(s, full);
    const expected = readFileSync(join(dir, 'result.json'), 'utf8');
    const checkpoint = join(dir, 'result.json.jsonl');
    const lines = readFileSync(checkpoint, 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBe(1 + 50 * 2); // header + one line per run

    // kill -9 half-way: the file ends in the middle of a record
    const size = statSync(checkpoint).size;
    truncateSync(checkpoint, Math.floor(size / 2));
    writeFileSync(join(dir, 'result.json'), 'stale');
    const resumed = fakeDeps(dir);
    await runCompare({ ...s, resume: true, workers: 1 }, resumed);
    expect(resumed.stderr.text).toMatch(/resuming from .*result\.json\.jsonl: \d+ of 100 runs already done/);
    expect(readFileSync(join(dir, 'result.json'), 'utf8')).toBe(expected);
    // the checkpoint is whole again: header + every run exactly once
    const after = readFileSync(checkpoint, 'utf8').split('\n').filter(Boolean);
    expect(after.length).toBe(101);
    expect(
      new Set(
        after.slice(1).map((l) => {
          const r = JSON.parse(l);
          return `${r.rep}/${r.policy}`;
        }),
      ).size,
    ).toBe(100);
  });

  test('an interrupted run exits 130 with the resume command, and --resume finishes it identically', async () => {
    const dir = tempDir();
    const reference = fakeDeps(dir);
    await runCompare(settings({ reps: 300, workers: 1 }), reference);

    const scenario = { ...FAKE_SCENARIO, jitterMs: 2 };
    const dir2 = tempDir();
    const controller = new AbortController();
    const deps = fakeDeps(dir2, FAKE_SCENARIO, {
      signal: controller.signal,
      loadScenario: (name) => ({ ok: true, name, scenario }),
    });
    // stop once some runs are on disk (a timer would be at the mercy of the machine's load)
    const poll = setInterval(() => {
      const folder = join(dir2, '.chipsim');
      const file = existsSync(folder) ? readdirSync(folder).find((f) => f.endsWith('.jsonl')) : undefined;
      if (file && readFileSync(join(folder, file), 'utf8').split('\n').length > 60) {
        clearInterval(poll);
        controller.abort();
      }
    }, 10);
    const err = await runCompare(settings({ reps: 300, workers: 2 }), deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(130);
    expect((err as UserError).message).toMatch(
      /interrupted: \d+ of 600 runs .* saved in .*\.chipsim\/compare-[0-9a-f]{12}\.jsonl/,
    );
    expect((err as UserError).message).toContain(
      'chipsim compare fake --policies pro-rata,favoured --reps 300 --seed 7 --format json --resume',
    );
    expect(deps.stdout.text).toBe('');

    // running again WITHOUT --resume would start afresh: it says so (checked on a copy)
    const { cpSync } = await import('node:fs');
    const dir3 = tempDir();
    cpSync(join(dir2, '.chipsim'), join(dir3, '.chipsim'), { recursive: true });
    const fresh = fakeDeps(dir3, FAKE_SCENARIO, { loadScenario: (name) => ({ ok: true, name, scenario }) });
    await runCompare(settings({ reps: 300, workers: 2 }), fresh);
    expect(fresh.stderr.text).toMatch(/replacing the unfinished checkpoint .* --resume would have continued it/);

    // jitter does not change results, only timing: resume without it and compare with the reference
    const resumed = fakeDeps(dir2, FAKE_SCENARIO, { loadScenario: (name) => ({ ok: true, name, scenario }) });
    await runCompare(settings({ reps: 300, workers: 2, resume: true }), resumed);
    // (the scenarios differ in jitter, so only meta.scenarioHash differs)
    const estimates = (text: string): unknown => ({ ...JSON.parse(text), meta: undefined });
    expect(estimates(resumed.stdout.text)).toEqual(estimates(reference.stdout.text));
    expect(resumed.stdout.text.replace(/"scenarioHash": "\w+"/, '')).toBe(
      reference.stdout.text.replace(/"scenarioHash": "\w+"/, ''),
    );
  });

  test('--resume refuses a checkpoint of another experiment (exit 2, clear message)', async () => {
    const dir = tempDir();
    await runCompare(settings({ out: 'r.json', keepCheckpoint: true }), fakeDeps(dir));
    const attempt = async (s: ReturnType<typeof settings>, scenario = FAKE_SCENARIO): Promise<UserError> => {
      const e = await runCompare(s, fakeDeps(dir, scenario)).then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(UserError);
      return e as UserError;
    };

    const seed = await attempt(settings({ out: 'r.json', resume: true, seed: 8 }));
    expect(seed).toBeInstanceOf(UserError);
    expect(seed.exitCode).toBe(2);
    expect(seed.message).toMatch(/cannot resume from .*r\.json\.jsonl: it is for --seed 7, not 8/);

    const pol = await attempt(settings({ out: 'r.json', resume: true, policies: ['pro-rata', 'uniform'] }));
    expect(pol.message).toMatch(/it is for policies pro-rata,favoured, not pro-rata,uniform/);

    const changed = await attempt(settings({ out: 'r.json', resume: true }), { ...FAKE_SCENARIO, worldNoise: 0.2 });
    expect(changed.message).toMatch(/scenario "fake" has changed since the checkpoint was written/);

    const none = await attempt(settings({ out: 'other.json', resume: true }));
    expect(none.message).toMatch(/no checkpoint to resume at .*other\.json\.jsonl/);
  });

  test('resume with more replications extends the run; the result equals a fresh run', async () => {
    const dir = tempDir();
    await runCompare(settings({ out: 'x.json', reps: 20, keepCheckpoint: true }), fakeDeps(dir));
    await runCompare(settings({ out: 'x.json', reps: 45, resume: true }), fakeDeps(dir));
    const extended = readFileSync(join(dir, 'x.json'), 'utf8');
    const dir2 = tempDir();
    await runCompare(settings({ out: 'x.json', reps: 45 }), fakeDeps(dir2));
    expect(extended).toBe(readFileSync(join(dir2, 'x.json'), 'utf8'));
  });

  test('without --out the checkpoint goes to .chipsim/compare-<hash>.jsonl, removed when done unless kept', async () => {
    const dir = tempDir();
    const o = await runCompare(settings(), fakeDeps(dir));
    expect(o.checkpoint).toMatch(/\.chipsim\/compare-[0-9a-f]{12}\.jsonl$/);
    expect(existsSync(o.checkpoint!)).toBe(false);
    const kept = await runCompare(settings({ keepCheckpoint: true }), fakeDeps(dir));
    expect(kept.checkpoint).toBe(o.checkpoint);
    expect(existsSync(kept.checkpoint!)).toBe(true);
    expect(existsSync(`${kept.checkpoint!}.lock`)).toBe(false);
  });
});
