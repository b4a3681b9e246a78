/**
 * `chipsim fit` checkpoints: Ctrl-C mid-search keeps the finished evaluations and --resume (on
 * another worker count, after a torn last line) replays them to the same bytes as an uninterrupted
 * fit; a checkpoint of another version, scenario, target or options is refused (exit 2, the reason);
 * the checkpoint goes after success unless kept; --shard is refused, saying why.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));
const withoutCommand = (text: string) => text.replace(/"command": ".*"/, '');
const TARGET = { period: { fromWeek: 0, toWeek: 26 }, shares: { bigcloud: 3, neocloud: 1, startup: 1 } };

const fitArgs = (reps: number, evaluations: number) => [
  BIN,
  'fit',
  'toy',
  '--target',
  't.json',
  '--reps',
  String(reps),
  '--max-evaluations',
  String(evaluations),
  '--format',
  'json',
];

function chipsim(dir: string, args: string[]) {
  return spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
}

function newDir(): string {
  const dir = tempDir('chipsim-fit-ck-');
  writeFileSync(join(dir, 't.json'), JSON.stringify(TARGET));
  return dir;
}

const lines = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n') : []);

describe('chipsim fit: Ctrl-C and --resume', () => {
  test('SIGINT during the search keeps the finished evaluations; --resume (other --workers, torn last line) gives the same JSON', async () => {
    const dir = newDir();
    const args = fitArgs(30, 60);
    const whole = chipsim(dir, [...args, '--workers', '1', '--out', 'whole.json', '--quiet']);
    expect(whole.status, whole.stderr).toBe(0);
    expect(existsSync(join(dir, 'whole.json.jsonl'))).toBe(false); // removed after success
    const expected = readFileSync(join(dir, 'whole.json'), 'utf8');
    expect(JSON.parse(expected).evaluations).toBeGreaterThan(8);

    const checkpoint = join(dir, 'cut.json.jsonl');
    const run = spawn(process.execPath, [...args, '--workers', '2', '--out', 'cut.json'], { cwd: dir });
    let stderr = '';
    run.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => run.on('exit', (code) => r(code)));
    // interrupt once a few evaluations (points e0, e1, …) are in the checkpoint, not only baselines
    for (let t = 0; t < 1200 && !lines(checkpoint).some((l) => l.includes('"point":"e4"')); t++)
      await new Promise((r) => setTimeout(r, 25));
    expect(lines(checkpoint).some((l) => l.includes('"point":"e4"'))).toBe(true);
    run.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain(`are saved in ${checkpoint}`);
    expect(stderr).toMatch(/continue with: chipsim fit toy .*--resume/);
    expect(existsSync(join(dir, 'cut.json'))).toBe(false);
    const saved = lines(checkpoint).filter((l) => l !== '');
    expect(saved.length).toBeGreaterThan(3 * 30);
    expect(JSON.parse(saved[0]!)).toMatchObject({ fit: { family: 'weighted', maxEvaluations: 60 }, reps: 30 });

    // a torn last line (killed mid-write) is ignored
    const size = readFileSync(checkpoint).length;
    truncateSync(checkpoint, size - 40);
    const resumed = chipsim(dir, [...args, '--workers', '1', '--out', 'cut.json', '--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`resuming from ${checkpoint}: ${saved.length - 2} runs already done`);
    expect(withoutCommand(readFileSync(join(dir, 'cut.json'), 'utf8'))).toBe(withoutCommand(expected));
    expect(existsSync(checkpoint)).toBe(false);
  }, 120_000);

  test('without --out the checkpoint is .chipsim/fit-<key>.jsonl; --no-checkpoint says nothing is saved', async () => {
    const dir = newDir();
    const run = spawn(process.execPath, [...fitArgs(30, 60), '--workers', '1'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => run.on('exit', (code) => r(code)));
    const files = () => (existsSync(join(dir, '.chipsim')) ? readdirSync(join(dir, '.chipsim')) : []);
    const ck = () => files().find((f) => f.endsWith('.jsonl'));
    for (let t = 0; t < 1200 && (ck() === undefined || lines(join(dir, '.chipsim', ck()!)).length < 5); t++)
      await new Promise((r) => setTimeout(r, 25));
    run.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(ck()).toMatch(/^fit-[0-9a-f]{12}\.jsonl$/);
    const resumed = chipsim(dir, [...fitArgs(30, 60), '--workers', '1', '--resume', '--quiet']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(existsSync(join(dir, '.chipsim'))).toBe(false); // the checkpoint and its emptied folder are gone

    // Ctrl-C must reach fit's own handler, installed once its modules have loaded: a signal before
    // that kills the process outright (exit code null), so wait longer and try again.
    let stderr = '';
    let code: number | null = null;
    for (let waitMs = 400; code === null && waitMs <= 6400; waitMs *= 2) {
      const none = spawn(process.execPath, [...fitArgs(30, 60), '--no-checkpoint'], { cwd: dir });
      stderr = '';
      none.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const noneExited = new Promise<number | null>((r) => none.on('exit', (c) => r(c)));
      await new Promise((r) => setTimeout(r, waitMs));
      none.kill('SIGINT');
      code = await noneExited;
    }
    expect(code).toBe(130);
    expect(stderr).toContain('saved nowhere (no checkpoint)');
    expect(existsSync(join(dir, '.chipsim'))).toBe(false);
  }, 120_000);
});

describe('chipsim fit --resume refuses another experiment (exit 2, the reason)', () => {
  let dir = '';
  let expected = '';
  const base = fitArgs(3, 12);
  beforeAll(() => {
    dir = newDir();
    const r = chipsim(dir, [...base, '--checkpoint', 'ck.jsonl', '--keep-checkpoint', '--out', 'a.json', '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'ck.jsonl'))).toBe(true); // kept
    expected = readFileSync(join(dir, 'a.json'), 'utf8');
  }, 60_000);

  test('a finished, kept checkpoint resumes to the same JSON without running anything new', () => {
    const r = chipsim(dir, [...base, '--checkpoint', 'ck.jsonl', '--keep-checkpoint', '--resume', '--out', 'b.json']);
    expect(r.status, r.stderr).toBe(0);
    const total = lines(join(dir, 'ck.jsonl')).filter((l) => l !== '').length - 1;
    expect(r.stderr).toContain(`: ${total} runs already done`);
    expect(withoutCommand(readFileSync(join(dir, 'b.json'), 'utf8'))).toBe(withoutCommand(expected));
  }, 60_000);

  test.each([
    ['another target', ['--target', 'u.json'], 'it is for another --target'],
    ['another budget', ['--max-evaluations', '13'], 'it is for --max-evaluations 12, not 13'],
    ['more reps', ['--reps', '4'], 'it is for --reps 3, not 4'],
    ['another seed', ['--seed', '9'], 'it is for --seed 1, not 9'],
    ['other baselines', ['--policy-base', 'pro-rata'], 'it is for policies'],
  ])('%s', (_what, extra, reason) => {
    writeFileSync(join(dir, 'u.json'), JSON.stringify({ ...TARGET, shares: { bigcloud: 1, neocloud: 1 } }));
    const r = chipsim(dir, [...base, ...extra, '--checkpoint', 'ck.jsonl', '--resume', '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`cannot resume from ${join(dir, 'ck.jsonl')}: ${reason}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('another chipsim version or scenario content', () => {
    const text = readFileSync(join(dir, 'ck.jsonl'), 'utf8');
    const [head, ...rest] = text.split('\n');
    const header = JSON.parse(head!) as Record<string, unknown>;
    for (const [field, value, reason] of [
      ['chipsimVersion', '0.0.1', 'it was written by chipsim 0.0.1'],
      ['scenarioHash', 'f'.repeat(64), 'scenario "toy" has changed since the checkpoint was written'],
    ] as const) {
      writeFileSync(join(dir, 'old.jsonl'), [JSON.stringify({ ...header, [field]: value }), ...rest].join('\n'));
      const r = chipsim(dir, [...base, '--checkpoint', 'old.jsonl', '--resume', '--quiet']);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(reason);
    }
  });

  test('no checkpoint to resume; --shard and --resume --no-checkpoint are refused', () => {
    const missing = chipsim(dir, [...base, '--checkpoint', 'nope.jsonl', '--resume', '--quiet']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no checkpoint to resume at');
    const shard = chipsim(dir, [...base, '--shard', '1/2']);
    expect(shard.status).toBe(2);
    expect(shard.stderr).toContain('--shard does not apply to fit');
    expect(shard.stderr).toContain('use --queue');
    const both = chipsim(dir, [...base, '--no-checkpoint', '--resume']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--resume needs a checkpoint');
    const chunk = chipsim(dir, [...base, '--chunk', '4']);
    expect(chunk.status).toBe(2);
    expect(chunk.stderr).toContain('--chunk needs --queue');
  });
});
