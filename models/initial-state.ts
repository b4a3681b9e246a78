/** The state at week 0: empty stages, the initial inventories and backlog, and work in process. */
import type { ModelContext, World } from './context.js';
import { customerTier } from './context.js';
import { PRIORITY, newEvent } from './events.js';
import type { CustomerState, ModelState, OrderLine } from './state.js';
import * as ledger from './ledger.js';
import { meanDuration } from './schedule.js';
import { COWOS_SHIFTS_PER_WEEK, newStages, nominalCapacity, stageAt } from './stages.js';

export function initialState(ctx: ModelContext): ModelState {
  const { scenario } = ctx;
  const stages = newStages(scenario);
  const units = ledger.emptyLedger();
  const horizon = scenario.horizonWeeks;
  const shipping = boardsShippingAtStart(ctx);
  const customers: CustomerState[] = ctx.direct.map((spec, i) => {
    const boards = backlogBoards(ctx, i) - shipping[i]!;
    const lines: OrderLine[] = boards > 0 ? [{ week: ctx.initialBacklogWeek, boards }] : [];
    return {
      id: spec.id,
      tier: customerTier(spec, scenario.startDate),
      blocked: false,
      lines,
      openBoards: boards,
      orderedBoards: boards + shipping[i]!,
      orderedInRunBoards: 0,
      allocatedBoards: shipping[i]!,
      receivedBoards: 0,
      cancelledBoards: 0,
      needGpus: 0,
      orderableNeedGpus: 0,
      orderCarry: 0,
      defectCarry: 0,
      lostGpus: 0,
      weeklyNeed: new Array<number>(horizon).fill(0),
      weeklyOrders: new Array<number>(horizon).fill(0),
      weeklyReceived: new Array<number>(horizon).fill(0),
      weeklyPushReceived: new Array<number>(horizon).fill(0),
      pushCarry: 0,
      pushOrderedGpus: 0,
      pushReceivedGpus: 0,
      pushLapsedGpus: 0,
      pushShareGpus: 0,
      rationedLastEpoch: true,
      rationedShare: 0,
      earnedPerSale: 0,
      unservedRunWeeks: 0,
      substitutedGpus: 0,
      substituteCarry: spec.alternatives.map(() => 0),
      longestUnservedWeeks: 0,
      soldBoards: 0,
      boughtBoards: 0,
      weeklyResold: new Array<number>(horizon).fill(0),
      waitSum: 0,
      waitHist: [],
    };
  });
  const dieBank = scenario.initial.dieBank;
  ledger.create(units, 'die', dieBank, 'inventory');
  ledger.create(units, 'hbmStack', scenario.initial.hbmStacks, 'inventory');
  const finished = scenario.initial.finishedBoards;
  ledger.create(units, 'board', finished, 'inventory');
  ledger.create(units, 'gpu', finished * ctx.gpusPerBoard, 'inventory');
  return {
    week: 0,
    ledger: units,
    stages,
    dieBank: dieBank > 0 ? [{ qty: dieBank, born: -ctx.fabLeadWeeks }] : [],
    hbmBank: scenario.initial.hbmStacks,
    gpuPool: [],
    finishedBoards: finished > 0 ? [{ qty: finished, born: -ctx.fabLeadWeeks - ctx.buildLeadWeeks }] : [],
    shipQueue: [],
    customers,
    endUsers: ctx.endUsers.map((e) => ({ id: e.id, via: e.via!, needGpus: 0 })),
    activeShocks: [],
    blockedRegions: [],
    cowosLimit: 'idle',
    allocatedThisWeek: 0,
    recentAllocations: [],
    cowosAddedWafersPerMonth: 0,
    cowosPendingWafersPerMonth: 0,
    cowosStepQuarter: -1,
    cowosStepsInQuarter: 0,
    hbmPlans: scenario.hbm.suppliers.map(() => ({ added: 0, pending: 0, stepQuarter: -1, stepsInQuarter: 0 })),
    quotedLeadWeeks: 0,
    peakQuotedLeadWeeks: 0,
    lastAllocation: null,
    cycleHist: [],
    deliveredByOrderWeek: new Array<number>(horizon).fill(0),
    waitSumByOrderWeek: new Array<number>(horizon).fill(0),
    history: [],
    resalePriceUsd: new Array<number | null>(horizon).fill(null),
    resoldBoards: new Array<number>(horizon).fill(0),
  };
}

