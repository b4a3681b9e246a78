/**
 * The secondary market (opt-in: scenario `market.resale`; DOMAIN.md B6). Once a week, after the
 * week's need and orders, delivered boards held beyond need are resold to customers short of it.
 *
 * Cover. A customer's need is cumulative (GPUs it needs installed by now: the need ordered before
 * the start plus all need since). It holds `held` = delivered − sold + bought GPUs. Its cover is
 * held − need so far, in weeks of its recent need rate r (mean weekly need over
 * `needLookbackWeeks`; a hoarder's own lookback).
 * - Seller: surplus = held − need so far − keep × r, whole boards, where keep is
 *   `keepCoverWeeks` — for a hoarder, its target cover at the quoted lead time
 *   (models/customers/ordering.ts), so a hoarder sells once lead times fall.
 * - Buyer: unmet = need so far − held − boards allocated to it and on their way, whole boards. A
 *   board bought cancels one of its youngest open orders at Nvidia (that need is met), if it has any.
 * Export-blocked customers trade neither way. The two sides are exclusive (surplus needs held above
 * need, unmet needs held below it).
 *
 * Volume and split. V = min(S, D) boards, S = Σ surplus, D = Σ unmet: the short side clears. Each
 * side's V is shared in proportion to surplus (resp. unmet) by largest remainder (ties by id), so no
 * seller sells more than its surplus and no buyer buys more than its unmet need; sellers and buyers
 * are then matched in id order. Boards move through ledger.resell: never created or lost.
 *
 * Price. Scarcity s = D ÷ (D + S) ∈ [0, 1]; price per GPU = list × (min + (max − min) × s), min and
 * max the scenario's priceMultipleMin/Max. With B6's grey market in mind (1.5–2× list in 2023): at
 * min 1 and max 2, a market where buyers want as much as sellers offer (s = ½) prices at 1.5×, one
 * where buyers far outnumber sellers at 2×, and a glut (s → 0) at list. The price is recorded, not
 * used to ration: every buyer short of need is taken to pay up to the maximum (B6 reports trades at
 * 2× list). A week without a trade records no price (null).
 */
import type { ResaleSpec } from '../../scenarios/schema.js';
import type { ModelContext } from '../context.js';
import type { CustomerState, ModelState } from '../state.js';
import { heldBoards, resell } from '../ledger.js';
import { cancelYoungest, needRate, targetCoverWeeks } from '../customers/ordering.js';
import { apportion } from '../policies/rounding.js';

const EPS = 1e-9;

/** Resale price ÷ list price at `demand` boards wanted against `supply` offered (null when neither). */
export function priceMultiple(spec: ResaleSpec, demand: number, supply: number): number | null {
  if (!(demand + supply > 0)) return null;
  const scarcity = demand / (demand + supply);
  return spec.priceMultipleMin + (spec.priceMultipleMax - spec.priceMultipleMin) * scarcity;
}

/** Whole boards held beyond the need so far plus `keepWeeks` weeks of need at `rateGpus` per week. */
export function surplusBoards(
  c: CustomerState,
  needSoFarGpus: number,
  keepWeeks: number,
  rateGpus: number,
  gpusPerBoard: number,
): number {
  const gpus = heldBoards(c) * gpusPerBoard - needSoFarGpus - keepWeeks * rateGpus;
  return Math.max(0, Math.floor(gpus / gpusPerBoard + EPS));
}

/** Whole boards of need so far not held nor on their way. */
export function unmetBoards(c: CustomerState, needSoFarGpus: number, gpusPerBoard: number): number {
  const coming = heldBoards(c) + c.allocatedBoards - c.receivedBoards;
  return Math.max(0, Math.floor(needSoFarGpus / gpusPerBoard - coming + EPS));
}

