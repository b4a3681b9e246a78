/**
 * Builds a runnable world from a scenario: the initial state, the event handlers and the first
 * events. Handlers mutate the state only through the ledger and stage helpers.
 *
 * Granularity: wafers move in lots (25 wafers, each lot its own cycle time and binomial die yield);
 * HBM in one batch per supplier per week; CoWoS, test, board and ship in batches started whenever
 * input and that week's capacity allow. Weekly decisions (planning, orders, allocation) are the
 * natural clock of this chain, and lot-level variability is what makes its lead times.
 */
import { Simulation, type Handlers, type Scheduled } from '../sim/index.js';
import type { Scenario, CustomerSpec } from '../scenarios/schema.js';
import type { PolicyDefinition, PolicyCustomer } from './policies/types.js';
import { deriveTier } from './policies/tiers.js';
import type { ModelEvent } from './events.js';
import { PRIORITY } from './events.js';
import type { CustomerState, ModelState, OrderLine, Shipment, StageState, WeekRecord } from './state.js';
import * as ledger from './ledger.js';
import { put, take, total } from './cohorts.js';
import { meanDuration, sampleDuration, valueAt } from './schedule.js';
import {
  closeWeek,
  cowosSitesOver,
  cowosSitesPerWeek,
  finishUnits,
  newStage,
  nominalCapacity,
  stageIds,
  stageName,
  startUnits,
} from './stages.js';
import {
  cancelPhantomOrders,
  defectOverdue,
  orderQuantity,
  placeOrder,
} from './customers/ordering.js';
import { rewardsInflation } from './customers/best-response.js';

export type World = Simulation<ModelEvent, ModelState>;

const YIELD_STREAM: Record<string, string> = { fab: 'yield/fab', cowos: 'yield/cowos', test: 'yield/test' };

/** The quoted lead time averages shipments over this many allocation epochs. */
const QUOTE_WINDOW_EPOCHS = 4;
/** A quote with nothing shipping is reported as this many weeks (an open-ended wait). */
const QUOTE_CAP_WEEKS = 104;

export interface WorldOptions {
  policy: PolicyDefinition;
  seed: number;
}

/** What handlers need besides the state: the scenario and the policy (never in snapshots). */
export interface ModelContext {
  scenario: Scenario;
  policy: PolicyDefinition;
  /** Whether larger orders earn larger allocations under this policy (inflate buyers' best response). */
  rewardsInflation: boolean;
  direct: CustomerSpec[];
  endUsers: CustomerSpec[];
  /** Direct customer indices sorted by id: allocation and shipping work in this order. */
  byId: number[];
  gpusPerBoard: number;
  stageIds: string[];
  hbmStageIds: string[];
  fabLeadWeeks: number;
  hbmLeadWeeks: number;
  /** Order week given to the initial backlog. */
  initialBacklogWeek: number;
  /** Random stream names, built once (one stream per concern: demand, yields, lead times). */
  streams: {
    demandDirect: string[];
    demandEndUser: string[];
    shipLead: string[];
    hbmLead: string[];
  };
}

export function customerTier(spec: CustomerSpec): number {
  return spec.tier ?? deriveTier(spec.attributes);
}

