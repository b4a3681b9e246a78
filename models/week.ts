/** The weekly clock: opening a week's capacity budgets and closing its record. */
import type { ModelContext } from './context.js';
import type { ModelState, WeekRecord } from './state.js';
import { total } from './cohorts.js';
import { capacitySlice, closeWeek } from './stages.js';
import { shockFactor } from './shocks.js';

export function startWeek(ctx: ModelContext, state: ModelState, week: number): void {
  state.week = week;
  state.allocatedThisWeek = 0;
  state.cowosLimit = 'idle';
  for (let k = 0; k < ctx.stageIds.length; k++) {
    const id = ctx.stageIds[k]!;
    const stage = state.stages[id]!;
    const nominal = ctx.stageCapacity[k]!(week, state.cowosAddedWafersPerMonth, state.hbmPlans);
    stage.capacity = nominal === null ? null : nominal * shockFactor(ctx, state, id, 'outage');
    // Starts are whole units: the fraction of a unit a week's capacity leaves over carries to the next week.
    const carry = stage.budget > 0 && stage.budget < Number.MAX_SAFE_INTEGER ? stage.budget % 1 : 0;
    stage.released = stage.capacity === null ? 0 : stage.capacity * capacitySlice(id);
    stage.budget = stage.capacity === null ? Number.MAX_SAFE_INTEGER : stage.released + carry;
    stage.startedThisWeek = 0;
  }
}

/** Closes week `week`: its utilisation, WIP, banks and demand go into state.history. */
export function recordWeek(ctx: ModelContext, state: ModelState, week: number): void {
  const perBoard = ctx.gpusPerBoard;
  const utilization: Record<string, number> = {};
  const wip: Record<string, number> = {};
  for (const id of ctx.stageIds) {
    const stage = state.stages[id]!;
    utilization[id] = closeWeek(stage);
    wip[id] = stage.wip;
  }
  const deliveredCumulative: Record<string, number> = {};
  let orders = 0;
  let need = 0;
  let backlog = 0;
  // Floating-point sums run in id order, so they do not depend on the order customers are listed in.
  for (const i of ctx.byId) {
    const c = state.customers[i]!;
    deliveredCumulative[c.id] = c.receivedBoards * perBoard;
    orders += c.weeklyOrders[week] ?? 0;
    need += c.weeklyNeed[week] ?? 0;
    backlog += (c.orderedBoards - c.receivedBoards - c.cancelledBoards) * perBoard;
  }
  const record: WeekRecord = {
    utilization,
    wip,
    dieBank: total(state.dieBank),
    hbmBank: state.hbmBank,
    finishedBoards: total(state.finishedBoards),
    cowosLimit: state.cowosLimit,
    orders,
    need,
    backlog,
    allocatedBoards: state.allocatedThisWeek,
    quotedLeadWeeks: state.quotedLeadWeeks,
    deliveredCumulative,
  };
  state.history.push(record);
}
