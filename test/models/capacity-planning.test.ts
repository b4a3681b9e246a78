/** Responsive CoWoS capacity (models/capacity-planning.ts) against the scheduled path. */
import { describe, expect, test } from 'vitest';
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
    const responsive = run('responsive-capacity');
    const schedule = run('h100-2023');
    const cap = (r: typeof responsive) => r.stages.find((s) => s.id === 'cowos')!.utilization;
    expect(responsive.kpis.gpusProduced).toBeGreaterThan(0);
    // Capacity released differs only after the first step's tools run (≥ 13 weeks after an order).
    expect(responsive.series.utilization.cowos!.slice(0, 13)).toEqual(schedule.series.utilization.cowos!.slice(0, 13));
    expect(cap(responsive)).toBeGreaterThan(0);
    expect(responsive).not.toEqual(schedule);
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
