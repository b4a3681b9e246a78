/**
 * Calibration of h100-2023 against sourced ranges (DOMAIN.md A5, A6, A7), under pro-rata, averaged
 * over 20 seeds. Nothing in the model is set to these values: they come out of capacities, yields
 * and demand, so this test fails if a change to the model or the scenario moves them out of range.
 */
import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../scenarios/index.js';
import { simulate } from '../../models/simulate.js';
import { getPolicy } from '../../models/policies/index.js';
import { calibrationFigures } from '../../models/calibration.js';

const SEEDS = 20;

describe('h100-2023 calibration (pro-rata, 20 seeds)', () => {
  const loaded = loadScenario('h100-2023');
  if (!loaded.ok) throw new Error(loaded.error);
  const runs = Array.from({ length: SEEDS }, (_, i) =>
    simulate(loaded.scenario, { policy: getPolicy('pro-rata')!, seed: i + 1, scenarioName: 'h100-2023' }),
  );
  const f = calibrationFigures(runs);

  test('median wafer-start-to-delivery is 22–32 weeks (A7: ~26 weeks, 20–40)', () => {
    expect(f.medianCycleWeeks).toBeGreaterThanOrEqual(22);
    expect(f.medianCycleWeeks).toBeLessThanOrEqual(32);
  });

  test('H100 GPUs delivered in calendar 2023 are between 400k and 750k (A5: FT 550k, Omdia 650k incl. H800)', () => {
    expect(f.delivered2023).toBeGreaterThanOrEqual(400_000);
    expect(f.delivered2023).toBeLessThanOrEqual(750_000);
  });

  test('CoWoS is the most utilised stage through 2023, at ≥ 0.9 (A2, A7)', () => {
    const cowos = f.util2023.cowos!;
    expect(cowos).toBeGreaterThanOrEqual(0.9);
    for (const [id, u] of Object.entries(f.util2023)) if (id !== 'cowos') expect(u, id).toBeLessThan(cowos);
  });

  test('orders placed in H2 2023 wait ≥ 26 weeks on average (A6: 36–52 weeks quoted in Nov 2023)', () => {
    expect(f.waitH2_2023).toBeGreaterThanOrEqual(26);
  });

  test('orders placed in Q2 2024 wait ≤ 16 weeks (A6: the 2024 lead-time collapse to 8–12 weeks)', () => {
    expect(f.waitQ2_2024).toBeLessThanOrEqual(16);
  });
});
