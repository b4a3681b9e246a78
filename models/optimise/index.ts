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
