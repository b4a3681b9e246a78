/** The demand side each week: true need arrives, buyers turn it into orders; export controls. */
import type { ModelContext, World } from './context.js';
import type { Shipment } from './state.js';
import { putBack } from './cohorts.js';
import { substitute } from './market/substitution.js';
import { resaleWeek } from './market/resale.js';
import {
  cancelPhantomOrders,
  defectOverdue,
  hoardOrderQuantity,
  lapseOverdue,
  orderQuantity,
  placeOrder,
  placePush,
  pushQuantity,
  releaseHoard,
} from './customers/ordering.js';

export function demand(ctx: ModelContext, sim: World): void {
  const state = sim.state;
  const week = state.week;
  // End users' need, summed into their hosts' by direct-customer index (in end-user id order).
  const routed = routedNeed(ctx, sim, week);
  for (let i = 0; i < ctx.direct.length; i++) customerWeek(ctx, sim, i, week, routed[i]!);
  const resale = ctx.scenario.market?.resale;
  if (resale) resaleWeek(ctx, state, resale);
}

/** This week's need of every end user, added up per host (direct-customer index; 0 for none). */
function routedNeed(ctx: ModelContext, sim: World, week: number): number[] {
  const routed = new Array<number>(ctx.direct.length).fill(0);
  for (const i of ctx.endUsersById) {
    const n = ctx.needEndUser[i]!.at(sim, week);
    sim.state.endUsers[i]!.needGpus += n;
    const host = ctx.hostOfEndUser[i]!;
    if (host >= 0) routed[host]! += n;
  }
  return routed;
}

/** One direct customer's week: its need (own + routed) arrives and its ordering rule turns it into orders. */
function customerWeek(ctx: ModelContext, sim: World, i: number, week: number, routedGpus: number): void {
  const state = sim.state;
  const perBoard = ctx.gpusPerBoard;
  const spec = ctx.direct[i]!;
  const c = state.customers[i]!;
  const need = ctx.needDirect[i]!.at(sim, week) + routedGpus;
  c.weeklyNeed[week] = need;
  c.needGpus += need;
  if (c.blocked) {
    c.lostGpus += need;
    return;
  }
  c.orderableNeedGpus += need;
  const ordering = spec.ordering;
  if (ordering.behaviour === 'hoard') {
    const hoard = {
      ordering,
      week,
      quotedLeadWeeks: state.quotedLeadWeeks,
      gpusPerBoard: perBoard,
      priorNeedGpus: spec.initialBacklogGpus,
    };
    c.weeklyOrders[week] = placeOrder(c, hoardOrderQuantity(c, hoard), perBoard, week) * perBoard;
    releaseHoard(c, hoard);
  } else {
    const market = { rewardsInflation: ctx.rewardsInflation, quotedLeadWeeks: state.quotedLeadWeeks };
    const gpus = orderQuantity(c, ordering, need, week, market);
    c.weeklyOrders[week] = placeOrder(c, gpus, perBoard, week) * perBoard;
    if (ordering.behaviour === 'inflate') {
      const quote = { quotedLeadWeeks: state.quotedLeadWeeks, peakQuotedLeadWeeks: state.peakQuotedLeadWeeks, week };
      cancelPhantomOrders(c, ordering, quote, perBoard, spec.initialBacklogGpus);
    } else if (ordering.behaviour === 'patience') {
      c.lostGpus += defectOverdue(c, ordering, week) * perBoard;
    } else if (ordering.behaviour === 'push') {
      const lapsed = lapseOverdue(c, ordering.patienceWeeks, week);
      c.lostGpus += lapsed.needBoards * perBoard;
      c.pushLapsedGpus += lapsed.pushBoards * perBoard;
      const { turnAndEarnWindowWeeks, epochWeeks } = ctx.scenario.allocation;
      const salesMarket = { rewardsSales: ctx.rewardsSales, saleEpochs: turnAndEarnWindowWeeks / epochWeeks };
      const push = pushQuantity(c, ordering, need, week, salesMarket);
      c.weeklyOrders[week] += placePush(c, push, need, perBoard, week) * perBoard;
    }
  }
  if (spec.alternatives.length > 0) substitute(c, spec, ctx.scenario.startDate, week, perBoard);
}

/**
 * Customers of `regions` can no longer receive: their open orders are cancelled (lost demand). The
 * rule controls deliveries, not cloud access (docs/DOMAIN.md B5), so it looks only at direct
 * customers — who take delivery: an end user's own region plays no part; its need is its host's.
 */
export function applyExportControl(ctx: ModelContext, sim: World, regions: readonly string[]): void {
  const state = sim.state;
  const perBoard = ctx.gpusPerBoard;
  for (const r of regions) if (!state.blockedRegions.includes(r)) state.blockedRegions.push(r);
  state.customers.forEach((c, i) => {
    if (!regions.includes(ctx.direct[i]!.region) || c.blocked) return;
    c.blocked = true;
    c.lostGpus += c.openBoards * perBoard;
    c.cancelledBoards += c.openBoards;
    c.openBoards = 0;
    c.lines = [];
  });
  // Allocated boards not yet shipped go back to finished goods, in born order: the units are not lost.
  const keep: Shipment[] = [];
  for (const s of state.shipQueue) {
    const c = state.customers[s.customer]!;
    if (!c.blocked) {
      keep.push(s);
      continue;
    }
    putBack(state.finishedBoards, s.boards, s.born);
    c.allocatedBoards -= s.boards;
    c.cancelledBoards += s.boards;
    c.lostGpus += s.boards * perBoard;
  }
  state.shipQueue = keep;
}
