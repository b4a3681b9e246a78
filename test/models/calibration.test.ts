/**
 * Calibration of h100-2023 against sourced ranges (DOMAIN.md A2, A5, A6, A7), under pro-rata over
 * 20 seeds, through the same code as `chipsim calibrate` (models/calibration.ts). Nothing in the
 * model is set to these values: they come out of capacities, yields, cycle times and demand, so a
 * change that moves one out of its range fails here.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { propParams, runs } from '../support/params.js';
import { loadScenario } from '../../scenarios/index.js';
import { getPolicy } from '../../models/policies/index.js';
import { calibrate, month, weeksIn } from '../../models/calibration.js';
import { calibrateCommand } from '../../ui/cli/calibrate-command.js';
import { formatCalibrationTable } from '../../ui/format/calibration-table.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SEEDS = 20;

describe('h100-2023 calibration (pro-rata, 20 seeds)', () => {
  const loaded = loadScenario('h100-2023');
  if (!loaded.ok) throw new Error(loaded.error);
  const report = calibrate('h100-2023', loaded.scenario, getPolicy('pro-rata')!, SEEDS);
  const byId = new Map(report.figures.map((f) => [f.id, f]));

  const ranged = [
    'gpus-delivered-2023',
    'gpus-delivered-2023-h1',
    'gpus-delivered-2024',
    'median-wafer-to-delivery-weeks',
    'cowos-utilisation-2023',
    'quoted-lead-time-weeks-2023-11',
    'quoted-lead-time-weeks-2024-02',
    'quoted-lead-time-weeks-2024-04',
  ];
  /**
   * Figures the model does not reach today (README, Calibration: why): they are reported outside,
   * never clipped, and this test fails as soon as one moves inside, so the list is kept current.
   */
  const KNOWN_OUTSIDE = new Set<string>(['median-wafer-to-delivery-weeks', 'quoted-lead-time-weeks-2024-02']);
  for (const id of ranged.filter((x) => KNOWN_OUTSIDE.has(x))) {
    test(`${id} is still outside its range (known gap, reported not clipped)`, () => {
      expect(byId.get(id)!.ok).toBe(false);
    });
  }
  for (const id of ranged.filter((x) => !KNOWN_OUTSIDE.has(x))) {
    test(`${id} is inside its sourced range`, () => {
      const f = byId.get(id)!;
      expect(f, id).toBeDefined();
      expect(Number.isFinite(f.value), `${id} = ${f.value}`).toBe(true);
      if (f.low !== null) expect(f.value, `${id} (${f.source})`).toBeGreaterThanOrEqual(f.low);
      if (f.high !== null) expect(f.value, `${id} (${f.source})`).toBeLessThanOrEqual(f.high);
      expect(f.ok).toBe(true);
    });
  }

  test('the ranges are no looser than the sources', () => {
    const r = (id: string) => [byId.get(id)!.low, byId.get(id)!.high];
    expect(r('gpus-delivered-2023')).toEqual([500_000, 750_000]);
    expect(r('gpus-delivered-2023-h1')).toEqual([150_000, null]);
    expect(r('gpus-delivered-2024')).toEqual([1_500_000, 2_000_000]);
    expect(r('median-wafer-to-delivery-weeks')).toEqual([22, 30]);
    expect(r('cowos-utilisation-2023')).toEqual([0.9, null]);
    expect(r('quoted-lead-time-weeks-2023-11')).toEqual([36, 52]);
    expect(r('quoted-lead-time-weeks-2024-02')).toEqual([null, 20]);
    expect(r('quoted-lead-time-weeks-2024-04')).toEqual([null, 20]);
  });

  test('the README calibration table is this report as `chipsim calibrate` prints it (regenerate: node bin/run-ts.js scripts/calibration.ts)', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(formatCalibrationTable(report));
  });

  test('the figures reported without a range are finite: realised H2-2023 wait, Omdia share distance', () => {
    for (const id of ['realised-wait-weeks-orders-2023-h2', 'omdia-2023-share-distance-pro-rata']) {
      const f = byId.get(id)!;
      expect(f.ok, id).toBeNull();
      expect(Number.isFinite(f.value), id).toBe(true);
    }
    const d = byId.get('omdia-2023-share-distance-pro-rata')!.value;
    expect(d).toBeGreaterThanOrEqual(0);
    expect(d).toBeLessThanOrEqual(1);
  });
});

