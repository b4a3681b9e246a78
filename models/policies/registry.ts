/** Every built-in allocation policy, by name. */
import type { PolicyDefinition } from './types.js';
import { proRataPolicy } from './pro-rata.js';

const builtIn: readonly PolicyDefinition[] = [proRataPolicy];

export const policies: ReadonlyMap<string, PolicyDefinition> = new Map(builtIn.map((p) => [p.name, p]));

export function policyNames(): string[] {
  return [...policies.keys()];
}

export function getPolicy(name: string): PolicyDefinition | undefined {
  return policies.get(name);
}
