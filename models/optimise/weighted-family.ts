/**
 * The `weighted` family `chipsim fit` searches: the favoured rule (models/policies/favoured.ts)
 * with its per-attribute factors free, a_i ∝ w_i · q_i, w_i = Π factors the customer has ×
 * (1 + pastVolume · D_i / max_j D_j). Scenario `favouredWeight` overrides are ignored: the family
 * is the rule, not a scenario's hand-set weights.
 *
 * The optimiser moves in x: the natural log of each multiplicative factor (so 0 is "no effect" and
 * halving and doubling are the same step) and pastVolume itself. x = 0 everywhere is equal weights,
 * i.e. pro-rata, and the family then *is* `proRata` (the same function, so the same boards to the
 * bit): that is the start point, and the fitted distance can never be worse than pro-rata's.
 */
import { attributeWeight, proRata, type FavouredFactors } from '../policies/index.js';
import { prepare, twoStageProportional } from '../policies/common.js';
import type { AllocationInput, PolicyDefinition } from '../policies/types.js';

export const FIT_FAMILIES = ['weighted'] as const;
export type FitFamily = (typeof FIT_FAMILIES)[number];

/** The policy label fit evaluations carry in records and checkpoints. */
export const FAMILY_POLICY_LABEL = 'weighted-fit';

/** The factors in optimiser order (x[i] is FACTOR_NAMES[i]); every key of FAVOURED_FACTORS, checked by the type. */
export const FACTOR_NAMES = [
  'nvidiaInvested',
  'hostsDgxCloud',
  'disclosesEndUsers',
  'ownAccelerator',
  'pastVolume',
] as const satisfies readonly (keyof FavouredFactors)[];
const _everyFactor: Record<keyof FavouredFactors, (typeof FACTOR_NAMES)[number]> = {
  nvidiaInvested: 'nvidiaInvested',
  hostsDgxCloud: 'hostsDgxCloud',
  disclosesEndUsers: 'disclosesEndUsers',
  ownAccelerator: 'ownAccelerator',
  pastVolume: 'pastVolume',
};
void _everyFactor;

/** log-factor bounds: each factor from 1/20 to 20 [A]: wider than any reported preference. */
const LOG_FACTOR_BOUND = Math.log(20);
/** pastVolume from 0 (none) to 2 [A] (the default favoured rule uses 0.5). */
const PAST_VOLUME_MAX = 2;

const isLog = (name: keyof FavouredFactors) => name !== 'pastVolume';

export const FAMILY_BOUNDS = {
  low: FACTOR_NAMES.map((n) => (isLog(n) ? -LOG_FACTOR_BOUND : 0)),
  high: FACTOR_NAMES.map((n) => (isLog(n) ? LOG_FACTOR_BOUND : PAST_VOLUME_MAX)),
};

/** Equal weights (pro-rata): the start point. */
export const EQUAL_WEIGHTS_X: readonly number[] = FACTOR_NAMES.map(() => 0);

/** The factors at an optimiser point x (log-factors exponentiated). */
export function factorsAt(x: readonly number[]): FavouredFactors {
  const at = (n: (typeof FACTOR_NAMES)[number]) => {
    const v = x[FACTOR_NAMES.indexOf(n)]!;
    return isLog(n) ? Math.exp(v) : v;
  };
  return {
    nvidiaInvested: at('nvidiaInvested'),
    hostsDgxCloud: at('hostsDgxCloud'),
    disclosesEndUsers: at('disclosesEndUsers'),
    ownAccelerator: at('ownAccelerator'),
    pastVolume: at('pastVolume'),
  };
}

/** The factors a design point's params name, or the name of the first one missing. */
export function factorsOf(params: Readonly<Record<string, number>>): FavouredFactors | string {
  const missing = FACTOR_NAMES.find((n) => typeof params[n] !== 'number');
  if (missing !== undefined) return missing;
  return {
    nvidiaInvested: params.nvidiaInvested!,
    hostsDgxCloud: params.hostsDgxCloud!,
    disclosesEndUsers: params.disclosesEndUsers!,
    ownAccelerator: params.ownAccelerator!,
    pastVolume: params.pastVolume!,
  };
}

/** The optimiser point of given factors (inverse of factorsAt). */
export function xOf(f: FavouredFactors): number[] {
  return FACTOR_NAMES.map((n) => (isLog(n) ? Math.log(f[n]) : f[n]));
}

/** True when every factor is neutral (all 1, no past-volume term): the rule is pro-rata. */
export function isEqualWeights(f: FavouredFactors): boolean {
  return FACTOR_NAMES.every((n) => f[n] === (isLog(n) ? 1 : 0));
}

/** The family member with these factors, as a policy. */
export function familyPolicy(f: FavouredFactors): PolicyDefinition {
  const allocate = isEqualWeights(f)
    ? proRata
    : (input: AllocationInput) => {
        let maxDelivered = 0;
        for (const c of input.customers)
          if (Number.isFinite(c.deliveredBoards) && c.deliveredBoards > maxDelivered) maxDelivered = c.deliveredBoards;
        return twoStageProportional(prepare(input), (c) => attributeWeight(c.customer, maxDelivered, f) * c.q);
      };
  return {
    name: FAMILY_POLICY_LABEL,
    description: 'favoured rule with fitted per-attribute factors',
    allocate,
    rewardsInflation: true,
    rewardsSales: f.pastVolume > 0,
  };
}
