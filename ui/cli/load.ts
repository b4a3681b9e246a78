/** Loading a scenario and a policy for a command: any problem becomes a UserError (exit 2). */
import { loadScenario, DEFAULT_SCENARIO, type Scenario } from '../../scenarios/index.js';
import { PolicyError, resolvePolicy, type PolicyDefinition } from '../../models/policies/index.js';
import { UserError } from './errors.js';

export function scenarioOrExit(nameOrPath: string | undefined): { name: string; scenario: Scenario } {
  const loaded = loadScenario(nameOrPath ?? DEFAULT_SCENARIO);
  if (!loaded.ok) throw new UserError(loaded.error);
  return { name: loaded.name, scenario: loaded.scenario };
}

/** `source` names where the user wrote the policy (a flag, or the scenario field `allocation.policy`). */
export async function policyOrExit(nameOrPath: string, source = '--policy'): Promise<PolicyDefinition> {
  try {
    return await resolvePolicy(nameOrPath);
  } catch (error) {
    if (error instanceof PolicyError) throw new UserError(`${source}: ${error.message}`);
    throw error;
  }
}
