/**
 * The allocation epoch: the policy divides the finished boards among customers' open orders;
 * each customer's oldest order lines are filled first and the boards go to the ship stage. Also the
 * lead time Nvidia would quote, which strategic buyers watch.
 */
import type { ModelContext, World } from './context.js';
import { deriveTier } from './policies/tiers.js';
import { attributesAt } from './customer-attributes.js';
import { trackUnserved } from './starvation.js';
import type { Allocation, OpenOrder, PolicyCustomer } from './policies/types.js';
import type { CustomerState, ModelState } from './state.js';
import type { CustomerSpec } from '../scenarios/schema.js';
import { take, total } from './cohorts.js';
import { cowosSitesPerWeek } from './stages.js';
import { takeOldestLines } from './customers/ordering.js';
import { pumpShipping } from './production.js';

/** The quoted lead time averages shipments over this many allocation epochs. */
const QUOTE_WINDOW_EPOCHS = 4;
/** A quote with nothing shipping and nothing planned is reported as this many weeks (open-ended). */
const QUOTE_CAP_WEEKS = 104;

/**
 * A customer as the policy sees it. Only `id` and `openBoards` are read by most policies, so the
 * other fields are worked out when first read, then kept: `orders` (copying every open line at every
 * epoch made a run cost customers × weeks² under rationing), `trailingUsedBoards` (a loop over the
 * turn-and-earn window), `attributes` and `tier`. All of them are read within the policy call or
 * before this epoch's allocation is applied (observeAllocation), so they are the values as they
 * stand before this epoch's allocation, the same as if they had been copied up front.
 */
class CustomerView implements PolicyCustomer {
  readonly id: string;
  readonly weight: number;
  readonly openBoards: number;
  readonly deliveredBoards: number;
  declare readonly favouredWeight?: number;
  private ordersCopy: OpenOrder[] | undefined;
  private usedBoards: number | undefined;
  private attributesNow: PolicyCustomer['attributes'] | undefined;
  private tierNow: number | undefined;

  constructor(
    private readonly ctx: ModelContext,
    private readonly customer: CustomerState,
    private readonly spec: CustomerSpec,
    private readonly week: number,
  ) {
    this.id = customer.id;
    this.weight = spec.weight;
    this.openBoards = customer.openBoards;
    this.deliveredBoards = customer.receivedBoards;
    if (spec.favouredWeight !== undefined) this.favouredWeight = spec.favouredWeight;
  }

  get orders(): readonly OpenOrder[] {
    return (this.ordersCopy ??= this.customer.lines.map((l) => ({ week: l.week, boards: l.boards })));
  }

  get trailingUsedBoards(): number {
    return (this.usedBoards ??= trailingUsedGpus(this.customer, this.week, this.ctx) / this.ctx.gpusPerBoard);
  }

  get attributes(): PolicyCustomer['attributes'] {
    return (this.attributesNow ??= attributesAt(this.spec, this.ctx.scenario.startDate, this.week));
  }

  get tier(): number {
    return (this.tierNow ??= this.spec.tier ?? deriveTier(this.attributes));
  }
}

/** GPUs delivered over the turn-and-earn window before `week` that the customer put to use. */
function trailingUsedGpus(c: CustomerState, week: number, ctx: ModelContext): number {
  const window = ctx.scenario.allocation.turnAndEarnWindowWeeks;
  let used = 0;
  for (let w = Math.max(0, week - window); w < week; w++) {
    // Pushed GPUs are sold on arrival; the rest is put to use up to the week's need.
    const pushed = c.weeklyPushReceived[w] ?? 0;
    used += Math.min((c.weeklyReceived[w] ?? 0) - pushed, c.weeklyNeed[w] ?? 0) + pushed;
  }
  return used;
}

/** What the policy sees of each customer that may receive (not export-blocked), in id order. */
function policyInput(ctx: ModelContext, state: ModelState): PolicyCustomer[] {
  const out: PolicyCustomer[] = [];
  for (const i of ctx.byId) {
    const c = state.customers[i]!;
    if (!c.blocked) out.push(new CustomerView(ctx, c, ctx.direct[i]!, state.week));
  }
  return out;
}

