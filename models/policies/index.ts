export * from './types.js';
export { largestRemainder, apportion, compareIds } from './rounding.js';
export { policies, policyNames, getPolicy } from './registry.js';
export { deriveTier, TIER_COUNT, type TierAttributes } from './tiers.js';
export { PolicyError } from './errors.js';
export { validateAllocation } from './validate.js';
export {
  loadPolicyPlugin,
  resolvePolicy,
  isPolicyPath,
  DEFAULT_PLUGIN_TIMEOUT_MS,
  type PluginOptions,
} from './plugin.js';
export { proRata } from './pro-rata.js';
export {
  favoured,
  favouredWeight,
  favouredWeights,
  attributeWeight,
  FAVOURED_FACTORS,
  type FavouredFactors,
} from './favoured.js';
export { fcfs } from './fcfs.js';
export { uniform } from './uniform.js';
export { priority } from './priority.js';
export { turnAndEarn } from './turn-and-earn.js';
export { linear } from './linear.js';
export { weighted } from './weighted.js';
