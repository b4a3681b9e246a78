/**
 * Little's law, L = λW (Little 1961, Operations Research 9(3):383–387; the sample-path form of
 * Stidham 1974), on every stage of h100-2023, with WIP time-weighted (stage.wipArea); and the
 * flow-line result that a saturated serial line produces at its bottleneck rate times the yields
 * downstream of it (Hopp & Spearman, Factory Physics, ch. 7 "Basic factory dynamics").
 */
import { describe, expect, it } from 'vitest';
import { produce } from 'immer';
import { createWorld, type World, type ModelContext } from '../../models/world.js';
import { runToEnd } from '../../models/simulate.js';
import { buildResult } from '../../models/metrics.js';
import type { Duration, Scenario } from '../../scenarios/schema.js';
import type { RunResult } from '../../models/result.js';
import { stageAt } from '../../models/stages.js';
import { policyOf } from '../support/checked-run.js';
import { bundled, toyCapacity, TOY_SITES_PER_WAFER_MONTH } from '../support/toy-variants.js';

/** The stage a completion event leaves, its units, and when those units entered the stage. */
function completion(e: Record<string, unknown>, ctx: ModelContext): { stage: string; n: number; start: number } | null {
  const n = (k: string) => e[k] as number;
  switch (e['type']) {
    case 'lotDone':
      return { stage: 'fab', n: n('wafers'), start: n('born') };
    case 'sortDone':
      return { stage: 'sort', n: n('dies'), start: n('started') };
    case 'hbmDone':
      return { stage: ctx.hbmStageIds[n('supplier')]!, n: n('stacks'), start: n('started') };
    case 'cowosDone':
      return { stage: 'cowos', n: n('packages'), start: n('started') };
    case 'testDone':
      return { stage: 'test', n: n('packages'), start: n('started') };
    case 'boardDone':
      return { stage: 'board', n: n('boards'), start: n('started') };
    case 'shipDone':
      return { stage: 'ship', n: n('boards'), start: n('started') };
    default:
      return null;
  }
}

/** Longest possible time in a stage for a bounded duration (null for lognormal). */
function maxDuration(d: Duration): number | null {
  if (typeof d === 'number') return d;
  switch (d.dist) {
    case 'fixed':
      return d.value;
    case 'triangular':
    case 'uniform':
      return d.high;
    case 'lognormal':
      return null;
  }
}

function stageMaxWeeks(s: Scenario, id: string): number | null {
  if (id.startsWith('hbm:')) return maxDuration(s.hbm.suppliers.find((h) => `hbm:${h.id}` === id)!.leadTimeWeeks);
  const spec = { fab: s.fab, sort: s.sort, cowos: s.cowos, test: s.test, board: s.board, ship: s.ship }[id];
  return spec ? maxDuration(spec.cycleTimeWeeks) : null;
}

interface LittleRun {
  result: RunResult;
  world: World;
  /** Per stage: units in process at t = 0, unit·weeks spent before t = 0 by completed units, unit·weeks in [start, H) of units still in process at H. */
  wip0: Record<string, number>;
  before0: Record<string, number>;
  openArea: Record<string, number>;
  /** Per stage: units in the completion events still pending at H. */
  openUnits: Record<string, number>;
}

function littleRun(scenario: Scenario, seed: number): LittleRun {
  const { world, ctx } = createWorld(scenario, { policy: policyOf('pro-rata'), seed });
  const H = scenario.horizonWeeks;
  const wip0: Record<string, number> = {};
  const before0: Record<string, number> = {};
  const openArea: Record<string, number> = {};
  const openUnits: Record<string, number> = {};
  for (const id of ctx.stageIds) {
    openUnits[id] = 0;
    wip0[id] = world.state.stages[id]!.wip;
    before0[id] = 0;
    openArea[id] = 0;
  }
  world.trace = (event) => {
    const c = completion(event as unknown as Record<string, unknown>, ctx);
    if (c && c.start < 0) before0[c.stage]! += c.n * -c.start;
  };
  runToEnd(world, ctx);
  world.trace = null;
  for (const e of world.snapshot().queue) {
    const c = completion(e as unknown as Record<string, unknown>, ctx);
    if (c) {
      openArea[c.stage]! += c.n * (H - Math.max(0, c.start));
      openUnits[c.stage]! += c.n;
    }
  }
  const result = buildResult(ctx, world.state, { scenario: scenario.name, seed, events: world.processed });
  return { result, world, wip0, before0, openArea, openUnits };
}