export function createContext(scenario: Scenario, policy: PolicyDefinition): ModelContext {
  const direct = scenario.customers.filter((c) => c.via === undefined);
  const endUsers = scenario.customers.filter((c) => c.via !== undefined);
  const byId = direct.map((_, i) => i).sort((a, b) => (direct[a]!.id < direct[b]!.id ? -1 : 1));
  const suppliers = scenario.hbm.suppliers;
  const capWeights = suppliers.map((s) => valueAt(s.capacityStacksPerWeek, 0) || 1);
  const hbmLead =
    suppliers.reduce((sum, s, i) => sum + meanDuration(s.leadTimeWeeks) * capWeights[i]!, 0) /
    capWeights.reduce((a, b) => a + b, 0);
  return {
    scenario,
    policy,
    rewardsInflation: rewardsInflation(policy),
    direct,
    endUsers,
    byId,
    gpusPerBoard: scenario.product.gpusPerBoard,
    stageIds: stageIds(scenario),
    hbmStageIds: suppliers.map((s) => `hbm:${s.id}`),
    fabLeadWeeks: meanDuration(scenario.fab.cycleTimeWeeks) + meanDuration(scenario.sort.cycleTimeWeeks),
    hbmLeadWeeks: hbmLead,
    initialBacklogWeek: -scenario.initial.backlogAgeWeeks,
    streams: {
      demandDirect: direct.map((c) => `demand/${c.id}`),
      demandEndUser: endUsers.map((c) => `demand/${c.id}`),
      shipLead: direct.map((c) => `leadTime/ship/${c.id}`),
      hbmLead: suppliers.map((s) => `leadTime/hbm:${s.id}`),
    },
  };
}

