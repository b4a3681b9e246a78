/**
 * Each policy against its closed form on hand-worked cases. The arithmetic is written out in the
 * comments so a reader can check every expected number by hand.
 */
import { describe, expect, test } from 'vitest';
import {
  deriveTier,
  favoured,
  favouredWeights,
  fcfs,
  getPolicy,
  largestRemainder,
  linear,
  policyNames,
  priority,
  proRata,
  turnAndEarn,
  uniform,
  weighted,
} from '../../../models/policies/index.js';
import { apportion } from '../../../models/policies/rounding.js';
import { customer, input } from './helpers.js';

describe('registry', () => {
  test('has the eight built-in policies, each with a one-line description', () => {
    expect(policyNames()).toEqual([
      'pro-rata',
      'favoured',
      'fcfs',
      'uniform',
      'priority',
      'turn-and-earn',
      'linear',
      'weighted',
    ]);
    for (const name of policyNames()) {
      const p = getPolicy(name)!;
      expect(p.name).toBe(name);
      expect(p.description).not.toMatch(/\n/);
      expect(p.description.length).toBeGreaterThan(10);
    }
    expect(getPolicy('nope')).toBeUndefined();
  });
});

describe('largestRemainder / apportion', () => {
  test('floors, then the largest fractions; ties by smaller id whatever the input order', () => {
    // shares 1.5, 1.5, 2.0 → floors 1,1,2 = 4; 1 leftover; tie .5/.5 → "a"
    expect(
      Object.fromEntries(
        largestRemainder(
          new Map([
            ['b', 1.5],
            ['a', 1.5],
            ['c', 2],
          ]),
          5,
        ),
      ),
    ).toEqual({ a: 2, b: 1, c: 2 });
    expect(
      Object.fromEntries(
        largestRemainder(
          new Map([
            ['c', 2],
            ['a', 1.5],
            ['b', 1.5],
          ]),
          5,
        ),
      ),
    ).toEqual({ a: 2, b: 1, c: 2 });
  });
  test('float noise in a fraction does not break the tie by id', () => {
    // 0.1 + 0.2 = 0.30000000000000004 vs 0.3: equal at 1e-9, so the tie goes to "a".
    const shares = new Map([
      ['b', 0.1 + 0.2],
      ['a', 0.3],
      ['c', 0.4],
    ]);
    expect(Object.fromEntries(largestRemainder(shares, 1))).toEqual({ a: 0, b: 0, c: 1 });
    expect(Object.fromEntries(largestRemainder(shares, 2))).toEqual({ a: 1, b: 0, c: 1 });
  });
  test('apportion repairs shares that lost a board to float error, and respects caps', () => {
    // Σ shares = 5.999999 (noise) but the target is 6 → the missing board goes to the most owed with room.
    const shares = new Map([
      ['a', 2.9999995],
      ['b', 2.9999995],
    ]);
    const caps = new Map([
      ['a', 3],
      ['b', 3],
    ]);
    expect(Object.fromEntries(apportion(shares, caps, 6))).toEqual({ a: 3, b: 3 });
    // a share over its cap is clamped and the board moves to someone with room
    expect(
      Object.fromEntries(
        apportion(
          new Map([
            ['a', 4.2],
            ['b', 0.8],
          ]),
          new Map([
            ['a', 3],
            ['b', 3],
          ]),
          5,
        ),
      ),
    ).toEqual({ a: 3, b: 2 });
  });
});

describe('pro-rata: a_i = K·q_i/Σq', () => {
  test('K = 10, q = (6,3,1): Σq = 10 ≤ K → everyone filled', () => {
    expect(proRata(input(10, { a: 6, b: 3, c: 1 }))).toEqual({ a: 6, b: 3, c: 1 });
  });
  test('K = 7, q = (6,3,1): shares 4.2, 2.1, 0.7 → floors 4,2,0 (6) + 1 to c (.7)', () => {
    expect(proRata(input(7, { a: 6, b: 3, c: 1 }))).toEqual({ a: 4, b: 2, c: 1 });
  });
  test('K = 5, q = (6,3,1): shares 3, 1.5, 0.5 → floors 3,1,0 + 1 to b (tie .5 with c, smaller id)', () => {
    expect(proRata(input(5, { c: 1, b: 3, a: 6 }))).toEqual({ a: 3, b: 2, c: 0 });
  });
  test('K = 0 gives nothing; nobody ordering gives nothing', () => {
    expect(proRata(input(0, { a: 6, b: 3 }))).toEqual({ a: 0, b: 0 });
    expect(proRata(input(9, { a: 0, b: 0 }))).toEqual({ a: 0, b: 0 });
    expect(proRata(input(9, {}))).toEqual({});
  });
});

