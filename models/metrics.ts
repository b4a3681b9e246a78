/** Metrics as pure folds over a finished run's state. */
import { gini, jainIndex } from '../sim/stats.js';
import { economics } from './economics.js';
import { initialGpus } from './initial-state.js';
import { needMeasures } from './starvation.js';
import type { ModelState } from './state.js';
import { stageAt, type StageId } from './stages.js';
import type { ModelContext } from './world.js';
import type { CustomerResult, Kpis, RunResult, Series, StageResult } from './result.js';

/** The q-quantile of a histogram of whole-week buckets, interpolated within the bucket. */
export function histQuantile(hist: readonly number[], q: number): number | null {
  let n = 0;
  for (const h of hist) n += h;
  if (n === 0) return null;
  const target = q * n;
  let acc = 0;
  for (let i = 0; i < hist.length; i++) {
    const h = hist[i]!;
    if (h > 0 && acc + h >= target) return i + (target - acc) / h;
    acc += h;
  }
  return hist.length;
}

/** Sample variance, shifted by the first value so that equal values give exactly 0. */
export function variance(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const x0 = xs[0]!;
  const mean = xs.reduce((a, x) => a + (x - x0), 0) / xs.length;
  return xs.reduce((a, x) => a + (x - x0 - mean) ** 2, 0) / (xs.length - 1);
}

/** 10 ** digits for the digits results are rounded to, worked out once (the fold rounds thousands of values). */
const POWERS_OF_TEN = Array.from({ length: 10 }, (_, digits) => 10 ** digits);

function round(x: number, digits = 6): number {
  const f = POWERS_OF_TEN[digits] ?? 10 ** digits;
  return Math.round(x * f) / f;
}

/** Mean over weeks of cumulative GPUs received by the end of each week. */
function gpusInHand(weeklyReceived: readonly number[]): number {
  let cumulative = 0;
  let sum = 0;
  for (const n of weeklyReceived) {
    cumulative += n;
    sum += cumulative;
  }
  return weeklyReceived.length > 0 ? sum / weeklyReceived.length : 0;
}

function customerResults(ctx: ModelContext, state: ModelState): CustomerResult[] {
  const perBoard = ctx.gpusPerBoard;
  return state.customers.map((c, i) => {
    const spec = ctx.direct[i]!;
    const ordered = c.orderedBoards * perBoard;
    const received = c.receivedBoards * perBoard;
    const cancelled = c.cancelledBoards * perBoard;
    const due = ordered - cancelled;
    const need = Math.round(c.needGpus + spec.initialBacklogGpus);
    const m = needMeasures(c, spec.initialBacklogGpus, ctx.scenario.horizonWeeks);
    return {
      id: c.id,
      name: spec.name,
      region: spec.region,
      tier: c.tier,
      ordered,
      received,
      backlog: ordered - received - cancelled,
      cancelled,
      fillRate: due > 0 ? round(received / due) : null,
      need,
      lostDemand: Math.round(c.lostGpus),
      meanWaitWeeks: received > 0 ? round(c.waitSum / received, 4) : null,
      p95WaitWeeks: received > 0 ? round(histQuantile(c.waitHist, 0.95)!, 4) : null,
      avgGpusInHand: round(gpusInHand(c.weeklyReceived), 2),
      needFillRate: need > 0 ? round(received / need) : null,
      unmetNeedGpuWeeks: Math.round(m.unmetNeedGpuWeeks),
      longestUnservedWeeks: round(c.longestUnservedWeeks, 4),
      firstDeliveryWeek: m.firstDeliveryWeek,
      inHandPerNeed: m.inHandPerNeed === null ? null : round(m.inHandPerNeed),
      substitutedGpus: c.substitutedGpus,
      ...(ctx.scenario.market?.resale
        ? { resaleSoldGpus: c.soldBoards * perBoard, resaleBoughtGpus: c.boughtBoards * perBoard }
        : {}),
    };
  });
}

