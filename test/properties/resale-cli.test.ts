/**
 * The secondary market and hoarding at the CLI: bad data exits 2 naming the field path, with nothing
 * on stdout; a run reports resoldGpus (overall and per customer) and the weekly price; compare gives
 * resoldGpus a CI like every KPI.
 */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../../models/result.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DIR = mkdtempSync(join(tmpdir(), 'chipsim-resale-'));

function chipsim(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'chipsim.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const RESALE = { priceMultipleMin: 1, priceMultipleMax: 2, keepCoverWeeks: 2, needLookbackWeeks: 4 };
const HOARD = { behaviour: 'hoard', baseCoverWeeks: 2, coverPerLeadWeek: 1, maxCoverWeeks: 26, lookbackWeeks: 4 };

type Obj = Record<string, unknown>;
/** The parts of toy.json these tests edit. */
interface ScenarioJson {
  $schema?: string;
  horizonWeeks: number;
  initial: Obj;
  fab: Obj;
  hbm: { suppliers: Obj[] };
  cowos: Obj;
  test: Obj;
  board: Obj;
  ship: Obj;
  market: { resale: Obj };
  customers: (Obj & { ordering: Obj })[];
}
interface CompareJson {
  policies: { policy: string; metrics: Record<string, { mean: number | null; ci95: [number, number] | null }> }[];
}

/** toy at 2.5× capacity, strict tiers, a hoarder first and a backlog second (it resells: test/properties/resale.test.ts). */
function scenarioFile(name: string, edit: (s: ScenarioJson) => void = () => {}): string {
  const s = JSON.parse(readFileSync(join(ROOT, 'scenarios', 'library', 'toy.json'), 'utf8')) as ScenarioJson;
  delete s.$schema;
  // toyCapacity(2.5, 80) of test/support/toy-variants.ts, as JSON.
  s.horizonWeeks = 80;
  Object.assign(s.initial, { dieBank: 3000, hbmStacks: 20000 });
  s.fab.capacityWafersPerWeek = 200;
  s.hbm.suppliers[0]!.capacityStacksPerWeek = 8000;
  s.cowos.interposerWafersPerMonth = (2.5 * 280) / ((12 / 52) * 0.5 * 29 * 0.95 * 0.98);
  s.test.capacityPerWeek = 5000;
  s.board.capacityPerWeek = 1000;
  s.ship.capacityPerWeek = 1000;
  s.market = { resale: { ...RESALE } };
  s.customers.forEach((c, i) => (c.tier = i));
  s.customers[0]!.ordering = { ...HOARD };
  s.customers[1]!.initialBacklogGpus = 8000;
  edit(s);
  const path = join(DIR, `${name}.json`);
  writeFileSync(path, JSON.stringify(s));
  return path;
}

describe('bad secondary-market and hoarding data', () => {
  test.each([
    ['max below min', (s: ScenarioJson) => (s.market.resale.priceMultipleMax = 0.5), 'market.resale.priceMultipleMax'],
    ['negative cover kept', (s: ScenarioJson) => (s.market.resale.keepCoverWeeks = -1), 'market.resale.keepCoverWeeks'],
    ['unknown field', (s: ScenarioJson) => (s.market.resale.spread = 1), 'market.resale'],
    ['lookback 0', (s: ScenarioJson) => (s.market.resale.needLookbackWeeks = 0), 'market.resale.needLookbackWeeks'],
    [
      'hoarder cap below base',
      (s: ScenarioJson) => (s.customers[0]!.ordering.maxCoverWeeks = 1),
      'customers[0].ordering.maxCoverWeeks',
    ],
    [
      'hoarder without lookback',
      (s: ScenarioJson) => delete s.customers[0]!.ordering.lookbackWeeks,
      'customers[0].ordering.lookbackWeeks',
    ],
  ])('%s: exit 2 naming the field path', (name, edit, path) => {
    const r = chipsim('run', scenarioFile(name.replace(/ /g, '-'), edit), '--format', 'json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(path);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
});

describe('a run and a comparison with a secondary market', () => {
  test('run --format json reports resoldGpus overall and per customer, and the weekly price', () => {
    const r = chipsim('run', scenarioFile('good'), '--policy', 'priority', '--seed', '1', '--format', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as RunResult;
    expect(out.kpis.resoldGpus).toBeGreaterThan(0);
    const sold = out.customers.reduce((a, c) => a + (c.resaleSoldGpus ?? NaN), 0);
    const bought = out.customers.reduce((a, c) => a + (c.resaleBoughtGpus ?? NaN), 0);
    expect(sold).toBe(out.kpis.resoldGpus);
    expect(bought).toBe(out.kpis.resoldGpus);
    expect(out.series.resalePriceUsd).toHaveLength(80);
    const prices = out.series.resalePriceUsd!.filter((p) => p !== null);
    for (const p of prices) expect(p).toBeGreaterThanOrEqual(30000);
    for (const p of prices) expect(p).toBeLessThanOrEqual(60000);
  });

  test('run --format csv carries resoldGpus and each customer’s sold and bought GPUs', () => {
    const r = chipsim('run', scenarioFile('csv'), '--policy', 'priority', '--seed', '1', '--format', 'csv');
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n');
    const value = (prefix: string) => rows.filter((l) => l.startsWith(prefix)).map((l) => Number(l.split(',').at(-1)));
    const total = value('kpi,,resoldGpus,');
    expect(total).toHaveLength(1);
    expect(total[0]).toBeGreaterThan(0);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const sold = rows.filter((l) => l.startsWith('customer,') && l.includes(',resaleSoldGpus,'));
    const bought = rows.filter((l) => l.startsWith('customer,') && l.includes(',resaleBoughtGpus,'));
    expect(sold).toHaveLength(3);
    expect(sum(sold.map((l) => Number(l.split(',').at(-1))))).toBe(total[0]);
    expect(sum(bought.map((l) => Number(l.split(',').at(-1))))).toBe(total[0]);
  });

  test('the run table says how much was resold and at what price', () => {
    const r = chipsim('run', scenarioFile('table'), '--policy', 'priority', '--seed', '1');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/secondary market: [\d,]+ GPUs resold in \d+ weeks at \$[\d,]+–\$[\d,]+ per GPU/);
  });

  test('without market.resale the KPI is absent (contracts extended, not changed)', () => {
    const r = chipsim('run', 'toy', '--seed', '1', '--format', 'json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as RunResult).kpis.resoldGpus).toBeUndefined();
  });

  test('compare --format json gives resoldGpus a mean and CI per policy', () => {
    const r = chipsim(
      'compare',
      scenarioFile('compare'),
      '--policies',
      'priority,pro-rata',
      '--reps',
      '3',
      '--format',
      'json',
      '--workers',
      '1',
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as CompareJson;
    const priority = out.policies.find((p) => p.policy === 'priority')!;
    expect(priority.metrics.resoldGpus!.mean).toBeGreaterThan(0);
    expect(priority.metrics.resoldGpus!.ci95).toHaveLength(2);
  });
});