describe('favoured: weighted by attributes × open orders', () => {
  test('no attributes, no history: pro-rata', () => {
    expect(favoured(input(5, { c: 1, b: 3, a: 6 }))).toEqual(proRata(input(5, { c: 1, b: 3, a: 6 })));
  });
  test('invested (×2) vs own chip (×0.5), equal orders of 10, K = 10: weights 2 : 0.5 → 8 : 2', () => {
    expect(
      favoured(input(10, { a: { q: 10, nvidiaInvested: true }, b: { q: 10, buildsOwnAccelerator: true } })),
    ).toEqual({
      a: 8,
      b: 2,
    });
  });
  test('a capped customer passes its excess on: a wants 2 of weight 4, b and c share the rest ∝ 1 : 1', () => {
    const i = input(12, { a: { q: 2, nvidiaInvested: true, disclosesEndUsers: true }, b: 10, c: 10 });
    expect(favoured(i)).toEqual({ a: 2, b: 5, c: 5 });
  });
  test('past volume: the biggest past buyer gets ×1.5, one with half of it ×1.25', () => {
    const w = favouredWeights(input(1, { a: { q: 1, history: 40 }, b: { q: 1, history: 20 }, c: { q: 1 } }));
    expect([...w.entries()]).toEqual([
      ['a', 1.5],
      ['b', 1.25],
      ['c', 1],
    ]);
  });
  test('DGX Cloud × disclosure × own chip multiply: 1.5 · 1.25 · 0.5', () => {
    const w = favouredWeights(input(1, { m: { q: 1, disclosesEndUsers: true, buildsOwnAccelerator: true } }));
    expect(w.get('m')).toBe(1.25 * 0.5);
    const dgx = favouredWeights({
      supply: 1,
      week: 0,
      customers: [{ ...customer('g', 1), attributes: { ...customer('g', 1).attributes, hostsDgxCloud: true } }],
    });
    expect(dgx.get('g')).toBe(1.5);
  });
  test('a scenario override replaces the derived weight', () => {
    const c = { ...customer('a', { q: 10, nvidiaInvested: true }), favouredWeight: 1 };
    expect(favoured({ supply: 10, week: 0, customers: [c, customer('b', 10)] })).toEqual({ a: 5, b: 5 });
  });
});

describe('deriveTier', () => {
  const t = (
    nvidiaInvested: boolean,
    buildsOwnAccelerator: boolean,
    disclosesEndUsers: boolean,
    hostsDgxCloud = false,
  ) => deriveTier({ nvidiaInvested, buildsOwnAccelerator, disclosesEndUsers, hostsDgxCloud });
  test('invested → 0 whatever else', () => {
    for (const own of [false, true])
      for (const disc of [false, true]) for (const dgx of [false, true]) expect(t(true, own, disc, dgx)).toBe(0);
  });
  test('cooperating, no own chip → 1; chip + DGX Cloud → 2; neither → 3; chip, no DGX Cloud → 4', () => {
    expect(t(false, false, true)).toBe(1); // a small cloud naming its customers (Lambda)
    expect(t(false, false, false, true)).toBe(1); // Oracle: DGX Cloud host
    expect(t(false, true, true, true)).toBe(2); // Microsoft once Maia is in service, Google
    expect(t(false, false, false)).toBe(3); // the OEM / enterprise bucket
    expect(t(false, true, true)).toBe(4); // a chip builder that refused DGX Cloud, disclosure or not (AWS)
    expect(t(false, true, false)).toBe(4);
  });
  test('a DGX Cloud host with its own chip outranks the OEM bucket (B2: Microsoft ~150k, OEMs short)', () => {
    expect(t(false, true, true, true)).toBeLessThan(t(false, false, false));
  });
});

