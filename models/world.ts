/**
 * Builds a runnable world from a scenario: the initial state, the table of event handlers and the
 * first events. Each handler delegates to the module that owns that part of the chain.
 *
 * Granularity: wafers move in lots (25 wafers, each lot its own cycle time and binomial die yield);
 * HBM in one batch per supplier per week; CoWoS in daily shifts (a seventh of the week's capacity
 * each); test, board and ship in batches started whenever input and that week's capacity allow.
 * Weekly decisions (planning, orders, allocation) are the natural clock of this chain, and
 * lot-level variability is what makes its lead times.
 */
import { Simulation, type Handlers } from '../sim/index.js';
import type { Scenario } from '../scenarios/schema.js';
import type { PolicyDefinition } from './policies/types.js';
import type { ModelEvent } from './events.js';
import { PRIORITY, newEvent } from './events.js';
import type { ModelState } from './state.js';
import { createContext, type ModelContext, type World } from './context.js';
import { fillDownstream, fillPipeline, initialState } from './initial-state.js';
import { recordWeek, startWeek } from './week.js';
import { refreshCapacity } from './shocks.js';
import { allocate } from './allocation.js';
import { applyExportControl, demand } from './demand.js';
import * as production from './production.js';
import { cowosToolsArrive, hbmToolsArrive, reviewCowosCapacity, reviewHbmCapacity } from './capacity-planning.js';

export type { World, ModelContext } from './context.js';
export { createContext, customerTier } from './context.js';
export { recordWeek } from './week.js';

export interface WorldOptions {
  policy: PolicyDefinition;
  seed: number;
}

export function createHandlers(ctx: ModelContext): Handlers<ModelEvent, ModelState> {
  const horizon = ctx.scenario.horizonWeeks;
  return {
    plan(_event, sim) {
      const week = Math.round(sim.now);
      if (week > 0) recordWeek(ctx, sim.state, week - 1);
      startWeek(ctx, sim.state, week);
      reviewCowosCapacity(ctx, sim, week);
      reviewHbmCapacity(ctx, sim, week);
      production.planWafers(ctx, sim, week);
      production.planHbm(ctx, sim, week);
      production.pumpAll(ctx, sim);
      production.scheduleCowosShifts(sim, week, horizon);
      if (week + 1 < horizon) sim.schedule(newEvent.plan(), 1, PRIORITY.plan);
    },
    cowosShift: (_event, sim) => production.openCowosShift(ctx, sim),
    demand(_event, sim) {
      demand(ctx, sim);
      if (sim.state.week + 1 < horizon) sim.schedule(newEvent.demand(), 1, PRIORITY.demand);
    },
    allocate(_event, sim) {
      allocate(ctx, sim);
      const next = sim.now + ctx.scenario.allocation.epochWeeks;
      if (next < horizon) sim.scheduleAt(newEvent.allocate(), next, PRIORITY.allocate);
    },
    lotDone: (event, sim) => production.lotDone(ctx, event, sim),
    sortDone: (event, sim) => production.sortDone(ctx, event, sim),
    hbmDone: (event, sim) => production.hbmDone(ctx, event, sim),
    cowosDone: (event, sim) => production.cowosDone(ctx, event, sim),
    testDone: (event, sim) => production.testDone(ctx, event, sim),
    boardDone: (event, sim) => production.boardDone(ctx, event, sim),
    shipDone: (event, sim) => production.shipDone(ctx, event, sim),
    shockStart(event, sim) {
      sim.state.activeShocks.push(event.index);
      refreshCapacity(ctx, sim, event.index);
    },
    shockEnd(event, sim) {
      sim.state.activeShocks = sim.state.activeShocks.filter((i) => i !== event.index);
      refreshCapacity(ctx, sim, event.index);
    },
    cowosToolsArrive: (event, sim) => cowosToolsArrive(sim, event.wafersPerMonth),
    hbmToolsArrive: (event, sim) => hbmToolsArrive(sim, event.supplier, event.stacksPerWeek),
    exportControl(event, sim) {
      const shock = ctx.scenario.events[event.index]!;
      if (shock.type === 'exportControl') applyExportControl(ctx, sim, shock.regions);
    },
  };
}

/** A world ready to run: state at week 0 and the first events scheduled. */
export function createWorld(scenario: Scenario, options: WorldOptions): { world: World; ctx: ModelContext } {
  const ctx = createContext(scenario, options.policy);
  const world: World = new Simulation<ModelEvent, ModelState>({
    handlers: createHandlers(ctx),
    state: initialState(ctx),
    seed: options.seed,
  });
  scenario.events.forEach((shock, index) => {
    if (shock.type === 'exportControl') {
      if (shock.week < scenario.horizonWeeks)
        world.scheduleAt(newEvent.exportControl(index), shock.week, PRIORITY.shock);
      return;
    }
    if (shock.fromWeek >= scenario.horizonWeeks) return;
    world.scheduleAt(newEvent.shockStart(index), shock.fromWeek, PRIORITY.shock);
    if (shock.toWeek < scenario.horizonWeeks) world.scheduleAt(newEvent.shockEnd(index), shock.toWeek, PRIORITY.shock);
  });
  fillPipeline(world, ctx);
  fillDownstream(world, ctx);
  world.scheduleAt(newEvent.plan(), 0, PRIORITY.plan);
  world.scheduleAt(newEvent.demand(), 0, PRIORITY.demand);
  world.scheduleAt(newEvent.allocate(), 0, PRIORITY.allocate);
  return { world, ctx };
}
