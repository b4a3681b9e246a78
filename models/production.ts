/**
 * The production side: planning wafer and HBM starts, starting batches where input and this
 * week's capacity allow (the CoWoS join waits for dies and HBM stacks), and finishing them with
 * their yields. Units move only through the ledger.
 */
import type { ModelContext, World } from './context.js';
import { PRIORITY, newEvent, type ModelEventOf } from './events.js';
import type { RandomStream } from '../sim/random.js';
import type { ModelState, Shipment } from './state.js';
import * as ledger from './ledger.js';
import { put, take, total } from './cohorts.js';
import { sampleDuration } from './schedule.js';
import {
  COWOS_SHIFTS_PER_WEEK,
  CowosSitesByWeek,
  capacitySlice,
  cowosSitesOver,
  finishUnits,
  markCapacityBound,
  startUnits,
  type StageId,
} from './stages.js';
import { shockFactor } from './shocks.js';
import { takeOldestLines } from './customers/ordering.js';
import { plannedCowosAdded } from './capacity-planning.js';
import { plannedCowosStarts } from './supply-plan.js';

/** The stream of a stage's yield draws: `yield/<stage id>`. */
function yieldStream(ctx: ModelContext, sim: World, stage: string): RandomStream {
  const s = ctx.streams;
  if (stage === 'fab') return s.fabYield.of(sim);
  if (stage === 'cowos') return s.cowosYield.of(sim);
  if (stage === 'test') return s.testYield.of(sim);
  return sim.rng.stream(`yield/${stage}`);
}

function binomialYield(ctx: ModelContext, sim: World, stage: string, n: number, base: number): number {
  const p = base * shockFactor(ctx, sim.state, stage, 'yieldExcursion');
  return yieldStream(ctx, sim, stage).binomial(n, p);
}

/**
 * A batch leaves a stage with a yield: its units leave the stage's WIP, the failures are scrapped
 * (ledger and stage), and the number that passed is returned, still in WIP for the caller to move.
 */
function finishWithYield(
  ctx: ModelContext,
  sim: World,
  stageId: StageId,
  kind: 'hbmStack' | 'package',
  n: number,
  startedAt: number,
  baseYield: number,
): number {
  const stage = sim.state.stages[stageId]!;
  finishUnits(stage, n, startedAt, sim.now);
  const good = binomialYield(ctx, sim, stageId, n, baseYield);
  ledger.scrap(sim.state.ledger, kind, n - good, 'wip');
  stage.scrapped += n - good;
  return good;
}

function addToHist(hist: number[], weeks: number, n: number): void {
  const bucket = Math.max(0, Math.floor(weeks));
  while (hist.length <= bucket) hist.push(0);
  hist[bucket]! += n;
}

/**
 * Wafer lots started in one week travel in at most this many lot groups (each group one cycle time,
 * and its dies one binomial yield: a sum of binomials with one p is the binomial of the sum), so
 * events per week do not grow with fab capacity. Bundled scenarios start fewer than 64 lots a week,
 * so there every group is one lot.
 */
export const MAX_LOT_GROUPS = 64;

/**
 * Dies in the die bank, i.e. total(state.dieBank), read from the ledger's die inventory, which counts
 * the same dies (models/invariants.ts checks the two agree after every event). The bank keeps about
 * one cohort per wafer-start week, so summing it at every CoWoS start scanned ~100 cohorts.
 */
function diesInBank(state: ModelState): number {
  return state.ledger.die.inventory;
}

/** The run's remembered CoWoS sites per week, for the planners (one per context, i.e. per run). */
const sitesByRun = new WeakMap<ModelContext, CowosSitesByWeek>();
function cowosSites(ctx: ModelContext): CowosSitesByWeek {
  let sites = sitesByRun.get(ctx);
  if (sites === undefined) sitesByRun.set(ctx, (sites = new CowosSitesByWeek(ctx.scenario)));
  return sites;
}

/**
 * Order-up-to wafer starts: dies in the bank and in process cover CoWoS over the lead time + cover
 * (planned to capacity, or to the smaller of capacity and orders: models/supply-plan.ts).
 */
