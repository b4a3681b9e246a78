/** Dated shocks in force: capacity outages and yield excursions (scenario.events). */
import type { ModelContext, World } from './context.js';
import type { ModelState } from './state.js';
import { nominalCapacity } from './stages.js';

/** Product of the factors of active shocks of `type` on `stage`. */
export function shockFactor(ctx: ModelContext, state: ModelState, stage: string, type: 'outage' | 'yieldExcursion'): number {
  let factor = 1;
  for (const index of state.activeShocks) {
    const shock = ctx.scenario.events[index]!;
    if (shock.type === 'outage' && type === 'outage' && shock.stage === stage) factor *= shock.capacityFactor;
    if (shock.type === 'yieldExcursion' && type === 'yieldExcursion' && shock.stage === stage) factor *= shock.yieldFactor;
  }
  return factor;
}

/** An outage takes effect at once: this week's remaining budget is rescaled. */
export function refreshCapacity(ctx: ModelContext, sim: World, index: number): void {
  const shock = ctx.scenario.events[index]!;
  if (shock.type !== 'outage') return;
  const state = sim.state;
  const stage = state.stages[shock.stage]!;
  const nominal = nominalCapacity(ctx.scenario, stage.id, state.week);
  if (nominal === null) return;
  const capacity = nominal * shockFactor(ctx, state, stage.id, 'outage');
  stage.budget = Math.max(0, capacity - stage.startedThisWeek);
  stage.capacity = Math.max(capacity, stage.startedThisWeek);
}
