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
import { valueAt } from '../../models/schedule.js';

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

export const INFLATE = {
  behaviour: 'inflate',
  maxInflation: 3,
  lookbackWeeks: 4,
  cancelBelowLeadTimeWeeks: 8,
} as const;

/** A sales-push setting on toy: demand in waves, push buyers, turn-and-earn's window, make to stock or order. */
export interface SalesPushSetting {
  /** CoWoS output ÷ mean need. */
  ratio: number;
  horizonWeeks: number;
  /** Weeks of one high + low cycle of need; bigcloud and neocloud in phase, startup against them. */
  periodWeeks: number;
  /** Need swings ±amp around its mean. */
  amp: number;
  noiseCv: number;
  patienceWeeks: number;
  lookbackWeeks: number;
  maxPush: number;
  priceElasticity: number;
  buildTo: 'plan' | 'orders';
  windowWeeks: number;
  epochWeeks: number;
}

/** toy with CoWoS the only constraint (toyCapacity), every buyer a push buyer, no initial backlog. */
export function salesPushToy(s: SalesPushSetting): Scenario {
  const H = s.horizonWeeks;
  return toyCapacity(s.ratio, H, (d) => {
    d.product.productionCostUsd = 3320;
    d.cowos.buildTo = s.buildTo;
    d.allocation.turnAndEarnWindowWeeks = s.windowWeeks;
    d.allocation.epochWeeks = s.epochWeeks;
    const phases = [0, 0, 1] as const;
    d.customers.forEach((c, i) => {
      c.needGpusPerWeek = squareWave(valueAt(c.needGpusPerWeek, 0), s.amp, s.periodWeeks, phases[i] ?? 0, H);
      c.initialBacklogGpus = 0;
      c.needNoiseCv = s.noiseCv;
      c.ordering = {
        behaviour: 'push',
        patienceWeeks: s.patienceWeeks,
        lookbackWeeks: s.lookbackWeeks,
        maxPush: s.maxPush,
        priceElasticity: s.priceElasticity,
      };
    });
  });
}

/**
 * The turn-and-earn setting of test/theory/turn-and-earn.test.ts (Cachon & Lariviere 1999): 32-week
 * demand cycles ±80 %, orders lapsing after 8 weeks, make to order, turn-and-earn counting the last
 * 16 weeks (one period), unit price elasticity; the ratio is the test's to sweep.
 */
export const TURN_AND_EARN_SETTING: SalesPushSetting = {
  ratio: 0.9,
  horizonWeeks: 128,
  periodWeeks: 32,
  amp: 0.8,
  noiseCv: 0.3,
  patienceWeeks: 8,
  lookbackWeeks: 32,
  maxPush: 1,
  priceElasticity: 1,
  buildTo: 'orders',
  windowWeeks: 16,
  epochWeeks: 1,
};

/** A setting for resaleToy: capacity against need, a demand wave, and each buyer's ordering. */
export interface ResaleSetting {
  ratio: number;
  horizonWeeks: number;
  periodWeeks: number;
  amp: number;
  noiseCv: number;
  orderings: Record<string, unknown>[];
  resale: { priceMultipleMin: number; priceMultipleMax: number; keepCoverWeeks: number; needLookbackWeeks: number };
  policy: string;
}

/**
 * toy with a secondary market: CoWoS sized to `ratio` × the mean need, need in waves (so lead times
 * rise and fall: hoarders build cover and then release it), each buyer ordering as its setting says.
 */
export function resaleToy(s: ResaleSetting): Scenario {
  return toyCapacity(s.ratio, s.horizonWeeks, (d) => {
    d.allocation.policy = s.policy;
    d.market = { resale: { ...s.resale } };
    d.customers.forEach((c, i) => {
      const mean = valueAt(c.needGpusPerWeek, 0);
      c.needGpusPerWeek = squareWave(mean, s.amp, s.periodWeeks, (i % 2) as 0 | 1, s.horizonWeeks);
      c.needNoiseCv = s.noiseCv;
      c.ordering = s.orderings[i % s.orderings.length] as Draft<Scenario>['customers'][number]['ordering'];
    });
  });
}
