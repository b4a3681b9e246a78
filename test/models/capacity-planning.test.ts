/** Responsive CoWoS and HBM capacity (models/capacity-planning.ts) against the scheduled path. */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario, parseScenario } from '../../scenarios/index.js';
import { simulate } from '../../models/simulate.js';
import { getPolicy } from '../../models/policies/index.js';

const load = (name: string) => {
  const l = loadScenario(name);
  if (!l.ok) throw new Error(l.error);
  return l.scenario;
};
const run = (name: string, scenario = load(name), policy = 'pro-rata') =>
  simulate(scenario, { policy: getPolicy(policy)!, seed: 1, scenarioName: name });

describe('capacityPlanning', () => {
  test('"schedule" (the default) ignores the responsive settings: same result as without them', () => {
    const base = load('h100-2023');
    const withSettings = structuredClone(base);
    withSettings.cowos.responsive = { ...base.cowos.responsive, triggerLeadTimeWeeks: 0, maxStepsPerQuarter: 3 };
    expect(run('h100-2023', withSettings)).toEqual(run('h100-2023', base));
  });

  test('"responsive" adds CoWoS capacity once the quote runs long, after the tool lead time', () => {
    const schedule = load('h100-2023');
    const responsive = structuredClone(schedule);
    responsive.cowos.capacityPlanning = 'responsive';
    // Below the bundled 20-week trigger (README, Calibration: the seed-1 quote is past 20 weeks from Apr 2023).
    responsive.cowos.responsive = { ...schedule.cowos.responsive, triggerLeadTimeWeeks: 10 };
    const a = run('h100-2023', schedule);
    const b = run('h100-2023', responsive);
    const firstAbove = a.series.quotedLeadWeeks.findIndex((q) => q >= 10);
    expect(firstAbove).toBeGreaterThanOrEqual(0);
    // Nothing differs until a step ordered at the first long quote runs (tools take ≥ 13 weeks).
    const until = firstAbove + 14;
    expect(b.series.utilization.cowos!.slice(0, until)).toEqual(a.series.utilization.cowos!.slice(0, until));
    expect(b.series.deliveredCumulative).not.toEqual(a.series.deliveredCumulative);
    expect(b.kpis.gpusProduced).toBeGreaterThan(a.kpis.gpusProduced);
  });

  test('responsive-capacity is h100-2023 plus the responsive blocks; the quote reaches its 20-week trigger', () => {
    const r = load('responsive-capacity');
    const h = load('h100-2023');
    const strip = (s: typeof r) => ({
      ...s,
      name: '',
      description: '',
      sources: [],
      cowos: { ...s.cowos, capacityPlanning: '', responsive: null },
      hbm: { ...s.hbm, suppliers: s.hbm.suppliers.map((x) => ({ ...x, capacityPlanning: '', responsive: null })) },
    });
    expect(strip(r)).toEqual(strip(h));
    const a = run('h100-2023', h);
    const b = run('h100-2023', r);
    // The seed-1 quote passes the trigger in Apr 2023 (README, Calibration); nothing differs until a
    // step ordered then has had its tools (≥ 13 weeks).
    const firstAt = a.series.quotedLeadWeeks.findIndex((q) => q >= r.cowos.responsive.triggerLeadTimeWeeks);
    expect(firstAt).toBeGreaterThanOrEqual(0);
    const until = firstAt + 14;
    expect(b.series.utilization.cowos!.slice(0, until)).toEqual(a.series.utilization.cowos!.slice(0, until));
    expect(b.series.deliveredCumulative).not.toEqual(a.series.deliveredCumulative);
  });

  test('with a zero step or zero steps a quarter, "responsive" is the schedule', () => {
    const base = load('responsive-capacity');
    const none = structuredClone(base);
    none.cowos.responsive.maxStepsPerQuarter = 0;
    const sched = structuredClone(base);
    sched.cowos.capacityPlanning = 'schedule';
    const strip = (r: ReturnType<typeof run>) => ({ ...r, events: 0 });
    expect(strip(run('x', none))).toEqual(strip(run('x', sched)));
  });

  test('bad responsive settings name the field path', () => {
    const base = structuredClone(load('responsive-capacity')) as unknown as Record<string, any>;
    base.cowos.responsive.maxStepsPerQuarter = -1;
    const parsed = parseScenario(base, 'x');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/cowos\.responsive\.maxStepsPerQuarter/);
  });
});

