/**
 * Properties every registered policy must have (the contract of types.ts), and each policy's
 * defining property, over random inputs: supply 0..1000, 0..12 customers with unique ids, open
 * order lines (0..40 boards each, up to 5 lines, dated, with many ties), tiers, weights 0.1..5 and
 * trailing history (often 0).
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { shuffle } from '../../support/arbitraries.js';
import {
  favouredWeights,
  getPolicy,
  policyNames,
  validateAllocation,
  type Allocation,
  type AllocationInput,
  type PolicyCustomer,
} from '../../../models/policies/index.js';

// ---------------------------------------------------------------- generators

const weekArb = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.double({ min: 0, max: 52, noNaN: true }));
const boardsArb = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(0, 5, 10));
const lineArb = fc.record({ week: weekArb, boards: boardsArb });

const customerArb: fc.Arbitrary<PolicyCustomer> = fc
  .record({
    id: fc.stringMatching(/^[a-z0-9]{1,3}$/),
    tier: fc.integer({ min: 0, max: 3 }),
    weight: fc.oneof(fc.double({ min: 0.1, max: 5, noNaN: true }), fc.constantFrom(1, 2)),
    lines: fc.array(lineArb, { maxLength: 5 }),
    history: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: 400 }),
      fc.double({ min: 0.25, max: 400, noNaN: true }),
    ),
    attributes: fc.record({
      buildsOwnAccelerator: fc.boolean(),
      nvidiaInvested: fc.boolean(),
      disclosesEndUsers: fc.boolean(),
      hostsDgxCloud: fc.boolean(),
    }),
    override: fc.option(fc.double({ min: 0.1, max: 5, noNaN: true }), { nil: undefined }),
  })
  .map(({ id, tier, weight, lines, history, attributes, override }) => {
    const orders = [...lines].sort((a, b) => a.week - b.week);
    return {
      id,
      tier,
      weight,
      openBoards: orders.reduce((s, o) => s + o.boards, 0),
      orders,
      trailingUsedBoards: history,
      deliveredBoards: Math.floor(history),
      attributes,
      ...(override === undefined ? {} : { favouredWeight: override }),
    };
  });

const inputArb: fc.Arbitrary<AllocationInput> = fc
  .uniqueArray(customerArb, { maxLength: 12, selector: (c) => c.id })
  .chain((customers) => {
    const open = customers.reduce((s, c) => s + c.openBoards, 0);
    // Half the cases anywhere in 0..1000 (often plenty), half scarce (0..Σq).
    const supply = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: open }));
    return fc.record({ supply, week: fc.constant(52), customers: fc.constant(customers) });
  });

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const total = (a: Allocation) => Object.values(a).reduce((s, x) => s + x, 0);
const openTotal = (i: AllocationInput) => i.customers.reduce((s, c) => s + c.openBoards, 0);
const get = (a: Allocation, id: string) => a[id] ?? 0;
/** POLICY_RUNS=20000 npx vitest run test/models/policies for a long soak. */
const runs = { numRuns: Number(process.env['POLICY_RUNS'] ?? 300) };

// ---------------------------------------------------------------- oracles (independent of the policies' code)

/** x_i = min(cap_i, c·w_i) with Σ x = min(T, Σ caps over w > 0), c found by bisection. */
function waterFill(entries: { id: string; weight: number; cap: number }[], T: number): Map<string, number> {
  const live = entries.filter((e) => e.weight > 0 && e.cap > 0);
  const at = (c: number) => live.reduce((s, e) => s + Math.min(e.cap, c * e.weight), 0);
  const out = new Map(entries.map((e) => [e.id, 0]));
  if (live.length === 0 || T <= 0) return out;
  let lo = 0;
  let hi = Math.min(Number.MAX_VALUE, Math.max(...live.map((e) => e.cap / e.weight)));
  if (at(hi) <= T) {
    for (const e of live) out.set(e.id, e.cap);
    return out;
  }
  for (let k = 0; k < 2200; k++) {
    const mid = lo / 2 + hi / 2;
    if (mid <= lo || mid >= hi) break;
    if (at(mid) < T) lo = mid;
    else hi = mid;
  }
  for (const e of live) out.set(e.id, Math.min(e.cap, hi * e.weight));
  return out;
}

