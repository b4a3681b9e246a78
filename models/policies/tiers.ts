/**
 * Deriving a customer's tier (0 = most favoured) for `priority` from the attributes Nvidia is
 * reported to weigh (DOMAIN.md B4): it favours buyers it has invested in (CoreWeave, Inflection,
 * Cohere), buyers that host its DGX Cloud or name their end users to it, and does not favour buyers
 * with an in-house accelerator in service (Google TPU, AWS Trainium, Meta MTIA, Microsoft Maia from
 * Nov 2023).
 *
 * Rule (lexicographic: investment first, then own chip, then cooperation = DGX Cloud or disclosure):
 *
 * | nvidiaInvested | own chip in service | hostsDgxCloud or disclosesEndUsers | tier |
 * |---|---|---|---|
 * | yes | any | any | 0 — strategic |
 * | no  | no  | yes | 1 |
 * | no  | yes | hostsDgxCloud | 2 |
 * | no  | no  | no  | 3 |
 * | no  | yes | not DGX Cloud | 4 — least favoured |
 *
 * Reading of B4 (The Information 2023-09-11): AWS *refused* Nvidia's DGX Cloud, while Microsoft,
 * Google and Oracle accepted it; so a chip builder that hosts DGX Cloud still cooperates with Nvidia
 * and ranks above buyers that neither host it nor disclose (the OEM/enterprise bucket, which per
 * Omdia, B2, "could not get enough" while Microsoft got ~150k). A chip builder that refuses DGX Cloud
 * (AWS) ranks last. The model uses this when a scenario customer has no explicit tier, re-derived
 * each epoch so a chip dated `ownAcceleratorFrom` moves its builder down from that week.
 */

export interface TierAttributes {
  readonly buildsOwnAccelerator: boolean;
  readonly nvidiaInvested: boolean;
  readonly disclosesEndUsers: boolean;
  readonly hostsDgxCloud?: boolean;
}

/** Number of distinct tiers `deriveTier` can return (0 … TIER_COUNT − 1). */
export const TIER_COUNT = 5;

/** The tier (0 = most favoured … 4 = least) implied by a customer's attributes; see the table above. */
export function deriveTier(attributes: TierAttributes): number {
  if (attributes.nvidiaInvested) return 0;
  const dgx = attributes.hostsDgxCloud === true;
  if (attributes.buildsOwnAccelerator) return dgx ? 2 : 4;
  return dgx || attributes.disclosesEndUsers ? 1 : 3;
}