describe('fcfs: oldest open line first, across customers', () => {
  // Lines: c@0.5 ×1, a@1 ×3, b@2 ×2, a@5 ×4, b@5 ×5 (week-5 tie → a before b by id).
  const customers = {
    b: {
      orders: [
        { week: 2, boards: 2 },
        { week: 5, boards: 5 },
      ],
    },
    a: {
      orders: [
        { week: 1, boards: 3 },
        { week: 5, boards: 4 },
      ],
    },
    c: { orders: [{ week: 0.5, boards: 1 }] },
  };
  test('K = 8: c 1, a 3, b 2 (6), then a@5 gets the last 2 of its 4 → a 5, b 2, c 1', () => {
    expect(fcfs(input(8, customers))).toEqual({ a: 5, b: 2, c: 1 });
  });
  test('K = 11: a@5 filled (10), b@5 gets 1 → a 7, b 3, c 1', () => {
    expect(fcfs(input(11, customers))).toEqual({ a: 7, b: 3, c: 1 });
  });
  test('K = 3: c 1, then 2 of a@1', () => {
    expect(fcfs(input(3, customers))).toEqual({ a: 2, b: 0, c: 1 });
  });
  test('lines given out of order are queued by their week', () => {
    expect(
      fcfs(
        input(2, {
          a: {
            orders: [
              { week: 9, boards: 2 },
              { week: 1, boards: 1 },
            ],
          },
          b: { orders: [{ week: 3, boards: 5 }] },
        }),
      ),
    ).toEqual({ a: 1, b: 1 });
  });
  test('open boards without a line queue at the current week, lines beyond openBoards are ignored', () => {
    // a: 5 open but only a 2-board line at week 1 → 3 more at week 52; b: one line at week 10.
    expect(
      fcfs(input(4, { a: { q: 5, orders: [{ week: 1, boards: 2 }] }, b: { orders: [{ week: 10, boards: 3 }] } }, 52)),
    ).toEqual({ a: 2, b: 2 });
    // c: 2 open, lines 3@week 1 + 4@week 2 → only the first 2 boards of the week-1 line count.
    expect(
      fcfs(
        input(10, {
          c: {
            q: 2,
            orders: [
              { week: 1, boards: 3 },
              { week: 2, boards: 4 },
            ],
          },
        }),
      ),
    ).toEqual({ c: 2 });
  });
});

describe('uniform: a_i = min(q_i, λ), Σ = K', () => {
  test('K = 7, q = (6,3,1): 1 + 2λ = 7 → λ = 3 → (3,3,1)', () => {
    expect(uniform(input(7, { a: 6, b: 3, c: 1 }))).toEqual({ a: 3, b: 3, c: 1 });
  });
  test('K = 8, q = (6,3,1): λ = 4 → (4,3,1)', () => {
    expect(uniform(input(8, { a: 6, b: 3, c: 1 }))).toEqual({ a: 4, b: 3, c: 1 });
  });
  test('K = 6, q = (6,3,1): λ = 2.5 → L = 2: (2,2,1) = 5, 1 left → largest unmet (a: 4 > b: 1) → (3,2,1)', () => {
    expect(uniform(input(6, { a: 6, b: 3, c: 1 }))).toEqual({ a: 3, b: 2, c: 1 });
  });
  test('K = 7, q = (5,5,5): λ = 7/3 → L = 2, 1 left, equal unmet → smaller id → (3,2,2)', () => {
    expect(uniform(input(7, { c: 5, b: 5, a: 5 }))).toEqual({ a: 3, b: 2, c: 2 });
  });
  test('K = 10 ≥ Σq: everyone filled; K = 0: nothing', () => {
    expect(uniform(input(10, { a: 6, b: 3, c: 1 }))).toEqual({ a: 6, b: 3, c: 1 });
    expect(uniform(input(0, { a: 6, b: 3, c: 1 }))).toEqual({ a: 0, b: 0, c: 0 });
  });
});

describe('priority: by tier, then oldest open order, then id; each filled in full', () => {
  // Order: b (tier 0), then tier 1 by oldest line: c (w1) and d (w1) tie → c, d; then a (w3).
  const customers = {
    a: { tier: 1, orders: [{ week: 3, boards: 5 }] },
    b: { tier: 0, orders: [{ week: 10, boards: 4 }] },
    d: { tier: 1, orders: [{ week: 1, boards: 2 }] },
    c: {
      tier: 1,
      orders: [
        { week: 1, boards: 1 },
        { week: 8, boards: 5 },
      ],
    },
  };
  test('K = 12: b 4, c 6, d 2, a 0', () => {
    expect(priority(input(12, customers))).toEqual({ a: 0, b: 4, c: 6, d: 2 });
  });
  test('K = 11: b 4, c 6, d 1 (in part), a 0', () => {
    expect(priority(input(11, customers))).toEqual({ a: 0, b: 4, c: 6, d: 1 });
  });
  test('K = 20: everyone filled (Σq = 17)', () => {
    expect(priority(input(20, customers))).toEqual({ a: 5, b: 4, c: 6, d: 2 });
  });
});

