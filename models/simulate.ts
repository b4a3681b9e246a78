/** One replication, start to finish: build the world, run it to the horizon, fold the result. */
import type { Scenario } from '../scenarios/schema.js';
import type { PolicyDefinition } from './policies/types.js';
import type { RunResult } from './result.js';
import { buildResult } from './metrics.js';
import { nonFiniteValues } from './invariants.js';
import { createWorld, recordWeek, type ModelContext, type World } from './world.js';

export interface SimulateOptions {
  policy: PolicyDefinition;
  seed: number;
  scenarioName: string;
  /** Event budget of the run (default DEFAULT_MAX_EVENTS); exceeding it throws EventBudgetError. */
  maxEvents?: number;
}

/**
 * Default event budget of one run. Events per simulated week are bounded by the chain's structure
 * (wafer lots in at most 64 groups, one batch per stage start, customers × epochs shipments), so a
 * 200-customer, 520-week run needs ~120k; a run that needs more than this is a runaway, ended with a
 * message before it exhausts memory.
 */
export const DEFAULT_MAX_EVENTS = 50_000_000;

/** A run needed more events than its budget. */
export class EventBudgetError extends Error {
  override name = 'EventBudgetError';
  constructor(
    readonly maxEvents: number,
    readonly week: number,
  ) {
    super(`the run used its budget of ${maxEvents.toLocaleString('en')} events by week ${week.toFixed(1)}`);
  }
}

/** Runs `world` to its horizon and closes the last week; throws EventBudgetError past `maxEvents`. */
export function runToEnd(world: World, ctx: ModelContext, maxEvents = DEFAULT_MAX_EVENTS): void {
  const horizon = ctx.scenario.horizonWeeks;
  const { stoppedBy } = world.run({ until: horizon, maxEvents });
  if (stoppedBy === 'maxEvents' && world.peek() < horizon) throw new EventBudgetError(maxEvents, world.now);
  finishRun(world, ctx);
}

/** Closes the last week's record once the clock reached the horizon (idempotent). */
export function finishRun(world: World, ctx: ModelContext): void {
  const horizon = ctx.scenario.horizonWeeks;
  if (world.state.history.length < horizon) recordWeek(ctx, world.state, horizon - 1);
}

export function simulate(scenario: Scenario, options: SimulateOptions): RunResult {
  const { world, ctx } = createWorld(scenario, { policy: options.policy, seed: options.seed });
  runToEnd(world, ctx, options.maxEvents);
  const result = buildResult(ctx, world.state, {
    scenario: options.scenarioName,
    seed: options.seed,
    events: world.processed,
  });
  const bad = nonFiniteValues(result);
  if (bad.length > 0) throw new Error(`internal error: non-finite values in the result: ${bad.slice(0, 5).join(', ')}`);
  return result;
}