/** The oldest open line's week, by the same reading of orders as fcfs (lines capped at openBoards). */
function lineFills(c: PolicyCustomer, boards: number): { week: number; size: number; filled: number }[] {
  const lines = c.orders.map((o, i) => ({ ...o, i })).sort((a, b) => a.week - b.week || a.i - b.i);
  let open = c.openBoards;
  let left = boards;
  const out: { week: number; size: number; filled: number }[] = [];
  for (const l of lines) {
    const size = Math.min(l.boards, open);
    open -= size;
    if (size <= 0) continue;
    const filled = Math.min(size, left);
    left -= filled;
    out.push({ week: l.week, size, filled });
  }
  return out;
}

const oldestWeek = (c: PolicyCustomer) => lineFills(c, 0)[0]?.week ?? Number.POSITIVE_INFINITY;

// ---------------------------------------------------------------- the contract, for every policy

describe.each(policyNames())('policy %s: contract', (name) => {
  const allocate = getPolicy(name)!.allocate;

  test.prop([inputArb], runs)(
    'whole boards, ≥ 0, ≤ open orders, Σ ≤ supply, known ids (validateAllocation passes)',
    (input) => {
      const a = allocate(input);
      expect(() => validateAllocation(name, input, a)).not.toThrow();
      for (const c of input.customers) {
        const x = get(a, c.id);
        expect(Number.isInteger(x)).toBe(true);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(c.openBoards);
      }
      expect(total(a)).toBeLessThanOrEqual(input.supply);
    },
  );

  test.prop([inputArb], runs)('hands out all it can: Σ = min(supply, Σ open)', (input) => {
    expect(total(allocate(input))).toBe(Math.min(input.supply, openTotal(input)));
  });

  test.prop([inputArb], runs)('supply ≥ Σ open fills everyone completely', (input) => {
    const plenty = { ...input, supply: openTotal(input) + (input.supply % 7) };
    const a = allocate(plenty);
    for (const c of input.customers) expect(get(a, c.id)).toBe(c.openBoards);
  });

  test.prop([inputArb], runs)('deterministic and pure: same input ⇒ same output, input untouched', (input) => {
    const frozen = deepFreeze(structuredClone(input));
    const first = allocate(frozen);
    expect(allocate(frozen)).toEqual(first);
    expect(frozen).toEqual(input);
  });

  test.prop([inputArb, fc.integer()], runs)(
    'permutation-invariant: shuffled customers ⇒ identical allocation',
    (input, seed) => {
      const a = allocate(input);
      const shuffled = allocate({ ...input, customers: shuffle(input.customers, seed) });
      const reversed = allocate({ ...input, customers: [...input.customers].reverse() });
      expect(JSON.stringify(shuffled)).toBe(JSON.stringify(a));
      expect(JSON.stringify(reversed)).toBe(JSON.stringify(a));
    },
  );
});

// ---------------------------------------------------------------- each policy's defining property

const scarce = (i: AllocationInput) => openTotal(i) > i.supply;

