/**
 * Sales push, make to order and the chain's money (the turn-and-earn mechanism of Cachon &
 * Lariviere 1999): the push buyer's best response in closed form, its order lines, the make-to-order
 * CoWoS rule, what an allocation teaches a push buyer, and the economics by hand.
 */
import { describe, expect, test } from 'vitest';
import { produce } from 'immer';
import { createWorld } from '../../models/world.js';
import { runToEnd, simulate } from '../../models/simulate.js';
import { economics } from '../../models/economics.js';
import { lapseOverdue, placePush, pushQuantity, takeOldestLines } from '../../models/customers/ordering.js';
import { pumpCowos } from '../../models/production.js';
import type { CustomerState } from '../../models/state.js';
import { policyOf } from '../support/checked-run.js';
import { formatRunTable } from '../../ui/format/run-table.js';
import { salesPushToy, TURN_AND_EARN_SETTING, type SalesPushSetting } from '../support/toy-variants.js';

const SETTING = TURN_AND_EARN_SETTING;

function world(setting: Partial<SalesPushSetting> = {}, policy = 'turn-and-earn') {
  return createWorld(salesPushToy({ ...SETTING, ...setting }), { policy: policyOf(policy), seed: 1 });
}

/** bigcloud at week 0 of a fresh run, with a need and delivery history written in. */
function customerWithHistory(need: number[], received: number[]): CustomerState {
  const c = world().world.state.customers[0]!;
  need.forEach((n, w) => (c.weeklyNeed[w] = n));
  received.forEach((r, w) => (c.weeklyReceived[w] = r));
  return c;
}

const pushSpec = (maxPush = 1) =>
  ({ behaviour: 'push', patienceWeeks: 8, lookbackWeeks: 4, maxPush, priceElasticity: 1 }) as const;

describe('push buyer: best response x = n · G · (1 − f̂), G = (W/epoch) · ρ · e', () => {
  const market = { rewardsSales: true, saleEpochs: 8 };

  test('closed form: fill 0.75 over the lookback, rationed half the epochs, 0.1 board earned per board sold', () => {
    const c = customerWithHistory([100, 100, 100, 100], [75, 75, 75, 75]);
    c.rationedLastEpoch = false;
    c.rationedShare = 0.5;
    c.earnedPerSale = 0.1;
    // G = 8 × 0.5 × 0.1 = 0.4; 1 − f̂ = 0.25 → x = 200 × 0.4 × 0.25 = 20.
    expect(pushQuantity(c, pushSpec(), 200, 4, market)).toBeCloseTo(20, 12);
  });

  test('capped at maxPush × need', () => {
    const c = customerWithHistory([100, 100, 100, 100], [0, 0, 0, 0]);
    Object.assign(c, { rationedLastEpoch: false, rationedShare: 1, earnedPerSale: 1 });
    expect(pushQuantity(c, pushSpec(0.5), 200, 4, market)).toBe(100);
  });

  test('no push where past sales do not pay, after a rationed epoch, without need, or when fully served', () => {
    const c = customerWithHistory([100, 100, 100, 100], [50, 50, 50, 50]);
    Object.assign(c, { rationedLastEpoch: false, rationedShare: 0.5, earnedPerSale: 0.2 });
    expect(pushQuantity(c, pushSpec(), 100, 4, { ...market, rewardsSales: false })).toBe(0);
    expect(pushQuantity(c, pushSpec(), 0, 4, market)).toBe(0);
    c.rationedLastEpoch = true;
    expect(pushQuantity(c, pushSpec(), 100, 4, market)).toBe(0);
    const full = customerWithHistory([100, 100, 100, 100], [100, 100, 100, 100]);
    Object.assign(full, { rationedLastEpoch: false, rationedShare: 0.5, earnedPerSale: 0.2 });
    expect(pushQuantity(full, pushSpec(), 100, 4, market)).toBe(0);
  });

  test('pushed GPUs do not count as deliveries against need in f̂', () => {
    const c = customerWithHistory([100, 100, 100, 100], [100, 100, 100, 100]);
    c.weeklyPushReceived[3] = 40; // 400 received, 40 of them pushed: f̂ = 360 / 400
    Object.assign(c, { rationedLastEpoch: false, rationedShare: 1, earnedPerSale: 0.125 });
    expect(pushQuantity(c, pushSpec(), 100, 4, market)).toBeCloseTo(100 * 1 * 0.1, 12);
  });
});

describe('push order lines', () => {
  test('placePush adds whole boards marked with the share of need, carrying the fraction', () => {
    const c = world().world.state.customers[0]!;
    expect(placePush(c, 20, 100, 8, 3)).toBe(2); // 2.5 boards → 2 now, 0.5 carried
    expect(c.lines).toEqual([{ week: 3, boards: 2, pushShare: 0.2 }]);
    expect(c.pushCarry).toBeCloseTo(0.5, 12);
    expect(placePush(c, 4, 100, 8, 4)).toBe(1);
    expect(c.pushOrderedGpus).toBe(24);
    expect(c.openBoards).toBe(3);
  });

  test('lapseOverdue drops whole lines placed before week − patience and says which were pushes', () => {
    const c = world().world.state.customers[0]!;
    c.lines = [
      { week: 1, boards: 2 },
      { week: 2, boards: 3, pushShare: 0.5 },
      { week: 5, boards: 4 },
    ];
    c.openBoards = 9;
    expect(lapseOverdue(c, 2, 5)).toEqual({ needBoards: 2, pushBoards: 3 });
    expect(c.lines).toEqual([{ week: 5, boards: 4 }]);
    expect(c.openBoards).toBe(4);
    expect(c.cancelledBoards).toBe(5);
  });

  test('takeOldestLines keeps a push line’s mark when it splits it', () => {
    const lines = [
      { week: 1, boards: 1 },
      { week: 2, boards: 3, pushShare: 0.5 },
    ];
    expect(takeOldestLines(lines, 2)).toEqual([
      { week: 1, boards: 1 },
      { week: 2, boards: 1, pushShare: 0.5 },
    ]);
    expect(lines).toEqual([{ week: 2, boards: 2, pushShare: 0.5 }]);
  });
});