function initialState(ctx: ModelContext): ModelState {
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
      tier: customerTier(spec),
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

/** Product of the factors of active shocks of `type` on `stage`. */
function shockFactor(ctx: ModelContext, state: ModelState, stage: string, type: 'outage' | 'yieldExcursion'): number {
  let factor = 1;
  for (const index of state.activeShocks) {
    const shock = ctx.scenario.events[index]!;
    if (shock.type === 'outage' && type === 'outage' && shock.stage === stage) factor *= shock.capacityFactor;
    if (shock.type === 'yieldExcursion' && type === 'yieldExcursion' && shock.stage === stage) factor *= shock.yieldFactor;
  }
  return factor;
}

function addToHist(hist: number[], weeks: number, n: number): void {
  const bucket = Math.max(0, Math.floor(weeks));
  while (hist.length <= bucket) hist.push(0);
  hist[bucket]! += n;
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
  for (const c of state.customers) {
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

export function createHandlers(ctx: ModelContext): Handlers<ModelEvent, ModelState> {
  const { scenario } = ctx;
  const perBoard = ctx.gpusPerBoard;
  const horizon = scenario.horizonWeeks;
  const spp = scenario.hbm.stacksPerPackage;

  function startWeek(state: ModelState, week: number): void {
    state.week = week;
    state.allocatedThisWeek = 0;
    state.cowosLimit = 'idle';
    for (const id of ctx.stageIds) {
      const stage = state.stages[id]!;
      const nominal = nominalCapacity(scenario, id, week);
      stage.capacity = nominal === null ? null : nominal * shockFactor(ctx, state, id, 'outage');
      // Starts are whole units: the fraction of a unit a week's capacity leaves over carries to the next week.
      const carry = stage.budget > 0 && stage.budget < Number.MAX_SAFE_INTEGER ? stage.budget % 1 : 0;
      stage.budget = stage.capacity === null ? Number.MAX_SAFE_INTEGER : stage.capacity + carry;
      stage.startedThisWeek = 0;
    }
  }

  function planWafers(sim: World, week: number): void {
    const state = sim.state;
    const fab = state.stages.fab!;
    const f = scenario.fab;
    const goodPerWafer = f.grossDiesPerWafer * f.dieYield;
    if (goodPerWafer <= 0) return;
    const lead = ctx.fabLeadWeeks;
    const target = cowosSitesOver(scenario, week, lead + f.planningCoverWeeks);
    const sort = state.stages.sort!;
    const position = total(state.dieBank) + sort.wip * f.dieYield + fab.wip * goodPerWafer;
    const wafersWanted = Math.max(0, target - position) / goodPerWafer;
    const lots = Math.min(Math.ceil(wafersWanted / f.lotSize), Math.floor(fab.budget / f.lotSize));
    const stream = sim.rng.stream('leadTime/fab');
    for (let i = 0; i < lots; i++) {
      ledger.create(state.ledger, 'wafer', f.lotSize, 'wip');
      startUnits(fab, f.lotSize, sim.now);
      sim.schedule({ type: 'lotDone', wafers: f.lotSize, born: sim.now }, sampleDuration(f.cycleTimeWeeks, stream), PRIORITY.completion);
    }
  }

  function planHbm(sim: World, week: number): void {
    const state = sim.state;
    const lead = ctx.hbmLeadWeeks;
    const target = cowosSitesOver(scenario, week, lead + scenario.hbm.planningCoverWeeks) * spp;
    let position = state.hbmBank;
    let budgetTotal = 0;
    scenario.hbm.suppliers.forEach((s, i) => {
      const stage = state.stages[ctx.hbmStageIds[i]!]!;
      position += stage.wip * s.yield;
      budgetTotal += stage.budget;
    });
    const wanted = Math.max(0, target - position);
    if (wanted <= 0 || budgetTotal <= 0) return;
    scenario.hbm.suppliers.forEach((s, i) => {
      const stage = state.stages[ctx.hbmStageIds[i]!]!;
      const goodWanted = (wanted * stage.budget) / budgetTotal;
      const stacks = Math.floor(Math.min(stage.budget, s.yield > 0 ? goodWanted / s.yield : 0));
      if (stacks <= 0) return;
      ledger.create(state.ledger, 'hbmStack', stacks, 'wip');
      startUnits(stage, stacks, sim.now);
      const delay = sampleDuration(s.leadTimeWeeks, sim.rng.stream(ctx.streams.hbmLead[i]!));
      sim.schedule({ type: 'hbmDone', supplier: i, stacks, started: sim.now }, delay, PRIORITY.completion);
    });
  }

  function pumpCowos(sim: World): void {
    const state = sim.state;
    const cowos = state.stages.cowos!;
    const dies = total(state.dieBank);
    const kits = Math.floor(state.hbmBank / spp);
    const room = Math.floor(cowos.budget);
    const n = Math.min(room, dies, kits);
    if (room <= 0) state.cowosLimit = 'capacity';
    else if (n === room) state.cowosLimit = 'capacity';
    else state.cowosLimit = dies <= kits ? 'dies' : 'hbm';
    if (n <= 0) return;
    const born = take(state.dieBank, n);
    ledger.consume(state.ledger, 'die', n, 'inventory');
    ledger.consume(state.ledger, 'hbmStack', n * spp, 'inventory');
    state.hbmBank -= n * spp;
    ledger.create(state.ledger, 'package', n, 'wip');
    startUnits(cowos, n, sim.now);
    const delay = sampleDuration(scenario.cowos.cycleTimeWeeks, sim.rng.stream('leadTime/cowos'));
    sim.schedule({ type: 'cowosDone', packages: n, born, started: sim.now }, delay, PRIORITY.completion);
  }

  function pumpTest(sim: World): void {
    const state = sim.state;
    const test = state.stages.test!;
    const n = Math.min(Math.floor(test.budget), total(test.queue));
    if (n <= 0) return;
    const born = take(test.queue, n);
    ledger.move(state.ledger, 'package', n, 'inventory', 'wip');
    startUnits(test, n, sim.now);
    const delay = sampleDuration(scenario.test.cycleTimeWeeks, sim.rng.stream('leadTime/test'));
    sim.schedule({ type: 'testDone', packages: n, born, started: sim.now }, delay, PRIORITY.completion);
  }

  function pumpBoards(sim: World): void {
    const state = sim.state;
    const board = state.stages.board!;
    const boards = Math.min(Math.floor(board.budget), Math.floor(total(state.gpuPool) / perBoard));
    if (boards <= 0) return;
    const born = take(state.gpuPool, boards * perBoard);
    ledger.move(state.ledger, 'gpu', boards * perBoard, 'inventory', 'wip');
    ledger.create(state.ledger, 'board', boards, 'wip');
    startUnits(board, boards, sim.now);
    const delay = sampleDuration(scenario.board.cycleTimeWeeks, sim.rng.stream('leadTime/board'));
    sim.schedule({ type: 'boardDone', boards, born, started: sim.now }, delay, PRIORITY.completion);
  }

  function pumpShipping(sim: World): void {
    const state = sim.state;
    const ship = state.stages.ship!;
    while (state.shipQueue.length > 0 && ship.budget >= 1) {
      const head = state.shipQueue[0]!;
      const n = Math.min(Math.floor(ship.budget), head.boards);
      const part = n === head.boards ? head : splitShipment(head, n);
      if (part === head) state.shipQueue.shift();
      ledger.move(state.ledger, 'board', n, 'inventory', 'wip');
      ledger.move(state.ledger, 'gpu', n * perBoard, 'inventory', 'wip');
      startUnits(ship, n, sim.now);
      const delay = sampleDuration(scenario.ship.cycleTimeWeeks, sim.rng.stream(ctx.streams.shipLead[part.customer]!));
      sim.schedule(
        { type: 'shipDone', customer: part.customer, boards: n, born: part.born, started: sim.now, lines: part.lines },
        delay,
        PRIORITY.completion,
      );
    }
  }

  /** Takes the first `n` boards (and their order lines) off a shipment. */
  function splitShipment(s: Shipment, n: number): Shipment {
    const lines: OrderLine[] = [];
    let left = n;
    while (left > 0) {
      const line = s.lines[0]!;
      const k = Math.min(left, line.boards);
      lines.push({ week: line.week, boards: k });
      line.boards -= k;
      left -= k;
      if (line.boards === 0) s.lines.shift();
    }
    s.boards -= n;
    return { customer: s.customer, boards: n, born: s.born, lines };
  }

  function pumpAll(sim: World): void {
    pumpCowos(sim);
    pumpTest(sim);
    pumpBoards(sim);
    pumpShipping(sim);
  }

  function policyInput(state: ModelState): PolicyCustomer[] {
    const window = scenario.allocation.turnAndEarnWindowWeeks;
    const week = state.week;
    return ctx.byId
      .filter((i) => !state.customers[i]!.blocked)
      .map((i) => {
        const c = state.customers[i]!;
        const spec = ctx.direct[i]!;
        let used = 0;
        for (let w = Math.max(0, week - window); w < week; w++) {
          used += Math.min(c.weeklyReceived[w] ?? 0, c.weeklyNeed[w] ?? 0);
        }
        return {
          id: c.id,
          tier: c.tier,
          weight: spec.weight,
          openBoards: c.openBoards,
          orders: c.lines.map((l) => ({ week: l.week, boards: l.boards })),
          trailingUsedBoards: used / perBoard,
          deliveredBoards: c.receivedBoards,
          attributes: spec.attributes,
        };
      });
  }

  function allocate(sim: World): void {
    const state = sim.state;
    const supply = total(state.finishedBoards);
    const input = { supply, week: state.week, customers: policyInput(state) };
    const allocation = supply > 0 ? ctx.policy.allocate(input) : {};
    const boardsById: Record<string, number> = {};
    for (const i of ctx.byId) {
      const c = state.customers[i]!;
      const boards = allocation[c.id] ?? 0;
      if (boards <= 0) continue;
      boardsById[c.id] = boards;
      const born = take(state.finishedBoards, boards);
      const lines: OrderLine[] = [];
      let left = boards;
      while (left > 0) {
        const line = c.lines[0]!;
        const k = Math.min(left, line.boards);
        lines.push({ week: line.week, boards: k });
        line.boards -= k;
        left -= k;
        if (line.boards === 0) c.lines.shift();
      }
      c.openBoards -= boards;
      c.allocatedBoards += boards;
      state.allocatedThisWeek += boards;
      state.shipQueue.push({ customer: i, boards, born, lines });
    }
    state.lastAllocation = { week: state.week, supply, boards: boardsById };
    updateQuotedLeadTime(state);
    pumpShipping(sim);
  }

  function plannedBoardsPerWeek(week: number): number {
    return (cowosSitesPerWeek(scenario, week) * scenario.cowos.yield * scenario.test.yield) / perBoard;
  }

  function updateQuotedLeadTime(state: ModelState): void {
    const epoch = scenario.allocation.epochWeeks;
    state.recentAllocations.push(state.allocatedThisWeek);
    if (state.recentAllocations.length > QUOTE_WINDOW_EPOCHS) state.recentAllocations.shift();
    const shipped = state.recentAllocations.reduce((a, b) => a + b, 0) / (state.recentAllocations.length * epoch);
    // Until boards come off the line, the quote rests on the plan: CoWoS sites this week × yields.
    const perWeek = shipped > 0 ? shipped : plannedBoardsPerWeek(state.week);
    let open = 0;
    for (const c of state.customers) open += c.openBoards;
    state.quotedLeadWeeks = perWeek > 0 ? open / perWeek : open > 0 ? QUOTE_CAP_WEEKS : 0;
    state.quotedLeadWeeks = Math.min(QUOTE_CAP_WEEKS, state.quotedLeadWeeks);
  }

  function demand(sim: World): void {
    const state = sim.state;
    const week = state.week;
    const extra = new Map<string, number>();
    ctx.endUsers.forEach((spec, i) => {
      const n = drawNeed(sim, spec, week, ctx.streams.demandEndUser[i]!);
      state.endUsers[i]!.needGpus += n;
      extra.set(spec.via!, (extra.get(spec.via!) ?? 0) + n);
    });
    ctx.direct.forEach((spec, i) => {
      const c = state.customers[i]!;
      const need = drawNeed(sim, spec, week, ctx.streams.demandDirect[i]!) + (extra.get(spec.id) ?? 0);
      c.weeklyNeed[week] = need;
      c.needGpus += need;
      if (c.blocked) {
        c.lostGpus += need;
        return;
      }
      c.orderableNeedGpus += need;
      const ordering = spec.ordering;
      const market = { rewardsInflation: ctx.rewardsInflation, quotedLeadWeeks: state.quotedLeadWeeks };
      const gpus = orderQuantity(c, ordering, need, week, market);
      c.weeklyOrders[week] = placeOrder(c, gpus, perBoard, week) * perBoard;
      if (ordering.behaviour === 'inflate') {
        cancelPhantomOrders(c, ordering, state.quotedLeadWeeks, perBoard, spec.initialBacklogGpus);
      } else if (ordering.behaviour === 'patience') {
        c.lostGpus += defectOverdue(c, ordering, week) * perBoard;
      }
    });
  }

  function drawNeed(sim: World, spec: CustomerSpec, week: number, stream: string): number {
    const rate = valueAt(spec.needGpusPerWeek, week);
    if (rate <= 0) return 0;
    if (spec.needNoiseCv === 0) return rate;
    const sigma2 = Math.log(1 + spec.needNoiseCv ** 2);
    return rate * sim.rng.stream(stream).lognormal(-sigma2 / 2, Math.sqrt(sigma2));
  }

  function applyExportControl(sim: World, regions: readonly string[]): void {
    const state = sim.state;
    for (const r of regions) if (!state.blockedRegions.includes(r)) state.blockedRegions.push(r);
    state.customers.forEach((c, i) => {
      if (!regions.includes(ctx.direct[i]!.region) || c.blocked) return;
      c.blocked = true;
      c.lostGpus += c.openBoards * perBoard;
      c.cancelledBoards += c.openBoards;
      c.openBoards = 0;
      c.lines = [];
    });
    // Allocated boards not yet shipped go back to finished goods: the units are not lost.
    const keep: Shipment[] = [];
    for (const s of state.shipQueue) {
      const c = state.customers[s.customer]!;
      if (!c.blocked) {
        keep.push(s);
        continue;
      }
      put(state.finishedBoards, s.boards, s.born);
      c.allocatedBoards -= s.boards;
      c.cancelledBoards += s.boards;
      c.lostGpus += s.boards * perBoard;
    }
    state.shipQueue = keep;
  }

  function binomialYield(sim: World, stage: string, n: number, base: number): number {
    const p = base * shockFactor(ctx, sim.state, stage, 'yieldExcursion');
    return sim.rng.stream(YIELD_STREAM[stage] ?? `yield/${stage}`).binomial(n, p);
  }

  return {
    plan(_event, sim) {
      const week = Math.round(sim.now);
      if (week > 0) recordWeek(ctx, sim.state, week - 1);
      startWeek(sim.state, week);
      planWafers(sim, week);
      planHbm(sim, week);
      pumpAll(sim);
      if (week + 1 < horizon) sim.schedule({ type: 'plan' }, 1, PRIORITY.plan);
    },
    demand(_event, sim) {
      demand(sim);
      if (sim.state.week + 1 < horizon) sim.schedule({ type: 'demand' }, 1, PRIORITY.demand);
    },
    allocate(_event, sim) {
      allocate(sim);
      const next = sim.now + scenario.allocation.epochWeeks;
      if (next < horizon) sim.scheduleAt({ type: 'allocate' }, next, PRIORITY.allocate);
    },
    lotDone(event, sim) {
      const state = sim.state;
      finishUnits(state.stages.fab!, event.wafers, event.born, sim.now);
      ledger.consume(state.ledger, 'wafer', event.wafers, 'wip');
      const dies = event.wafers * scenario.fab.grossDiesPerWafer;
      ledger.create(state.ledger, 'die', dies, 'wip');
      const good = binomialYield(sim, 'fab', dies, scenario.fab.dieYield);
      startUnits(state.stages.sort!, dies, sim.now);
      const delay = sampleDuration(scenario.sort.cycleTimeWeeks, sim.rng.stream('leadTime/sort'));
      sim.schedule({ type: 'sortDone', dies, good, born: event.born, started: sim.now }, delay, PRIORITY.completion);
    },
    sortDone(event, sim) {
      const state = sim.state;
      const sort = state.stages.sort!;
      finishUnits(sort, event.dies, event.started, sim.now);
      const bad = event.dies - event.good;
      ledger.scrap(state.ledger, 'die', bad, 'wip');
      sort.scrapped += bad;
      ledger.move(state.ledger, 'die', event.good, 'wip', 'inventory');
      put(state.dieBank, event.good, event.born);
      pumpCowos(sim);
    },
    hbmDone(event, sim) {
      const state = sim.state;
      const supplier = scenario.hbm.suppliers[event.supplier]!;
      const id = ctx.hbmStageIds[event.supplier]!;
      const stage = state.stages[id]!;
      finishUnits(stage, event.stacks, event.started, sim.now);
      const good = binomialYield(sim, id, event.stacks, supplier.yield);
      ledger.scrap(state.ledger, 'hbmStack', event.stacks - good, 'wip');
      stage.scrapped += event.stacks - good;
      ledger.move(state.ledger, 'hbmStack', good, 'wip', 'inventory');
      state.hbmBank += good;
      pumpCowos(sim);
    },
    cowosDone(event, sim) {
      const state = sim.state;
      const cowos = state.stages.cowos!;
      finishUnits(cowos, event.packages, event.started, sim.now);
      const good = binomialYield(sim, 'cowos', event.packages, scenario.cowos.yield);
      ledger.scrap(state.ledger, 'package', event.packages - good, 'wip');
      cowos.scrapped += event.packages - good;
      ledger.move(state.ledger, 'package', good, 'wip', 'inventory');
      put(state.stages.test!.queue, good, event.born);
      pumpTest(sim);
    },
    testDone(event, sim) {
      const state = sim.state;
      const test = state.stages.test!;
      finishUnits(test, event.packages, event.started, sim.now);
      const good = binomialYield(sim, 'test', event.packages, scenario.test.yield);
      ledger.scrap(state.ledger, 'package', event.packages - good, 'wip');
      test.scrapped += event.packages - good;
      ledger.consume(state.ledger, 'package', good, 'wip');
      ledger.create(state.ledger, 'gpu', good, 'inventory');
      put(state.gpuPool, good, event.born);
      pumpBoards(sim);
    },
    boardDone(event, sim) {
      const state = sim.state;
      finishUnits(state.stages.board!, event.boards, event.started, sim.now);
      ledger.move(state.ledger, 'board', event.boards, 'wip', 'inventory');
      ledger.move(state.ledger, 'gpu', event.boards * perBoard, 'wip', 'inventory');
      put(state.finishedBoards, event.boards, event.born);
    },
    shipDone(event, sim) {
      const state = sim.state;
      finishUnits(state.stages.ship!, event.boards, event.started, sim.now);
      ledger.deliver(state.ledger, 'board', event.boards, 'wip');
      ledger.deliver(state.ledger, 'gpu', event.boards * perBoard, 'wip');
      const c = state.customers[event.customer]!;
      c.receivedBoards += event.boards;
      const week = Math.min(horizon - 1, Math.floor(sim.now));
      c.weeklyReceived[week]! += event.boards * perBoard;
      let waitGpuWeeks = 0;
      for (const line of event.lines) {
        const gpus = line.boards * perBoard;
        const wait = sim.now - line.week;
        waitGpuWeeks += wait * gpus;
        addToHist(c.waitHist, wait, gpus);
        if (line.week >= 0) {
          const w = Math.floor(line.week);
          state.deliveredByOrderWeek[w]! += gpus;
          state.waitSumByOrderWeek[w]! += wait * gpus;
        }
      }
      c.waitSum += waitGpuWeeks;
      addToHist(state.cycleHist, sim.now - event.born, event.boards * perBoard);
    },
    shockStart(event, sim) {
      sim.state.activeShocks.push(event.index);
      refreshCapacity(sim, event.index);
    },
    shockEnd(event, sim) {
      sim.state.activeShocks = sim.state.activeShocks.filter((i) => i !== event.index);
      refreshCapacity(sim, event.index);
    },
    exportControl(event, sim) {
      const shock = scenario.events[event.index]!;
      if (shock.type === 'exportControl') applyExportControl(sim, shock.regions);
    },
  };

  /** An outage takes effect at once: this week's remaining budget is rescaled. */
  function refreshCapacity(sim: World, index: number): void {
    const shock = scenario.events[index]!;
    if (shock.type !== 'outage') return;
    const state = sim.state;
    const stage = state.stages[shock.stage]!;
    const nominal = nominalCapacity(scenario, stage.id, state.week);
    if (nominal === null) return;
    const capacity = nominal * shockFactor(ctx, state, stage.id, 'outage');
    stage.budget = Math.max(0, capacity - stage.startedThisWeek);
    stage.capacity = Math.max(capacity, stage.startedThisWeek);
  }
}

/**
 * Work already in process at week 0: wafer lots finishing evenly over one mean fab cycle, HBM
 * stacks finishing in weekly batches over one mean HBM lead time (split across the suppliers
 * qualified at week 0 by their capacity). Without it the chain would start empty, which 2023 did not.
 */
function fillPipeline(world: World, ctx: ModelContext): void {
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
      if (shock.week < scenario.horizonWeeks) world.scheduleAt({ type: 'exportControl', index }, shock.week, PRIORITY.shock);
      return;
    }
    if (shock.fromWeek >= scenario.horizonWeeks) return;
    world.scheduleAt({ type: 'shockStart', index }, shock.fromWeek, PRIORITY.shock);
    if (shock.toWeek < scenario.horizonWeeks) world.scheduleAt({ type: 'shockEnd', index }, shock.toWeek, PRIORITY.shock);
  });
  fillPipeline(world, ctx);
  world.scheduleAt({ type: 'plan' }, 0, PRIORITY.plan);
  world.scheduleAt({ type: 'demand' }, 0, PRIORITY.demand);
  world.scheduleAt({ type: 'allocate' }, 0, PRIORITY.allocate);
  return { world, ctx };
}

export type { Scheduled };