describe('capacityPlanning on HBM suppliers', () => {
  const hynix = (r: ReturnType<typeof run>) => r.stages.find((s) => s.id === 'hbm:skhynix')!;

  test('"schedule" (the default) ignores the responsive settings', () => {
    const base = load('h100-2023');
    expect(base.hbm.suppliers[0]!.capacityPlanning).toBe('schedule');
    const withSettings = structuredClone(base);
    withSettings.hbm.suppliers[0]!.responsive = {
      ...base.hbm.suppliers[0]!.responsive,
      triggerLeadTimeWeeks: 0,
      maxStepsPerQuarter: 5,
    };
    expect(run('h100-2023', withSettings)).toEqual(run('h100-2023', base));
  });

  test('"responsive" adds stacks per week once the quote is at the trigger, after the tool lead time', () => {
    const base = load('h100-2023');
    const responsive = structuredClone(base);
    const s = responsive.hbm.suppliers[0]!;
    s.capacityPlanning = 'responsive';
    // Trigger 0: a step every quarter from week 0; with a fixed 20-week lead the first arrives at
    // week 20, after that week opened, so it counts from week 21.
    s.responsive = {
      triggerLeadTimeWeeks: 0,
      stepStacksPerWeek: 50_000,
      toolLeadTimeWeeks: { dist: 'fixed', value: 20 },
      maxStepsPerQuarter: 1,
    };
    const a = run('h100-2023', base);
    const b = run('h100-2023', responsive);
    // 2023 HBM utilisation is below 1 while CoWoS binds, so the same starts over more capacity show as
    // lower utilisation from week 21 on, and not before.
    const ua = a.series.utilization['hbm:skhynix']!;
    const ub = b.series.utilization['hbm:skhynix']!;
    expect(ub.slice(0, 21)).toEqual(ua.slice(0, 21));
    expect(ub[21]!).toBeLessThan(ua[21]!);
    // Up to week 21 the runs are identical, so week 21 plans the same starts (not capped: utilisation
    // < 1), over the scheduled capacity plus exactly one step: utilisation × capacity agree.
    const scheduled = 220_000 + ((380_000 - 220_000) * 21) / 39;
    expect(ua[21]!).toBeLessThan(1);
    expect((ub[21]! * (scheduled + 50_000)) / (ua[21]! * scheduled)).toBeCloseTo(1, 3);
    expect(hynix(b).utilization).toBeLessThan(hynix(a).utilization);
  });

  test('an unqualified supplier orders no capacity; zero steps a quarter is the schedule', () => {
    const base = load('h100-2023');
    const samsung = structuredClone(base);
    samsung.hbm.suppliers[1]!.capacityPlanning = 'responsive';
    samsung.hbm.suppliers[1]!.responsive.triggerLeadTimeWeeks = 0;
    const strip = (r: ReturnType<typeof run>) => ({ ...r, events: 0 });
    expect(strip(run('x', samsung))).toEqual(strip(run('x', base)));
    const none = structuredClone(base);
    none.hbm.suppliers[0]!.capacityPlanning = 'responsive';
    none.hbm.suppliers[0]!.responsive.maxStepsPerQuarter = 0;
    expect(strip(run('x', none))).toEqual(strip(run('x', base)));
  });

  test('bad HBM responsive settings name the field path (parse, and the CLI exits 2)', () => {
    const base = structuredClone(load('h100-2023'));
    const supplier = base.hbm.suppliers[0]!;
    supplier.capacityPlanning = 'responsive';
    supplier.responsive.stepStacksPerWeek = -1;
    const parsed = parseScenario(base, 'x');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/hbm\.suppliers\[0\]\.responsive\.stepStacksPerWeek/);

    const root = join(import.meta.dirname, '..', '..');
    const raw = JSON.parse(readFileSync(join(root, 'scenarios', 'library', 'h100-2023.json'), 'utf8'));
    raw.hbm.suppliers[0].capacityPlanning = 'sometimes';
    const file = join(mkdtempSync(join(tmpdir(), 'chipsim-')), 'bad-hbm.json');
    writeFileSync(file, JSON.stringify(raw));
    const r = spawnSync(process.execPath, [join(root, 'bin', 'chipsim.js'), 'validate', file], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('hbm.suppliers[0].capacityPlanning');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
