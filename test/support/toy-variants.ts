/**
 * Small scenarios for the theory tests, derived from the bundled `toy` with immer's produce.
 *
 * toy: three customers (bigcloud 160, neocloud 80, startup 40 GPUs/week: 280 in all), CoWoS 40
 * interposer wafers/month × 12/52 × 0.5 (Nvidia share) × 29 sites, yields 0.95 (CoWoS) and 0.98
 * (test), 8 GPUs per board.
 */
import { produce, type Draft } from 'immer';
import { loadScenario } from '../../scenarios/loader.js';
import type { Scenario } from '../../scenarios/schema.js';

export function bundled(name: string): Scenario {
  const r = loadScenario(name);
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

/** Total need of toy's customers, GPUs per week. */
export const TOY_NEED = 280;

/** CoWoS sites per week per interposer wafer per month at toy's shares: 12/52 × 0.5 × 1 × 29. */
export const TOY_SITES_PER_WAFER_MONTH = (12 / 52) * 0.5 * 1 * 29;

/** toy's GPUs out per CoWoS site: CoWoS yield × test yield. */
export const TOY_GPUS_PER_SITE = 0.95 * 0.98;

/**
 * toy with CoWoS the only constraint, sized so that it turns out `ratio` × TOY_NEED GPUs a week:
 * fab, HBM, test, board and ship capacities far above what CoWoS can use, and enough dies and HBM on
 * hand that CoWoS runs from week 0.
 */
export function toyCapacity(ratio: number, horizonWeeks: number, recipe?: (d: Draft<Scenario>) => void): Scenario {
  return produce(bundled('toy'), (d) => {
    d.horizonWeeks = horizonWeeks;
    d.initial.dieBank = 3000;
    d.initial.hbmStacks = 20000;
    d.fab.capacityWafersPerWeek = 200;
    d.hbm.suppliers[0]!.capacityStacksPerWeek = 8000;
    d.cowos.interposerWafersPerMonth = (ratio * TOY_NEED) / (TOY_SITES_PER_WAFER_MONTH * TOY_GPUS_PER_SITE);
    d.test.capacityPerWeek = 5000;
    d.board.capacityPerWeek = 1000;
    d.ship.capacityPerWeek = 1000;
    recipe?.(d);
  });
}

/** A need schedule alternating mean·(1 ± amp) every half period (step), starting high when phase is 0. */
export function squareWave(mean: number, amp: number, period: number, phase: 0 | 1, horizonWeeks: number) {
  const points: { week: number; value: number }[] = [];
  for (let k = 0; k * (period / 2) <= horizonWeeks; k++) {
    points.push({ week: k * (period / 2), value: mean * (1 + ((k + phase) % 2 === 0 ? amp : -amp)) });
  }
  return { interpolation: 'step' as const, points };
}

export const INFLATE = { behaviour: 'inflate', maxInflation: 3, lookbackWeeks: 4, cancelBelowLeadTimeWeeks: 8 } as const;