export function planWafers(ctx: ModelContext, sim: World, week: number): void {
  const state = sim.state;
  const fab = state.stages.fab;
  const f = ctx.scenario.fab;
  const goodPerWafer = f.grossDiesPerWafer * f.dieYield;
  if (goodPerWafer <= 0) return;
  const window = ctx.fabLeadWeeks + f.planningCoverWeeks;
  const sites = cowosSitesOver(ctx.scenario, week, window, plannedCowosAdded(state), cowosSites(ctx));
  const target = plannedCowosStarts(ctx, state, week, window, sites, f);
  const sort = state.stages.sort;
  const position = diesInBank(state) + sort.wip * f.dieYield + fab.wip * goodPerWafer;
  const wafersWanted = Math.max(0, target - position) / goodPerWafer;
  const lotsWanted = Math.ceil(wafersWanted / f.lotSize);
  const lotsAllowed = Math.floor(fab.budget / f.lotSize);
  if (lotsWanted > lotsAllowed) markCapacityBound(fab);
  const lots = Math.min(lotsWanted, lotsAllowed);
  const groups = Math.min(lots, MAX_LOT_GROUPS);
  const stream = ctx.streams.fabLead.of(sim);
  for (let g = 0; g < groups; g++) {
    // Lots spread evenly over the groups; one lot per group unless lots > MAX_LOT_GROUPS.
    const wafers = (Math.floor(lots / groups) + (g < lots % groups ? 1 : 0)) * f.lotSize;
    ledger.create(state.ledger, 'wafer', wafers, 'wip');
    startUnits(fab, wafers, sim.now);
    sim.schedule(newEvent.lotDone(wafers, sim.now), sampleDuration(f.cycleTimeWeeks, stream), PRIORITY.completion);
  }
}

/** Order-up-to HBM starts, split across qualified suppliers by their capacity this week. */
export function planHbm(ctx: ModelContext, sim: World, week: number): void {
  const { scenario } = ctx;
  const state = sim.state;
  const lead = ctx.hbmLeadWeeks;
  const target =
    cowosSitesOver(scenario, week, lead + scenario.hbm.planningCoverWeeks, plannedCowosAdded(state), cowosSites(ctx)) *
    scenario.hbm.stacksPerPackage;
  let position = state.hbmBank;
  let budgetTotal = 0;
  scenario.hbm.suppliers.forEach((s, i) => {
    const stage = state.stages[ctx.hbmStageIds[i]!]!;
    position += stage.wip * s.yield;
    budgetTotal += stage.budget;
  });
  const wanted = Math.max(0, target - position);
  if (wanted > 0 && budgetTotal <= 0) for (const id of ctx.hbmStageIds) markCapacityBound(state.stages[id]!); // no supplier can start any
  if (wanted <= 0 || budgetTotal <= 0) return;
  scenario.hbm.suppliers.forEach((s, i) => {
    const stage = state.stages[ctx.hbmStageIds[i]!]!;
    const goodWanted = (wanted * stage.budget) / budgetTotal;
    const startsWanted = s.yield > 0 ? goodWanted / s.yield : 0;
    if (startsWanted > stage.budget) markCapacityBound(stage);
    const stacks = Math.floor(Math.min(stage.budget, startsWanted));
    if (stacks <= 0) return;
    ledger.create(state.ledger, 'hbmStack', stacks, 'wip');
    startUnits(stage, stacks, sim.now);
    const delay = sampleDuration(s.leadTimeWeeks, ctx.streams.hbmLead[i]!.of(sim));
    sim.schedule(newEvent.hbmDone(i, stacks, sim.now), delay, PRIORITY.completion);
  });
}

/** A CoWoS shift opens: its slice of the week's capacity is added, and starts what it can. */
export function openCowosShift(ctx: ModelContext, sim: World): void {
  const cowos = sim.state.stages.cowos;
  if (cowos.capacity !== null) {
    const opened = cowos.capacity * capacitySlice('cowos');
    cowos.budget += opened;
    cowos.released += opened;
  }
  pumpCowos(ctx, sim);
}

/**
 * Make to order: packages that open orders still need, beyond the GPUs already on their way to
 * boards (in CoWoS at its and test's yield, waiting for or in test at test's yield, loose, on
 * boards being assembled or finished and not yet allocated).
 */
function packagesOrdered(ctx: ModelContext, state: ModelState): number {
  const { cowos: c, test: t } = ctx.scenario;
  const perBoard = ctx.gpusPerBoard;
  const st = state.stages;
  let ordered = 0;
  for (const customer of state.customers) ordered += customer.openBoards * perBoard;
  const onTheWay =
    st.cowos.wip * c.yield * t.yield +
    (total(st.test.queue) + st.test.wip) * t.yield +
    total(state.gpuPool) +
    (st.board.wip + total(state.finishedBoards)) * perBoard;
  const perPackage = c.yield * t.yield;
  return perPackage > 0 ? Math.max(0, Math.ceil((ordered - onTheWay) / perPackage - 1e-9)) : 0;
}