export function allocate(ctx: ModelContext, sim: World): void {
  const state = sim.state;
  const supply = total(state.finishedBoards);
  const input = { supply, week: state.week, customers: policyInput(ctx, state) };
  const allocation = supply > 0 ? ctx.policy.allocate(input) : {};
  observeAllocation(ctx, state, input.customers, allocation);
  trackUnserved(
    state,
    ctx.byId,
    input.customers,
    allocation,
    ctx.scenario.allocation.epochWeeks,
    ctx.scenario.horizonWeeks - sim.now,
  );
  const boardsById: Record<string, number> = {};
  for (const i of ctx.byId) {
    const c = state.customers[i]!;
    const boards = allocation[c.id] ?? 0;
    if (boards <= 0) continue;
    boardsById[c.id] = boards;
    const born = take(state.finishedBoards, boards);
    const lines = takeOldestLines(c.lines, boards);
    c.openBoards -= boards;
    c.allocatedBoards += boards;
    state.allocatedThisWeek += boards;
    state.shipQueue.push({ customer: i, boards, born, lines });
  }
  state.lastAllocation = { week: state.week, supply, boards: boardsById };
  updateQuotedLeadTime(ctx, state);
  pumpShipping(ctx, sim);
}

/**
 * What push buyers learn from an allocation (before it is applied): whether they were rationed (got
 * fewer boards than they had due: on order for longer than it takes to build a board), and when
 * they were, how many boards they got per board of trailing sales; kept as moving averages over
 * their lookback (models/customers/ordering.ts, pushQuantity).
 */
function observeAllocation(
  ctx: ModelContext,
  state: ModelState,
  seen: readonly PolicyCustomer[],
  allocation: Allocation,
): void {
  const epoch = ctx.scenario.allocation.epochWeeks;
  if (!ctx.direct.some((spec) => spec.ordering.behaviour === 'push')) return;
  const salesById = new Map(seen.map((pc) => [pc.id, pc.trailingUsedBoards]));
  ctx.direct.forEach((spec, i) => {
    if (spec.ordering.behaviour !== 'push') return;
    const c = state.customers[i]!;
    const sales = salesById.get(c.id);
    if (sales === undefined) return; // export-blocked: not in the allocation
    const boards = allocation[c.id] ?? 0;
    let due = 0;
    // Lines are in order-week order (placed week by week, taken and cancelled at the ends).
    for (const line of c.lines) {
      if (line.week > state.week - ctx.buildLeadWeeks) break;
      due += line.boards;
    }
    const rationed = boards < due;
    const alpha = Math.min(1, epoch / spec.ordering.lookbackWeeks);
    c.rationedLastEpoch = rationed;
    c.rationedShare += alpha * ((rationed ? 1 : 0) - c.rationedShare);
    if (rationed && sales > 0) c.earnedPerSale += alpha * (boards / sales - c.earnedPerSale);
  });
}

function plannedBoardsPerWeek(ctx: ModelContext, state: ModelState, week: number): number {
  const { scenario } = ctx;
  return (
    (cowosSitesPerWeek(scenario, week, state.cowosAddedWafersPerMonth) * scenario.cowos.yield * scenario.test.yield) /
    ctx.gpusPerBoard
  );
}

/** Open boards ÷ boards allocated per week recently; until boards ship, ÷ the planned output. */
function updateQuotedLeadTime(ctx: ModelContext, state: ModelState): void {
  const epoch = ctx.scenario.allocation.epochWeeks;
  state.recentAllocations.push(state.allocatedThisWeek);
  if (state.recentAllocations.length > QUOTE_WINDOW_EPOCHS) state.recentAllocations.shift();
  const shipped = state.recentAllocations.reduce((a, b) => a + b, 0) / (state.recentAllocations.length * epoch);
  const perWeek = shipped > 0 ? shipped : plannedBoardsPerWeek(ctx, state, state.week);
  let open = 0;
  for (const c of state.customers) open += c.openBoards;
  state.quotedLeadWeeks = Math.min(QUOTE_CAP_WEEKS, perWeek > 0 ? open / perWeek : open > 0 ? QUOTE_CAP_WEEKS : 0);
  state.peakQuotedLeadWeeks = Math.max(state.peakQuotedLeadWeeks, state.quotedLeadWeeks);
}
