export { scenarioSchema, scheduleSchema, durationSchema } from './schema.js';
export type {
  Scenario,
  ScenarioInput,
  Schedule,
  Duration,
  CustomerSpec,
  ScenarioEvent,
  OrderingSpec,
} from './schema.js';
export {
  loadScenario,
  parseScenario,
  bundledScenarioNames,
  formatIssues,
  DEFAULT_SCENARIO,
  LIBRARY_DIR,
  type LoadResult,
} from './loader.js';
