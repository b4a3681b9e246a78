/**
 * The defining properties of the secondary market and of hoarding (models/market/resale.ts,
 * models/customers/ordering.ts): the price rises with scarcity; a week's resale never exceeds any
 * seller's surplus or any buyer's unmet need, clears the short side and moves boards without
 * making or losing one; a hoarder's target cover and its orders rise with the quoted lead time; a
 * hoarder releases (cancels open orders, offers stock) when lead times fall.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { produce } from 'immer';
import type { OrderingSpec, ResaleSpec } from '../../scenarios/schema.js';
import { createWorld } from '../../models/world.js';
import { marketSides, priceMultiple, resaleWeek, surplusBoards, unmetBoards } from '../../models/market/resale.js';
import {
  coverPositionGpus,
  hoardOrderQuantity,
  needRate,
  releaseHoard,
  targetCoverWeeks,
} from '../../models/customers/ordering.js';
import { heldBoards } from '../../models/ledger.js';
import type { CustomerState } from '../../models/state.js';
import { policyOf, runChecked } from '../support/checked-run.js';
import { propParams, runs } from '../support/params.js';
import { bundled, toyCapacity } from '../support/toy-variants.js';

const B6: ResaleSpec = { priceMultipleMin: 1, priceMultipleMax: 2, keepCoverWeeks: 2, needLookbackWeeks: 4 };
type Hoard = Extract<OrderingSpec, { behaviour: 'hoard' }>;
const HOARD: Hoard = {
  behaviour: 'hoard',
  baseCoverWeeks: 2,
  coverPerLeadWeek: 0.5,
  maxCoverWeeks: 10,
  lookbackWeeks: 4,
};
/** A hoarder's view in week `week` at quote `quoted`: 8 GPUs a board, no need before the start. */
const view = (week: number, quotedLeadWeeks: number) => ({
  ordering: HOARD,
  week,
  quotedLeadWeeks,
  gpusPerBoard: 8,
  priorNeedGpus: 0,
});

const count = fc.integer({ min: 0, max: 10_000 });
const specArb = fc
  .record({ min: fc.double({ min: 0, max: 3, noNaN: true }), spread: fc.double({ min: 0, max: 3, noNaN: true }) })
  .map(({ min, spread }) => ({ ...B6, priceMultipleMin: min, priceMultipleMax: min + spread }));

describe('resale price', () => {
  it('is B6’s 1.5× list when buyers want what sellers offer, 2× when only buyers are left, list in a glut', () => {
    expect(priceMultiple(B6, 100, 100)).toBe(1.5);
    expect(priceMultiple(B6, 100, 0)).toBe(2);
    expect(priceMultiple(B6, 0, 100)).toBe(1);
    expect(priceMultiple(B6, 300, 100)).toBe(1.75);
    expect(priceMultiple(B6, 0, 0)).toBeNull();
  });

  test.prop([specArb, count, count, count], propParams(runs(0.3)))(
    'rises with scarcity: more demand at the same supply, or less supply at the same demand, never lowers it',
    (spec, demand, supply, more) => {
      fc.pre(demand + supply > 0);
      const p = priceMultiple(spec, demand, supply)!;
      expect(priceMultiple(spec, demand + more, supply)!).toBeGreaterThanOrEqual(p - 1e-12);
      expect(priceMultiple(spec, demand, supply + more)!).toBeLessThanOrEqual(p + 1e-12);
      expect(p).toBeGreaterThanOrEqual(spec.priceMultipleMin - 1e-12);
      expect(p).toBeLessThanOrEqual(spec.priceMultipleMax + 1e-12);
    },
  );
});

/** A toy world at week `week` whose three customers hold, need and have in transit the given amounts. */
function market(
  holdings: { received: number; sold: number; need: number; inTransit: number; open: number; blocked: boolean }[],
) {
  const scenario = produce(bundled('toy'), (d) => {
    d.market = { resale: B6 };
    d.horizonWeeks = 10;
  });
  const { world, ctx } = createWorld(scenario, { policy: policyOf('pro-rata'), seed: 1 });
  const state = world.state;
  state.week = 5;
  state.customers.forEach((c, i) => {
    const h = holdings[i]!;
    c.receivedBoards = h.received;
    c.soldBoards = Math.min(h.sold, h.received);
    c.allocatedBoards = h.received + h.inTransit;
    c.lines = h.open > 0 ? [{ week: 1, boards: h.open }] : [];
    c.openBoards = h.open;
    c.orderedBoards = c.allocatedBoards + h.open;
    c.blocked = h.blocked;
    c.needGpus = h.need;
    c.weeklyNeed = c.weeklyNeed.map((_, w) => (w <= 5 ? h.need / 6 : 0));
  });
  return { ctx, state };
}