describe('make to order (cowos.buildTo = "orders")', () => {
  test('with no orders CoWoS starts nothing and says the order book held it back; make to stock starts its capacity', () => {
    const toOrder = world({ buildTo: 'orders' });
    toOrder.world.step(); // the week's plan: the first CoWoS shift opens
    expect(toOrder.world.state.stages.cowos.startedThisWeek).toBe(0);
    expect(toOrder.world.state.cowosLimit).toBe('orders');
    const toStock = world({ buildTo: 'plan' });
    toStock.world.step();
    expect(toStock.world.state.stages.cowos.startedThisWeek).toBeGreaterThan(0);
  });

  test('it starts exactly the packages that open orders need beyond what is on the way, at CoWoS × test yield', () => {
    const { world: w, ctx } = world({ buildTo: 'orders' });
    w.step();
    const c = w.state.customers[0]!;
    c.lines = [{ week: 0, boards: 10 }];
    c.openBoards = 10; // 80 GPUs; nothing on the way
    w.state.stages.cowos.budget = 1000;
    pumpCowos(ctx, w);
    const perPackage = 0.95 * 0.98;
    expect(w.state.stages.cowos.startedThisWeek).toBe(Math.ceil(80 / perPackage));
    pumpCowos(ctx, w); // what it started now covers the orders
    expect(w.state.stages.cowos.startedThisWeek).toBe(Math.ceil(80 / perPackage));
  });
});

describe('what an allocation teaches a push buyer', () => {
  test('rationed ⇔ it got fewer boards than it had due; when rationed, boards per board of trailing sales is averaged in', () => {
    const { world: w } = world();
    const seen: { rationed: boolean; share: number }[] = [];
    w.trace = (event, sim) => {
      if (event.type === 'allocate')
        seen.push({
          rationed: sim.state.customers[0]!.rationedLastEpoch,
          share: sim.state.customers[0]!.rationedShare,
        });
    };
    w.run({ until: 64 });
    expect(seen.some((s) => s.rationed)).toBe(true);
    expect(seen.some((s) => !s.rationed)).toBe(true);
    for (const s of seen) expect(s.share).toBeGreaterThanOrEqual(0);
    expect(w.state.customers[0]!.earnedPerSale).toBeGreaterThan(0);
  });

  test('under pro-rata a push buyer never pushes; under turn-and-earn it does, and its pushes count as sales', () => {
    const pr = world({}, 'pro-rata');
    runToEnd(pr.world, pr.ctx);
    expect(pr.world.state.customers.every((c) => c.pushOrderedGpus === 0)).toBe(true);
    const te = world({}, 'turn-and-earn');
    runToEnd(te.world, te.ctx);
    expect(te.world.state.customers.some((c) => c.pushReceivedGpus > 0)).toBe(true);
  });
});

describe('economics by hand', () => {
  test('supplier = w × delivered − c × made; a push buyer’s need GPUs are worth w(1 + 1/2ε), its pushed ones w(1 − share/2ε)', () => {
    const { world: w, ctx } = world({ priceElasticity: 2 });
    const s = w.state;
    s.ledger.gpu.created = 1000;
    const [a, b, c] = s.customers as [CustomerState, CustomerState, CustomerState];
    a.receivedBoards = 50; // 400 GPUs, 80 of them pushed at a share of need 0.5 on average
    a.pushReceivedGpus = 80;
    a.pushShareGpus = 40;
    b.receivedBoards = 25; // 200 GPUs serving need
    c.receivedBoards = 0;
    const w0 = 30000;
    const cost = 3320;
    const value = 520 * w0 * (1 + 1 / 4) + (80 * w0 - (w0 / 4) * 40);
    const e = economics(ctx, s)!;
    expect(e.supplierProfitUsd).toBe(600 * w0 - 1000 * cost);
    expect(e.buyersProfitUsd).toBeCloseTo(value - 600 * w0, 6);
    expect(e.chainProfitUsd).toBeCloseTo(value - 1000 * cost, 6);
    expect(e.pushedGpus).toBe(80);
  });

  test('without a production cost there is no economics block, and run results carry no profit KPIs', () => {
    const scenario = produce(salesPushToy(SETTING), (d) => {
      delete d.product.productionCostUsd;
    });
    const { world: w, ctx } = createWorld(scenario, { policy: policyOf('pro-rata'), seed: 1 });
    expect(economics(ctx, w.state)).toBeNull();
    const result = simulate(scenario, { policy: policyOf('pro-rata'), seed: 1, scenarioName: 'x' });
    expect(result.kpis.chainProfitUsd).toBeUndefined();
    const priced = simulate(salesPushToy(SETTING), { policy: policyOf('pro-rata'), seed: 1, scenarioName: 'x' });
    expect(priced.kpis.chainProfitUsd).toBeTypeOf('number');
    // The run table: a profit line only with a cost, and how often the order book held CoWoS back.
    expect(formatRunTable(result)).not.toContain('profit:');
    expect(formatRunTable(priced)).toMatch(
      /^profit: Nvidia \$[\d.]+B · buyers \$[\d.]+B · chain \$[\d.]+B · GPUs pushed past need 0$/m,
    );
    expect(formatRunTable(priced)).toMatch(/, by the order book \d+ weeks \(of 128\)/);
  });
});
