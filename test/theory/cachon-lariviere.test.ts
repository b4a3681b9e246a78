/**
 * Cachon & Lariviere (1999), "Capacity Choice and Allocation: Strategic Behavior and Supply Chain
 * Performance", Management Science 45(8):1091–1108 — with capacity K below total need, buyers facing
 * an individually responsive rule (proportional, linear) order more than they need; under uniform
 * allocation they order the truth. Cui & Zhang (2018), Management Science 64(3): the inflation rises
 * as capacity shrinks. (DOMAIN.md C2 rows 1 and 1d.)
 *
 * Setting: toy with CoWoS the only constraint, sized to K = r × need (r = 1.5, 0.9, 0.7, 0.5), every
 * customer an `inflate` buyer (best-responding: it inflates only when the policy rewards larger orders,
 * PolicyDefinition.rewardsInflation), need noise cv 0.2, 78 weeks, seeds 1–4.
 * Measure: Σ orders / Σ need — over the steady state (weeks 20–77: the first weeks, before the first
 * boards ship, are a start-up transient in which every buyer sees a zero fill rate) and, for the
 * shortage cases, also the whole-run kpis.orderInflation.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../scenarios/schema.js';
import type { PolicyDefinition } from '../../models/policies/index.js';
import { createWorld } from '../../models/world.js';
import { runToEnd, simulate } from '../../models/simulate.js';
import { policyOf } from '../support/checked-run.js';
import { INFLATE, toyCapacity } from '../support/toy-variants.js';

const H = 78;
const WARMUP = 20;
const SEEDS = [1, 2, 3, 4];
const RATIOS = [1.5, 0.9, 0.7, 0.5] as const;

function allInflate(r: number): Scenario {
  return toyCapacity(r, H, (d) => {
    for (const c of d.customers) {
      c.needNoiseCv = 0.2;
      c.ordering = { ...INFLATE };
    }
  });
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

interface Cell {
  steady: number;
  kpi: number;
}

/** Mean over seeds of the steady-state and whole-run inflation ratios. */
function inflation(policy: string, r: number): Cell {
  const scenario = allInflate(r);
  const steady: number[] = [];
  const kpi: number[] = [];
  for (const seed of SEEDS) {
    const res = simulate(scenario, { policy: policyOf(policy), seed, scenarioName: `toy-k${r}` });
    const orders = res.series.orders.slice(WARMUP).reduce((a, b) => a + b, 0);
    const need = res.series.need.slice(WARMUP).reduce((a, b) => a + b, 0);
    steady.push(orders / need);
    kpi.push(res.kpis.orderInflation);
  }
  return { steady: mean(steady), kpi: mean(kpi) };
}

describe('Cachon & Lariviere (1999): order inflation under proportional/linear rationing, none under uniform; rising as K/need falls (Cui & Zhang 2018)', () => {
  const table = new Map<string, Map<number, Cell>>();
  const cell = (policy: string, r: number): Cell => {
    let row = table.get(policy);
    if (!row) table.set(policy, (row = new Map()));
    let c = row.get(r);
    if (!c) row.set(r, (c = inflation(policy, r)));
    return c;
  };

  it.each(['pro-rata', 'linear'])(
    '%s: Σ orders / Σ need > 1 whenever K < need, increasing as K / need falls',
    (policy) => {
      const shortage = RATIOS.filter((r) => r < 1);
      for (const r of shortage) {
        const c = cell(policy, r);
        expect(c.steady, `${policy} K/need=${r}: steady-state inflation`).toBeGreaterThan(1.05);
        expect(c.kpi, `${policy} K/need=${r}: kpis.orderInflation`).toBeGreaterThan(1.05);
      }
      for (let i = 1; i < shortage.length; i++) {
        const [looser, tighter] = [cell(policy, shortage[i - 1]!), cell(policy, shortage[i]!)];
        expect(tighter.steady, `${policy}: K/need ${shortage[i]} vs ${shortage[i - 1]} (steady state)`).toBeGreaterThan(
          looser.steady,
        );
        expect(tighter.kpi, `${policy}: K/need ${shortage[i]} vs ${shortage[i - 1]} (kpi)`).toBeGreaterThan(looser.kpi);
      }
    },
  );

  // Under uniform the model's buyers order the truth BY CONSTRUCTION (rewardsInflation: false);
  // the best-response test below checks that this is right.
  it.each(['uniform'])('%s: Σ orders / Σ need ≈ 1 at every capacity (within 1 %)', (policy) => {
    for (const r of RATIOS) {
      const c = cell(policy, r);
      expect(Math.abs(c.steady - 1), `${policy} K/need=${r}: steady ${c.steady}`).toBeLessThan(0.01);
      expect(Math.abs(c.kpi - 1), `${policy} K/need=${r}: kpi ${c.kpi}`).toBeLessThan(0.01);
    }
  });

  it('capacity above need (K = 1.5 × need): no inflation in the steady state under any policy (within 2 %)', () => {
    for (const policy of ['pro-rata', 'linear', 'uniform', 'turn-and-earn']) {
      const c = cell(policy, 1.5);
      expect(Math.abs(c.steady - 1), `${policy}: steady ${c.steady}`).toBeLessThan(0.02);
    }
    const rows = [...table].map(
      ([policy, row]) =>
        `${policy.padEnd(14)} ${[...row].map(([r, c]) => `K/need ${r}: steady ${c.steady.toFixed(3)} whole-run ${c.kpi.toFixed(3)}`).join(' | ')}`,
    );
    console.log(
      `Σ orders / Σ need (mean of ${SEEDS.length} seeds; steady state = weeks ${WARMUP}–${H - 1})\n${rows.join('\n')}`,
    );
  });
});

