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

/**
 * An outage that starts or ends during a week changes what is left of that week's capacity at
 * once (by the change in capacity, so a fraction carried from earlier weeks is kept). At a week
 * boundary, and before the first week opens, there is nothing to do: opening the week applies it.
 */
export function refreshCapacity(ctx: ModelContext, sim: World, index: number): void {
  const shock = ctx.scenario.events[index]!;
  if (shock.type !== 'outage') return;
  const state = sim.state;
  const stage = state.stages[shock.stage]!;
  if (stage.capacity === null || sim.now >= state.week + 1) return;
  const nominal = nominalCapacity(ctx.scenario, stage.id, state.week);
  if (nominal === null) return;
  const capacity = nominal * shockFactor(ctx, state, stage.id, 'outage');
  stage.budget = Math.max(0, stage.budget + capacity - stage.capacity);
  stage.capacity = Math.max(capacity, stage.startedThisWeek);
}
