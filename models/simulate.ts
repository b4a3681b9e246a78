/** One replication, start to finish: build the world, run it to the horizon, fold the result. */
import type { Scenario } from '../scenarios/schema.js';
import type { PolicyDefinition } from './policies/types.js';
import type { RunResult } from './result.js';
import { buildResult } from './metrics.js';
import { createWorld, recordWeek, type ModelContext, type World } from './world.js';

export interface SimulateOptions {
  policy: PolicyDefinition;
  seed: number;
  scenarioName: string;
}

/** Runs `world` to its horizon and closes the last week. */
export function runToEnd(world: World, ctx: ModelContext): void {
  const horizon = ctx.scenario.horizonWeeks;
  world.run({ until: horizon });
  finishRun(world, ctx);
}

/** Closes the last week's record once the clock reached the horizon (idempotent). */
export function finishRun(world: World, ctx: ModelContext): void {
  const horizon = ctx.scenario.horizonWeeks;
  if (world.state.history.length < horizon) recordWeek(ctx, world.state, horizon - 1);
}

export function simulate(scenario: Scenario, options: SimulateOptions): RunResult {
  const { world, ctx } = createWorld(scenario, { policy: options.policy, seed: options.seed });
  runToEnd(world, ctx);
  return buildResult(ctx, world.state, { scenario: options.scenarioName, seed: options.seed, events: world.processed });
}