// ------------------------------------------------------------------ best responses

/** Σ over weeks of min(cumulative received, cumulative need): GPU-weeks of need served. */
function servedGpuWeeks(scenario: Scenario, policy: PolicyDefinition, seed: number, id: string): number {
  const { world, ctx } = createWorld(scenario, { policy, seed });
  runToEnd(world, ctx);
  const c = world.state.customers.find((x) => x.id === id)!;
  let received = 0;
  let need = scenario.customers.find((x) => x.id === id)!.initialBacklogGpus;
  let served = 0;
  for (let w = 0; w < scenario.horizonWeeks; w++) {
    received += c.weeklyReceived[w]!;
    need += c.weeklyNeed[w]!;
    served += Math.min(received, need);
  }
  return served;
}

/** Relative gain in served GPU-weeks for `deviator` when it alone inflates (others truthful), paired seeds. */
function inflationGain(policyName: string, r: number, deviator: string): number {
  // Force the deviator to inflate whatever the policy's flag says: we are testing the flag.
  const policy: PolicyDefinition = { ...policyOf(policyName), rewardsInflation: true };
  const scenario = (inflating: boolean) =>
    toyCapacity(r, H, (d) => {
      for (const c of d.customers) {
        c.needNoiseCv = 0.2;
        c.ordering = inflating && c.id === deviator ? { ...INFLATE } : { behaviour: 'truthful' };
      }
    });
  let gaming = 0;
  let honest = 0;
  for (const seed of [1, 2, 3, 4, 5]) {
    gaming += servedGpuWeeks(scenario(true), policy, seed, deviator);
    honest += servedGpuWeeks(scenario(false), policy, seed, deviator);
  }
  return honest > 0 ? gaming / honest - 1 : gaming > 0 ? Infinity : 0;
}

describe('Cachon & Lariviere (1999): the best responses behind it — one buyer inflating among truthful ones', () => {
  // bigcloud (160/week) and neocloud (80/week) are rationed under uniform at K/need 0.7 and 0.5
  // (water level λ ≈ 76 and 50 GPUs/week), so C&L's argument applies to them: min(q, λ) = λ.
  // (startup, 40/week, is below λ: inflating gets it its GPUs a little EARLIER — +4.2 % served
  // GPU-weeks at K/need 0.7 — a pre-buying gain of the dynamic model that the one-period paper lacks.)
  const cases = [0.7, 0.5].flatMap((r) => ['bigcloud', 'neocloud'].map((id) => ({ r, id })));

  it.each(['pro-rata', 'linear'])(
    '%s is individually responsive: inflating earns the deviator > 10 % more GPU-weeks of need served',
    (policy) => {
      for (const { r, id } of cases) {
        expect(inflationGain(policy, r, id), `${policy} K/need=${r} ${id}`).toBeGreaterThan(0.1);
      }
    },
  );

  it('uniform: a rationed buyer earns nothing by inflating (|gain| < 0.5 %) — rewardsInflation: false is its best response', () => {
    for (const { r, id } of cases) {
      expect(Math.abs(inflationGain('uniform', r, id)), `uniform K/need=${r} ${id}`).toBeLessThan(0.005);
    }
  });

  // MODEL FINDING (this suite found it; the flag now says so). Turn-and-earn's cold start is pro rata
  // (no history yet) and a_i = min(q_i, c·s_i) is capped by the order, so inflating early buys history
  // and lifts the cap. Measured gains, 5 paired seeds: bigcloud +14.5 % / +14.2 %, neocloud +20.1 % /
  // +27.1 %, startup +30.5 % / +47.1 % (K/need 0.7 / 0.5) — as much as under pro-rata. Hence
  // turn-and-earn declares rewardsInflation: true and strategic buyers inflate under it.
  it('turn-and-earn, as modelled (capped by orders, pro-rata cold start), rewards inflation: > 10 % more GPU-weeks', () => {
    for (const { r, id } of cases) {
      expect(inflationGain('turn-and-earn', r, id), `turn-and-earn K/need=${r} ${id}`).toBeGreaterThan(0.1);
    }
  });
});
