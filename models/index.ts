/** The supply-chain model's public surface. */
export { createWorld, createHandlers, type World, type ModelContext, type WorldOptions } from './world.js';
export { simulate, runToEnd, finishRun, type SimulateOptions } from './simulate.js';
export { buildResult, histQuantile } from './metrics.js';
export { invariantViolations } from './invariants.js';
export { calibrationFigures } from './calibration.js';
export { describeEvent } from './describe.js';
export type { ModelEvent } from './events.js';
export type { ModelState, CustomerState, StageState } from './state.js';
export * from './result.js';