/** `total` ≤ Σ weights whole units shared in proportion to `weights`, each ≤ its weight; Σ = total exactly. */
function share(weights: ReadonlyMap<string, number>, total: number, sum: number): Map<string, number> {
  if (total >= sum) return new Map(weights);
  const shares = new Map<string, number>();
  for (const [id, w] of weights) shares.set(id, (w * total) / sum);
  return apportion(shares, weights, total);
}

/** One side of the market: a customer (by index) and its boards offered or wanted. */
interface Side {
  index: number;
  boards: number;
}

/** This week's sellers' surplus and buyers' unmet need, boards, by customer index (id order). */
export function marketSides(
  ctx: ModelContext,
  state: ModelState,
  spec: ResaleSpec,
): { offers: Map<number, number>; bids: Map<number, number> } {
  const { offers, bids } = sides(ctx, state, spec);
  const byIndex = (side: Side[]) => new Map(side.map((x) => [x.index, x.boards]));
  return { offers: byIndex(offers), bids: byIndex(bids) };
}

/** marketSides as lists in id order (no Maps: the market runs every week, and most weeks nothing trades). */
function sides(ctx: ModelContext, state: ModelState, spec: ResaleSpec): { offers: Side[]; bids: Side[] } {
  const week = state.week;
  const perBoard = ctx.gpusPerBoard;
  const offers: Side[] = [];
  const bids: Side[] = [];
  for (const i of ctx.byId) {
    const c = state.customers[i]!;
    if (c.blocked) continue;
    const customer = ctx.direct[i]!;
    const needSoFar = customer.initialBacklogGpus + c.needGpus;
    const ordering = customer.ordering;
    const hoards = ordering.behaviour === 'hoard';
    const keep = hoards ? targetCoverWeeks(ordering, state.quotedLeadWeeks) : spec.keepCoverWeeks;
    const rate = needRate(c, hoards ? ordering.lookbackWeeks : spec.needLookbackWeeks, week);
    const surplus = surplusBoards(c, needSoFar, keep, rate, perBoard);
    if (surplus > 0) offers.push({ index: i, boards: surplus });
    const unmet = unmetBoards(c, needSoFar, perBoard);
    if (unmet > 0) bids.push({ index: i, boards: unmet });
  }
  return { offers, bids };
}

/** One week of the secondary market; returns the boards resold. */
export function resaleWeek(ctx: ModelContext, state: ModelState, spec: ResaleSpec): number {
  const week = state.week;
  const perBoard = ctx.gpusPerBoard;
  const { offers, bids } = sides(ctx, state, spec);
  let supply = 0;
  let demand = 0;
  for (const o of offers) supply += o.boards;
  for (const b of bids) demand += b.boards;
  const volume = Math.min(supply, demand);
  if (volume === 0) return 0;
  const byId = (side: Side[]) => new Map(side.map((x) => [state.customers[x.index]!.id, x.boards]));
  const sells = share(byId(offers), volume, supply);
  const buys = share(byId(bids), volume, demand);
  const sellers = offers.map(({ index }) => ({
    c: state.customers[index]!,
    left: sells.get(state.customers[index]!.id)!,
  }));
  const buyers = bids.map(({ index }) => ({ c: state.customers[index]!, left: buys.get(state.customers[index]!.id)! }));
  let s = 0;
  for (const b of buyers) {
    const bought = b.left;
    while (b.left > 0) {
      while (sellers[s]!.left === 0) s++;
      const seller = sellers[s]!;
      const n = Math.min(b.left, seller.left);
      resell(seller.c, b.c, n);
      seller.c.weeklyResold[week]! -= n * perBoard;
      b.c.weeklyResold[week]! += n * perBoard;
      seller.left -= n;
      b.left -= n;
    }
    if (bought > 0 && b.c.openBoards > 0) cancelYoungest(b.c, bought);
  }
  state.resoldBoards[week] = volume;
  state.resalePriceUsd[week] = priceMultiple(spec, demand, supply)! * ctx.scenario.product.gpuPriceUsd;
  return volume;
}
