/**
 * Responsive capacity (`capacityPlanning: "responsive"` on CoWoS and on each HBM supplier): on top
 * of the scheduled path, the supplier orders capacity in steps when its quoted lead time says demand
 * is far ahead of supply, as TSMC revised CoWoS plans upward through 2023–24 (DOMAIN.md A2, E6) and
 * HBM makers added TSV capacity (A3). A step runs after a tool lead time (CoWoS 3–6 months, A2; HBM
 * 18–24 months, A3); at most `maxStepsPerQuarter` steps are ordered per 13 weeks. So a policy that
 * inflates the order book (Cachon & Lariviere) makes the supplier build more.
 */
import type { Duration } from '../scenarios/schema.js';
import type { ModelContext, World } from './context.js';
import type { ModelState, StepBook } from './state.js';
import { PRIORITY, newEvent } from './events.js';
import { sampleDuration, valueAt } from './schedule.js';

const QUARTER_WEEKS = 13;

interface StepSettings {
  triggerLeadTimeWeeks: number;
  maxStepsPerQuarter: number;
  toolLeadTimeWeeks: Duration;
}

/** Interposer wafers/month the planners count on: running and on order. */
export function plannedCowosAdded(state: ModelState): number {
  return state.cowosAddedWafersPerMonth + state.cowosPendingWafersPerMonth;
}

/**
 * One review of one supplier: the quote (open orders ÷ recent allocation rate), scaled by the
 * capacity running over the capacity running and on order, is what the order book will still say
 * once the capacity on order runs; at or above the trigger a step is ordered (counted as pending),
 * within the quarter's cap. Returns whether a step was ordered.
 */
function orderStep(
  book: StepBook,
  settings: StepSettings,
  step: number,
  scheduled: number,
  quote: number,
  week: number,
): boolean {
  const quarter = Math.floor(week / QUARTER_WEEKS);
  if (quarter !== book.stepQuarter) {
    book.stepQuarter = quarter;
    book.stepsInQuarter = 0;
  }
  if (book.stepsInQuarter >= settings.maxStepsPerQuarter || step <= 0) return false;
  const running = scheduled + book.added;
  const planned = running + book.pending;
  const outlook = planned > 0 ? (quote * running) / planned : quote;
  if (outlook < settings.triggerLeadTimeWeeks) return false;
  book.stepsInQuarter += 1;
  book.pending += step;
  return true;
}

/** Weekly review of responsive CoWoS capacity. */
export function reviewCowosCapacity(ctx: ModelContext, sim: World, week: number): void {
  const c = ctx.scenario.cowos;
  if (c.capacityPlanning !== 'responsive') return;
  const r = c.responsive;
  const state = sim.state;
  const book: StepBook = {
    added: state.cowosAddedWafersPerMonth,
    pending: state.cowosPendingWafersPerMonth,
    stepQuarter: state.cowosStepQuarter,
    stepsInQuarter: state.cowosStepsInQuarter,
  };
  const scheduled = valueAt(c.interposerWafersPerMonth, week);
  const ordered = orderStep(book, r, r.stepWafersPerMonth, scheduled, state.quotedLeadWeeks, week);
  state.cowosPendingWafersPerMonth = book.pending;
  state.cowosStepQuarter = book.stepQuarter;
  state.cowosStepsInQuarter = book.stepsInQuarter;
  if (!ordered) return;
  const delay = sampleDuration(r.toolLeadTimeWeeks, sim.rng.stream('leadTime/cowosTools'));
  sim.schedule(newEvent.cowosToolsArrive(r.stepWafersPerMonth), delay, PRIORITY.completion);
}

/** A step's tools run: the capacity counts from the next week opened. */
export function cowosToolsArrive(sim: World, wafersPerMonth: number): void {
  sim.state.cowosPendingWafersPerMonth -= wafersPerMonth;
  sim.state.cowosAddedWafersPerMonth += wafersPerMonth;
}

/**
 * Weekly review of each responsive HBM supplier, on the same quote. A supplier not yet qualified
 * for the product orders nothing (its stacks cannot be sold to it).
 */
export function reviewHbmCapacity(ctx: ModelContext, sim: World, week: number): void {
  const state = sim.state;
  ctx.scenario.hbm.suppliers.forEach((s, i) => {
    if (s.capacityPlanning !== 'responsive') return;
    if (s.qualifiedFromWeek === null || week < s.qualifiedFromWeek) return;
    const r = s.responsive;
    const scheduled = valueAt(s.capacityStacksPerWeek, week);
    if (!orderStep(state.hbmPlans[i]!, r, r.stepStacksPerWeek, scheduled, state.quotedLeadWeeks, week)) return;
    const delay = sampleDuration(r.toolLeadTimeWeeks, sim.rng.stream(`leadTime/hbmTools/${s.id}`));
    sim.schedule(newEvent.hbmToolsArrive(i, r.stepStacksPerWeek), delay, PRIORITY.completion);
  });
}

/** An HBM step runs: the supplier's capacity counts it from the next week opened. */
export function hbmToolsArrive(sim: World, supplier: number, stacksPerWeek: number): void {
  const book = sim.state.hbmPlans[supplier]!;
  book.pending -= stacksPerWeek;
  book.added += stacksPerWeek;
}
