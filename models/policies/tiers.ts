/**
 * Deriving a customer's tier (0 = most favoured) from the attributes Nvidia is reported to weigh
 * (DOMAIN.md B4): it favours buyers it has invested in (CoreWeave, Inflection, Cohere), buyers without
 * an in-house accelerator (not Google TPU / AWS Trainium / Meta MTIA / Microsoft Maia), and buyers
 * who disclose their end users (small clouds named their customers when asked).
 *
 * Rule (lexicographic: investment first, then no own chip, then disclosure):
 *
 * | nvidiaInvested | buildsOwnAccelerator | disclosesEndUsers | tier |
 * |---|---|---|---|
 * | yes | any | any | 0 — strategic |
 * | no  | no  | yes | 1 |
 * | no  | no  | no  | 2 |
 * | no  | yes | yes | 3 |
 * | no  | yes | no  | 4 — least favoured |
 *
 * i.e. tier = 0 if invested, else 1 + (buildsOwnAccelerator ? 2 : 0) + (disclosesEndUsers ? 0 : 1).
 * Building a rival chip weighs more than disclosure: B4 reports Nvidia withholding favours (DGX Cloud)
 * from AWS for Trainium, while disclosure was asked of, and given by, clouds already favoured.
 * The model uses this when a scenario customer has no explicit tier.
 */

export interface TierAttributes {
  readonly buildsOwnAccelerator: boolean;
  readonly nvidiaInvested: boolean;
  readonly disclosesEndUsers: boolean;
}

/** Number of distinct tiers `deriveTier` can return (0 … TIER_COUNT − 1). */
export const TIER_COUNT = 5;

/** The tier (0 = most favoured … 4 = least) implied by a customer's attributes; see the table above. */
export function deriveTier(attributes: TierAttributes): number {
  if (attributes.nvidiaInvested) return 0;
  return 1 + (attributes.buildsOwnAccelerator ? 2 : 0) + (attributes.disclosesEndUsers ? 0 : 1);
}