describe('defining properties', () => {
  test.prop([inputArb], runs)('pro-rata: within one board of K·q_i/Σq', (input) => {
    const a = getPolicy('pro-rata')!.allocate(input);
    if (!scarce(input)) return;
    const Q = openTotal(input);
    for (const c of input.customers) expect(Math.abs(get(a, c.id) - (input.supply * c.openBoards) / Q)).toBeLessThan(1);
  });

  test.prop([inputArb], runs)(
    'uniform: max-min — nobody short of its order has less than anyone else minus one',
    (input) => {
      const a = getPolicy('uniform')!.allocate(input);
      const max = Math.max(0, ...Object.values(a));
      for (const c of input.customers)
        if (get(a, c.id) < c.openBoards) expect(get(a, c.id)).toBeGreaterThanOrEqual(max - 1);
      // and within one board of min(q_i, λ)
      const x = waterFill(
        input.customers.map((c) => ({ id: c.id, weight: 1, cap: c.openBoards })),
        input.supply,
      );
      for (const c of input.customers) expect(Math.abs(get(a, c.id) - x.get(c.id)!)).toBeLessThan(1 + 1e-6);
    },
  );

  test.prop([inputArb], runs)(
    'favoured: within one board of min(q_i, c·w_i·q_i), w_i its attribute weight',
    (input) => {
      const a = getPolicy('favoured')!.allocate(input);
      const w = favouredWeights(input);
      const x = waterFill(
        input.customers.map((c) => ({ id: c.id, weight: w.get(c.id)! * c.openBoards, cap: c.openBoards })),
        input.supply,
      );
      for (const c of input.customers) expect(Math.abs(get(a, c.id) - x.get(c.id)!)).toBeLessThan(1 + 1e-6);
    },
  );

  test.prop([inputArb], runs)(
    'favoured: shares ∝ weight × open orders among customers short of their orders',
    (input) => {
      const a = getPolicy('favoured')!.allocate(input);
      const w = favouredWeights(input);
      const short = input.customers.filter((c) => get(a, c.id) < c.openBoards);
      const base = short.reduce((s, c) => s + w.get(c.id)! * c.openBoards, 0);
      if (short.length < 2 || base <= 0) return;
      // One scale c for all of them: a_i = c·w_i·q_i within rounding (each off by < 1 board), i.e.
      // the intervals ((a_i − 1)/(w_i·q_i), (a_i + 1)/(w_i·q_i)) have a common point.
      const share = (c: PolicyCustomer) => w.get(c.id)! * c.openBoards;
      const cMin = Math.max(...short.map((c) => (get(a, c.id) - 1) / share(c)));
      const cMax = Math.min(...short.map((c) => (get(a, c.id) + 1) / share(c)));
      expect(cMin).toBeLessThan(cMax + 1e-9);
      // … and nobody filled to its order would have had a smaller share at that scale: a filled
      // customer's c·w_j·q_j rounds up to q_j, so it exceeds q_j − 1 (at the largest c possible).
      for (const c of input.customers)
        if (c.openBoards > 0 && get(a, c.id) === c.openBoards)
          expect(cMax * share(c)).toBeGreaterThan(c.openBoards - 1 - 1e-9);
    },
  );

  test.prop([inputArb], runs)(
    'priority: lexicographic by tier, then oldest order; at most one customer in part',
    (input) => {
      const a = getPolicy('priority')!.allocate(input);
      const key = (c: PolicyCustomer) => [c.tier, oldestWeek(c)] as const;
      for (const i of input.customers) {
        if (get(a, i.id) >= i.openBoards) continue;
        const [ti, wi] = key(i);
        for (const j of input.customers) {
          const [tj, wj] = key(j);
          if (tj > ti || (tj === ti && wj > wi)) expect(get(a, j.id)).toBe(0);
        }
      }
      const partial = input.customers.filter((c) => get(a, c.id) > 0 && get(a, c.id) < c.openBoards);
      expect(partial.length).toBeLessThanOrEqual(1);
    },
  );

  test.prop([inputArb], runs)('fcfs: no open line older than a line that got boards is left unfilled', (input) => {
    const a = getPolicy('fcfs')!.allocate(input);
    const lines = input.customers.flatMap((c) => lineFills(c, get(a, c.id)));
    const newestServed = Math.max(Number.NEGATIVE_INFINITY, ...lines.filter((l) => l.filled > 0).map((l) => l.week));
    for (const l of lines) if (l.week < newestServed) expect(l.filled).toBe(l.size);
  });

  test.prop([inputArb], runs)('linear: equal shortfall (within one board) among active customers', (input) => {
    const a = getPolicy('linear')!.allocate(input);
    if (!scarce(input)) return;
    const active = input.customers.filter((c) => get(a, c.id) > 0);
    const shortfalls = active.map((c) => c.openBoards - get(a, c.id));
    if (active.length === 0) return;
    const min = Math.min(...shortfalls);
    expect(Math.max(...shortfalls) - min).toBeLessThanOrEqual(1);
    // a dropped customer ordered no more than the shortfall (its a_i would have been < 0, or < 1)
    for (const c of input.customers) if (get(a, c.id) === 0) expect(c.openBoards).toBeLessThanOrEqual(min + 1);
  });

  test.prop([inputArb], runs)(
    'weighted: within one board of min(q_i, c·w_i·q_i) with Σ = K (water-filling)',
    (input) => {
      const a = getPolicy('weighted')!.allocate(input);
      const x = waterFill(
        input.customers.map((c) => ({ id: c.id, weight: c.weight * c.openBoards, cap: c.openBoards })),
        input.supply,
      );
      for (const c of input.customers) expect(Math.abs(get(a, c.id) - x.get(c.id)!)).toBeLessThan(1 + 1e-6);
    },
  );

  test.prop([inputArb, fc.double({ min: 0.1, max: 5, noNaN: true })], runs)(
    'weighted with equal weights is pro-rata',
    (input, w) => {
      const same = { ...input, customers: input.customers.map((c) => ({ ...c, weight: w })) };
      expect(getPolicy('weighted')!.allocate(same)).toEqual(getPolicy('pro-rata')!.allocate(same));
    },
  );

  test.prop([inputArb], runs)(
    'turn-and-earn: ∝ history capped at orders; no-history customers only get what is left',
    (input) => {
      const a = getPolicy('turn-and-earn')!.allocate(input);
      const withHistory = input.customers.filter((c) => c.trailingUsedBoards > 0);
      const x = waterFill(
        withHistory.map((c) => ({ id: c.id, weight: c.trailingUsedBoards, cap: c.openBoards })),
        input.supply,
      );
      for (const c of withHistory) expect(Math.abs(get(a, c.id) - x.get(c.id)!)).toBeLessThan(1 + 1e-6);
      const historyUnfilled = withHistory.some((c) => get(a, c.id) < c.openBoards);
      if (historyUnfilled)
        for (const c of input.customers) if (!(c.trailingUsedBoards > 0)) expect(get(a, c.id)).toBe(0);
    },
  );

  test.prop([inputArb], runs)('turn-and-earn with no history at all is pro-rata (cold start)', (input) => {
    const fresh = { ...input, customers: input.customers.map((c) => ({ ...c, trailingUsedBoards: 0 })) };
    expect(getPolicy('turn-and-earn')!.allocate(fresh)).toEqual(getPolicy('pro-rata')!.allocate(fresh));
  });

  test.prop([inputArb], runs)(
    'favoured with one weight is pro-rata; turn-and-earn with history = orders is pro-rata',
    (input) => {
      const oneWeight = { ...input, customers: input.customers.map((c) => ({ ...c, favouredWeight: 2 })) };
      expect(getPolicy('favoured')!.allocate(oneWeight)).toEqual(getPolicy('pro-rata')!.allocate(oneWeight));
      const earned = { ...input, customers: input.customers.map((c) => ({ ...c, trailingUsedBoards: c.openBoards })) };
      const te = getPolicy('turn-and-earn')!.allocate(earned);
      const pr = getPolicy('pro-rata')!.allocate(earned);
      for (const c of input.customers) expect(Math.abs(get(te, c.id) - get(pr, c.id))).toBeLessThanOrEqual(1);
    },
  );
});
