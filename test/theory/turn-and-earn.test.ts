/**
 * Cachon & Lariviere (1999), "Capacity Allocation Using Past Sales: When to Turn-and-Earn",
 * Management Science 45(5):685–703 — turn-and-earn makes retailers push sales when demand is low and
 * capacity would otherwise idle; the supplier gains; with mildly tight capacity the chain gains, with
 * very tight capacity the retailers' competition dissipates more than the supplier gains (DOMAIN.md
 * C2 row 2: "as K/E[D] moves from ~0.9 to ~0.5 the sign should flip").
 *
 * The paper's premises, in the model:
 * - capacity is perishable: CoWoS builds to order (`cowos.buildTo: "orders"`), so capacity the order
 *   book leaves unused in a week is lost;
 * - need not met in time is lost: every buyer is a `push` buyer, whose orders lapse after 8 weeks;
 * - retailers can sell beyond their need at a falling price: a push buyer's demand is linear with
 *   price elasticity ε at its need; under a rule that pays for past sales it orders its best-response
 *   push x = n · G · (1 − f̂) in slack weeks and sells it on arrival (models/customers/ordering.ts);
 *   under pro-rata it has no reason to and does not;
 * - demand varies by period: bigcloud and neocloud need ±80 % in 16-week halves of a 32-week cycle
 *   (the startup against them), lognormal noise cv 0.3; turn-and-earn counts the last 16 weeks of
 *   sales (one period, as in the paper); 128 weeks; CoWoS the only constraint at K = r × E[need].
 * Chain profit = supplier + buyers (models/economics.ts): GPU price $30,000, production cost $3,320
 * (DOMAIN.md A). 20 paired seeds (common random numbers); paired 95 % CIs on the difference.
 *
 * RESULT (npx vitest run test/theory/turn-and-earn.test.ts prints the table): the chain benefit of
 * turn-and-earn over pro-rata falls steadily as capacity tightens, for every elasticity. At ε = 1 it
 * is +0.6 % at K/E[need] 0.9 and −5.1 % at 0.5: the sign flips between 0.9 and 0.8. With more elastic
 * demand (ε = 2) the flip moves to 0.7–0.6; with inelastic demand (ε = 0.5) pushing costs more than
 * the idle capacity it fills and turn-and-earn loses at every r: the mildly-tight gain needs demand
 * past need deep enough for the push to sell near the price. Nvidia's profit rises and the buyers'
 * falls at the mild end, as the paper says. Where the pushed GPUs come from decides it: at 0.9 about
 * 70 % are built on capacity that would have idled; at 0.5 none are, and they take GPUs that would
 * have served someone's need.
 *
 * ε changes no decision (x does not depend on it), so one set of runs is valued at each ε.
 * scripts/turn-and-earn-sensitivity.ts varies the other settings one at a time (README).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createWorld } from '../../models/world.js';
import { runToEnd } from '../../models/simulate.js';
import { economics } from '../../models/economics.js';
import type { ModelContext } from '../../models/context.js';
import type { ModelState } from '../../models/state.js';
import { pairedDiff, type Summary } from '../../sim/stats.js';
import { policyOf } from '../support/checked-run.js';
import { salesPushToy, TURN_AND_EARN_SETTING } from '../support/toy-variants.js';

const SETTING = TURN_AND_EARN_SETTING;
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const SWEEP = [0.9, 0.8, 0.7, 0.6, 0.5] as const;
const ELASTICITIES = [0.5, 1, 2] as const;

interface Outcome {
  /** Chain, supplier and buyers' profit (USD) at each elasticity. */
  chain: Record<number, number>;
  supplier: number;
  buyers: Record<number, number>;
  pushedGpus: number;
  /** GPUs delivered that served need (not pushed). */
  needServed: number;
  gpusMade: number;
}

/** The run's economics valued at elasticity ε (a valuation only: ε changes no decision). */
function valuedAt(ctx: ModelContext, state: ModelState, elasticity: number) {
  const direct = ctx.direct.map((d) =>
    d.ordering.behaviour === 'push' ? { ...d, ordering: { ...d.ordering, priceElasticity: elasticity } } : d,
  );
  return economics({ ...ctx, direct }, state)!;
}

