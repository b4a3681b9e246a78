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
