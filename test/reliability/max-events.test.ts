/**
 * --max-events on every command that runs replications (issue 18): a replication past its event
 * budget ends the command with exit 2 and one line naming the flag, nothing is written to --out,
 * and the runs that finished stay in the checkpoint, so --resume with a larger budget completes
 * the experiment to the result of a run that never stopped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { tempDir } from '../experiment/helpers.js';

const BIN = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));

function chipsim(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectBudgetError(r: ReturnType<typeof chipsim>, budget: number) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(`--max-events: the run used its budget of ${budget.toLocaleString('en')} events`);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toBe('');
}

/** Compare's JSON without its provenance (the command line differs between the two runs). */
const withoutMeta = (text: string) => {
  const { meta: _meta, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return rest;
};

// toy under pro-rata and favoured: replications 0–3 need 774 events each, replication 4 needs 775.
const COMPARE = ['compare', 'toy', '--policies', 'pro-rata,favoured', '--reps', '6', '--workers', '1', '--quiet'];

describe('--max-events on compare, sweep, sensitivity and calibrate', () => {
  test('compare: exit 2 naming the flag and the checkpoint; the finished runs are kept and --resume completes them', () => {
    const dir = tempDir();
    const stopped = chipsim([...COMPARE, '--max-events', '774', '--out', 'c.json'], dir);
    expectBudgetError(stopped, 774);
    expect(stopped.stderr).toContain(`the finished runs are kept in ${join(dir, 'c.json.jsonl')}`);
    expect(readdirSync(dir)).toEqual(['c.json.jsonl']);
    // header + replications 0–3 of both policies
    expect(readFileSync(join(dir, 'c.json.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(1 + 8);

    const resumed = chipsim([...COMPARE, '--out', 'c.json', '--resume'], dir);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual(['c.json']);
    const fresh = chipsim([...COMPARE, '--format', 'json', '--no-checkpoint'], dir);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(withoutMeta(readFileSync(join(dir, 'c.json'), 'utf8'))).toEqual(withoutMeta(fresh.stdout));
  });

  test('compare at exactly the largest need runs to the end', () => {
    const r = chipsim([...COMPARE, '--max-events', '775', '--format', 'json', '--no-checkpoint'], tempDir());
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).reps).toBe(6);
  });

  test('compare --out CSV: nothing half-written, no temp file', () => {
    const dir = tempDir();
    expectBudgetError(chipsim([...COMPARE, '--max-events', '100', '--out', 'c.csv'], dir), 100);
    expect(readdirSync(dir)).toEqual(['c.csv.jsonl']);
  });

  const budgetRuns = ['--reps', '2', '--workers', '1', '--max-events', '50'];
  test.each([
    [
      'sweep',
      ['sweep', 'toy', '--policies', 'pro-rata,favoured', '--set', '/fab/capacityWafersPerWeek=100,200'],
      's.json',
    ],
    ['sensitivity', ['sensitivity', 'h100-2023', '--policies', 'pro-rata,favoured', '--metric', 'fillRate'], 'se.json'],
  ])('%s', (_name, args, out) => {
    const dir = tempDir();
    expectBudgetError(chipsim([...args, ...budgetRuns, '--out', out], dir), 50);
    expect(existsSync(join(dir, out))).toBe(false);
  });

  test('calibrate', () => {
    expectBudgetError(chipsim(['calibrate', 'toy', '--seeds', '2', '--max-events', '50'], tempDir()), 50);
  });

  test.each([['0'], ['-5'], ['1e3'], ['many']])('--max-events %s is refused, naming the flag', (value) => {
    const r = chipsim([...COMPARE, '--max-events', value], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-events must be');
    expect(r.stderr).toContain(`"${value}"`);
  });
});
