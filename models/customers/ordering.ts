/**
 * Buyers' ordering behaviours: how a week's true need becomes orders, and when orders are
 * withdrawn. Each function reads and updates one CustomerState; randomness stays with the caller.
 *
 * - truthful: orders exactly its need.
 * - inflate: when rationed, orders need ÷ f̂, where f̂ = deliveries ÷ need over the last
 *   `lookbackWeeks` (cold start: f̂ = 1 until a full lookback exists), floored at 1/maxInflation.
 *   It inflates only where inflating pays, i.e. the policy rewards larger orders (pro-rata, linear,
 *   weighted, favoured, fcfs, priority) — under uniform or turn-and-earn the best response is the
 *   truth (Cachon & Lariviere 1999). When the quoted lead time (all open orders ÷ boards shipped
 *   per week recently) falls below `cancelBelowLeadTimeWeeks`, the shortage is over for it: it
 *   orders its need and cancels open orders beyond its unmet need (the 2024 phantom-order collapse,
 *   DOMAIN.md A6/B6). That is `gamingTrigger: "quote"` (the default); the quote can only get that
 *   long if buyers inflate. With `gamingTrigger: "rationed"` (Lee, Padmanabhan & Whang 1997: buyers
 *   game when supply is rationed, phantom orders evaporate when capacity catches up) it inflates
 *   whenever f̂ < 1, whatever the quote, and cancels the phantom part once it has been served in
 *   full over its lookback (f̂ = 1) or the quote has fallen below the threshold after reaching it.
 * - patience: orders its need; each week `defectFraction` of the boards on order longer than
 *   `patienceWeeks` defects to another accelerator: cancelled and counted as lost demand.
 * - push: orders its need, and open orders older than `patienceWeeks` lapse (need not met in time is
 *   lost: its users went elsewhere). Where the policy allocates on past sales (turn-and-earn), in a
 *   week after an allocation that gave it all it had due (supply is slack for it) it also
 *   orders x GPUs beyond its need and sells them on arrival below the GPU price: they count as
 *   sales and earn allocation for the weeks when supply is short (Cachon & Lariviere 1999, "When to
 *   turn-and-earn": retailers push sales when demand is low). x is its best response; see pushQuantity.
 * - hoard: keeps a cover of future need (DOMAIN.md B6: buyers stocked GPUs before having a use).
 *   Cover = GPUs in hand + on order + allocated in transit − need so far, in weeks of its recent
 *   need rate (mean weekly need over `lookbackWeeks`). Its target cover is
 *   min(maxCoverWeeks, baseCoverWeeks + coverPerLeadWeek × quoted lead time): the longer Nvidia
 *   quotes, the more it holds. Each week it orders up to the target; when lead times fall and its
 *   cover exceeds the target it cancels its youngest open orders beyond it, and what it holds in hand
 *   beyond the target is offered on the secondary market (models/market/resale.ts).
 */
import type { OrderingSpec } from '../../scenarios/schema.js';
import type { CustomerState, OrderLine } from '../state.js';
import { heldBoards } from '../ledger.js';

/** GPUs to order this week given this week's need (GPUs). */
export function orderQuantity(
  c: CustomerState,
  ordering: OrderingSpec,
  needGpus: number,
  week: number,
  market: { rewardsInflation: boolean; quotedLeadWeeks: number },
): number {
  if (ordering.behaviour !== 'inflate' || !market.rewardsInflation) return needGpus;
  if (ordering.gamingTrigger !== 'rationed' && market.quotedLeadWeeks < ordering.cancelBelowLeadTimeWeeks) {
    return needGpus;
  }
  return needGpus * inflationFactor(c, ordering.maxInflation, ordering.lookbackWeeks, week);
}

/** 1 / f̂, between 1 and maxInflation. */
function inflationFactor(c: CustomerState, maxInflation: number, lookback: number, week: number): number {
  return 1 / Math.max(1 / maxInflation, fillRate(c, lookback, week));
}

