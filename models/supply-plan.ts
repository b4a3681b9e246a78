/**
 * Planning wafer starts to demand (`fab.planTo: "orders"`): an MRP-style cap on the capacity plan.
 * The capacity plan (models/production.ts) starts what CoWoS can consume over the lead time plus
 * cover; planned to orders, the planner also asks what the order book will need over the same
 * window plus the build time after CoWoS (open orders + order intake projected at the rate of the
 * last `orderForecastWeeks` weeks), less the GPUs already downstream of the die bank (in CoWoS, in
 * test, loose, on boards, finished and not yet allocated), and plans CoWoS starts to the smaller of
 * the two. Starts therefore fall when the order book falls short of capacity instead of piling up
 * in finished goods, as Nvidia plans supply to demand forecasts. HBM stays planned to CoWoS
 * capacity: its lead time (26–36 weeks) is longer than this forecast can see, and planned to it
 * HBM starved CoWoS in 2023 (README, Calibration).
 */
import type { ModelContext } from './context.js';
import type { ModelState } from './state.js';
import { total } from './cohorts.js';

/** GPUs downstream of the die bank, at the yields still ahead of them. */
function gpusDownstream(ctx: ModelContext, state: ModelState): number {
  const { cowos: c, test: t } = ctx.scenario;
  const st = state.stages;
  return (
    st.cowos.wip * c.yield * t.yield +
    (total(st.test.queue) + st.test.wip) * t.yield +
    total(state.gpuPool) +
    (st.board.wip + total(state.finishedBoards)) * ctx.gpusPerBoard
  );
}

/** GPUs a week the order book brings, as the mean of the last `weeks` weeks (null before week 1). */
export function orderIntakePerWeek(state: ModelState, week: number, weeks: number): number | null {
  const n = Math.min(Math.max(1, Math.floor(weeks)), week);
  if (n <= 0) return null;
  let sum = 0;
  for (const c of state.customers) for (let w = week - n; w < week; w++) sum += c.weeklyOrders[w] ?? 0;
  return sum / n;
}

/**
 * CoWoS starts the order book needs over the next `windowWeeks` weeks: open orders plus the order
 * intake over the window and the build time after CoWoS, less the GPUs already downstream, in
 * packages (at CoWoS and test yields). Null when there is no order history yet (week 0): the
 * capacity plan alone then decides.
 */
export function packagesForOrders(
  ctx: ModelContext,
  state: ModelState,
  week: number,
  windowWeeks: number,
  forecastWeeks: number,
): number | null {
  const rate = orderIntakePerWeek(state, week, forecastWeeks);
  if (rate === null) return null;
  let open = 0;
  for (const c of state.customers) open += c.openBoards * ctx.gpusPerBoard;
  const needed = open + rate * (windowWeeks + ctx.buildLeadWeeks) - gpusDownstream(ctx, state);
  const perPackage = ctx.scenario.cowos.yield * ctx.scenario.test.yield;
  return perPackage > 0 ? Math.max(0, needed / perPackage) : 0;
}

/** What the wafer planner plans CoWoS to start over its window: capacity, capped by orders when planned to them. */
export function plannedCowosStarts(
  ctx: ModelContext,
  state: ModelState,
  week: number,
  windowWeeks: number,
  capacitySites: number,
  plan: { planTo: 'capacity' | 'orders'; orderForecastWeeks: number },
): number {
  if (plan.planTo === 'capacity') return capacitySites;
  const forOrders = packagesForOrders(ctx, state, week, windowWeeks, plan.orderForecastWeeks);
  return forOrders === null ? capacitySites : Math.min(capacitySites, forOrders);
}
