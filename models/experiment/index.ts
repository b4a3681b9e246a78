export {
  runExperiment,
  MODEL_RUNNER_MODULE,
  type ExperimentOptions,
  type ExperimentOutcome,
  type Progress,
} from './experiment.js';
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
  contentHash,
  experimentKey,
  type CheckpointHeader,
} from './checkpoint.js';
export type { RunnerInit, ReplicationTask, Replicate, RunnerModule } from './runner.js';