function outcome(r: number, policy: string, seed: number): Outcome {
  const { world, ctx } = createWorld(salesPushToy({ ...SETTING, ratio: r }), { policy: policyOf(policy), seed });
  runToEnd(world, ctx);
  const chain: Record<number, number> = {};
  const buyers: Record<number, number> = {};
  let supplier = 0;
  let pushedGpus = 0;
  for (const e of ELASTICITIES) {
    const money = valuedAt(ctx, world.state, e);
    chain[e] = money.chainProfitUsd;
    buyers[e] = money.buyersProfitUsd;
    supplier = money.supplierProfitUsd;
    pushedGpus = money.pushedGpus;
  }
  const u = world.state.ledger.gpu;
  return { chain, supplier, buyers, pushedGpus, needServed: u.delivered - pushedGpus, gpusMade: u.created };
}

interface Row {
  r: number;
  te: Outcome[];
  pr: Outcome[];
  /** Paired turn-and-earn − pro-rata, by elasticity, as a share of pro-rata's mean chain profit. */
  chainPct: Record<number, Summary>;
  supplier: Summary;
  buyers: Summary;
  needServed: Summary;
  gpusMade: Summary;
}

const pct = (s: Summary, base: number): Summary => ({
  ...s,
  mean: (100 * s.mean) / base,
  halfWidth: (100 * s.halfWidth) / base,
  ci: s.ci && [(100 * s.ci[0]) / base, (100 * s.ci[1]) / base],
});
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (s: Summary) => `${s.mean >= 0 ? '+' : ''}${s.mean.toFixed(2)} ± ${s.halfWidth.toFixed(2)} %`;

let rows: Row[] = [];

beforeAll(() => {
  rows = SWEEP.map((r) => {
    const te = SEEDS.map((seed) => outcome(r, 'turn-and-earn', seed));
    const pr = SEEDS.map((seed) => outcome(r, 'pro-rata', seed));
    const paired = (f: (o: Outcome) => number) => pairedDiff(pr.map(f), te.map(f));
    const chainPct: Record<number, Summary> = {};
    for (const e of ELASTICITIES)
      chainPct[e] = pct(
        paired((o) => o.chain[e]!),
        mean(pr.map((o) => o.chain[e]!)),
      );
    return {
      r,
      te,
      pr,
      chainPct,
      supplier: paired((o) => o.supplier),
      buyers: paired((o) => o.buyers[1]!),
      needServed: paired((o) => o.needServed),
      gpusMade: paired((o) => o.gpusMade),
    };
  });
  const flipsAt = (e: number) => {
    const signs = rows.map((row) => Math.sign(row.chainPct[e]!.mean));
    const i = signs.findIndex((s, k) => k > 0 && s !== signs[k - 1]);
    return i < 0 ? 'no flip' : `flips between ${rows[i - 1]!.r} and ${rows[i]!.r}`;
  };
  const lines = rows.map(
    (row) =>
      `K/E[need] ${row.r.toFixed(1)}: ${ELASTICITIES.map((e) => `ε ${e}: ${fmt(row.chainPct[e]!).padStart(16)}`).join(' | ')}` +
      ` | Nvidia ${(row.supplier.mean / 1e6).toFixed(1)} M$, buyers (ε 1) ${(row.buyers.mean / 1e6).toFixed(1)} M$` +
      ` | pushed ${mean(row.te.map((o) => o.pushedGpus)).toFixed(0)} GPUs, need served ${row.needServed.mean.toFixed(0)}, made ${row.gpusMade.mean.toFixed(0)}`,
  );
  console.log(
    `Turn-and-earn − pro-rata, chain profit (mean of ${SEEDS.length} paired seeds, 95 % CI)\n${lines.join('\n')}\n` +
      ELASTICITIES.map((e) => `→ ε ${e}: ${flipsAt(e)}`).join('\n'),
  );
}, 120_000);

const at = (r: number) => rows.find((x) => x.r === r)!;

