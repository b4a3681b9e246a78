export { nelderMead, type Bounds, type NelderMeadOptions, type NelderMeadResult } from './nelder-mead.js';
export {
  allocationTargetSchema,
  parseAllocationTarget,
  allocationDistance,
  sharesOver,
  totalVariation,
  type AllocationTarget,
  type TargetResult,
} from './distance.js';
export {
  runFit,
  periodUnits,
  distanceEstimate,
  targetPeriodProblem,
  DEFAULT_FIT_BASELINES,
  FIT_RUNNER_MODULE,
  type FitRequest,
  type FitResult,
  type DistanceEstimate,
} from './fit.js';
export {
  FIT_FAMILIES,
  FACTOR_NAMES,
  FAMILY_BOUNDS,
  FAMILY_POLICY_LABEL,
  EQUAL_WEIGHTS_X,
  factorsAt,
  xOf,
  familyPolicy,
  isEqualWeights,
  type FitFamily,
} from './weighted-family.js';
