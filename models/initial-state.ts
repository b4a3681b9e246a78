/** The state at week 0: empty stages, the initial inventories and backlog, and work in process. */
import type { ModelContext, World } from './context.js';
import { customerTier } from './context.js';
import { PRIORITY } from './events.js';
import type { CustomerState, ModelState, OrderLine, StageState } from './state.js';
import * as ledger from './ledger.js';
import { meanDuration } from './schedule.js';
import { newStage, nominalCapacity, stageName } from './stages.js';

export function initialState(ctx: ModelContext): ModelState {
  const { scenario } = ctx;
  const stages: Record<string, StageState> = {};
  for (const id of ctx.stageIds) stages[id] = newStage(id, stageName(scenario, id));
  const units = ledger.emptyLedger();
  const horizon = scenario.horizonWeeks;
  const customers: CustomerState[] = ctx.direct.map((spec) => {
    const boards = Math.round(spec.initialBacklogGpus / ctx.gpusPerBoard);
    const lines: OrderLine[] = boards > 0 ? [{ week: ctx.initialBacklogWeek, boards }] : [];
    return {
      id: spec.id,
      tier: customerTier(spec, scenario.startDate),
      blocked: false,
      lines,
      openBoards: boards,
      orderedBoards: boards,
      orderedInRunBoards: 0,
      allocatedBoards: 0,
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
      waitSum: 0,
      waitHist: [],
    };
  });
  const dieBank = scenario.initial.dieBank;
  ledger.create(units, 'die', dieBank, 'inventory');
  ledger.create(units, 'hbmStack', scenario.initial.hbmStacks, 'inventory');
  return {
    week: 0,
    ledger: units,
    stages,
    dieBank: dieBank > 0 ? [{ qty: dieBank, born: -ctx.fabLeadWeeks }] : [],
    hbmBank: scenario.initial.hbmStacks,
    gpuPool: [],
    finishedBoards: [],
    shipQueue: [],
    customers,
    endUsers: ctx.endUsers.map((e) => ({ id: e.id, via: e.via!, needGpus: 0 })),
    activeShocks: [],
    blockedRegions: [],
    cowosLimit: 'idle',
    allocatedThisWeek: 0,
    recentAllocations: [],
    quotedLeadWeeks: 0,
    lastAllocation: null,
    cycleHist: [],
    deliveredByOrderWeek: new Array<number>(horizon).fill(0),
    waitSumByOrderWeek: new Array<number>(horizon).fill(0),
    history: [],
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
  const fab = state.stages.fab!;
  for (let i = 0; i < lots; i++) {
    const wafers = scenario.fab.lotSize;
    const at = ((i + 0.5) / lots) * fabCycle;
    ledger.create(state.ledger, 'wafer', wafers, 'wip');
    fab.started += wafers;
    fab.wip += wafers;
    world.scheduleAt({ type: 'lotDone', wafers, born: at - fabCycle }, at, PRIORITY.completion);
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
      world.scheduleAt({ type: 'hbmDone', supplier: i, stacks: batch, started: 0 }, k + 0.5, PRIORITY.completion);
    }
  });
}