describe("Little's law on every stage of h100-2023 (Little 1961; sample-path form, Stidham 1974)", () => {
  const base = bundled('h100-2023');
  // Two horizons × two seeds, run once (lazily, inside the first test that needs them).
  let memo: { H: number; seed: number; run: LittleRun }[] | null = null;
  const allRuns = () =>
    (memo ??= [104, 520].flatMap((H) =>
      [1, 2].map((seed) => ({
        H,
        seed,
        run: littleRun(
          produce(base, (d) => void (d.horizonWeeks = H)),
          seed,
        ),
      })),
    ));

  it('exactly, over [0, H]: ∫WIP dt = Σ time in stage of completed units − their time before 0 + time of units still in process at H', () => {
    for (const { H, seed, run } of allRuns()) {
      for (const s of run.result.stages) {
        const state = stageAt(run.world.state.stages, s.id)!;
        const area = state.wipArea + state.wip * (H - state.wipSince);
        const accounted = state.flowTime - run.before0[s.id]! + run.openArea[s.id]!;
        expect(
          Math.abs(area - accounted),
          `H=${H} seed=${seed} ${s.id}: ∫WIP ${area} vs ${accounted}`,
        ).toBeLessThanOrEqual(1e-9 * Math.max(1, area));
        // The units still in process at H are exactly the stage's WIP.
        expect(run.openUnits[s.id], `H=${H} seed=${seed} ${s.id}: pending units vs wip`).toBe(state.wip);
      }
    }
  });

  it('L ≈ λW with λ = completed / H, within the end-effect bound max(N₀, N_H) · W_max / H', () => {
    // Over a finite window, L·H − λW·H = (time inside [0, H] of units still in process at H)
    // − (time before 0 of units already in process at 0). Each unit contributes at most W_max (the
    // stage's longest cycle time), so |L − λW| ≤ max(N₀, N_H) · W_max / H: the tolerance shrinks as 1/H.
    const rows: string[] = [];
    for (const { H, seed, run } of allRuns()) {
      for (const s of run.result.stages) {
        if (s.throughput === 0 || s.meanFlowWeeks === null) continue;
        const wMax = stageMaxWeeks(base, s.id);
        expect(wMax, `${s.id}: bounded cycle time`).not.toBeNull();
        const L = s.meanWip;
        const lambdaW = (s.throughput / H) * s.meanFlowWeeks;
        const nH = stageAt(run.world.state.stages, s.id)!.wip;
        const tolerance = (Math.max(run.wip0[s.id]!, nH) * wMax!) / H;
        // meanWip and meanFlowWeeks are rounded in the result (3 and 4 decimals).
        const rounding = 1e-3 + (s.throughput / H) * 1e-4;
        expect(
          Math.abs(L - lambdaW),
          `H=${H} seed=${seed} ${s.id}: L=${L} λW=${lambdaW.toFixed(1)} bound ${tolerance.toFixed(1)}`,
        ).toBeLessThanOrEqual(tolerance + rounding);
        rows.push(
          `H=${String(H).padStart(3)} seed ${seed} ${s.id.padEnd(12)} L ${L.toFixed(0).padStart(9)}  λW ${lambdaW.toFixed(0).padStart(9)}  |L−λW|/L ${(Math.abs(L - lambdaW) / L).toFixed(4)}  bound/L ${(tolerance / L).toFixed(4)}`,
        );
      }
    }
    console.log(`Little's law, h100-2023, pro-rata\n${rows.join('\n')}`);
  });

  it('the end effects fade with the horizon: at H = 520 every stage is within 4 % (at H = 104 HBM, with a 26-week lead, is ~20 % off)', () => {
    for (const { H, seed, run } of allRuns().filter((r) => r.H === 520)) {
      for (const s of run.result.stages) {
        if (s.throughput === 0 || s.meanFlowWeeks === null) continue;
        const lambdaW = (s.throughput / H) * s.meanFlowWeeks;
        expect(Math.abs(s.meanWip - lambdaW) / s.meanWip, `seed ${seed} ${s.id}`).toBeLessThan(0.04);
      }
    }
  });
});

describe('a saturated line runs at its bottleneck rate × the yields downstream (Hopp & Spearman, Factory Physics ch. 7)', () => {
  it('CoWoS the only constraint: GPUs made per week ≈ CoWoS sites/week × CoWoS yield × test yield (within 2 %)', () => {
    const H = 52;
    const scenario = toyCapacity(1, H, (d) => {
      d.cowos.interposerWafersPerMonth = 40; // toy's own: 133.85 sites/week
    });
    const sites = 40 * TOY_SITES_PER_WAFER_MONTH;
    const expected = sites * scenario.cowos.yield * scenario.test.yield;
    const [from, to] = [8, 48];
    for (const seed of [1, 2, 3]) {
      const { world, ctx } = createWorld(scenario, { policy: policyOf('pro-rata'), seed });
      world.run({ until: from });
      const made0 = world.state.ledger.gpu.created;
      world.run({ until: to });
      const perWeek = (world.state.ledger.gpu.created - made0) / (to - from);
      runToEnd(world, ctx);
      const result = buildResult(ctx, world.state, { scenario: 'saturated', seed, events: world.processed });
      expect(
        Math.abs(perWeek - expected) / expected,
        `seed ${seed}: ${perWeek.toFixed(2)} GPUs/week vs ${expected.toFixed(2)}`,
      ).toBeLessThan(0.02);
      expect(result.bindingStage).toBe('cowos');
      expect(
        result.series.cowosLimit.slice(from, to).every((l) => l === 'capacity'),
        'CoWoS limited by its own capacity every week',
      ).toBe(true);
      for (const s of result.stages) if (s.id !== 'cowos') expect(s.utilization, s.id).toBeLessThan(0.5);
    }
  });
});