/** The join: one die + the HBM stacks per package + one interposer site → one package. */
export function pumpCowos(ctx: ModelContext, sim: World): void {
  const state = sim.state;
  const spp = ctx.scenario.hbm.stacksPerPackage;
  const cowos = state.stages.cowos;
  const room = Math.floor(cowos.budget);
  if (room <= 0) {
    // The shift's capacity is used up (CoWoS is the bottleneck): nothing can start, whatever is waiting.
    state.cowosLimit = 'capacity';
    // With no capacity at all, upstream plans nothing for it: open orders are then the work that waits.
    const kitWaiting = diesInBank(state) > 0 && state.hbmBank >= spp;
    if (kitWaiting || packagesOrdered(ctx, state) > 0) markCapacityBound(cowos);
    return;
  }
  const dies = diesInBank(state);
  const kits = Math.floor(state.hbmBank / spp);
  const wanted = ctx.scenario.cowos.buildTo === 'orders' ? packagesOrdered(ctx, state) : room;
  const n = Math.min(room, dies, kits, wanted);
  if (n === room) {
    state.cowosLimit = 'capacity';
    markCapacityBound(cowos);
  } else if (n === wanted) state.cowosLimit = 'orders';
  else state.cowosLimit = dies <= kits ? 'dies' : 'hbm';
  if (n <= 0) return;
  const born = take(state.dieBank, n);
  ledger.consume(state.ledger, 'die', n, 'inventory');
  ledger.consume(state.ledger, 'hbmStack', n * spp, 'inventory');
  state.hbmBank -= n * spp;
  ledger.create(state.ledger, 'package', n, 'wip');
  startUnits(cowos, n, sim.now);
  const delay = sampleDuration(ctx.scenario.cowos.cycleTimeWeeks, ctx.streams.cowosLead.of(sim));
  sim.schedule(newEvent.cowosDone(n, born, sim.now), delay, PRIORITY.completion);
}

function pumpTest(ctx: ModelContext, sim: World): void {
  const state = sim.state;
  const test = state.stages.test;
  const waiting = total(test.queue);
  const n = Math.min(Math.floor(test.budget), waiting);
  if (waiting > n) markCapacityBound(test);
  if (n <= 0) return;
  const born = take(test.queue, n);
  ledger.move(state.ledger, 'package', n, 'inventory', 'wip');
  startUnits(test, n, sim.now);
  const delay = sampleDuration(ctx.scenario.test.cycleTimeWeeks, ctx.streams.testLead.of(sim));
  sim.schedule(newEvent.testDone(n, born, sim.now), delay, PRIORITY.completion);
}

function pumpBoards(ctx: ModelContext, sim: World): void {
  const state = sim.state;
  const perBoard = ctx.gpusPerBoard;
  const board = state.stages.board;
  const kits = Math.floor(total(state.gpuPool) / perBoard);
  const boards = Math.min(Math.floor(board.budget), kits);
  if (kits > boards) markCapacityBound(board);
  if (boards <= 0) return;
  const born = take(state.gpuPool, boards * perBoard);
  ledger.move(state.ledger, 'gpu', boards * perBoard, 'inventory', 'wip');
  ledger.create(state.ledger, 'board', boards, 'wip');
  startUnits(board, boards, sim.now);
  const delay = sampleDuration(ctx.scenario.board.cycleTimeWeeks, ctx.streams.boardLead.of(sim));
  sim.schedule(newEvent.boardDone(boards, born, sim.now), delay, PRIORITY.completion);
}

/** Starts allocated boards on their way to the customer, as far as this week's capacity allows. */
export function pumpShipping(ctx: ModelContext, sim: World): void {
  const state = sim.state;
  const perBoard = ctx.gpusPerBoard;
  const ship = state.stages.ship;
  while (state.shipQueue.length > 0 && ship.budget >= 1) {
    const head = state.shipQueue[0]!;
    const n = Math.min(Math.floor(ship.budget), head.boards);
    const part: Shipment =
      n === head.boards
        ? state.shipQueue.shift()!
        : { customer: head.customer, boards: n, born: head.born, lines: takeOldestLines(head.lines, n) };
    if (part !== head) head.boards -= n;
    ledger.move(state.ledger, 'board', n, 'inventory', 'wip');
    ledger.move(state.ledger, 'gpu', n * perBoard, 'inventory', 'wip');
    startUnits(ship, n, sim.now);
    const delay = sampleDuration(ctx.scenario.ship.cycleTimeWeeks, ctx.streams.shipLead[part.customer]!.of(sim));
    sim.schedule(newEvent.shipDone(part.customer, n, part.born, sim.now, part.lines), delay, PRIORITY.completion);
  }
  if (state.shipQueue.length > 0) markCapacityBound(ship);
}

/** Schedules the week's remaining CoWoS shifts (the first opens with the week). */
export function scheduleCowosShifts(sim: World, week: number, horizon: number): void {
  for (let shift = 1; shift < COWOS_SHIFTS_PER_WEEK; shift++) {
    const at = week + shift / COWOS_SHIFTS_PER_WEEK;
    if (at < horizon) sim.scheduleAt(newEvent.cowosShift(), at, PRIORITY.plan);
  }
}