describe('Cachon & Lariviere (1999), "When to Turn-and-Earn": chain profit of turn-and-earn vs pro-rata over K/E[need] 0.9 → 0.5', () => {
  it('buyers push sales under turn-and-earn at every capacity, and never under pro-rata', () => {
    for (const row of rows) {
      expect(mean(row.te.map((o) => o.pushedGpus)), `K/E[need] ${row.r}`).toBeGreaterThan(0);
      expect(
        row.pr.every((o) => o.pushedGpus === 0),
        `K/E[need] ${row.r}`,
      ).toBe(true);
    }
  });

  it('mildly tight capacity (0.9): the supplier gains and the buyers lose ("the supplier increases her profits at the expense of the retailers")', () => {
    expect(at(0.9).supplier.ci![0]).toBeGreaterThan(0);
    expect(at(0.9).buyers.ci![1]).toBeLessThan(0);
    expect(at(0.9).gpusMade.ci![0], 'capacity that would have idled is used').toBeGreaterThan(0);
  });

  it('ε = 1: the chain gains at mildly tight capacity (0.9) and loses at very tight capacity (0.5) — the sign flips', () => {
    expect(at(0.9).chainPct[1]!.ci![0]).toBeGreaterThan(0);
    expect(at(0.5).chainPct[1]!.ci![1]).toBeLessThan(0);
  });

  it('for every elasticity, the chain benefit falls as capacity tightens and is negative at 0.5', () => {
    for (const e of ELASTICITIES) {
      for (let k = 1; k < rows.length; k++) {
        expect(rows[k]!.chainPct[e]!.mean, `ε ${e}: K/E[need] ${rows[k]!.r} vs ${rows[k - 1]!.r}`).toBeLessThan(
          rows[k - 1]!.chainPct[e]!.mean,
        );
      }
      expect(at(0.5).chainPct[e]!.ci![1], `ε ${e}`).toBeLessThan(0);
    }
  });

  it('where the pushed GPUs come from: at 0.9 mostly from capacity that would have idled; at 0.5 from GPUs that would have served need', () => {
    const pushed = (row: Row) => mean(row.te.map((o) => o.pushedGpus));
    expect(at(0.9).gpusMade.mean).toBeGreaterThan(0.5 * pushed(at(0.9)));
    expect(at(0.5).gpusMade.mean).toBeLessThanOrEqual(0);
    expect(at(0.5).needServed.ci![1]).toBeLessThan(-0.5 * pushed(at(0.5)));
  });

  it('inelastic demand (ε = 0.5): pushing costs more than the idle capacity it fills, so turn-and-earn loses even at 0.9', () => {
    expect(at(0.9).chainPct[0.5]!.ci![1]).toBeLessThan(0);
  });

  it('control: with make to stock (idle capacity is not lost) a push only moves GPUs from need to a cheaper sale, and turn-and-earn loses at 0.9 too', () => {
    const chain = (policy: string, seed: number) => {
      const { world, ctx } = createWorld(salesPushToy({ ...SETTING, ratio: 0.9, buildTo: 'plan' }), {
        policy: policyOf(policy),
        seed,
      });
      runToEnd(world, ctx);
      return economics(ctx, world.state)!.chainProfitUsd;
    };
    const diff = pairedDiff(
      SEEDS.map((seed) => chain('pro-rata', seed)),
      SEEDS.map((seed) => chain('turn-and-earn', seed)),
    );
    expect(diff.ci![1]).toBeLessThan(0);
  });

  it('ε changes no decision: a run at ε = 0.5 and at ε = 2 is the same run', () => {
    const run = (e: number) => {
      const { world, ctx } = createWorld(salesPushToy({ ...SETTING, ratio: 0.8, priceElasticity: e }), {
        policy: policyOf('turn-and-earn'),
        seed: 3,
      });
      runToEnd(world, ctx);
      return JSON.stringify({ units: world.state.ledger, pushed: world.state.customers.map((c) => c.pushShareGpus) });
    };
    expect(run(0.5)).toBe(run(2));
  });
});