/**
 * f̂: deliveries against need (pushed GPUs left out) over the last `lookback` weeks, at most 1;
 * 1 until a full lookback exists or while there was no need.
 */
function fillRate(c: CustomerState, lookback: number, week: number): number {
  if (week < lookback) return 1;
  let received = 0;
  let need = 0;
  for (let w = week - lookback; w < week; w++) {
    received += (c.weeklyReceived[w] ?? 0) - (c.weeklyPushReceived[w] ?? 0);
    need += c.weeklyNeed[w] ?? 0;
  }
  return need > 0 ? Math.min(1, received / need) : 1;
}

type PushSpec = Extract<OrderingSpec, { behaviour: 'push' }>;

/**
 * GPUs a push buyer orders beyond this week's need n: 0 unless past sales pay and its last allocation
 * gave it all it had due. Otherwise its best response, marginal cost = marginal gain:
 *   - its demand is linear with elasticity ε at (n, w), w the GPU price: the x-th GPU past n sells
 *     for w·(1 − x/(εn)), so pushing one more costs it w·x/(εn) against selling it at w;
 *   - one more GPU sold adds to its trailing sales for the window's W/epoch epochs; in each epoch
 *     where it is rationed that earns e more boards per board sold (its allocation ÷ its trailing
 *     sales, as observed), so a sale earns G = (W / epoch) · ρ · e GPUs, ρ the share of epochs it
 *     was rationed in (both tracked over `lookbackWeeks`, models/allocation.ts);
 *   - a GPU earned where it is rationed to a fill f̂ of its need is worth w·(1 − f̂)/ε above its
 *     price, on the same demand curve below need.
 * So x = n · G · (1 − f̂): w and ε cancel. Capped at maxPush · n.
 */
export function pushQuantity(
  c: CustomerState,
  ordering: PushSpec,
  needGpus: number,
  week: number,
  market: { rewardsSales: boolean; saleEpochs: number },
): number {
  if (!market.rewardsSales || c.rationedLastEpoch || needGpus <= 0) return 0;
  const earnedPerSale = market.saleEpochs * c.rationedShare * c.earnedPerSale;
  const shortfall = 1 - fillRate(c, ordering.lookbackWeeks, week);
  return needGpus * Math.min(ordering.maxPush, earnedPerSale * shortfall);
}

/**
 * Adds a week's sales push as a whole-board order line marked with the push's share of the week's
 * need (what it sells for follows from it); fractions of a board carry to later weeks.
 */
export function placePush(
  c: CustomerState,
  gpus: number,
  needGpus: number,
  gpusPerBoard: number,
  week: number,
): number {
  c.pushCarry += gpus / gpusPerBoard;
  const boards = wholeOfCarry(c.pushCarry);
  c.pushCarry -= boards;
  if (boards > 0) addLine(c, { week, pushShare: gpus / needGpus, boards });
  c.pushOrderedGpus += boards * gpusPerBoard;
  return boards;
}

/**
 * Push buyers: open lines placed before week − patienceWeeks lapse (whole lines, oldest first).
 * Returns the boards of need and of pushed sales that lapsed.
 */
export function lapseOverdue(
  c: CustomerState,
  patienceWeeks: number,
  week: number,
): { needBoards: number; pushBoards: number } {
  const olderThan = week - patienceWeeks;
  let pushBoards = 0;
  for (const line of c.lines) {
    if (line.week >= olderThan) break;
    if (line.pushShare !== undefined) pushBoards += line.boards;
  }
  const lapsed = cancelOldest(c, Infinity, olderThan);
  return { needBoards: lapsed - pushBoards, pushBoards };
}

/** Adds a week's order as a whole-board order line, carrying fractions to later weeks. */
export function placeOrder(c: CustomerState, gpus: number, gpusPerBoard: number, week: number): number {
  c.orderCarry += gpus / gpusPerBoard;
  const boards = wholeOfCarry(c.orderCarry);
  c.orderCarry -= boards;
  if (boards > 0) addLine(c, { week, boards });
  return boards;
}