describe('calibration helpers and the command', () => {
  test('weeks of a period, by their first day: Nov 2023 is weeks 44–47 of a run from 2023-01-02', () => {
    expect(weeksIn('2023-01-02', 104, month('2023-11'))).toEqual([44, 45, 46, 47]);
    expect(weeksIn('2023-01-02', 104, month('2024-02'))).toEqual([57, 58, 59, 60]);
    expect(month('2023-12')).toEqual({ from: '2023-12-01', to: '2024-01-01', name: '2023-12' });
    const year = (y: number) => ({ from: `${y}-01-01`, to: `${y + 1}-01-01`, name: String(y) });
    // 104 weeks from 2023-01-02 end on 2024-12-30: both years covered to within a week.
    expect(weeksIn('2023-01-02', 104, year(2023))).toEqual(Array.from({ length: 52 }, (_, i) => i));
    expect(weeksIn('2023-01-02', 104, year(2024))).toEqual(Array.from({ length: 52 }, (_, i) => 52 + i));
    // A run starting in March, or ending in June, does not cover 2023: those figures are not measured.
    expect(weeksIn('2023-03-06', 104, year(2023))).toBeNull();
    expect(weeksIn('2023-01-02', 26, year(2023))).toBeNull();
    expect(weeksIn('2023-01-02', 26, { from: '2023-01-01', to: '2023-07-01', name: 'H1' })).toHaveLength(26);
    // A later start moves the calendar: 2024 (366 days) is weeks 0–52 of a run from 2024-01-01.
    expect(weeksIn('2024-01-01', 60, year(2024))).toEqual(Array.from({ length: 53 }, (_, i) => i));
  });

  test('weeksIn over any start date, horizon and month: consecutive weeks whose first day is in the month, or null exactly when the run misses it by a week or more', () => {
    const DAY = 86_400_000;
    const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * 365 }),
        fc.integer({ min: 1, max: 160 }),
        fc.integer({ min: 0, max: 35 }),
        (startDay, horizon, monthIndex) => {
          const start = Date.UTC(2022, 6, 1) + startDay * DAY;
          const m = month(`${2023 + Math.floor(monthIndex / 12)}-${String((monthIndex % 12) + 1).padStart(2, '0')}`);
          const weeks = weeksIn(iso(start), horizon, m);
          const from = Date.parse(`${m.from}T00:00:00Z`);
          const to = Date.parse(`${m.to}T00:00:00Z`);
          const covered = start < from + 7 * DAY && start + horizon * 7 * DAY > to - 7 * DAY;
          expect(weeks !== null).toBe(covered);
          if (weeks === null) return;
          expect(weeks.length).toBeGreaterThanOrEqual(3); // a week short at each end still counts as covering it
          expect(weeks.length).toBeLessThanOrEqual(5);
          weeks.forEach((w, i) => {
            if (i > 0) expect(w).toBe(weeks[i - 1]! + 1);
            expect(w).toBeGreaterThanOrEqual(0);
            expect(w).toBeLessThan(horizon);
            expect(iso(start + w * 7 * DAY).slice(0, 7)).toBe(m.name);
          });
        },
      ),
      propParams(runs(0.5)),
    );
  });

  test('toy (26 weeks) against H100 ranges: H1 2023 is measured and reported outside, not clipped; periods it misses are not measured', async () => {
    const json = JSON.parse(await calibrateCommand('toy', { seeds: '2', format: 'json' }));
    expect(Object.keys(json)).toEqual(['meta', 'scenario', 'seeds', 'policy', 'figures']);
    expect(json.seeds).toBe(2);
    type Figure = { id: string; value: number | null; low: number; ok: boolean | null };
    const figures: Figure[] = json.figures;
    const byId = (id: string): Figure => figures.find((x) => x.id === id)!;
    const h1 = byId('gpus-delivered-2023-h1');
    expect(Object.keys(h1)).toEqual(['id', 'label', 'value', 'low', 'high', 'source', 'ok']);
    expect(h1.value).toBeGreaterThan(0);
    expect(h1.value).toBeLessThan(h1.low);
    expect(h1.ok).toBe(false);
    for (const id of [
      'gpus-delivered-2023',
      'gpus-delivered-2024',
      'cowos-utilisation-2023',
      'quoted-lead-time-weeks-2024-02',
    ]) {
      expect(byId(id).value, id).toBeNull();
      expect(byId(id).ok, id).toBe(false);
    }
    const table = await calibrateCommand('toy', { seeds: '2' });
    expect(table).toContain('| delivered in 2024 | `gpus-delivered-2024` | n/a (the run does not cover 2024) |');
    expect(table).toContain('| n/a (the run does not cover 2023-11) |');
    expect(table).not.toContain('n/a wk');
    expect(table).toContain(
      '0 of 8 figures inside their sourced ranges (6 not measured: their period is outside the run).',
    );
  });

  test('bad flags are user errors naming the flag', async () => {
    await expect(calibrateCommand('toy', { seeds: '0' })).rejects.toThrow(/--seeds/);
    await expect(calibrateCommand('toy', { seeds: 'x' })).rejects.toThrow(/--seeds/);
    await expect(calibrateCommand('toy', { format: 'csv' })).rejects.toThrow(/--format/);
    await expect(calibrateCommand('toy', { policy: 'nope' })).rejects.toThrow(/--policy/);
  });
});