export function pumpAll(ctx: ModelContext, sim: World): void {
  pumpCowos(ctx, sim);
  pumpTest(ctx, sim);
  pumpBoards(ctx, sim);
  pumpShipping(ctx, sim);
}

export function lotDone(ctx: ModelContext, event: ModelEventOf<'lotDone'>, sim: World): void {
  const { scenario } = ctx;
  const state = sim.state;
  finishUnits(state.stages.fab, event.wafers, event.born, sim.now);
  ledger.consume(state.ledger, 'wafer', event.wafers, 'wip');
  const dies = event.wafers * scenario.fab.grossDiesPerWafer;
  ledger.create(state.ledger, 'die', dies, 'wip');
  const good = binomialYield(ctx, sim, 'fab', dies, scenario.fab.dieYield);
  startUnits(state.stages.sort, dies, sim.now);
  const delay = sampleDuration(scenario.sort.cycleTimeWeeks, ctx.streams.sortLead.of(sim));
  sim.schedule(newEvent.sortDone(dies, good, event.born, sim.now), delay, PRIORITY.completion);
}

export function sortDone(ctx: ModelContext, event: ModelEventOf<'sortDone'>, sim: World): void {
  const state = sim.state;
  const sort = state.stages.sort;
  finishUnits(sort, event.dies, event.started, sim.now);
  const bad = event.dies - event.good;
  ledger.scrap(state.ledger, 'die', bad, 'wip');
  sort.scrapped += bad;
  ledger.move(state.ledger, 'die', event.good, 'wip', 'inventory');
  put(state.dieBank, event.good, event.born);
  pumpCowos(ctx, sim);
}

export function hbmDone(ctx: ModelContext, event: ModelEventOf<'hbmDone'>, sim: World): void {
  const state = sim.state;
  const supplier = ctx.scenario.hbm.suppliers[event.supplier]!;
  const id = ctx.hbmStageIds[event.supplier]!;
  const good = finishWithYield(ctx, sim, id, 'hbmStack', event.stacks, event.started, supplier.yield);
  ledger.move(state.ledger, 'hbmStack', good, 'wip', 'inventory');
  state.hbmBank += good;
  pumpCowos(ctx, sim);
}

export function cowosDone(ctx: ModelContext, event: ModelEventOf<'cowosDone'>, sim: World): void {
  const state = sim.state;
  const good = finishWithYield(ctx, sim, 'cowos', 'package', event.packages, event.started, ctx.scenario.cowos.yield);
  ledger.move(state.ledger, 'package', good, 'wip', 'inventory');
  put(state.stages.test.queue, good, event.born);
  pumpTest(ctx, sim);
}

export function testDone(ctx: ModelContext, event: ModelEventOf<'testDone'>, sim: World): void {
  const state = sim.state;
  const good = finishWithYield(ctx, sim, 'test', 'package', event.packages, event.started, ctx.scenario.test.yield);
  ledger.consume(state.ledger, 'package', good, 'wip');
  ledger.create(state.ledger, 'gpu', good, 'inventory');
  put(state.gpuPool, good, event.born);
  pumpBoards(ctx, sim);
}

export function boardDone(ctx: ModelContext, event: ModelEventOf<'boardDone'>, sim: World): void {
  const state = sim.state;
  finishUnits(state.stages.board, event.boards, event.started, sim.now);
  ledger.move(state.ledger, 'board', event.boards, 'wip', 'inventory');
  ledger.move(state.ledger, 'gpu', event.boards * ctx.gpusPerBoard, 'wip', 'inventory');
  put(state.finishedBoards, event.boards, event.born);
}

/** Delivery: the customer's waits are recorded per order line, and the wafer-start-to-delivery time. */
export function shipDone(ctx: ModelContext, event: ModelEventOf<'shipDone'>, sim: World): void {
  const state = sim.state;
  const perBoard = ctx.gpusPerBoard;
  finishUnits(state.stages.ship, event.boards, event.started, sim.now);
  ledger.deliver(state.ledger, 'board', event.boards, 'wip');
  ledger.deliver(state.ledger, 'gpu', event.boards * perBoard, 'wip');
  const c = state.customers[event.customer]!;
  c.receivedBoards += event.boards;
  const week = Math.min(ctx.scenario.horizonWeeks - 1, Math.floor(sim.now));
  c.weeklyReceived[week]! += event.boards * perBoard;
  let waitGpuWeeks = 0;
  for (const line of event.lines) {
    const gpus = line.boards * perBoard;
    if (line.pushShare !== undefined) {
      c.pushReceivedGpus += gpus;
      c.pushShareGpus += gpus * line.pushShare;
      c.weeklyPushReceived[week]! += gpus;
    }
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
}