/**
 * Work already in process at week 0: wafer lots finishing evenly over one mean fab cycle, HBM
 * stacks finishing in weekly batches over one mean HBM lead time (split across the suppliers
 * qualified at week 0 by their capacity). Without it the chain would start empty, which 2023 did not.
 */
export function fillPipeline(world: World, ctx: ModelContext): void {
  const { scenario } = ctx;
  const state = world.state;
  const lots = scenario.initial.waferLotsInProcess;
  const fabCycle = meanDuration(scenario.fab.cycleTimeWeeks);
  const fab = state.stages.fab;
  for (let i = 0; i < lots; i++) {
    const wafers = scenario.fab.lotSize;
    const at = ((i + 0.5) / lots) * fabCycle;
    ledger.create(state.ledger, 'wafer', wafers, 'wip');
    fab.started += wafers;
    fab.wip += wafers;
    world.scheduleAt(newEvent.lotDone(wafers, at - fabCycle), at, PRIORITY.completion);
  }
  const stacks = scenario.initial.hbmStacksInProcess;
  if (stacks <= 0) return;
  const suppliers = scenario.hbm.suppliers;
  const weights = suppliers.map((s) => nominalCapacity(scenario, `hbm:${s.id}`, 0) ?? 0);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const shares = weightSum > 0 ? weights.map((w) => w / weightSum) : suppliers.map((_, i) => (i === 0 ? 1 : 0));
  const weeks = Math.max(1, Math.ceil(ctx.hbmLeadWeeks));
  suppliers.forEach((_, i) => {
    const forSupplier = Math.floor(stacks * shares[i]!);
    const stage = state.stages[ctx.hbmStageIds[i]!]!;
    for (let k = 0; k < weeks; k++) {
      const batch = Math.floor(forSupplier / weeks) + (k < forSupplier % weeks ? 1 : 0);
      if (batch <= 0) continue;
      ledger.create(state.ledger, 'hbmStack', batch, 'wip');
      stage.started += batch;
      stage.wip += batch;
      world.scheduleAt(newEvent.hbmDone(i, batch, 0), k + 0.5, PRIORITY.completion);
    }
  });
}

/** A direct customer's initial backlog in whole boards (orders placed before the start). */
function backlogBoards(ctx: ModelContext, i: number): number {
  return Math.round(ctx.direct[i]!.initialBacklogGpus / ctx.gpusPerBoard);
}

/**
 * Boards already on their way to customers at week 0 (`initial.boardsShipping`), split over the
 * direct customers by their initial backlog (largest remainders, ties by id) and never beyond it:
 * they are the oldest part of that backlog, allocated before the start.
 */
export function boardsShippingAtStart(ctx: ModelContext): number[] {
  const backlog = ctx.direct.map((_, i) => backlogBoards(ctx, i));
  const sum = backlog.reduce((a, b) => a + b, 0);
  const n = Math.min(ctx.scenario.initial.boardsShipping, sum);
  if (n <= 0) return backlog.map(() => 0);
  const exact = backlog.map((b) => (n * b) / sum);
  const out = exact.map(Math.floor);
  let left = n - out.reduce((a, b) => a + b, 0);
  const order = [...ctx.byId].sort((a, b) => exact[b]! - out[b]! - (exact[a]! - out[a]!));
  for (const i of order) {
    if (left <= 0) break;
    if (out[i]! < backlog[i]!) {
      out[i]! += 1;
      left--;
    }
  }
  return out;
}