const holdingArb = fc.record({
  received: fc.integer({ min: 0, max: 300 }),
  sold: fc.integer({ min: 0, max: 50 }),
  need: fc.double({ min: 0, max: 3000, noNaN: true }),
  inTransit: fc.integer({ min: 0, max: 20 }),
  open: fc.integer({ min: 0, max: 50 }),
  blocked: fc.boolean(),
});

describe('a week of resale', () => {
  test.prop([fc.array(holdingArb, { minLength: 3, maxLength: 3 })], propParams(runs(0.3)))(
    'never sells more than a seller’s surplus nor buys more than a buyer’s unmet need; clears min(supply, demand); creates and loses nothing',
    (holdings) => {
      const { ctx, state } = market(holdings);
      const { offers, bids } = marketSides(ctx, state, B6);
      const heldBefore = state.customers.reduce((a, c) => a + heldBoards(c), 0);
      const before = state.customers.map((c) => ({ sold: c.soldBoards, bought: c.boughtBoards, open: c.openBoards }));
      const volume = resaleWeek(ctx, state, B6);
      const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
      expect(volume).toBe(Math.min(sum(offers), sum(bids)));
      let sold = 0;
      let bought = 0;
      state.customers.forEach((c, i) => {
        const s = c.soldBoards - before[i]!.sold;
        const b = c.boughtBoards - before[i]!.bought;
        sold += s;
        bought += b;
        expect(s).toBeLessThanOrEqual(offers.get(i) ?? 0);
        expect(b).toBeLessThanOrEqual(bids.get(i) ?? 0);
        if (c.blocked) expect(s + b).toBe(0);
        expect(heldBoards(c)).toBeGreaterThanOrEqual(0);
        // A board bought cancels an open order at Nvidia, as far as there are any.
        expect(before[i]!.open - c.openBoards).toBe(Math.min(b, before[i]!.open));
        expect(c.weeklyResold[5]).toBe((b - s) * ctx.gpusPerBoard);
      });
      expect(sold).toBe(volume);
      expect(bought).toBe(volume);
      expect(state.customers.reduce((a, c) => a + heldBoards(c), 0)).toBe(heldBefore);
      expect(state.resoldBoards[5]).toBe(volume);
      expect(state.resalePriceUsd[5] === null).toBe(volume === 0);
    },
  );

  it('cover: a customer holding 10 boards (80 GPUs) against a need of 40 and 2 weeks × 10 GPUs kept sells 2 boards; one 3 boards short buys 3', () => {
    const { state } = market([
      { received: 10, sold: 0, need: 40, inTransit: 0, open: 0, blocked: false },
      { received: 1, sold: 0, need: 32, inTransit: 0, open: 5, blocked: false },
      { received: 0, sold: 0, need: 0, inTransit: 0, open: 0, blocked: false },
    ]);
    const [a, b] = state.customers as [CustomerState, CustomerState];
    expect(surplusBoards(a, 40, 2, 10, 8)).toBe(2);
    expect(unmetBoards(b, 32, 8)).toBe(3);
    expect(surplusBoards(b, 32, 2, 10, 8)).toBe(0);
    expect(unmetBoards(a, 40, 8)).toBe(0);
  });
});