/** The whole boards in a carried fraction of boards (a hair below a whole board counts as one). */
function wholeOfCarry(carry: number): number {
  return Math.floor(carry + 1e-9);
}

function addLine(c: CustomerState, line: OrderLine): void {
  c.lines.push(line);
  c.openBoards += line.boards;
  c.orderedBoards += line.boards;
  c.orderedInRunBoards += line.boards;
}

/** `line` with `boards` boards (push lines keep their pushShare). */
function withBoards(line: OrderLine, boards: number): OrderLine {
  return line.pushShare === undefined
    ? { week: line.week, boards }
    : { week: line.week, pushShare: line.pushShare, boards };
}

/** Cancels up to `boards` from the youngest open lines; returns how many were cancelled. */
export function cancelYoungest(c: CustomerState, boards: number): number {
  let left = Math.min(boards, c.openBoards);
  const cancelled = left;
  while (left > 0) {
    const line = c.lines[c.lines.length - 1]!;
    const n = Math.min(left, line.boards);
    line.boards -= n;
    left -= n;
    if (line.boards === 0) c.lines.pop();
  }
  c.openBoards -= cancelled;
  c.cancelledBoards += cancelled;
  return cancelled;
}

/** Cancels up to `boards` from the oldest lines placed before `olderThan`; returns the count. */
export function cancelOldest(c: CustomerState, boards: number, olderThan: number): number {
  let left = boards;
  let cancelled = 0;
  for (let i = 0; i < c.lines.length && left > 0;) {
    const line = c.lines[i]!;
    if (line.week >= olderThan) break;
    const n = Math.min(left, line.boards);
    line.boards -= n;
    left -= n;
    cancelled += n;
    if (line.boards === 0) c.lines.splice(i, 1);
    else i++;
  }
  c.openBoards -= cancelled;
  c.cancelledBoards += cancelled;
  return cancelled;
}

/**
 * Inflate buyers: cancels phantom orders (open boards beyond unmet need) once lead times have
 * fallen. Boards allocated but not yet delivered count towards the need. Returns boards cancelled.
 */
export function cancelPhantomOrders(
  c: CustomerState,
  ordering: Extract<OrderingSpec, { behaviour: 'inflate' }>,
  market: { quotedLeadWeeks: number; peakQuotedLeadWeeks: number; week: number },
  gpusPerBoard: number,
  priorNeedGpus: number,
): number {
  if (!shortageOver(c, ordering, market)) return 0;
  const unmetBoards = Math.max(
    0,
    Math.ceil((priorNeedGpus + c.needGpus - heldBoards(c) * gpusPerBoard) / gpusPerBoard - 1e-9),
  );
  const inTransit = c.allocatedBoards - c.receivedBoards;
  const excess = c.openBoards + inTransit - unmetBoards;
  return excess > 0 ? cancelYoungest(c, excess) : 0;
}

/**
 * Whether an inflate buyer sees the shortage as over. "quote": the quoted lead time is below
 * cancelBelowLeadTimeWeeks. "rationed" (Lee, Padmanabhan & Whang 1997: phantom orders evaporate when
 * capacity catches up): it has been served in full over its lookback (f̂ = 1, after the cold start),
 * or the quote has fallen below cancelBelowLeadTimeWeeks after having reached it.
 */
function shortageOver(
  c: CustomerState,
  ordering: Extract<OrderingSpec, { behaviour: 'inflate' }>,
  market: { quotedLeadWeeks: number; peakQuotedLeadWeeks: number; week: number },
): boolean {
  const below = market.quotedLeadWeeks < ordering.cancelBelowLeadTimeWeeks;
  if (ordering.gamingTrigger !== 'rationed') return below;
  if (below && market.peakQuotedLeadWeeks >= ordering.cancelBelowLeadTimeWeeks) return true;
  return market.week >= ordering.lookbackWeeks && fillRate(c, ordering.lookbackWeeks, market.week) >= 1;
}

