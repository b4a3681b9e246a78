/**
 * Model-level benchmark workloads, registered with the runner in index.ts.
 *
 * `h100-2023`: one whole 2-year replication of the bundled scenario under pro-rata. The loop is
 * world construction + the event loop to the horizon (what a replication costs before its result
 * is folded); `check.result_ms` is the fold into a RunResult. WARMUP replications first (with their
 * folds), so that the timed ones run on code the JIT has finished optimising, as nearly all of a
 * compare run's replications do and as `hold` (a million events in one loop) does; then loop and
 * fold are the medians of 9 timed replications (the runner reports the median over rounds).
 * `check.cold_ms` is the median of replications 21–29 of the process, loop and fold, for contrast
 * (the figure this bench reported before 2026-12-04). `events` is the last one's count.
 * `vs_hold` (computed by the runner, index.ts) = (loop + fold) ÷ (its events × the engine's time per
 * event on `hold` in the same round): the model's cost per event in units of the bare engine's.
 */
import { loadScenario } from '../../scenarios/index.js';
import { createWorld } from '../../models/world.js';
import { runToEnd } from '../../models/simulate.js';
import { buildResult } from '../../models/metrics.js';
import { getPolicy } from '../../models/policies/index.js';
import { median, secondsSince, type Measurement, type Workload } from './workload.js';

/**
 * Replications before the timed ones, per call (the runner calls twice per round). Measured on
 * h100-2023: replications 21–29 of a process take ~10 % longer than 200 and later, which are flat.
 */
const WARMUP = 100;
/** Replications 21–29 of the process (inside the first warm-up, as COLD.from + count < WARMUP). */
const COLD = { from: 20, count: 9 };
/** Timed replications per measurement; loop and fold are their medians (one replication is ~5 ms). */
const TIMED = 9;
let seed = 0;
/** Loop + fold ms of this process's replications 21–29 (see COLD), taken in its first warm-up. */
const coldMs: number[] = [];

function h100Replication(): Measurement {
  const loaded = loadScenario('h100-2023');
  if (!loaded.ok) throw new Error(loaded.error);
  const policy = getPolicy('pro-rata')!;
  const replicate = (runSeed: number) => {
    const t0 = process.hrtime.bigint();
    const { world, ctx } = createWorld(loaded.scenario, { policy, seed: runSeed });
    runToEnd(world, ctx);
    const loopSeconds = secondsSince(t0);
    const t1 = process.hrtime.bigint();
    const result = buildResult(ctx, world.state, { scenario: 'h100-2023', seed: runSeed, events: world.processed });
    return { loopSeconds, resultMs: secondsSince(t1) * 1000, events: world.processed, result };
  };
  const firstCall = seed === 0;
  for (let i = 0; i < WARMUP; i++) {
    const r = replicate(1000 + i);
    if (firstCall && i >= COLD.from && i < COLD.from + COLD.count) coldMs.push(r.loopSeconds * 1000 + r.resultMs);
  }
  const timed = [];
  for (let i = 0; i < TIMED; i++) timed.push(replicate(++seed));
  const last = timed[timed.length - 1]!;
  return {
    events: last.events,
    loopSeconds: median(timed.map((t) => t.loopSeconds)),
    check: {
      result_ms: median(timed.map((t) => t.resultMs)),
      gpus_delivered: last.result.kpis.gpusDelivered,
      ...(coldMs.length > 0 ? { cold_ms: median(coldMs) } : {}),
    },
  };
}

export const modelWorkloads: Workload[] = [
  {
    name: 'h100-2023',
    description: 'one 2-year replication of h100-2023 under pro-rata (world build + event loop)',
    figure: 'loop_s',
    run: h100Replication,
    vsHold: 'result_ms',
  },
];
