/**
 * Determinism (issue 7), over arbitrary valid scenarios, policies and seeds:
 * - the same scenario and seed give an identical trace (every processed event, stamped, as JSON) and
 *   an identical result JSON;
 * - a snapshot taken at a random event and restored — into the same world after it ran on, into a
 *   fresh world, and after a JSON round trip — continues with exactly the rest of the trace and the
 *   same result;
 * - the order of scenario.customers does not matter: permuting it gives the same per-customer
 *   results by id, the same units, stages, totals and series.
 * A fifth of the cases are sales-push buyers under turn-and-earn (salesPushSettingArb), a fifth
 * hoarders and inflaters with a secondary market (resaleSettingArb).
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Scenario } from '../../scenarios/schema.js';
import { createWorld, type World, type ModelContext } from '../../models/world.js';
import { runToEnd } from '../../models/simulate.js';
import { buildResult } from '../../models/metrics.js';
import type { RunResult } from '../../models/result.js';
import {
  resaleSettingArb,
  salesPushSettingArb,
  scenarioInputArb,
  parseOrThrow,
  policyNameArb,
  seedArb,
  shuffle,
  toJson,
} from '../support/arbitraries.js';
import { resaleToy, salesPushToy } from '../support/toy-variants.js';
import { policyOf } from '../support/checked-run.js';
import { propParams, runs, scaledTimeout } from '../support/params.js';

function build(scenario: Scenario, policy: string, seed: number): { world: World; ctx: ModelContext } {
  return createWorld(scenario, { policy: policyOf(policy), seed });
}

/** Attaches a trace recorder: each processed event (with its stamp) as one JSON line. */
function record(world: World): string[] {
  const lines: string[] = [];
  world.trace = (event) => {
    lines.push(JSON.stringify(event));
  };
  return lines;
}

function finish(world: World, ctx: ModelContext, seed: number): RunResult {
  runToEnd(world, ctx);
  return buildResult(ctx, world.state, { scenario: ctx.scenario.name, seed, events: world.processed });
}

function fullRun(
  scenario: Scenario,
  policy: string,
  seed: number,
): { trace: string[]; json: string; result: RunResult } {
  const { world, ctx } = build(scenario, policy, seed);
  const trace = record(world);
  const result = finish(world, ctx, seed);
  return { trace, json: JSON.stringify(result), result };
}

/** Steps `k` events (all before the horizon: k ≤ the reference run's event count). */
function stepTo(world: World, k: number): void {
  for (let i = 0; i < k; i++)
    if (world.step() === undefined) throw new Error(`queue ran dry after ${i} of ${k} events`);
}

// Generic scenarios (3 in 5), sales-push buyers under turn-and-earn (1 in 5), whose pushes the
// generic generator rarely sets off, and a secondary market with hoarders (1 in 5), which it rarely trades on.
const caseArb = fc.oneof(
  { arbitrary: fc.record({ input: scenarioInputArb, policy: policyNameArb, seed: seedArb }), weight: 3 },
  {
    arbitrary: fc.record({
      input: salesPushSettingArb.map((s) => toJson(salesPushToy(s)) as unknown as Record<string, unknown>),
      policy: fc.constant('turn-and-earn'),
      seed: seedArb,
    }),
    weight: 1,
  },
  {
    arbitrary: resaleSettingArb.chain((s) =>
      fc.record({
        input: fc.constant(toJson(resaleToy(s)) as unknown as Record<string, unknown>),
        policy: fc.constant(s.policy),
        seed: seedArb,
      }),
    ),
    weight: 1,
  },
);

/** Per base run: the snapshot test took 81 s at CHIPSIM_PROPERTY_RUNS=20000 (4 ms); 5× that. */
const TIMEOUT = scaledTimeout(20);

