/**
 * Model-level benchmark workloads, registered with the runner in index.ts.
 *
 * `h100-2023`: one whole 2-year replication of the bundled scenario under pro-rata. The loop is
 * world construction + the event loop to the horizon (what a replication costs before its result
 * is folded); `check.result_ms` is the fold into a RunResult. Several warm-up replications first,
 * as a compare run would have, then the median of the timed ones is reported by the runner.
 * `vs_hold` (computed by the runner, index.ts) = (loop + fold) ÷ (its events × the engine's time per
 * event on `hold` in the same round): the model's cost per event in units of the bare engine's.
 */
import { loadScenario } from '../../scenarios/index.js';
import { createWorld } from '../../models/world.js';
import { runToEnd } from '../../models/simulate.js';
import { buildResult } from '../../models/metrics.js';
import { getPolicy } from '../../models/policies/index.js';
import { secondsSince, type Measurement, type Workload } from './workload.js';

const WARMUP = 20;
let seed = 0;

function h100Replication(): Measurement {
  const loaded = loadScenario('h100-2023');
  if (!loaded.ok) throw new Error(loaded.error);
  const policy = getPolicy('pro-rata')!;
  for (let i = 0; i < WARMUP; i++) {
    const { world, ctx } = createWorld(loaded.scenario, { policy, seed: 1000 + i });
    runToEnd(world, ctx);
  }
  seed++;
  const t0 = process.hrtime.bigint();
  const { world, ctx } = createWorld(loaded.scenario, { policy, seed });
  runToEnd(world, ctx);
  const loopSeconds = secondsSince(t0);
  const t1 = process.hrtime.bigint();
  const result = buildResult(ctx, world.state, { scenario: 'h100-2023', seed, events: world.processed });
  const resultMs = secondsSince(t1) * 1000;
  return {
    events: world.processed,
    loopSeconds,
    check: { result_ms: resultMs, gpus_delivered: result.kpis.gpusDelivered },
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