describe('turn-and-earn: ∝ trailing used boards, capped, excess passed on; no history → pro rata', () => {
  test('nobody has history: exactly pro-rata (K = 5, q = (6,3,1) → (3,2,0))', () => {
    expect(turnAndEarn(input(5, { a: 6, b: 3, c: 1 }))).toEqual({ a: 3, b: 2, c: 0 });
  });
  // s = (10, 30, 0, 60), q = (20, 5, 4, 10)
  const customers = {
    a: { q: 20, history: 10 },
    b: { q: 5, history: 30 },
    c: { q: 4, history: 0 },
    d: { q: 10, history: 60 },
  };
  test('K = 20: c = 20/100 → a 2, b 6 ≥ 5 (cap), d 12 ≥ 10 (cap); 5 left to a (c = 5/10) → (5,5,0,10)', () => {
    expect(turnAndEarn(input(20, customers))).toEqual({ a: 5, b: 5, c: 0, d: 10 });
  });
  test('K = 37: a, b, d filled (35); the 2 left go to c, who has no history (cold start)', () => {
    expect(turnAndEarn(input(37, customers))).toEqual({ a: 20, b: 5, c: 2, d: 10 });
  });
  test('K = 9: c = 9/100 → a .9, b 2.7, d 5.4 → floors 0,2,5 (7) + a (.9), b (.7) → (1,3,0,5)', () => {
    expect(turnAndEarn(input(9, customers))).toEqual({ a: 1, b: 3, c: 0, d: 5 });
  });
  test('history equal to open orders reproduces pro-rata', () => {
    expect(
      turnAndEarn(input(7, { a: { q: 6, history: 6 }, b: { q: 3, history: 3 }, c: { q: 1, history: 1 } })),
    ).toEqual({ a: 4, b: 2, c: 1 });
  });
});

describe('linear: a_i = q_i − (Σ_S q − K)/|S|, dropping negatives', () => {
  test('K = 12, q = (8,5,2): t = (15 − 12)/3 = 1 → (7,4,1)', () => {
    expect(linear(input(12, { a: 8, b: 5, c: 2 }))).toEqual({ a: 7, b: 4, c: 1 });
  });
  test('K = 10, q = (8,5,1): t = 4/3 → c = 1 − 4/3 < 0 dropped; S = {a,b}: t = 3/2 → 6.5, 3.5 → +1 to a (tie, id) → (7,3,0)', () => {
    expect(linear(input(10, { c: 1, b: 5, a: 8 }))).toEqual({ a: 7, b: 3, c: 0 });
  });
  test('K = 4, q = (10,2,1): t = 3 → b, c dropped; S = {a}: t = 6 → (4,0,0)', () => {
    expect(linear(input(4, { a: 10, b: 2, c: 1 }))).toEqual({ a: 4, b: 0, c: 0 });
  });
  test('a customer with a zero order is not active', () => {
    expect(linear(input(3, { a: 3, b: 3, z: 0 }))).toEqual({ a: 2, b: 1, z: 0 });
  });
});

describe('weighted: ∝ w_i·q_i, capped at q_i, excess redistributed', () => {
  test('K = 5, w = (2,1,1), q = (6,3,1): scores 12, 3, 1 (16) → 3.75, .9375, .3125 → floors 3,0,0 + b, a → (4,1,0)', () => {
    expect(weighted(input(5, { a: { q: 6, weight: 2 }, b: { q: 3, weight: 1 }, c: { q: 1, weight: 1 } }))).toEqual({
      a: 4,
      b: 1,
      c: 0,
    });
  });
  test('K = 6, w = (5,1), q = (4,6): scores 20, 6 → a 4.6 > 4 capped; the other 2 to b → (4,2)', () => {
    expect(weighted(input(6, { a: { q: 4, weight: 5 }, b: { q: 6, weight: 1 } }))).toEqual({ a: 4, b: 2 });
  });
  test('equal weights are pro-rata', () => {
    expect(
      weighted(input(7, { a: { q: 6, weight: 0.3 }, b: { q: 3, weight: 0.3 }, c: { q: 1, weight: 0.3 } })),
    ).toEqual({ a: 4, b: 2, c: 1 });
  });
  test('weight 0 ranks last: served only after everyone weighted is filled', () => {
    expect(weighted(input(5, { a: { q: 3, weight: 0 }, b: { q: 4, weight: 1 } }))).toEqual({ a: 1, b: 4 });
    expect(weighted(input(3, { a: { q: 3, weight: 0 }, b: { q: 4, weight: 1 } }))).toEqual({ a: 0, b: 3 });
  });
});

describe('input hygiene', () => {
  test('duplicate customer ids are refused by every built-in', () => {
    const dup = { supply: 5, week: 0, customers: [...input(5, { a: 3 }).customers, ...input(5, { a: 2 }).customers] };
    for (const name of policyNames()) expect(() => getPolicy(name)!.allocate(dup)).toThrow(/duplicate customer id "a"/);
  });
  test('fractional or negative supply and orders count in whole boards', () => {
    for (const name of policyNames()) {
      expect(
        getPolicy(name)!.allocate(
          input(5.9, { a: { q: 3.7, orders: [{ week: 0, boards: 3.7 }] }, b: { q: -2, orders: [] } }),
        ),
      ).toEqual({ a: 3, b: 0 });
      expect(getPolicy(name)!.allocate(input(-1, { a: 3 }))).toEqual({ a: 0 });
    }
  });
});
