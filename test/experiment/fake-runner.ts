/**
 * A fake runner module for experiment tests (same contract as models/experiment/model-runner.ts):
 * every replication has a shared "world" noise drawn from its seed — the same for every policy,
 * like common random numbers in the real model — plus a small per-policy noise and a fixed
 * per-policy, per-customer effect. Optional busy-wait jitter shuffles completion order in workers.
 */
import { mix32 } from '../../sim/seeds.js';
import { gini, jainIndex } from '../../sim/stats.js';
import type { ReplicationRecord } from '../../models/experiment/record.js';
import type { Replicate, RunnerInit } from '../../models/experiment/runner.js';
import { applyParams } from '../../models/experiment/design.js';

export interface FakeScenario {
  customers: string[];
  /** effect[policyIndex][customerIndex]: added to the customer's fill rate. */
  effect: number[][];
  /** Scale of the shared (world) noise and of the per-policy noise. */
  worldNoise?: number;
  policyNoise?: number;
  weeks?: number;
  /** Busy-wait up to this many ms per task, varying with the seed (reorders completions). */
  jitterMs?: number;
  /** Throw on this replication (to test error paths). */
  failOnRep?: number;
}

/** Uniform in [0, 1) from integer keys. */
function u(...keys: number[]): number {
  let h = 0x2545f491;
  for (const k of keys) h = mix32((h ^ mix32(k >>> 0)) >>> 0);
  return h / 2 ** 32;
}

/** Approximately standard normal (Irwin–Hall with 12 terms). */
function z(...keys: number[]): number {
  let s = 0;
  for (let i = 0; i < 12; i++) s += u(...keys, i);
  return s - 6;
}

export async function createReplicator(init: RunnerInit<FakeScenario>): Promise<Replicate> {
  return (task) => {
    // a design point sets numbers of the fake scenario by JSON Pointer, e.g. /effect/1/0
    const sc = applyParams(init.scenario, task.params ?? {});
    const weeks = sc.weeks ?? 12;
    const world = sc.worldNoise ?? 0.1;
    const own = sc.policyNoise ?? 0.01;
    if (sc.failOnRep === task.rep) throw new Error(`fake failure on replication ${task.rep}`);
    if (sc.jitterMs) {
      const until = performance.now() + u(task.seed, task.policyIndex, 99) * sc.jitterMs;
      while (performance.now() < until) {
        /* spin */
      }
    }
    const p = task.policyIndex;
    const customers = sc.customers.map((id, c) => {
      const need = 1000 * (c + 1);
      const fill = Math.min(
        1,
        Math.max(0, 0.5 + world * z(task.seed, c) + own * z(task.seed, c, 1000 + p) + (sc.effect[p]?.[c] ?? 0)),
      );
      const received = Math.round(need * fill);
      return {
        id,
        fillRate: received / need,
        received,
        meanWaitWeeks: received === 0 ? null : 4 + 2 * u(task.seed, c, p),
        need,
      };
    });
    const delivered = customers.reduce((s, c) => s + c.received, 0);
    const need = customers.reduce((s, c) => s + c.need, 0);
    const fills = customers.map((c) => c.fillRate);
    const orders = Array.from({ length: weeks }, (_, w) => Math.round((need / weeks) * (1 + 0.5 * u(task.seed, w, p))));
    const needSeries = Array.from({ length: weeks }, () => need / weeks);
    const deliveredCumulative: Record<string, number[]> = {};
    for (const c of customers)
      deliveredCumulative[c.id] = Array.from({ length: weeks }, (_, w) => Math.round((c.received * (w + 1)) / weeks));
    const record: ReplicationRecord = {
      rep: task.rep,
      policy: init.policies[p]!,
      seed: task.seed,
      startDate: '2023-01-02',
      kpis: {
        gpusDelivered: delivered,
        fillRate: delivered / need,
        meanWaitWeeks: 4 + u(task.seed, p, 7),
        p95WaitWeeks: 9 + u(task.seed, p, 8),
        jainIndex: jainIndex(fills),
        gini: gini(fills),
        orderInflation: orders.reduce((s, x) => s + x, 0) / need,
        bullwhip: 1 + u(task.seed, p, 9),
        lostDemand: need - delivered,
        revenue: delivered * 25_000,
      },
      // GPUs in hand over the run: half of what is received, as if deliveries came evenly.
      customers: customers.map(({ id, fillRate, received, meanWaitWeeks }) => ({
        id,
        fillRate,
        received,
        meanWaitWeeks,
        avgGpusInHand: received / 2,
      })),
      series: { deliveredCumulative, orders, need: needSeries },
      waitHistogram: Array.from({ length: 10 }, (_, w) => Math.round((delivered * u(task.seed, p, w, 5)) / 5)),
    };
    return record;
  };
}
