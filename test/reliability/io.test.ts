/**
 * I/O and lost-work cases as a user meets them, through the real `chipsim` process: every bad
 * output path exits 2 with one line BEFORE any work, nothing is half-written, no temp file stays,
 * a closed pipe ends quietly, a checkpoint has one writer at a time, and a run killed with SIGKILL
 * resumes to the same bytes.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { tempDir } from '../experiment/helpers.js';

const BIN = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));
const isRoot = process.getuid?.() === 0;

/** Makes `dir` unwritable for this user: chmod 555, or as root (who ignores modes) chattr +i. */
function makeReadOnly(dir: string): boolean {
  if (isRoot) {
    if (spawnSync('chattr', ['+i', dir]).status !== 0) return false;
  } else chmodSync(dir, 0o555);
  try {
    accessSync(dir, constants.W_OK);
    undoReadOnly(dir);
    return false;
  } catch {
    return true;
  }
}

function undoReadOnly(dir: string): void {
  if (isRoot) spawnSync('chattr', ['-i', dir]);
  else chmodSync(dir, 0o755);
}

function chipsim(args: string[], cwd: string, timeout = 60_000) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 2, exactly one line on stderr containing every fragment, nothing on stdout, no stack trace. */
function expectOneLineError(r: ReturnType<typeof chipsim>, ...fragments: string[]) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  for (const f of fragments) expect(r.stderr).toContain(f);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toBe('');
}

const COMPARE = ['compare', 'toy', '--policies', 'pro-rata,favoured', '--reps', '4', '--workers', '1'];