function stageResults(state: ModelState, horizon: number, stageIds: readonly StageId[]): StageResult[] {
  return stageIds.map((id) => {
    const s = state.stages[id]!;
    const area = s.wipArea + s.wip * (horizon - s.wipSince);
    return {
      id,
      name: s.name,
      utilization: round(s.capacityTotal > 0 ? s.startedCounted / s.capacityTotal : 0),
      throughput: s.completed,
      meanWip: round(area / horizon, 3),
      meanFlowWeeks: s.completed > 0 ? round(s.flowTime / s.completed, 4) : null,
      scrapped: s.scrapped,
    };
  });
}

function series(ctx: ModelContext, state: ModelState): Series {
  const h = state.history;
  const perStage = (pick: (r: (typeof h)[number]) => Record<string, number>) =>
    Object.fromEntries(ctx.stageIds.map((id) => [id, h.map((r) => round(pick(r)[id] ?? 0, 4))]));
  const resale = ctx.scenario.market?.resale
    ? {
        resalePriceUsd: h.map((_, w) => {
          const p = state.resalePriceUsd[w] ?? null;
          return p === null ? null : round(p, 2);
        }),
        resoldGpus: h.map((_, w) => (state.resoldBoards[w] ?? 0) * ctx.gpusPerBoard),
      }
    : {};
  return {
    week: h.map((_, i) => i),
    deliveredCumulative: Object.fromEntries(
      state.customers.map((c) => [c.id, h.map((r) => r.deliveredCumulative[c.id] ?? 0)]),
    ),
    orders: h.map((r) => r.orders),
    need: h.map((r) => round(r.need, 2)),
    backlog: h.map((r) => r.backlog),
    allocatedBoards: h.map((r) => r.allocatedBoards),
    utilization: perStage((r) => r.utilization),
    wip: perStage((r) => r.wip),
    dieBank: h.map((r) => r.dieBank),
    hbmBank: h.map((r) => r.hbmBank),
    cowosLimit: h.map((r) => r.cowosLimit),
    meanWaitByOrderWeek: state.deliveredByOrderWeek.map((n, w) =>
      n > 0 ? round(state.waitSumByOrderWeek[w]! / n, 3) : null,
    ),
    deliveredByOrderWeek: [...state.deliveredByOrderWeek],
    quotedLeadWeeks: h.map((r) => round(r.quotedLeadWeeks, 3)),
    ...resale,
  };
}

/**
 * The binding stage: the one whose capacity limited the flow in the most weeks — weeks in which work
 * waited for it while its capacity was used up, a zero capacity counting as used up (so a stage at 0
 * that everything waits for binds, though its utilisation is 0). Ties go to the most downstream stage:
 * when two stages are both full with work waiting, more upstream output would only queue in front of
 * the downstream one. When no stage ever limited the flow (demand did), the highest utilisation.
 */
export function bindingStage(state: ModelState, stages: readonly StageResult[]): StageResult {
  const bound = (s: StageResult) => stageAt(state.stages, s.id)?.boundWeeks ?? 0;
  const most = stages.reduce((best, s) => (bound(s) >= bound(best) ? s : best), stages[0]!);
  if (bound(most) > 0) return most;
  return stages.reduce((best, s) => (s.utilization > best.utilization ? s : best), stages[0]!);
}

