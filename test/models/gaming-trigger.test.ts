/**
 * What starts and ends an inflate buyer's shortage gaming (`ordering.gamingTrigger`). Lee,
 * Padmanabhan & Whang (1997, DOMAIN.md C2 #3): buyers inflate when supply is rationed and cancel the
 * phantom part when capacity catches up. The "quote" trigger (default) inflates only while the quoted
 * lead time is at least cancelBelowLeadTimeWeeks, which it can only reach if buyers inflate; the
 * "rationed" trigger inflates whenever the buyer's fill rate is below 1.
 */
import { describe, expect, test } from 'vitest';
import { simulate } from '../../models/simulate.js';
import { createWorld } from '../../models/world.js';
import { cancelPhantomOrders, orderQuantity } from '../../models/customers/ordering.js';
import { policyOf } from '../support/checked-run.js';
import { INFLATE, toyCapacity } from '../support/toy-variants.js';

/**
 * toy, every buyer inflating, CoWoS at 70 % of need for 40 weeks and then at 200 % (capacity catches
 * up); the quote threshold is out of reach (1,000 weeks) unless stated.
 */
function rationedThenSlack(trigger: 'quote' | 'rationed' | undefined, threshold = 1000) {
  return toyCapacity(0.7, 80, (d) => {
    const base = d.cowos.interposerWafersPerMonth as number;
    d.cowos.interposerWafersPerMonth = {
      interpolation: 'step',
      points: [
        { week: 0, value: base },
        { week: 40, value: (base * 2) / 0.7 },
      ],
    };
    for (const c of d.customers) {
      c.needNoiseCv = 0;
      c.ordering = {
        ...INFLATE,
        cancelBelowLeadTimeWeeks: threshold,
        ...(trigger === undefined ? {} : { gamingTrigger: trigger }),
      };
    }
  });
}

const run = (trigger: 'quote' | 'rationed' | undefined, threshold?: number) =>
  simulate(rationedThenSlack(trigger, threshold), { policy: policyOf('pro-rata'), seed: 1, scenarioName: 'toy' });

describe('gamingTrigger: inflate while rationed (Lee et al. 1997), cancel phantom orders when capacity catches up', () => {
  test('"quote" (and the default) never inflates while the quote stays below the threshold, however rationed', () => {
    for (const trigger of ['quote', undefined] as const) {
      const r = run(trigger);
      expect(Math.max(...r.series.quotedLeadWeeks)).toBeLessThan(1000);
      expect(r.kpis.orderInflation, String(trigger)).toBe(1);
    }
    expect(run(undefined)).toEqual(run('quote'));
  });

  test('"rationed" inflates under rationing with the quote out of reach, and its orders exceed its need', () => {
    const r = run('rationed');
    expect(r.kpis.orderInflation).toBeGreaterThan(1.05);
    const early = r.series.orders.slice(10, 40).reduce((a, b) => a + b, 0);
    const need = r.series.need.slice(10, 40).reduce((a, b) => a + b, 0);
    expect(early / need).toBeGreaterThan(1.2);
  });

  test('"rationed": once served in full again the phantom orders are cancelled, so the book falls to what is still unmet', () => {
    const r = run('rationed');
    const cancelled = r.customers.reduce((a, c) => a + c.cancelled, 0);
    expect(cancelled).toBeGreaterThan(0);
    // By the end capacity is twice the need: every buyer's book is within a few boards of its unmet need.
    for (const c of r.customers) expect(c.backlog, c.id).toBeLessThanOrEqual(Math.max(0, c.need - c.received) + 3 * 8);
    // The quote collapses after capacity catches up.
    const peak = Math.max(...r.series.quotedLeadWeeks.slice(0, 45));
    expect(r.series.quotedLeadWeeks[75]!).toBeLessThan(peak / 4);
  });

  test('"rationed": the quote falling below the threshold after having reached it ends the gaming too', () => {
    const w = createWorld(rationedThenSlack('rationed', 5), { policy: policyOf('pro-rata'), seed: 1 }).world;
    const c = w.state.customers[0]!;
    for (let k = 0; k < 8; k++) {
      c.weeklyNeed[k] = 100;
      c.weeklyReceived[k] = 50; // rationed: f̂ = 0.5
    }
    c.lines.push({ week: 7, boards: 40 });
    c.openBoards = 40;
    const ordering = { ...INFLATE, cancelBelowLeadTimeWeeks: 5, gamingTrigger: 'rationed' } as const;
    const market = { rewardsInflation: true, quotedLeadWeeks: 3 };
    // Rationed and the quote below the threshold: it still inflates (÷ f̂, capped at maxInflation 3).
    expect(orderQuantity(c, ordering, 100, 8, market)).toBeCloseTo(200, 9);
    // The quote never reached the threshold: nothing is cancelled while it is rationed.
    expect(cancelPhantomOrders(c, ordering, { quotedLeadWeeks: 3, peakQuotedLeadWeeks: 4, week: 8 }, 8, 0)).toBe(0);
    // It reached 6 and fell to 3: the shortage is over, open orders beyond unmet need are cancelled.
    const cancelled = cancelPhantomOrders(c, ordering, { quotedLeadWeeks: 3, peakQuotedLeadWeeks: 6, week: 8 }, 8, 0);
    expect(cancelled).toBeGreaterThan(0);
    expect(c.openBoards).toBe(40 - cancelled);
  });
});
