/**
 * The binding stage is the one whose capacity limits the flow, zero capacity included (issue 18):
 * the stage with the most weeks in which work waited for it while its capacity was used up (or 0);
 * ties go downstream; with no such week, the highest utilisation. A stage at capacity 0 that
 * everything waits for binds though its utilisation is 0 — the old rule (highest utilisation)
 * named the fab when CoWoS was at 0.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadScenario, parseScenario, type Scenario } from '../../scenarios/index.js';
import { simulate } from '../../models/simulate.js';
import { getPolicy } from '../../models/policies/index.js';
import { bindingStage } from '../../models/metrics.js';
import type { ModelState } from '../../models/state.js';
import type { StageResult } from '../../models/result.js';
import { formatRunTable } from '../../ui/format/run-table.js';

const ROOT = join(import.meta.dirname, '..', '..');
const toyJson = JSON.parse(readFileSync(join(ROOT, 'scenarios', 'library', 'toy.json'), 'utf8')) as Record<string, any>;

function toyWith(change: (d: Record<string, any>) => void): Scenario {
  const d = structuredClone(toyJson);
  change(d);
  const parsed = parseScenario(d, 'toy variant');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.scenario;
}

const run = (scenario: Scenario) =>
  simulate(scenario, { policy: getPolicy('pro-rata')!, seed: 1, scenarioName: 'toy variant' });

describe('binding stage on toy variants', () => {
  test.each<[string, (d: Record<string, any>) => void, string]>([
    ['toy as bundled', () => {}, 'cowos'],
    ['CoWoS at 0', (d) => (d.cowos.interposerWafersPerMonth = 0), 'cowos'],
    ['the fab at 0', (d) => (d.fab.capacityWafersPerWeek = 0), 'fab'],
    [
      'every HBM supplier at 0',
      (d) => {
        for (const s of d.hbm.suppliers) s.capacityStacksPerWeek = 0;
      },
      'hbm:skhynix',
    ],
    ['final test at 0', (d) => (d.test.capacityPerWeek = 0), 'test'],
  ])('%s ⇒ %s', (_what, change, expected) => {
    const result = run(toyWith(change));
    expect(result.bindingStage).toBe(expected);
  });

  test('CoWoS at 0: its utilisation is 0, yet it binds; the table marks CoWoS, not the fab', () => {
    const result = run(toyWith((d) => (d.cowos.interposerWafersPerMonth = 0)));
    expect(result.stages.find((s) => s.id === 'cowos')!.utilization).toBe(0);
    const marked = formatRunTable(result)
      .split('\n')
      .filter((l) => l.includes('← binding'));
    expect(marked).toHaveLength(1);
    expect(marked[0]).toContain('CoWoS');
  });

  test('h100-2023 as bundled ⇒ cowos', () => {
    const l = loadScenario('h100-2023');
    if (!l.ok) throw new Error(l.error);
    expect(
      simulate(l.scenario, { policy: getPolicy('pro-rata')!, seed: 1, scenarioName: 'h100-2023' }).bindingStage,
    ).toBe('cowos');
  });
});

describe('bindingStage, the rule', () => {
  const stage = (id: string, utilization: number): StageResult => ({
    id,
    name: id,
    utilization,
    throughput: 0,
    meanWip: 0,
    meanFlowWeeks: null,
    scrapped: 0,
  });
  const stateWith = (bound: Record<string, number>) =>
    ({
      stages: Object.fromEntries(Object.entries(bound).map(([id, boundWeeks]) => [id, { boundWeeks }])),
    }) as unknown as ModelState;
  const stages = [stage('fab', 0.2), stage('cowos', 0.9), stage('test', 0.5)];

  test('the most capacity-bound weeks wins, whatever the utilisations', () => {
    expect(bindingStage(stateWith({ fab: 7, cowos: 3, test: 0 }), stages).id).toBe('fab');
  });
  test('a tie goes to the most downstream stage', () => {
    expect(bindingStage(stateWith({ fab: 5, cowos: 5, test: 2 }), stages).id).toBe('cowos');
    expect(bindingStage(stateWith({ fab: 5, cowos: 5, test: 5 }), stages).id).toBe('test');
  });
  test('no stage ever bound (demand limited the flow): the highest utilisation', () => {
    expect(bindingStage(stateWith({ fab: 0, cowos: 0, test: 0 }), stages).id).toBe('cowos');
  });
});