describe('determinism', () => {
  test.prop([caseArb], propParams(runs(0.3)))(
    'same scenario and seed ⇒ identical trace and identical result JSON',
    ({ input, policy, seed }) => {
      const scenario = parseOrThrow(input);
      const a = fullRun(scenario, policy, seed);
      // A second parse of the same JSON: nothing may hang on object identity.
      const b = fullRun(parseOrThrow(structuredClone(input)), policy, seed);
      expect(b.trace.length).toBe(a.trace.length);
      expect(b.trace).toEqual(a.trace);
      expect(b.json).toBe(a.json);
      expect(a.result.events).toBe(a.trace.length);
    },
    TIMEOUT,
  );

  test.prop([caseArb, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true })], propParams(runs(0.3)))(
    'snapshot at a random event, restore (same world later / fresh world / JSON round trip), continue ⇒ the same rest of the trace and the same result; another seed is refused',
    ({ input, policy, seed }, where) => {
      const scenario = parseOrThrow(input);
      const ref = fullRun(scenario, policy, seed);
      const k = Math.floor(where * (ref.trace.length + 1)); // 0..N events before the snapshot
      const rest = ref.trace.slice(k);

      // 1. Step k events, snapshot, and carry on in the same world: nothing changes.
      const first = build(scenario, policy, seed);
      stepTo(first.world, k);
      const snap = first.world.snapshot();
      const frozen = JSON.stringify(snap);
      const cont = record(first.world);
      const contResult = JSON.stringify(finish(first.world, first.ctx, seed));
      expect(cont).toEqual(rest);
      expect(contResult).toBe(ref.json);
      expect(JSON.stringify(snap), 'running on must not alter a taken snapshot').toBe(frozen);

      // 2. Step back: restore the snapshot into that same (finished) world and run again.
      first.world.restore(snap);
      const again = record(first.world);
      expect(JSON.stringify(finish(first.world, first.ctx, seed))).toBe(ref.json);
      expect(again).toEqual(rest);

      // 3. A fresh world, restored from the snapshot after a JSON round trip.
      const fresh = build(scenario, policy, seed);
      fresh.world.restore(JSON.parse(frozen));
      const freshTrace = record(fresh.world);
      expect(JSON.stringify(finish(fresh.world, fresh.ctx, seed))).toBe(ref.json);
      expect(freshTrace).toEqual(rest);

      // 4. A world of another seed refuses it (its later streams would silently come from that seed).
      const other = build(scenario, policy, seed ^ 1);
      expect(() => other.world.restore(JSON.parse(frozen))).toThrow(/seed/);
    },
    TIMEOUT,
  );

  test.prop([caseArb, fc.integer()], propParams(runs(0.3)))(
    'results do not depend on the order of scenario.customers',
    ({ input, policy, seed }, permutation) => {
      const scenario = parseOrThrow(input);
      const permuted = { ...scenario, customers: shuffle(scenario.customers, permutation) };
      const a = fullRun(scenario, policy, seed).result;
      const b = fullRun(permuted, policy, seed).result;
      const byId = <T extends { id: string }>(xs: readonly T[]) =>
        [...xs].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
      expect(byId(b.customers)).toEqual(byId(a.customers));
      expect(byId(b.endUsers)).toEqual(byId(a.endUsers));
      expect(b.units).toEqual(a.units);
      expect(b.stages).toEqual(a.stages);
      expect(b.events).toBe(a.events);
      expect(b.waitHistogram).toEqual(a.waitHistogram);
      expect(b.series.deliveredCumulative).toEqual(a.series.deliveredCumulative);
      for (const k of [
        'orders',
        'backlog',
        'allocatedBoards',
        'dieBank',
        'hbmBank',
        'cowosLimit',
        'resoldGpus',
        'resalePriceUsd',
      ] as const) {
        expect(b.series[k], `series.${k}`).toEqual(a.series[k]);
      }
      // Floating-point sums over customers (need, Jain's index, the bullwhip ratio) may be added in
      // another order: equal to 1e-9 relative, everything else exactly.
      const close = (x: number, y: number) =>
        Object.is(x, y) || Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y)); // Infinity = Infinity
      for (const [key, value] of Object.entries(a.kpis)) {
        const other = b.kpis[key as keyof typeof b.kpis];
        expect(
          other !== undefined && value !== undefined && close(other, value),
          `kpis.${key}: ${other} vs ${value}`,
        ).toBe(true);
      }
      b.series.need.forEach((n, w) => expect(close(n, a.series.need[w]!), `series.need[${w}]`).toBe(true));
    },
    TIMEOUT,
  );
});
