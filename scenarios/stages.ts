/**
 * The stage table: every production stage of the chain, in flow order, and what the rest of the code
 * needs to know of it. The schema (which stages a shock may name, which have a yield), the model
 * (names, capacity dispatch), the TUI's pipeline rows and the run report's stage list all derive
 * from it. It lives in scenarios/ because the schema is the lowest layer that needs it.
 *
 * HBM is one stage per supplier (`hbm:<supplier id>`), between sort and CoWoS.
 */

export interface StageFacts {
  /** Display name. */
  readonly name: string;
  /** What the stage counts (TUI column). */
  readonly unit: string;
  /** A yield excursion may hit it. */
  readonly hasYield: boolean;
  /** Starts are limited by a weekly capacity (false: it takes whatever arrives). */
  readonly limited: boolean;
}

/** The stages that are always there, in flow order. */
export const FIXED_STAGE_IDS = ['fab', 'sort', 'cowos', 'test', 'board', 'ship'] as const;
export type FixedStageId = (typeof FIXED_STAGE_IDS)[number];

export const FIXED_STAGES: Readonly<Record<FixedStageId, StageFacts>> = {
  fab: { name: 'N4 wafer fab', unit: 'wafers', hasYield: true, limited: true },
  sort: { name: 'Wafer sort / die bank', unit: 'dies', hasYield: false, limited: false },
  cowos: { name: 'CoWoS-S packaging', unit: 'pkgs', hasYield: true, limited: true },
  test: { name: 'Final test & burn-in', unit: 'pkgs', hasYield: true, limited: true },
  board: { name: 'SXM + HGX board', unit: 'boards', hasYield: false, limited: true },
  ship: { name: 'Server build & ship', unit: 'boards', hasYield: false, limited: true },
};

/** What an HBM supplier's stage is (its name comes from the supplier). */
export const HBM_STAGE: Omit<StageFacts, 'name'> = { unit: 'stacks', hasYield: true, limited: true };

export type HbmStageId = `hbm:${string}`;
export type StageId = FixedStageId | HbmStageId;

/** The fixed stages before the HBM stages in flow order. */
const BEFORE_HBM: readonly FixedStageId[] = ['fab', 'sort'];

export function hbmStageId(supplierId: string): HbmStageId {
  return `hbm:${supplierId}`;
}

export function isHbmStageId(id: string): id is HbmStageId {
  return id.startsWith('hbm:');
}

export function isFixedStageId(id: string): id is FixedStageId {
  return (FIXED_STAGE_IDS as readonly string[]).includes(id);
}

/** Stage ids in flow order: fab, sort, hbm:<supplier>…, cowos, test, board, ship. */
export function stageIdsFor(hbmSupplierIds: readonly string[]): StageId[] {
  const after = FIXED_STAGE_IDS.filter((id) => !BEFORE_HBM.includes(id));
  return [...BEFORE_HBM, ...hbmSupplierIds.map(hbmStageId), ...after];
}

/** The facts of a stage id (HBM stages share theirs); undefined for an id that is no stage. */
export function stageFacts(id: string): Omit<StageFacts, 'name'> | undefined {
  if (isHbmStageId(id)) return HBM_STAGE;
  return isFixedStageId(id) ? FIXED_STAGES[id] : undefined;
}
