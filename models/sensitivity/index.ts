export {
  fromUnit,
  toValues,
  oatDesign,
  fullGrid,
  latinHypercube,
  morrisDesign,
  saltelliDesign,
  type UnitRow,
  type OatPoint,
  type MorrisTrajectory,
} from './designs.js';
export {
  morrisIndices,
  sobolIndices,
  type Estimate,
  type Interval,
  type MorrisIndex,
  type SobolIndex,
} from './estimators.js';
export { oatSummary, type MeanCi, type OatParameter, type OatSummary, type SignFlip } from './oat.js';
export { parseMetricSpec, metricValue, replicationMetric, type MetricSpec, type MetricParse } from './metric.js';