/** GPUs that exist at week 0 (finished, on boards, in shipping): not produced during the run. */
export function initialGpus(ctx: ModelContext): number {
  const i = ctx.scenario.initial;
  const shipping = boardsShippingAtStart(ctx).reduce((a, b) => a + b, 0);
  return (i.finishedBoards + i.boardsInProcess + shipping) * ctx.gpusPerBoard;
}

/**
 * `count` batches of `total` units finishing at evenly spaced times over one mean `cycle`
 * (the k-th at (k + ½)/count of it), each having started one cycle before it finishes.
 */
function spread(total: number, cycle: number, visit: (qty: number, at: number, started: number) => void): void {
  if (total <= 0) return;
  const batches = Math.max(1, Math.min(total, Math.ceil(Math.max(cycle, 1) * COWOS_SHIFTS_PER_WEEK)));
  for (let k = 0; k < batches; k++) {
    const qty = Math.floor(total / batches) + (k < total % batches ? 1 : 0);
    if (qty <= 0) continue;
    const at = ((k + 0.5) / batches) * cycle;
    visit(qty, at, at - cycle);
  }
}

/**
 * Warm start downstream of the die bank: packages in CoWoS and in test, boards in assembly and
 * boards shipping at week 0 (`initial.*InProcess`, `boardsShipping`), each finishing evenly over
 * its stage's mean cycle time, as a steady 2022 run rate would have left them.
 */
export function fillDownstream(world: World, ctx: ModelContext): void {
  const { scenario } = ctx;
  const state = world.state;
  const init = scenario.initial;
  const perBoard = ctx.gpusPerBoard;
  const bornBefore = (started: number) => started - ctx.fabLeadWeeks;
  const stageWip = (id: string, qty: number) => {
    const stage = stageAt(state.stages, id)!;
    stage.started += qty;
    stage.wip += qty;
  };
  spread(init.cowosPackagesInProcess, meanDuration(scenario.cowos.cycleTimeWeeks), (qty, at, started) => {
    ledger.create(state.ledger, 'package', qty, 'wip');
    stageWip('cowos', qty);
    world.scheduleAt(newEvent.cowosDone(qty, bornBefore(started), started), at, PRIORITY.completion);
  });
  const testCycle = meanDuration(scenario.test.cycleTimeWeeks);
  spread(init.testPackagesInProcess, testCycle, (qty, at, started) => {
    ledger.create(state.ledger, 'package', qty, 'wip');
    stageWip('test', qty);
    const born = bornBefore(started) - meanDuration(scenario.cowos.cycleTimeWeeks);
    world.scheduleAt(newEvent.testDone(qty, born, started), at, PRIORITY.completion);
  });
  const boardCycle = meanDuration(scenario.board.cycleTimeWeeks);
  // A board started at `started` had its wafers started one fab lead and CoWoS + test before (not the board's own time).
  const beforeBoard = ctx.fabLeadWeeks + ctx.buildLeadWeeks - boardCycle;
  spread(init.boardsInProcess, boardCycle, (qty, at, started) => {
    ledger.create(state.ledger, 'gpu', qty * perBoard, 'wip');
    ledger.create(state.ledger, 'board', qty, 'wip');
    stageWip('board', qty);
    world.scheduleAt(newEvent.boardDone(qty, started - beforeBoard, started), at, PRIORITY.completion);
  });
  const shipCycle = meanDuration(scenario.ship.cycleTimeWeeks);
  boardsShippingAtStart(ctx).forEach((boards, customer) => {
    spread(boards, shipCycle, (qty, at, started) => {
      ledger.create(state.ledger, 'gpu', qty * perBoard, 'wip');
      ledger.create(state.ledger, 'board', qty, 'wip');
      stageWip('ship', qty);
      const born = started - ctx.fabLeadWeeks - ctx.buildLeadWeeks;
      const lines = [{ week: ctx.initialBacklogWeek, boards: qty }];
      world.scheduleAt(newEvent.shipDone(customer, qty, born, started, lines), at, PRIORITY.completion);
    });
  });
}
