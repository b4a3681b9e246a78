/** Every built-in allocation policy, by name (in the order `chipsim policies` lists them). */
import type { PolicyDefinition } from './types.js';
import { proRataPolicy } from './pro-rata.js';
import { favouredPolicy } from './favoured.js';
import { fcfsPolicy } from './fcfs.js';
import { uniformPolicy } from './uniform.js';
import { priorityPolicy } from './priority.js';
import { turnAndEarnPolicy } from './turn-and-earn.js';
import { linearPolicy } from './linear.js';
import { weightedPolicy } from './weighted.js';

const builtIn: readonly PolicyDefinition[] = [
  proRataPolicy,
  favouredPolicy,
  fcfsPolicy,
  uniformPolicy,
  priorityPolicy,
  turnAndEarnPolicy,
  linearPolicy,
  weightedPolicy,
];

export const policies: ReadonlyMap<string, PolicyDefinition> = new Map(builtIn.map((p) => [p.name, p]));

export function policyNames(): string[] {
  return [...policies.keys()];
}

export function getPolicy(name: string): PolicyDefinition | undefined {
  return policies.get(name);
}