describe('hoarding', () => {
  test.prop(
    [fc.double({ min: 0, max: 200, noNaN: true }), fc.double({ min: 0, max: 200, noNaN: true })],
    propParams(runs(0.3)),
  )('the target cover and the order rise with the quoted lead time (up to the cap)', (l1, l2) => {
    const [lo, hi] = l1 <= l2 ? [l1, l2] : [l2, l1];
    expect(targetCoverWeeks(HOARD, hi)).toBeGreaterThanOrEqual(targetCoverWeeks(HOARD, lo));
    expect(targetCoverWeeks(HOARD, hi)).toBeLessThanOrEqual(HOARD.maxCoverWeeks);
    const { state } = market([
      { received: 5, sold: 0, need: 240, inTransit: 2, open: 10, blocked: false },
      { received: 0, sold: 0, need: 0, inTransit: 0, open: 0, blocked: false },
      { received: 0, sold: 0, need: 0, inTransit: 0, open: 0, blocked: false },
    ]);
    const c = state.customers[0]!;
    expect(hoardOrderQuantity(c, view(5, hi))).toBeGreaterThanOrEqual(hoardOrderQuantity(c, view(5, lo)));
  });

  it('orders up to its target: cover 2 + 0.5 × 8 = 6 weeks of 40 GPUs/week; 17 boards held + open against 240 needed', () => {
    const { state } = market([
      { received: 5, sold: 0, need: 240, inTransit: 2, open: 10, blocked: false },
      { received: 0, sold: 0, need: 0, inTransit: 0, open: 0, blocked: false },
      { received: 0, sold: 0, need: 0, inTransit: 0, open: 0, blocked: false },
    ]);
    const c = state.customers[0]!;
    expect(targetCoverWeeks(HOARD, 8)).toBe(6);
    expect(needRate(c, 4, 5)).toBe(40);
    expect(coverPositionGpus(c, 8, 0)).toBe(17 * 8 - 240);
    expect(hoardOrderQuantity(c, view(5, 8))).toBe(6 * 40 - (17 * 8 - 240));
  });

  it('releases when lead times fall: cancels open orders beyond the target and offers stock beyond it', () => {
    // Need 240 so far at 40 GPUs a week; holds 60 boards (480 GPUs: 6 weeks of cover) and 20 open boards.
    const { state } = market([
      { received: 60, sold: 0, need: 240, inTransit: 0, open: 20, blocked: false },
      { received: 0, sold: 0, need: 0, inTransit: 0, open: 0, blocked: false },
      { received: 0, sold: 0, need: 0, inTransit: 0, open: 0, blocked: false },
    ]);
    const c = state.customers[0]!;
    // Quoted 36 weeks: target 2 + 18 → capped at 10 weeks = 400 GPUs; holds + open = 80 boards = 640 − 240 = 400: nothing to release.
    expect(releaseHoard(c, view(5, 36))).toBe(0);
    expect(surplusBoards(c, 240, targetCoverWeeks(HOARD, 36), 40, 8)).toBe(0);
    // Quoted 4 weeks: target 4 weeks = 160 GPUs: 240 GPUs = 30 boards too many, the 20 open first.
    expect(releaseHoard(c, view(5, 4))).toBe(20);
    expect(c.openBoards).toBe(0);
    // In hand 480 − 240 needed − 160 kept = 80 GPUs = 10 boards on offer.
    expect(surplusBoards(c, 240, targetCoverWeeks(HOARD, 4), 40, 8)).toBe(10);
  });

  it('in a run where lead times fall, a favoured hoarder builds cover and then sells it to the starved', () => {
    // toy at 2.5× its mean need, strict tiers with the hoarder first, and a 1000-board backlog at
    // the second customer: lead times start long (the hoarder orders 26 weeks of cover and, being
    // first, gets it) and fall as the backlog drains; then its cover exceeds the target and it sells.
    const scenario = toyCapacity(2.5, 80, (d) => {
      d.market = { resale: B6 };
      d.customers.forEach((c, i) => (c.tier = i));
      d.customers[0]!.ordering = { ...HOARD, coverPerLeadWeek: 1, maxCoverWeeks: 26 };
      d.customers[1]!.initialBacklogGpus = 8000;
    });
    const run = runChecked(scenario, 'priority', 1);
    const [hoarder, ...others] = run.world.state.customers as [CustomerState, ...CustomerState[]];
    const lead = run.result.series.quotedLeadWeeks;
    const sales = hoarder.weeklyResold.flatMap((n, w) => (n < 0 ? [w] : []));
    expect(hoarder.soldBoards).toBeGreaterThan(0);
    expect(hoarder.boughtBoards).toBe(0);
    expect(others.reduce((a, c) => a + c.boughtBoards, 0)).toBe(hoarder.soldBoards);
    for (const w of sales) {
      // The lead time it saw that week (last week's quote) is below the longest quoted before it.
      const seen = lead[w - 1]!;
      expect(seen).toBeLessThan(Math.max(...lead.slice(0, w - 1)));
      expect(run.result.series.resalePriceUsd![w]).not.toBeNull();
    }
  });
});
