/** The CLI contract (docs/ARCHITECTURE.md#contracts-other-tools-read): outputs, determinism, exit codes and messages. */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

function chipsim(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'chipsim.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectUsageError(r: ReturnType<typeof chipsim>, ...fragments: string[]) {
  expect(r.code).toBe(2);
  for (const f of fragments) expect(r.stderr).toContain(f);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toBe('');
}

describe('chipsim run', () => {
  test('--format json has the §6 fields, conserves units and is byte-identical for the same seed', () => {
    const a = chipsim('run', 'toy', '--seed', '5', '--format', 'json');
    const b = chipsim('run', 'toy', '--seed', '5', '--format', 'json');
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const r = JSON.parse(a.stdout);
    for (const key of ['scenario', 'policy', 'seed', 'horizonWeeks', 'events', 'customers', 'units', 'stages'])
      expect(r).toHaveProperty(key);
    expect(r.seed).toBe(5);
    for (const c of r.customers) {
      for (const key of ['id', 'tier', 'ordered', 'received', 'backlog', 'cancelled', 'fillRate', 'meanWaitWeeks'])
        expect(c).toHaveProperty(key);
      expect(c.ordered).toBe(c.received + c.backlog + c.cancelled);
    }
    expect(r.customers.reduce((s: number, c: { received: number }) => s + c.received, 0)).toBe(r.units.gpu.delivered);
    for (const b of Object.values<Record<string, number>>(r.units)) {
      expect(b.created).toBe(b.consumed! + b.scrapped! + b.wip! + b.inventory! + b.delivered!);
    }
  });

  test('a different seed gives different yields and lead times', () => {
    const a = JSON.parse(chipsim('run', 'toy', '--seed', '1', '--format', 'json').stdout);
    const b = JSON.parse(chipsim('run', 'toy', '--seed', '2', '--format', 'json').stdout);
    expect(a.units.die.scrapped).not.toBe(b.units.die.scrapped);
  });

  test('the table names the binding stage and who gains and loses against the baseline', () => {
    const r = chipsim('run', 'h100-2023', '--policy', 'favoured');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/CoWoS-S packaging .* ← binding/);
    expect(r.stdout).toContain('Against pro-rata on the same seed');
    expect(r.stdout).toMatch(/gain: .*CoreWeave/);
    expect(r.stdout).toMatch(/lose: .*Meta/);
  });

  test('--out writes the file atomically and leaves no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chipsim-'));
    const out = join(dir, 'result.csv');
    const r = chipsim('run', 'toy', '--out', out);
    expect(r.code).toBe(0);
    const [comment, header] = readFileSync(out, 'utf8').split('\n');
    expect(comment).toMatch(/^# chipsim \S+ · output schema 1 · scenario sha256:[0-9a-f]{64}/);
    expect(header).toBe('section,id,field,value');
    expect(readdirSync(dir)).toEqual(['result.csv']);
    expect(r.stderr).toContain(`wrote ${out} (csv)`);
    expect(r.stdout).toBe('');
  });

  test('bad input exits 2 naming the flag or field, without a stack trace', () => {
    expectUsageError(chipsim('run', 'toy', '--seed', 'abc'), '--seed', '"abc"');
    expectUsageError(chipsim('run', 'toy', '--format', 'xml'), '--format', 'table, json, csv');
    expectUsageError(chipsim('run', 'no-such-scenario'), "unknown scenario 'no-such-scenario'", 'h100-2023');
    expectUsageError(chipsim('run', 'toy', '--policy', 'no-such-policy'), '--policy', 'no-such-policy', 'pro-rata');
    expectUsageError(chipsim('run', 'missing/file.json'), 'scenario file not found');
  });
});

describe('chipsim validate and scenarios', () => {
  test('a bundled scenario validates', () => {
    const r = chipsim('validate', 'scenarios/library/h100-2023.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("valid scenario 'h100-2023'");
  });

  test('an invalid file lists every bad field by path', () => {
    const r = chipsim('validate', 'test/fixtures/scenarios/invalid.json');
    expectUsageError(
      r,
      'fab.dieYield',
      'got 1.4',
      'customers[0].needGpusPerWeek',
      'got -5',
      "customers[1].via: no customer with id 'nobody'",
    );
  });

  test('a range whose high gives an invalid scenario: validate and sensitivity refuse it, run does not vary it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chipsim-'));
    const file = join(dir, 'wide.json');
    const toy = JSON.parse(readFileSync(join(ROOT, 'scenarios/library/toy.json'), 'utf8'));
    writeFileSync(
      file,
      JSON.stringify({ ...toy, uncertainty: { '/cowos/yield': { low: 0.5, high: 1.2, source: '[A]' } } }),
    );
    const why = 'uncertainty["/cowos/yield"]: at high (1.2) the scenario is invalid';
    expectUsageError(chipsim('validate', file), why);
    expectUsageError(
      chipsim('sensitivity', file, '--policies', 'pro-rata,favoured', '--reps', '2', '--metric', 'gpusDelivered'),
      why,
    );
    expect(chipsim('run', file, '--format', 'json').code).toBe(0);
  });

  test('malformed JSON is reported, not thrown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chipsim-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{ "name": ');
    expectUsageError(chipsim('validate', file), 'not valid JSON');
  });

  test('scenarios lists the bundled library', () => {
    const r = chipsim('scenarios', '--json');
    expect(JSON.parse(r.stdout).map((s: { name: string }) => s.name)).toEqual([
      'cowos-fast-ramp',
      'h100-2023',
      'hbm-shortage',
      'responsive-capacity',
      'toy',
      'turn-and-earn-waves',
    ]);
  });
});

describe('chipsim <command> loads only that command', () => {
  test("each command's --help (only its module registered) equals `help <command>` (every command registered)", () => {
    const names = [...chipsim('--help').stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]!);
    for (const name of ['tui', 'run', 'validate', 'scenarios', 'compare', 'sweep', 'fit'])
      expect(names).toContain(name);
    for (const name of names.filter((n) => n !== 'help')) {
      const alone = chipsim(name, '--help');
      expect(alone.code, name).toBe(0);
      expect(alone.stdout.length, name).toBeGreaterThan(0);
      expect(alone.stdout, name).toBe(chipsim('help', name).stdout);
    }
  });
});