export function buildResult(
  ctx: ModelContext,
  state: ModelState,
  meta: { scenario: string; seed: number; events: number },
): RunResult {
  const { scenario } = ctx;
  const horizon = scenario.horizonWeeks;
  const customers = customerResults(ctx, state);
  const stages = stageResults(state, horizon, ctx.stageIds);
  const binding = bindingStage(state, stages);
  const perBoard = ctx.gpusPerBoard;

  let received = 0;
  let due = 0;
  let waitSum = 0;
  let orderedInRun = 0;
  let orderableNeed = 0;
  let lost = 0;
  const waitHist: number[] = [];
  // Floating-point sums run in id order, so they do not depend on the order customers are listed in.
  for (const i of ctx.byId) {
    const c = state.customers[i]!;
    received += c.receivedBoards * perBoard;
    due += (c.orderedBoards - c.cancelledBoards) * perBoard;
    waitSum += c.waitSum;
    orderedInRun += c.orderedInRunBoards * perBoard;
    orderableNeed += c.orderableNeedGpus;
    lost += c.lostGpus;
    c.waitHist.forEach((n, w) => {
      while (waitHist.length <= w) waitHist.push(0);
      waitHist[w]! += n;
    });
  }
  const fillRates = customers.flatMap((c) => (c.fillRate === null ? [] : [c.fillRate]));
  let substituted = 0;
  for (const i of ctx.byId) substituted += state.customers[i]!.substitutedGpus;
  const needFill = customers.flatMap((c) => (c.needFillRate === null ? [] : [c.needFillRate]));
  const inHand = customers.flatMap((c) => (c.inHandPerNeed === null ? [] : [c.inHandPerNeed]));
  const weeklyOrders = state.history.map((r) => r.orders);
  const weeklyNeed = state.history.map((r) => r.need);
  const needVar = variance(weeklyNeed);
  const meanNeed = weeklyNeed.reduce((a, b) => a + b, 0) / Math.max(1, weeklyNeed.length);
  // A need that only varies by rounding (sums taken in another order) counts as constant: ratio 1.
  const needVaries = needVar > 1e-12 * Math.max(1, meanNeed * meanNeed);
  const kpis: Kpis = {
    gpusDelivered: state.ledger.gpu.delivered,
    gpusProduced: state.ledger.gpu.created - initialGpus(ctx),
    fillRate: round(due > 0 ? received / due : 1),
    meanWaitWeeks: round(received > 0 ? waitSum / received : 0, 4),
    p95WaitWeeks: round(histQuantile(waitHist, 0.95) ?? 0, 4),
    jainIndex: round(jainIndex(fillRates)),
    gini: round(gini(fillRates)),
    needJainIndex: round(jainIndex(needFill)),
    needGini: round(gini(needFill)),
    inHandJainIndex: round(jainIndex(inHand)),
    inHandGini: round(gini(inHand)),
    substitutedGpus: substituted,
    nvidiaLostRevenueUsd: substituted * scenario.product.gpuPriceUsd,
    // Over a run's need below one GPU the ratio says nothing and can overflow (a denormal need): count it as one GPU.
    orderInflation: round(orderableNeed > 0 ? orderedInRun / Math.max(orderableNeed, 1) : 1),
    bullwhip: round(needVaries ? variance(weeklyOrders) / needVar : 1),
    lostDemand: Math.round(lost),
    revenue: received * scenario.product.gpuPriceUsd,
    medianCycleWeeks: round(histQuantile(state.cycleHist, 0.5) ?? 0, 4),
  };
  const money = economics(ctx, state);
  if (money) {
    kpis.supplierProfitUsd = Math.round(money.supplierProfitUsd);
    kpis.buyersProfitUsd = Math.round(money.buyersProfitUsd);
    kpis.chainProfitUsd = Math.round(money.chainProfitUsd);
    kpis.pushedGpus = money.pushedGpus;
  }
  if (scenario.market?.resale) {
    let sold = 0;
    for (const i of ctx.byId) sold += state.customers[i]!.soldBoards;
    kpis.resoldGpus = sold * perBoard;
  }
  return {
    scenario: meta.scenario,
    policy: ctx.policy.name,
    seed: meta.seed,
    startDate: scenario.startDate,
    horizonWeeks: horizon,
    events: meta.events,
    customers,
    endUsers: state.endUsers.map((e) => ({ id: e.id, via: e.via, need: Math.round(e.needGpus) })),
    units: structuredClone(state.ledger),
    stages,
    bindingStage: binding.id,
    kpis,
    waitHistogram: waitHist,
    series: series(ctx, state),
  };
}
