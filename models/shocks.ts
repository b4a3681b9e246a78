/** Dated shocks in force: capacity outages and yield excursions (scenario.events). */
import type { ModelContext, World } from './context.js';
import type { ModelState } from './state.js';
import { capacitySlice, nominalCapacity, stageAt } from './stages.js';

/** Product of the factors of active shocks of `type` on `stage`. */
export function shockFactor(
  ctx: ModelContext,
  state: ModelState,
  stage: string,
  type: 'outage' | 'yieldExcursion',
): number {
  let factor = 1;
  for (const index of state.activeShocks) {
    const shock = ctx.scenario.events[index]!;
    if (shock.type === 'outage' && type === 'outage' && shock.stage === stage) factor *= shock.capacityFactor;
    if (shock.type === 'yieldExcursion' && type === 'yieldExcursion' && shock.stage === stage)
      factor *= shock.yieldFactor;
  }
  return factor;
}

/**
 * An outage that starts or ends during a week changes the capacity rate at once. CoWoS opens its
 * capacity shift by shift, so the new rate applies from its next shift. Other stages get the
 * change for the rest of the week: their budget and released capacity move by it (a budget already
 * overspent stays at 0, and what was started counts as released). At a week boundary, and before
 * the first week opens, there is nothing to do: opening the week applies it.
 */
export function refreshCapacity(ctx: ModelContext, sim: World, index: number): void {
  const shock = ctx.scenario.events[index]!;
  if (shock.type !== 'outage') return;
  const state = sim.state;
  const stage = stageAt(state.stages, shock.stage)!;
  if (stage.capacity === null || sim.now >= state.week + 1) return;
  const nominal = nominalCapacity(ctx.scenario, stage.id, state.week, state.cowosAddedWafersPerMonth, state.hbmPlans);
  if (nominal === null) return;
  const rate = nominal * shockFactor(ctx, state, stage.id, 'outage');
  if (capacitySlice(stage.id) === 1) {
    const delta = (rate - stage.capacity) * (state.week + 1 - sim.now);
    stage.budget += delta;
    stage.released += delta;
    if (stage.budget < 0) {
      stage.released -= stage.budget;
      stage.budget = 0;
    }
  }
  stage.capacity = rate;
}