describe('--out is checked before the computation', () => {
  test.each([
    ['run', ['run', 'toy']],
    ['compare', COMPARE],
  ])('%s: a directory, a path under a regular file, procfs: exit 2, one line, nothing written', (_name, base) => {
    const dir = tempDir();
    mkdirSync(join(dir, 'adir'));
    writeFileSync(join(dir, 'afile'), 'x');
    expectOneLineError(chipsim([...base, '--out', 'adir'], dir), '--out adir is a directory');
    expectOneLineError(
      chipsim([...base, '--out', 'afile/r.json'], dir),
      '--out afile/r.json',
      'is a file, not a folder',
    );
    const started = Date.now();
    expectOneLineError(chipsim([...base, '--out', '/proc/x/y.json'], dir, 20_000), '/proc', 'procfs');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(readdirSync(dir).sort()).toEqual(['adir', 'afile']);
    expect(readdirSync(join(dir, 'adir'))).toEqual([]);
  });

  test('run --out r.html (an extension run cannot write) exits 2', () => {
    const dir = tempDir();
    expectOneLineError(chipsim(['run', 'toy', '--out', 'r.html'], dir), '--out r.html', 'cannot write .html');
    expect(readdirSync(dir)).toEqual([]);
  });

  test('an unwritable folder: --out exits 2 naming it; compare without --out runs without a checkpoint and says so', (ctx) => {
    const dir = tempDir();
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    if (!makeReadOnly(ro)) {
      ctx.skip(); // neither chmod (not root) nor chattr +i (root) made it read-only here
      return;
    }
    try {
      expectOneLineError(chipsim(['run', 'toy', '--out', 'ro/r.json'], dir), '--out ro/r.json', 'cannot write in');
      expectOneLineError(
        chipsim([...COMPARE, '--out', 'ro/sub/r.json'], dir),
        '--out ro/sub/r.json',
        'cannot write in',
      );
      const r = chipsim([...COMPARE, '--format', 'json'], ro);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('the working folder is not writable: running without a checkpoint');
      expect(JSON.parse(r.stdout).reps).toBe(4);
      expect(readdirSync(ro)).toEqual([]);
    } finally {
      undoReadOnly(ro);
    }
  });

  test('stale temp files of dead processes are cleaned on the next write; none stays after a run', () => {
    const dir = tempDir();
    // what a run killed with SIGKILL while streaming CSV leaves behind (PID far above pid_max)
    writeFileSync(join(dir, '.chipsim-tmp-r.csv.99999999.0'), 'policy,replication\npro-rata,0');
    const r = chipsim([...COMPARE, '--out', 'r.csv'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual(['r.csv']);
    expect(r.stderr).toContain('wrote r.csv (csv)');
  });
});

describe('a closed pipe ends quietly', () => {
  test.each([
    ['run --format json', 'run toy --format json'],
    [
      'compare --format csv',
      'compare toy --policies pro-rata,favoured --reps 30 --workers 1 --format csv --no-checkpoint',
    ],
  ])('%s | head: exit 0, no stack trace', (_name, args) => {
    const dir = tempDir();
    const r = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" "${BIN}" ${args} | head -c 50 >/dev/null; echo "rc=\${PIPESTATUS[0]}" >&2`],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toContain('rc=0');
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });
});

describe('checkpoints: no lost work', () => {
  test('finished runs leave no checkpoint (unless --keep-checkpoint); --no-checkpoint writes none; --quiet says nothing', () => {
    const dir = tempDir();
    const plain = chipsim([...COMPARE, '--format', 'json'], dir);
    expect(plain.code, plain.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
    const kept = chipsim([...COMPARE, '--out', 'k.json', '--keep-checkpoint', '--quiet'], dir);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stderr).toBe('');
    expect(readdirSync(dir).sort()).toEqual(['k.json', 'k.json.jsonl']);
    const none = chipsim([...COMPARE, '--out', 'n.json', '--no-checkpoint'], tempDir());
    expect(none.code).toBe(0);
    const own = tempDir();
    const explicit = chipsim(
      [...COMPARE, '--checkpoint', 'cp/run.jsonl', '--keep-checkpoint', '--format', 'json'],
      own,
    );
    expect(explicit.code, explicit.stderr).toBe(0);
    expect(existsSync(join(own, 'cp', 'run.jsonl'))).toBe(true);
    expect(chipsim(['compare', '--help'], dir).stdout).toMatch(
      /REMOVED when the run finishes, unless --keep-checkpoint/,
    );
  });

  test('--resume refuses fewer reps, another chipsim version, another scenario (exit 2, the reason)', () => {
    const dir = tempDir();
    const args = ['compare', 'toy', '--policies', 'pro-rata,favoured', '--workers', '1', '--out', 'r.json'];
    expect(chipsim([...args, '--reps', '6', '--keep-checkpoint'], dir).code).toBe(0);
    expectOneLineError(chipsim([...args, '--reps', '4', '--resume'], dir), '--reps 4 would drop finished ones');
    const cp = join(dir, 'r.json.jsonl');
    const [header, ...rest] = readFileSync(cp, 'utf8').split('\n');
    writeFileSync(cp, [JSON.stringify({ ...JSON.parse(header!), chipsimVersion: '0.0.1' }), ...rest].join('\n'));
    expectOneLineError(chipsim([...args, '--reps', '6', '--resume'], dir), 'written by chipsim 0.0.1');
    const other = chipsim(['compare', 'h100-2023', ...args.slice(2), '--reps', '6', '--resume'], dir);
    expectOneLineError(other, 'cannot resume');
    expectOneLineError(chipsim([...args, '--reps', '6', '--resume', '--no-checkpoint'], dir), '--no-checkpoint');
    mkdirSync(join(dir, 'adir.json.jsonl'));
    expectOneLineError(chipsim([...args.slice(0, -1), 'adir.json', '--reps', '6', '--resume'], dir), 'is a directory');
  });

  test('a second run on the same checkpoint exits 2 at once naming the first by PID; after SIGKILL, --resume completes it to the same bytes', async () => {
    const dir = tempDir();
    const args = ['compare', 'h100-2023', '--policies', 'pro-rata,favoured', '--reps', '40', '--workers', '1'];
    const reference = chipsim([...args, '--format', 'json', '--no-checkpoint'], tempDir(), 240_000);
    expect(reference.code, reference.stderr).toBe(0);

    const first = spawn(process.execPath, [BIN, ...args, '--out', 'r.json'], { cwd: dir, stdio: 'ignore' });
    const cp = join(dir, 'r.json.jsonl');
    // wait until some runs are on disk
    for (let i = 0; i < 600; i++) {
      if (existsSync(cp) && readFileSync(cp, 'utf8').split('\n').length > 12) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(existsSync(`${cp}.lock`)).toBe(true);
    const started = Date.now();
    const second = chipsim([...args, '--out', 'r.json'], dir);
    expectOneLineError(second, `PID ${first.pid}`, 'in use by another chipsim run');
    expect(Date.now() - started).toBeLessThan(10_000);

    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(existsSync(join(dir, 'r.json'))).toBe(false); // nothing half-written
    const resumed = chipsim([...args, '--out', 'r.json', '--resume'], dir, 240_000);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming from .*r\.json\.jsonl: \d+ of 80 runs already done/);
    const strip = (t: string) => t.replace(/\n {4}"command": .*\n/, '\n');
    expect(strip(readFileSync(join(dir, 'r.json'), 'utf8'))).toBe(strip(reference.stdout));
    expect(readdirSync(dir)).toEqual(['r.json']); // checkpoint and stale lock gone
  }, 300_000);
});
