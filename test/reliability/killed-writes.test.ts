/**
 * A run killed with SIGKILL while it streams CSV leaves its temp file (`.chipsim-tmp-<name>.<pid>.<n>`)
 * and never a half-written output; the next run that writes into that folder removes it — whatever
 * it writes there — and removes nothing else: not a temp file of a live process, not a file that
 * only looks like one.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { tempDir } from '../experiment/helpers.js';

const BIN = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('SIGKILL mid-CSV: no r.csv, its temp file stays; the next write into the folder removes only dead temps', async () => {
  const dir = tempDir();
  const child = spawn(
    process.execPath,
    [BIN, 'compare', 'toy', '--policies', 'pro-rata,favoured', '--reps', '100000', '--workers', '1'].concat([
      '--out',
      'r.csv',
      '--no-checkpoint',
      '--quiet',
    ]),
    { cwd: dir, stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  // wait until rows are on disk (the writer flushes every 256 records)
  const prefix = `.chipsim-tmp-r.csv.${child.pid}.`;
  const written = () => readdirSync(dir).find((n) => n.startsWith(prefix) && statSync(join(dir, n)).size > 0);
  let temp: string | undefined;
  try {
    const deadline = Date.now() + 60_000;
    while ((temp = written()) === undefined) {
      if (Date.now() > deadline) throw new Error(`no rows written: ${readdirSync(dir).join(', ')}`);
      await pause(20);
    }
  } finally {
    child.kill('SIGKILL');
    await exited; // reaped: its PID is no longer alive
  }
  expect(readdirSync(dir)).toEqual([temp]);

  // what must survive the clean-up: a live process's temp (this test's PID), look-alikes, user files
  const keep = [
    `.chipsim-tmp-other.json.${process.pid}.3`,
    '.chipsim-tmp-no-pid',
    '.chipsim-tmp-x.99999999',
    'chipsim-tmp-r.csv.99999999.0',
    'notes.txt',
  ];
  for (const name of keep) writeFileSync(join(dir, name), 'keep');

  // the next run writes another file into the folder
  const next = spawnSync(process.execPath, [BIN, 'run', 'toy', '--out', 'run.json', '--quiet'], {
    cwd: dir,
    encoding: 'utf8',
  });
  expect(next.status, next.stderr).toBe(0);
  expect(readdirSync(dir).sort()).toEqual([...keep, 'run.json'].sort());
}, 120_000);
