export * from './types.js';
export { largestRemainder } from './rounding.js';
export { policies, policyNames, getPolicy } from './registry.js';
