import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseCompareOptions, resumeCommand, type RawCompareOptions } from '../../ui/cli/compare-command.js';
import { UserError } from '../../ui/cli/errors.js';
import { tempDir } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));

function chipsim(args: string[], cwd = tempDir()) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, cwd };
}

function parseError(raw: RawCompareOptions, scenario?: string): UserError {
  try {
    parseCompareOptions(scenario, raw);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('expected a UserError');
}

describe('compare flags', () => {
  const ok = { policies: 'pro-rata,favoured' };

  test.each([
    [{ ...ok, reps: 'x' }, '--reps must be a whole number ≥ 2 (at most 10000000), got "x"'],
    [{ ...ok, reps: '1' }, '--reps must be a whole number ≥ 2'],
    [{ ...ok, reps: '2.5' }, '--reps must be a whole number ≥ 2'],
    [{ ...ok, reps: '-3' }, '--reps must be a whole number ≥ 2'],
    [{ ...ok, seed: 'abc' }, '--seed must be a whole number from 0 to 9007199254740991, got "abc"'],
    [{ ...ok, seed: '-1' }, '--seed must be a whole number'],
    [{ ...ok, seed: '1e3' }, '--seed must be a whole number'],
    [{ ...ok, workers: '0' }, '--workers must be a whole number from 1 to 256, got "0"'],
    [{ ...ok, workers: 'many' }, '--workers must be a whole number'],
    [{ ...ok, format: 'xml' }, '--format must be one of table, json, csv, html, parquet, got "xml"'],
    [{ ...ok, out: '' }, '--out must be a file path'],
    [{ policies: 'pro-rata' }, '--policies must name at least two policies separated by commas, got "pro-rata"'],
    [{ policies: 'pro-rata,,' }, '--policies must name at least two policies'],
    [{ policies: 'pro-rata,pro-rata' }, '--policies names "pro-rata" twice'],
    [{}, '--policies is required'],
  ] as [RawCompareOptions, string][])('%j → %s', (raw, message) => {
    const e = parseError(raw);
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(message);
  });

  test('defaults and the format from the --out extension', () => {
    const s = parseCompareOptions(undefined, { policies: ' pro-rata , favoured ' });
    expect(s).toMatchObject({
      scenario: 'h100-2023',
      policies: ['pro-rata', 'favoured'],
      reps: 100,
      seed: 1,
      format: 'table',
      resume: false,
    });
    expect(s.workers).toBeGreaterThanOrEqual(1);
    expect(parseCompareOptions('toy', { ...ok, out: 'a/b.HTML' }).format).toBe('html');
    expect(parseCompareOptions('toy', { ...ok, out: 'b.json' }).format).toBe('json');
    expect(parseCompareOptions('toy', { ...ok, out: 'b.csv' }).format).toBe('csv');
    expect(parseCompareOptions('toy', { ...ok, out: 'b.txt' }).format).toBe('table');
    expect(parseCompareOptions('toy', { ...ok, out: 'b.html', format: 'JSON' }).format).toBe('json');
    expect(parseCompareOptions('toy', { ...ok, seed: '007' }).seed).toBe(7);
  });

  test('the resume command reproduces the settings', () => {
    const s = parseCompareOptions('my scenarios/x.json', { ...ok, reps: '500', seed: '9', out: 'out/r.html' });
    expect(resumeCommand(s)).toBe(
      "chipsim compare 'my scenarios/x.json' --policies pro-rata,favoured --reps 500 --seed 9 --format html --out out/r.html --resume",
    );
  });
});

describe('chipsim compare (process)', () => {
  test.each([
    [['--reps', 'x'], '--reps must be a whole number ≥ 2'],
    [['--workers', '0'], '--workers must be a whole number'],
    [['--format', 'pdf'], '--format must be one of'],
    [['--seed', '-5'], '--seed must be a whole number'],
  ])('bad flag %j exits 2 naming it', (extra, message) => {
    const r = chipsim(['compare', 'toy', '--policies', 'pro-rata,favoured', ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stdout).toBe('');
  });

  test('unknown policy, unknown scenario and a missing flag value exit 2', () => {
    const policy = chipsim(['compare', 'toy', '--policies', 'pro-rata,nonesuch']);
    expect(policy.code).toBe(2);
    expect(policy.stderr).toMatch(/--policies: .*nonesuch/);
    const scenario = chipsim(['compare', 'no-such-scenario', '--policies', 'pro-rata,favoured']);
    expect(scenario.code).toBe(2);
    expect(scenario.stderr).toContain('no-such-scenario');
    const missing = chipsim(['compare', 'toy', '--policies', 'pro-rata,favoured', '--reps']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--reps');
  });

  test('the real model: --workers 1 and 2 give byte-identical JSON, and it parses', () => {
    const dir = tempDir();
    const args = ['compare', 'h100-2023', '--policies', 'pro-rata,favoured', '--reps', '12', '--seed', '5'];
    const one = chipsim([...args, '--workers', '1', '--format', 'json'], dir);
    const two = chipsim([...args, '--workers', '2', '--format', 'json', '--out', 'r.json'], dir);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    const file = readFileSync(join(dir, 'r.json'), 'utf8');
    // meta.command (how it was run) is the only difference
    const withoutCommand = (text: string) => text.replace(/\n {4}"command": .*\n/, '\n');
    expect(file).not.toBe(one.stdout);
    expect(withoutCommand(file)).toBe(withoutCommand(one.stdout));
    const parsed = JSON.parse(file);
    expect(parsed.meta).toMatchObject({ chipsimVersion: '0.1.0', outputSchemaVersion: 1 });
    expect(parsed.meta.command).toContain('--workers 2');
    expect(parsed.meta.scenarioHash).toMatch(/^[0-9a-f]{64}$/);
    expect(parsed).toMatchObject({ scenario: 'h100-2023', reps: 12, seed: 5 });
    expect(parsed.policies.map((p: { policy: string }) => p.policy)).toEqual(['pro-rata', 'favoured']);
    for (const m of ['gpusDelivered', 'fillRate', 'meanWaitWeeks', 'jainIndex', 'orderInflation']) {
      expect(parsed.policies[0].metrics[m].ci95).toHaveLength(2);
    }
    expect(two.stderr).toContain('wrote r.json');
  });
});

describe('a plug-in policy that breaks the contract mid-run', () => {
  test.each([1, 2])('exits 2 with the policy error (workers %i)', async (workers) => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      join(dir, 'greedy.mjs'),
      'export default function (input) { const out = {}; for (const c of input.customers) out[c.id] = input.supply; return out; }\n',
    );
    const r = chipsim(
      ['compare', 'toy', '--policies', `pro-rata,./greedy.mjs`, '--reps', '4', '--workers', String(workers)],
      dir,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/policy plug-in \.\/greedy\.mjs/);
    expect(r.stderr).not.toContain('internal error');
  });
});
