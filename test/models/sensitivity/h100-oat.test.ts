/**
 * The h100-2023 ranges drive the model: every one-at-a-time point simulates, and the binding stage
 * moves output the way DOMAIN.md A7 says (CoWoS binds in 2023: more CoWoS share, more GPUs).
 */
import { expect, test } from 'vitest';
import { loadScenario } from '../../../scenarios/loader.js';
import { applyParameters, uncertainParameters } from '../../../scenarios/uncertainty.js';
import { oatDesign } from '../../../models/sensitivity/designs.js';
import { resolvePolicy } from '../../../models/policies/index.js';
import { simulate } from '../../../models/simulate.js';

test('every OAT point of h100-2023 runs; CoWoS share and yield raise GPUs delivered, fab dies do not', async () => {
  const r = loadScenario('h100-2023');
  if (!r.ok) throw new Error(r.error);
  const params = uncertainParameters(r.scenario);
  const policy = await resolvePolicy('pro-rata');
  const delivered = oatDesign(params).map((pt) => {
    const run = simulate(applyParameters(r.scenario, params, pt.values), {
      policy,
      seed: 1,
      scenarioName: 'h100-2023',
    });
    expect(Number.isFinite(run.kpis.gpusDelivered), JSON.stringify(pt)).toBe(true);
    return { pt, gpus: run.kpis.gpusDelivered };
  });
  const at = (pointer: string, side: 'low' | 'high') => {
    const i = params.findIndex((p) => p.pointer === pointer);
    return delivered.find((d) => d.pt.parameter === i && d.pt.side === side)!.gpus;
  };
  expect(at('/cowos/nvidiaShare', 'high')).toBeGreaterThan(at('/cowos/nvidiaShare', 'low') * 1.1);
  expect(at('/cowos/yield', 'high')).toBeGreaterThan(at('/cowos/yield', 'low'));
  // wafers are not binding (A1 "Implication"): the fab's die count leaves output unchanged
  expect(at('/fab/grossDiesPerWafer', 'high')).toBe(at('/fab/grossDiesPerWafer', 'low'));
}, 120_000);
