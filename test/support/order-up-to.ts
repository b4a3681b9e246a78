/**
 * A small order-up-to supply chain run ON THE ENGINE (sim/ Simulation, seeded named streams), for
 * the bullwhip check of Chen, Drezner, Ryan & Simchi-Levi (2000), Management Science 46(3):436–443.
 *
 * Each period t (an engine event at time t):
 *   1. shipments due at t arrive (scheduled `arrive` events, L periods after their order);
 *   2. each buyer i sees demand D_t ~ Normal(μ, σ) from its own stream `demand/<i>`; with
 *      `backorders` unmet demand is backordered, otherwise it is lost;
 *   3. it forecasts lead-time demand with a p-period moving average, D̂ᴸ_t = L · (1/p) Σ_{j<p} D_{t−j},
 *      and sets the order-up-to level y_t = D̂ᴸ_t + z · √L · ŝ_t (ŝ_t: sample s.d. of the same p demands);
 *   4. it orders q_t = y_t − IP_t (IP = on hand − backorders + on order). With backorders and
 *      unlimited supply this is the paper's q_t = y_t − y_{t−1} + D_{t−1}; negative orders are returns,
 *      as the paper allows (`allowReturns`);
 *   5. an `inflate` buyer, when rationed, orders q_t / f̂ with f̂ = its fill rate (shipped ÷ ordered)
 *      over the last `lookback` periods, floored at 1/maxInflation (models/customers/ordering.ts);
 *   6. the supplier ships every order in full (rationing off, capacity = ∞), or rations a capacity
 *      of K units per period pro rata on the orders with the real `pro-rata` policy (whole units).
 * Shipped quantities arrive L periods later. Orders and demands are recorded after a warm-up.
 */
import { Simulation, type Handlers } from '../../sim/index.js';
import { proRata } from '../../models/policies/index.js';

export interface OrderUpToConfig {
  periods: number;
  warmup: number;
  buyers: number;
  mu: number;
  sigma: number;
  leadTime: number;
  p: number;
  z: number;
  backorders: boolean;
  allowReturns: boolean;
  /** Units per period the supplier can ship; Infinity = rationing off. */
  capacity: number;
  /** Indices of buyers that inflate when rationed. */
  inflating: number[];
  maxInflation: number;
  lookback: number;
  seed: number;
}

type Ev = { type: 'period' } | { type: 'arrive'; buyer: number; qty: number };

interface Buyer {
  onHand: number;
  backorders: number;
  onOrder: number;
  history: number[];
  recentOrdered: number[];
  recentShipped: number[];
  demands: number[];
  orders: number[];
}

interface State {
  buyers: Buyer[];
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function variance(xs: readonly number[]): number {
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
}

export interface OrderUpToResult {
  /** Var(orders)/Var(demand) per buyer, over the periods after the warm-up. */
  ratios: number[];
  orders: number[][];
  demands: number[][];
}

export function runOrderUpTo(cfg: OrderUpToConfig): OrderUpToResult {
  const L = cfg.leadTime;
  const handlers: Handlers<Ev, State> = {
    arrive(event, sim) {
      const b = sim.state.buyers[event.buyer]!;
      b.onOrder -= event.qty;
      b.onHand += event.qty;
      if (cfg.backorders && b.backorders > 0 && b.onHand > 0) {
        const served = Math.min(b.onHand, b.backorders);
        b.onHand -= served;
        b.backorders -= served;
      }
    },
    period(_event, sim) {
      const t = Math.round(sim.now);
      const wanted: number[] = [];
      sim.state.buyers.forEach((b, i) => {
        const d = sim.rng.stream(`demand/${i}`).normal(cfg.mu, cfg.sigma);
        const served = Math.min(Math.max(0, b.onHand), Math.max(0, d));
        b.onHand -= served;
        if (cfg.backorders) b.backorders += d - served;
        b.history.push(d);
        if (b.history.length > cfg.p) b.history.shift();
        const m = mean(b.history);
        const s = b.history.length > 1 ? Math.sqrt(variance(b.history)) : 0;
        const y = L * m + cfg.z * Math.sqrt(L) * s;
        const ip = b.onHand - b.backorders + b.onOrder;
        let q = y - ip;
        if (!cfg.allowReturns) q = Math.max(0, q);
        if (cfg.inflating.includes(i) && b.recentOrdered.length >= cfg.lookback) {
          const ordered = b.recentOrdered.reduce((a, x) => a + x, 0);
          const shipped = b.recentShipped.reduce((a, x) => a + x, 0);
          const fill = ordered > 0 ? Math.max(1 / cfg.maxInflation, Math.min(1, shipped / ordered)) : 1;
          q = q / fill;
        }
        if (t >= cfg.warmup) {
          b.demands.push(d);
          b.orders.push(q);
        }
        wanted.push(q);
      });
      // The supplier: everything (rationing off) or K units pro rata on whole-unit orders.
      let shipped: number[];
      if (cfg.capacity === Infinity) {
        shipped = wanted;
      } else {
        const whole = wanted.map((q) => Math.max(0, Math.round(q)));
        const alloc = proRata({
          supply: cfg.capacity,
          week: t,
          customers: whole.map((q, i) => ({
            id: `b${i}`,
            tier: 0,
            weight: 1,
            openBoards: q,
            orders: q > 0 ? [{ week: t, boards: q }] : [],
            trailingUsedBoards: 0,
            deliveredBoards: 0,
            attributes: { buildsOwnAccelerator: false, nvidiaInvested: false, disclosesEndUsers: false },
          })),
        });
        shipped = whole.map((_, i) => alloc[`b${i}`] ?? 0);
      }
      sim.state.buyers.forEach((b, i) => {
        const qty = shipped[i]!;
        b.recentOrdered.push(Math.max(0, wanted[i]!));
        b.recentShipped.push(Math.max(0, qty));
        if (b.recentOrdered.length > cfg.lookback) {
          b.recentOrdered.shift();
          b.recentShipped.shift();
        }
        b.onOrder += qty;
        sim.schedule({ type: 'arrive', buyer: i, qty }, L, -1);
      });
      if (t + 1 < cfg.periods) sim.schedule({ type: 'period' }, 1, 0);
    },
  };
  const buyers: Buyer[] = Array.from({ length: cfg.buyers }, () => ({
    onHand: cfg.mu * cfg.leadTime,
    backorders: 0,
    onOrder: 0,
    history: [],
    recentOrdered: [],
    recentShipped: [],
    demands: [],
    orders: [],
  }));
  const sim = new Simulation<Ev, State>({ handlers, state: { buyers }, seed: cfg.seed });
  sim.scheduleAt({ type: 'period' }, 0, 0);
  sim.run();
  const state = sim.state;
  return {
    ratios: state.buyers.map((b) => variance(b.orders) / variance(b.demands)),
    orders: state.buyers.map((b) => b.orders),
    demands: state.buyers.map((b) => b.demands),
  };
}
