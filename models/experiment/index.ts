export {
  runExperiment,
  localExecutor,
  MODEL_RUNNER_MODULE,
  type ExperimentOptions,
  type ExperimentOutcome,
  type PointResult,
  type Progress,
} from './experiment.js';
export {
  runExperimentRequest,
  checkpointPathFor,
  type ExperimentRequest,
  type ExperimentSuccess,
  type CheckpointPlan,
  type CheckpointPlace,
  type LoadedScenario,
} from './compare.js';
export {
  BASE_POINT,
  planTasks,
  taskId,
  applyParams,
  designProblem,
  type DesignPoint,
  type ExperimentDesign,
  type ExperimentTask,
} from './design.js';
export { inProcessExecutor, workerPoolExecutor, type Executor, type ExecutionJob } from './executor.js';
export { ExperimentInputError, type ExperimentError, type ExperimentErrorKind, type Outcome } from './errors.js';
export type { TaskOutcome } from './worker-task.js';
export { acquireLock, lockPathFor, type CheckpointLock } from './lock.js';
export { provenance, provenanceLine, chipsimVersion, OUTPUT_SCHEMA_VERSION, type Provenance } from './provenance.js';
export {
  ExperimentAggregator,
  type ComparisonResult,
  type Estimate,
  type PolicyAggregate,
  type CustomerAggregate,
  type PairedEstimate,
  type PairedCustomerEstimate,
  type PolicyCharts,
} from './aggregate.js';
export {
  reduceRun,
  clean,
  CUSTOMER_METRICS,
  type ReplicationRecord,
  type CustomerRecord,
  type CustomerMetric,
} from './record.js';
export {
  CheckpointWriter,
  CheckpointError,
  readCheckpoint,
  defaultCheckpointPath,
  checkpointHeader,
  contentHash,
  experimentKey,
  type CheckpointHeader,
} from './checkpoint.js';
export type { RunnerInit, ReplicationTask, Replicate, RunnerModule, PointParams } from './runner.js';
export {
  inShard,
  shardOf,
  shardPosition,
  shardProblem,
  formatPart,
  readPart,
  mergeParts,
  partHeader,
  recordsExecutor,
  type PartView,
  type Shard,
  type ShardedDesign,
  type Part,
  type PartHeader,
  type MergedParts,
} from './shard.js';
