/**
 * Responsive CoWoS capacity (`cowos.capacityPlanning: "responsive"`): on top of the scheduled path,
 * TSMC orders capacity in steps when its own quoted lead time says demand is far ahead of supply,
 * as it revised CoWoS plans upward through 2023–24 (DOMAIN.md A2, E6). A step's tools run after a
 * tool lead time (A2: 3–6 months); at most `maxStepsPerQuarter` steps are ordered per 13 weeks. So
 * a policy that inflates the order book (Cachon & Lariviere) makes the supplier build more.
 */
import type { ModelContext, World } from './context.js';
import type { ModelState } from './state.js';
import { PRIORITY } from './events.js';
import { sampleDuration, valueAt } from './schedule.js';

const QUARTER_WEEKS = 13;

/** Interposer wafers/month the planners count on: running and on order. */
export function plannedCowosAdded(state: ModelState): number {
  return state.cowosAddedWafersPerMonth + state.cowosPendingWafersPerMonth;
}

/**
 * Weekly review: the quote (open orders ÷ recent allocation rate), scaled by the capacity running
 * over the capacity running and on order, is what the order book will still say once the tools on
 * order run; at or above the trigger a step is ordered, within the quarter's cap.
 */
export function reviewCowosCapacity(ctx: ModelContext, sim: World, week: number): void {
  const c = ctx.scenario.cowos;
  if (c.capacityPlanning !== 'responsive') return;
  const r = c.responsive;
  const state = sim.state;
  const quarter = Math.floor(week / QUARTER_WEEKS);
  if (quarter !== state.cowosStepQuarter) {
    state.cowosStepQuarter = quarter;
    state.cowosStepsInQuarter = 0;
  }
  if (state.cowosStepsInQuarter >= r.maxStepsPerQuarter || r.stepWafersPerMonth <= 0) return;
  const running = valueAt(c.interposerWafersPerMonth, week) + state.cowosAddedWafersPerMonth;
  const planned = running + state.cowosPendingWafersPerMonth;
  const outlook = planned > 0 ? (state.quotedLeadWeeks * running) / planned : state.quotedLeadWeeks;
  if (outlook < r.triggerLeadTimeWeeks) return;
  state.cowosStepsInQuarter += 1;
  state.cowosPendingWafersPerMonth += r.stepWafersPerMonth;
  const delay = sampleDuration(r.toolLeadTimeWeeks, sim.rng.stream('leadTime/cowosTools'));
  sim.schedule({ type: 'cowosToolsArrive', wafersPerMonth: r.stepWafersPerMonth }, delay, PRIORITY.completion);
}

/** A step's tools run: the capacity counts from the next week opened. */
export function cowosToolsArrive(sim: World, wafersPerMonth: number): void {
  sim.state.cowosPendingWafersPerMonth -= wafersPerMonth;
  sim.state.cowosAddedWafersPerMonth += wafersPerMonth;
}
