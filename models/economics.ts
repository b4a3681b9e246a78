/**
 * Money over a run: who earns what, for the chain-level questions of the allocation literature
 * (Cachon & Lariviere 1999, "When to turn-and-earn"). Needs the scenario's production cost.
 *
 * Nvidia sells every GPU at the GPU price w and makes each at cost c:
 *   supplier profit = w × GPUs delivered − c × GPUs made (tested good, delivered or not).
 * A buyer gets the value of the GPUs it puts to use and pays w for each GPU delivered:
 *   - a GPU that serves need: for a push buyer, whose demand is linear with elasticity ε at its need
 *     n and price w, the GPUs up to need are worth w·(1 + 1/(2ε)) on average (need met late but
 *     before it lapses counts in full); for other buyers no demand curve is given and a GPU is
 *     valued at w (no surplus is claimed for them);
 *   - a pushed GPU sells on arrival on the same curve past need: w·(1 − s/2) on average over its
 *     week's push, s = push ÷ (ε·need) (pushShare ÷ ε).
 *   buyers' profit = value − w × GPUs delivered.
 * chain profit = supplier + buyers = value − c × GPUs made: the price is a transfer inside the chain.
 * Pushing x past need adds w·x·(1 − x/(2εn)) − c·x to the chain when the capacity would otherwise
 * idle: positive while x < 2εn(1 − c/w); when it takes capacity that would have served someone's
 * need, the chain loses that need's value.
 */
import type { ModelContext } from './context.js';
import type { ModelState } from './state.js';

export interface Economics {
  /** GPU price and production cost used, USD. */
  gpuPriceUsd: number;
  productionCostUsd: number;
  /** GPUs delivered beyond need on sales-push lines (push buyers under a rule that rewards sales). */
  pushedGpus: number;
  supplierProfitUsd: number;
  buyersProfitUsd: number;
  chainProfitUsd: number;
}

/** Null when the scenario gives no production cost. */
export function economics(ctx: ModelContext, state: ModelState): Economics | null {
  const cost = ctx.scenario.product.productionCostUsd;
  if (cost === undefined) return null;
  const price = ctx.scenario.product.gpuPriceUsd;
  const perBoard = ctx.gpusPerBoard;
  let delivered = 0;
  let pushed = 0;
  let value = 0;
  // In id order, so the float sums do not depend on the order customers are listed in.
  for (const i of ctx.byId) {
    const c = state.customers[i]!;
    const ordering = ctx.direct[i]!.ordering;
    const received = c.receivedBoards * perBoard;
    const servingNeed = received - c.pushReceivedGpus;
    const elasticity = ordering.behaviour === 'push' ? ordering.priceElasticity : Infinity;
    delivered += received;
    pushed += c.pushReceivedGpus;
    value +=
      servingNeed * price * (1 + 1 / (2 * elasticity)) +
      price * (c.pushReceivedGpus - c.pushShareGpus / (2 * elasticity));
  }
  const supplier = price * delivered - cost * state.ledger.gpu.created;
  const buyers = value - price * delivered;
  return {
    gpuPriceUsd: price,
    productionCostUsd: cost,
    pushedGpus: pushed,
    supplierProfitUsd: supplier,
    buyersProfitUsd: buyers,
    chainProfitUsd: supplier + buyers,
  };
}
