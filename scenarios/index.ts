export { scenarioSchema, scheduleSchema, durationSchema } from './schema.js';
export type {
  Scenario,
  ScenarioInput,
  Schedule,
  Duration,
  CustomerSpec,
  ScenarioEvent,
  OrderingSpec,
  UncertainRange,
} from './schema.js';
export {
  applyParameters,
  checkUncertainty,
  parsePointer,
  pointerTarget,
  typicalValues,
  uncertainParameters,
  type ParameterKind,
  type PointerTarget,
  type UncertainParameter,
  type UncertaintyChecks,
} from './uncertainty.js';
export {
  loadScenario,
  parseScenario,
  bundledScenarioNames,
  formatIssues,
  DEFAULT_SCENARIO,
  LIBRARY_DIR,
  type LoadResult,
} from './loader.js';
export {
  FIXED_STAGES,
  FIXED_STAGE_IDS,
  HBM_STAGE,
  hbmStageId,
  isFixedStageId,
  isHbmStageId,
  stageFacts,
  stageIdsFor,
  type FixedStageId,
  type HbmStageId,
  type StageFacts,
  type StageId,
} from './stages.js';