/** Patience buyers: part of the long-overdue orders defects. Returns boards cancelled. */
export function defectOverdue(
  c: CustomerState,
  ordering: Extract<OrderingSpec, { behaviour: 'patience' }>,
  week: number,
): number {
  const olderThan = week - ordering.patienceWeeks;
  let overdue = 0;
  for (const line of c.lines) {
    if (line.week >= olderThan) break;
    overdue += line.boards;
  }
  if (overdue === 0) return 0;
  c.defectCarry += ordering.defectFraction * overdue;
  const boards = Math.floor(c.defectCarry + 1e-9);
  c.defectCarry -= boards;
  return boards > 0 ? cancelOldest(c, boards, olderThan) : 0;
}

/**
 * Takes the oldest `boards` boards off a FIFO of order lines (splitting a line if needed). A push
 * buyer's sales-push lines keep their place: what it pushed is sold, so it is delivered in turn.
 */
export function takeOldestLines(lines: OrderLine[], boards: number): OrderLine[] {
  const taken: OrderLine[] = [];
  let left = boards;
  while (left > 0) {
    const line = lines[0]!;
    const k = Math.min(left, line.boards);
    taken.push(withBoards(line, k));
    line.boards -= k;
    left -= k;
    if (line.boards === 0) lines.shift();
  }
  return taken;
}

type HoardSpec = Extract<OrderingSpec, { behaviour: 'hoard' }>;

/** A hoarder's target cover, weeks of need: rises with the quoted lead time, up to maxCoverWeeks. */
export function targetCoverWeeks(ordering: HoardSpec, quotedLeadWeeks: number): number {
  return Math.min(ordering.maxCoverWeeks, ordering.baseCoverWeeks + ordering.coverPerLeadWeek * quotedLeadWeeks);
}

/** Mean weekly need over the `lookback` weeks ending with `week` (fewer at the start), GPUs. */
export function needRate(c: CustomerState, lookback: number, week: number): number {
  const from = Math.max(0, week - lookback + 1);
  let need = 0;
  for (let w = from; w <= week; w++) need += c.weeklyNeed[w] ?? 0;
  return week >= from ? need / (week - from + 1) : 0;
}

/**
 * GPUs in hand + on order (open, allocated in transit, and the fraction of a board not yet ordered)
 * beyond the need so far (`priorNeedGpus`, the need ordered before the start, plus need since), GPUs;
 * negative when short.
 */
export function coverPositionGpus(c: CustomerState, gpusPerBoard: number, priorNeedGpus: number): number {
  const boards = heldBoards(c) + c.openBoards + (c.allocatedBoards - c.receivedBoards) + c.orderCarry;
  return boards * gpusPerBoard - (priorNeedGpus + c.needGpus);
}

/** What a hoarder's weekly decision reads: its rule, the week, the quote and its need before the start. */
export interface HoardView {
  ordering: HoardSpec;
  week: number;
  quotedLeadWeeks: number;
  gpusPerBoard: number;
  /** Need ordered before the start (the initial backlog), GPUs. */
  priorNeedGpus: number;
}

/** GPUs in hand + on order beyond the hoarder's target cover (negative when below it). */
function coverBeyondTargetGpus(c: CustomerState, h: HoardView): number {
  const target = targetCoverWeeks(h.ordering, h.quotedLeadWeeks) * needRate(c, h.ordering.lookbackWeeks, h.week);
  return coverPositionGpus(c, h.gpusPerBoard, h.priorNeedGpus) - target;
}

/** GPUs a hoarder orders this week (after this week's need has arisen): up to its target cover. */
export function hoardOrderQuantity(c: CustomerState, h: HoardView): number {
  return Math.max(0, -coverBeyondTargetGpus(c, h));
}

/**
 * A hoarder whose cover exceeds its target (lead times fell) cancels its youngest open orders
 * beyond it, whole boards. Returns the boards cancelled.
 */
export function releaseHoard(c: CustomerState, h: HoardView): number {
  const excess = Math.floor(coverBeyondTargetGpus(c, h) / h.gpusPerBoard + 1e-9);
  return excess > 0 ? cancelYoungest(c, excess) : 0;
}
