import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BASE_POINT, inShard, planTasks, shardOf, type ExperimentDesign } from '../../models/experiment/index.js';
import { runCompare } from '../../ui/cli/compare-command.js';
import { runMerge } from '../../ui/cli/merge-command.js';
import { UserError } from '../../ui/cli/errors.js';
import { Capture, fakeDeps, settings, tempDir } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));

const withoutCommand = (json: string) => {
  const o = JSON.parse(json) as { meta: { command?: string } };
  delete o.meta.command;
  return o;
};

async function unsharded(dir: string, reps = 9): Promise<string> {
  const out = join(dir, 'full.json');
  await runCompare(settings({ reps, out }), fakeDeps(dir));
  return readFileSync(out, 'utf8');
}

async function shards(dir: string, n: number, reps = 9): Promise<string[]> {
  const parts: string[] = [];
  for (let k = 1; k <= n; k++) {
    const out = join(dir, `part-${k}-of-${n}.jsonl`);
    await runCompare(settings({ reps, out, shard: { k, n } }), fakeDeps(dir));
    parts.push(out);
  }
  return parts;
}

async function mergeError(parts: string[]): Promise<UserError> {
  try {
    await runMerge(parts, { format: 'json' }, { stdout: new Capture(), command: 'chipsim merge' });
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('expected merge to fail');
}

describe('shards and merge', () => {
  test.each([1, 2, 3])('shards 1..%i merged == the unsharded JSON (apart from meta.command)', async (n) => {
    const dir = tempDir();
    const full = await unsharded(dir);
    const parts = await shards(dir, n);
    const stdout = new Capture();
    await runMerge(parts.reverse(), { format: 'json' }, { stdout, command: 'chipsim merge …' });
    expect(withoutCommand(stdout.text)).toEqual(withoutCommand(full));
    expect(JSON.parse(stdout.text).meta.command).toBe('chipsim merge …');
    // byte for byte apart from the command line
    expect(stdout.text.replace(/"command": ".*"/, '')).toBe(full.replace(/"command": ".*"/, ''));
  });

  test('shards partition the tasks: every task in exactly one part', async () => {
    const dir = tempDir();
    const parts = await shards(dir, 4, 5);
    const lines = parts.flatMap((p) => readFileSync(p, 'utf8').trim().split('\n').slice(1));
    const ids = lines.map((l) => JSON.parse(l) as { rep: number; policy: string }).map((r) => `${r.rep}/${r.policy}`);
    expect(ids).toHaveLength(5 * 2);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('each part of two policies holds both of them', async () => {
    const dir = tempDir();
    for (const part of await shards(dir, 2, 6)) {
      const lines = readFileSync(part, 'utf8').trim().split('\n').slice(1);
      const policies = lines.map((l) => (JSON.parse(l) as { policy: string }).policy);
      expect(policies.filter((p) => p === 'pro-rata')).toHaveLength(3);
      expect(policies.filter((p) => p === 'favoured')).toHaveLength(3);
    }
  });

  test('a missing shard is named (exit 2)', async () => {
    const dir = tempDir();
    const parts = await shards(dir, 3);
    const e = await mergeError([parts[0]!, parts[2]!]);
    expect(e.exitCode).toBe(2);
    // shard 2 of 3: replications 1, 4 and 7 of both policies
    expect(e.message).toMatch(
      /6 of 18 task\(s\) are missing: base\/1\/0, base\/1\/1, base\/4\/0, base\/4\/1, base\/7\/0, base\/7\/1 \(shard 2\/3 /,
    );
  });

  test('a duplicated part is named (exit 2)', async () => {
    const dir = tempDir();
    const parts = await shards(dir, 2);
    const e = await mergeError([...parts, parts[1]!]);
    expect(e.message).toMatch(
      /appear in more than one part: base\/0\/1 \(.*part-2-of-2.jsonl and .*part-2-of-2.jsonl\)/,
    );
  });

  test('parts of another experiment (seed, reps, scenario hash, version) are refused', async () => {
    const dir = tempDir();
    const [a] = await shards(dir, 2);
    const other = tempDir();
    const out = join(other, 'b.jsonl');
    await runCompare(settings({ reps: 9, seed: 8, out, shard: { k: 2, n: 2 } }), fakeDeps(other));
    expect((await mergeError([a!, out])).message).toContain('is a part of another experiment than');
    expect((await mergeError([a!, out])).message).toContain('--seed 8, not 7');

    const text = readFileSync(out, 'utf8').split('\n');
    for (const [field, value, words] of [
      ['scenarioHash', 'f00', 'scenario sha256:f00'],
      ['chipsimVersion', '9.9.9', 'chipsim 9.9.9'],
    ] as const) {
      const h = JSON.parse(text[0]!);
      h.experiment.seed = 7;
      h.experiment[field] = value;
      const bad = join(other, `${field}.jsonl`);
      writeFileSync(bad, [JSON.stringify(h), ...text.slice(1)].join('\n'));
      expect((await mergeError([a!, bad])).message).toContain(words);
    }
    writeFileSync(join(other, 'junk'), 'hello\n');
    expect((await mergeError([a!, join(other, 'junk')])).message).toContain('is not a chipsim part file');
  });

  test('--shard needs --out and a shard K/N with 1 ≤ K ≤ N', () => {
    for (const [args, words] of [
      [['--shard', '1/2'], '--shard needs --out FILE'],
      [['--shard', '3/2', '--out', 'x'], '--shard must be K/N with 1 ≤ K ≤ N'],
      [['--shard', 'a', '--out', 'x'], '--shard must be K/N'],
    ] as const) {
      const r = spawnSync(process.execPath, [BIN, 'compare', 'toy', '--policies', 'pro-rata,favoured', ...args], {
        cwd: tempDir(),
        encoding: 'utf8',
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(words);
    }
  });

  const parallel = spawnSync('parallel', ['--version'], { encoding: 'utf8' }).status === 0;
  if (!parallel) console.warn('SKIPPED: the GNU parallel recipe test (install it: apt-get install -y parallel)');
  test.skipIf(!parallel)(
    'GNU parallel recipe: 3 shards in parallel, merged == unsharded',
    () => {
      const dir = tempDir();
      const common = `compare toy --policies pro-rata,favoured --reps 4 --workers 1 --quiet`;
      const run = (cmd: string) => spawnSync('bash', ['-c', cmd], { cwd: dir, encoding: 'utf8' });
      const whole = run(`node ${BIN} ${common} --format json --out full.json`);
      expect(whole.status, whole.stderr).toBe(0);
      const sharded = run(
        `parallel --halt now,fail=1 node ${BIN} ${common} --shard {}/3 --out part-{}.jsonl ::: 1 2 3 && ` +
          `node ${BIN} merge part-*.jsonl --out merged.json`,
      );
      expect(sharded.status, sharded.stderr).toBe(0);
      expect(withoutCommand(readFileSync(join(dir, 'merged.json'), 'utf8'))).toEqual(
        withoutCommand(readFileSync(join(dir, 'full.json'), 'utf8')),
      );
    },
    60_000,
  );
});

describe('the shard split', () => {
  const design = (points: number, policies: number, reps: number): ExperimentDesign => ({
    points: Array.from({ length: points }, (_, p) => (p === 0 ? BASE_POINT : { id: `p${p}`, params: {} })),
    policies: Array.from({ length: policies }, (_, k) => `policy${k}`),
    reps,
    seed: 1,
  });

  test('2 policies in 2 shards: each shard runs half the replications of each policy', () => {
    const d = design(1, 2, 12);
    for (const k of [1, 2]) {
      const mine = planTasks(d).filter((t) => inShard({ k, n: 2 })(t, d));
      expect(mine.filter((t) => t.policyIndex === 0).map((t) => t.rep)).toEqual(
        k === 1 ? [0, 2, 4, 6, 8, 10] : [1, 3, 5, 7, 9, 11],
      );
      expect(mine.filter((t) => t.policyIndex === 1)).toHaveLength(6);
    }
    // one replication per point (a sensitivity design), 2 policies, 2 shards: still half of each policy
    const one = design(6, 2, 1);
    const first = planTasks(one).filter((t) => inShard({ k: 1, n: 2 })(t, one));
    expect(first.map((t) => t.id)).toEqual(['base/0/0', 'base/0/1', 'p2/0/0', 'p2/0/1', 'p4/0/0', 'p4/0/1']);
  });

  /** Largest minus smallest of the per-shard counts. */
  const spread = (counts: number[]) => Math.max(...counts) - Math.min(...counts);

  test('a partition, balanced within one task overall, per policy and per (policy, point)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 9 }),
        (points, policies, reps, n) => {
          const d = design(points, policies, reps);
          const tasks = planTasks(d);
          const owner = tasks.map((t) => shardOf(n, d, t));
          // every task in exactly one shard, and the predicate agrees
          for (const [i, t] of tasks.entries()) {
            expect(owner[i]).toBeGreaterThanOrEqual(1);
            expect(owner[i]).toBeLessThanOrEqual(n);
            for (let k = 1; k <= n; k++) expect(inShard({ k, n })(t, d)).toBe(owner[i] === k);
          }
          const counts = (keep: (i: number) => boolean) =>
            Array.from({ length: n }, (_, k) => tasks.filter((_, i) => keep(i) && owner[i] === k + 1).length);
          expect(spread(counts(() => true))).toBeLessThanOrEqual(1);
          for (let k = 0; k < policies; k++) {
            expect(spread(counts((i) => tasks[i]!.policyIndex === k))).toBeLessThanOrEqual(1);
            for (let p = 0; p < points; p++)
              expect(spread(counts((i) => tasks[i]!.policyIndex === k && tasks[i]!.point === p))).toBeLessThanOrEqual(
                1,
              );
          }
        },
      ),
    );
  });
});
