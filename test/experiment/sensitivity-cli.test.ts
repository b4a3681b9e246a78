/**
 * `chipsim sensitivity` end to end on h100-2023 cut down to two ranges (5 OAT points): flags and
 * metrics named in errors (exit 2), the JSON fields, byte-identical output for 1 and 2
 * workers (but meta.command), the tidy CSV and the Parquet file.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseSensitivityOptions, type RawSensitivityOptions } from '../../ui/cli/sensitivity-command.js';
import { tempDir } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));
const LIBRARY = fileURLToPath(new URL('../../scenarios/library/h100-2023.json', import.meta.url));
const KEEP = ['/cowos/nvidiaShare', '/fab/grossDiesPerWafer'];

function chipsim(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function smallScenario(dir: string): string {
  const s = JSON.parse(readFileSync(LIBRARY, 'utf8')) as {
    uncertainty: Record<string, unknown>;
    fab: Record<string, unknown>;
  };
  s.uncertainty = Object.fromEntries(KEEP.map((k) => [k, s.uncertainty[k]]));
  // Wafer starts planned to CoWoS capacity, so the fab's die count moves no delivery at all (Morris
  // μ* exactly 0 below). Planned to orders (as bundled) supply follows demand in 2024 and the die
  // count moves deliveries at the horizon by a few hundred GPUs of 1.86M.
  s.fab.planTo = 'capacity';
  const path = join(dir, 'small.json');
  writeFileSync(path, JSON.stringify(s));
  return path;
}

describe('sensitivity flags', () => {
  const ok: RawSensitivityOptions = { policies: 'pro-rata,favoured', metric: 'fillRate' };
  test.each([
    [{ policies: 'pro-rata,favoured' }, /^--metric is required/],
    [{ ...ok, method: 'tornado' }, /^--method must be one of oat, morris, sobol, got "tornado"/],
    [{ ...ok, samples: '1' }, /^--samples must be a whole number from 2/],
    [{ ...ok, format: 'xml' }, /^--format must be one of table, json, csv, html, parquet, got "xml"/],
    [{ ...ok, reps: '1' }, /^--reps must be a whole number ≥ 2/],
    [{ ...ok, policies: 'pro-rata' }, /^--policies must name at least two/],
  ])('%o is refused naming the flag', (raw, message) => {
    expect(() => parseSensitivityOptions(undefined, raw)).toThrow(message);
  });

  test('defaults: oat, 20 reps, format from the --out extension', () => {
    const s = parseSensitivityOptions(undefined, { ...ok, out: 'x.parquet' });
    expect(s).toMatchObject({ method: 'oat', reps: 20, format: 'parquet', samples: 10 });
  });
});

describe('sensitivity runs', () => {
  const dir = tempDir();
  const scenario = smallScenario(dir);
  const base = ['sensitivity', scenario, '--policies', 'pro-rata,favoured', '--reps', '3', '--quiet'];

  test('an unknown metric or customer exits 2 naming --metric, before any run', () => {
    const bad = chipsim([...base, '--metric', 'diff:fillRate:nobody'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--metric "diff:fillRate:nobody": no customer 'nobody'/);
    expect(chipsim([...base, '--metric', 'speed'], dir).stderr).toMatch(/--metric "speed": unknown KPI 'speed'/);
  });

  test('oat JSON: the issue fields, sorted by |swing|; identical for 1 and 2 workers but meta.command', () => {
    const metric = ['--metric', 'diff:fillRate:coreweave', '--format', 'json'];
    const one = chipsim([...base, ...metric, '--workers', '1'], dir);
    const two = chipsim([...base, ...metric, '--workers', '2'], dir);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(two.stdout);
    expect(a.meta.command).not.toBe(b.meta.command);
    delete a.meta.command;
    delete b.meta.command;
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a).toMatchObject({
      method: 'oat',
      reps: 3,
      metric: 'diff:fillRate:coreweave',
      policies: ['pro-rata', 'favoured'],
    });
    expect(a.baseline.ci95).toHaveLength(2);
    expect(a.parameters.map((p: { pointer: string }) => p.pointer).sort()).toEqual([...KEEP].sort());
    for (const p of a.parameters) {
      expect(p.swing).toBeCloseTo(p.atHigh.mean - p.atLow.mean, 12);
      expect(p.source).toMatch(/\S/);
    }
    const swings = a.parameters.map((p: { swing: number }) => Math.abs(p.swing));
    expect(swings).toEqual([...swings].sort((x: number, y: number) => y - x));
    // CoWoS binds in 2023 (A7): Nvidia's CoWoS share moves the difference; the fab die count does not
    expect(a.parameters[0].pointer).toBe('/cowos/nvidiaShare');
    expect(a.parameters[1].swing).toBe(0);
  }, 240_000);

  test('csv is the tidy table with a provenance comment; parquet is written atomically to --out', () => {
    const csv = chipsim([...base, '--metric', 'fillRate', '--format', 'csv', '--workers', '1'], dir);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.split('\n');
    expect(lines[0]).toMatch(/^# chipsim /);
    expect(lines[1]).toBe(`experiment,point,${KEEP.join(',')},policy,replication,seed,customer,metric,value`);
    expect(lines.filter((l) => l.startsWith('sensitivity,4,')).length).toBeGreaterThan(0);
    const out = join(dir, 's.parquet');
    const pq = chipsim([...base, '--metric', 'fillRate', '--out', out, '--workers', '1'], dir);
    expect(pq.code, pq.stderr).toBe(0);
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
  }, 240_000);

  test('morris gives muStar and sigma, sobol s1 and st, each with a CI, for every parameter', () => {
    const morris = chipsim(
      [...base, '--metric', 'gpusDelivered', '--method', 'morris', '--samples', '2', '--format', 'json'],
      dir,
    );
    expect(morris.code, morris.stderr).toBe(0);
    const m = JSON.parse(morris.stdout);
    expect(m.method).toBe('morris');
    expect(m.parameters).toHaveLength(2);
    for (const p of m.parameters) {
      expect(p.muStar.ci95).toHaveLength(2);
      expect(typeof p.sigma).toBe('number');
    }
    expect(m.parameters[0].pointer).toBe('/cowos/nvidiaShare');
    expect(m.parameters[1].muStar.value).toBe(0);
    const sobol = chipsim(
      [...base, '--metric', 'gpusDelivered', '--method', 'sobol', '--samples', '3', '--format', 'json'],
      dir,
    );
    expect(sobol.code, sobol.stderr).toBe(0);
    const sj = JSON.parse(sobol.stdout);
    expect(sj.method).toBe('sobol');
    for (const p of sj.parameters) {
      expect(p.s1.ci95).toHaveLength(2);
      expect(p.st.ci95).toHaveLength(2);
    }
    expect(sj.parameters[0].pointer).toBe('/cowos/nvidiaShare');
  }, 240_000);

  test('a checkpoint cut to its first half is resumed with --resume to the same JSON (but meta.command)', () => {
    const out = join(dir, 'oat.json');
    const args = [...base, '--metric', 'diff:fillRate:coreweave', '--workers', '1', '--out', out];
    const full = chipsim([...args, '--keep-checkpoint'], dir);
    expect(full.code, full.stderr).toBe(0);
    const first = JSON.parse(readFileSync(out, 'utf8'));
    const lines = readFileSync(`${out}.jsonl`, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 5 * 3 * 2);
    writeFileSync(`${out}.jsonl`, `${lines.slice(0, 1 + 15).join('\n')}\n`);
    const resumed = chipsim([...args, '--resume'], dir);
    expect(resumed.code, resumed.stderr).toBe(0);
    const second = JSON.parse(readFileSync(out, 'utf8'));
    expect(second.meta.command).toMatch(/--resume/);
    delete first.meta.command;
    delete second.meta.command;
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  }, 240_000);
});
