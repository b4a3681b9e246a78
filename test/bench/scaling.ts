/**
 * The `scaling` workload: is a replication's cost linear in customers × weeks? It times h100-2023 as
 * bundled (16 customers × 104 weeks) and a 200 × 520 scenario generated from it by copying its
 * customers under new ids (end users routed to their copy's host) and running it for 520 weeks, its
 * schedules held at their last value; demand is not scaled, so the big run is rationed throughout
 * (the worst case for order books). `cost_ratio` = time per customer-week of the big run ÷ that of
 * the small one; linear cost means about 1.
 */
import { loadScenario, type Scenario } from '../../scenarios/index.js';
import { createWorld } from '../../models/world.js';
import { runToEnd } from '../../models/simulate.js';
import { buildResult } from '../../models/metrics.js';
import { getPolicy } from '../../models/policies/index.js';
import { median, secondsSince, type Measurement, type Workload } from './workload.js';

export const SMALL = { customers: 16, weeks: 104 };
export const LARGE = { customers: 200, weeks: 520 };

/** `base` with its customers copied (ids `id`, `id-1`, `id-2`, …) up to `customers`, run for `weeks`. */
export function scaledScenario(base: Scenario, customers: number, weeks: number): Scenario {
  const out: Scenario['customers'] = [];
  for (let copy = 0; out.length < customers; copy++) {
    const rename = (id: string): string => (copy === 0 ? id : `${id}-${copy}`);
    for (const c of base.customers) {
      if (out.length >= customers) break;
      out.push({ ...c, id: rename(c.id), ...(c.via === undefined ? {} : { via: rename(c.via) }) });
    }
  }
  return { ...base, horizonWeeks: weeks, customers: out };
}

/** Seconds for one replication of `scenario` (world, event loop and result fold), and its events. */
function timeReplication(scenario: Scenario, seed: number): { seconds: number; events: number } {
  const policy = getPolicy('pro-rata')!;
  const t0 = process.hrtime.bigint();
  const { world, ctx } = createWorld(scenario, { policy, seed });
  runToEnd(world, ctx);
  buildResult(ctx, world.state, { scenario: scenario.name, seed, events: world.processed });
  return { seconds: secondsSince(t0), events: world.processed };
}

let seed = 0;

function scaling(): Measurement {
  const loaded = loadScenario('h100-2023');
  if (!loaded.ok) throw new Error(loaded.error);
  const small = scaledScenario(loaded.scenario, SMALL.customers, SMALL.weeks);
  const large = scaledScenario(loaded.scenario, LARGE.customers, LARGE.weeks);
  for (let i = 0; i < 10; i++) timeReplication(small, 1000 + i);
  timeReplication(large, 999);
  seed++;
  // The small run is short and noisy: its median over many runs, taken around the big one.
  const smallRuns: number[] = [];
  for (let i = 0; i < 15; i++) smallRuns.push(timeReplication(small, seed * 100 + i).seconds);
  const big = timeReplication(large, seed);
  for (let i = 15; i < 30; i++) smallRuns.push(timeReplication(small, seed * 100 + i).seconds);
  const smallPerCw = median(smallRuns) / (SMALL.customers * SMALL.weeks);
  const largePerCw = big.seconds / (LARGE.customers * LARGE.weeks);
  return {
    events: big.events,
    loopSeconds: big.seconds,
    check: {
      us_per_customer_week_16x104: smallPerCw * 1e6,
      us_per_customer_week_200x520: largePerCw * 1e6,
      cost_ratio: largePerCw / smallPerCw,
    },
  };
}

export const scalingWorkload: Workload = {
  name: 'scaling',
  description: `time per customer-week, h100-2023 at ${SMALL.customers}×${SMALL.weeks} and copied to ${LARGE.customers}×${LARGE.weeks} (pro-rata; loop_s = the big run)`,
  figure: 'loop_s',
  run: scaling,
  topLevel: ['cost_ratio'],
};
