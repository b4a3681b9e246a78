/** Stage bookkeeping shared by every stage: WIP over time, starts against a weekly capacity. */
import type { Scenario } from '../scenarios/schema.js';
import {
  FIXED_STAGES,
  hbmStageId,
  isFixedStageId,
  isHbmStageId,
  stageIdsFor,
  type FixedStageId,
  type StageId,
} from '../scenarios/stages.js';
import type { StageMap, StageState } from './state.js';
import { valueAt } from './schedule.js';

export type { FixedStageId, HbmStageId, StageId } from '../scenarios/stages.js';

/**
 * CoWoS capacity opens in this many equal slices a week (daily shifts), so packages start through
 * the week rather than all at its first instant; downstream stages then see a steady flow.
 */
export const COWOS_SHIFTS_PER_WEEK = 7;

/** The share of a week's capacity a stage gets at once: a shift's for CoWoS, the whole week otherwise. */
export function capacitySlice(id: string): number {
  return id === 'cowos' ? 1 / COWOS_SHIFTS_PER_WEEK : 1;
}

/** Stage ids in flow order: fab, sort, hbm:<supplier>…, cowos, test, board, ship. */
export function stageIds(scenario: Scenario): StageId[] {
  return stageIdsFor(scenario.hbm.suppliers.map((s) => s.id));
}

export function stageName(scenario: Scenario, id: string): string {
  if (isHbmStageId(id)) {
    const supplier = scenario.hbm.suppliers.find((s) => hbmStageId(s.id) === id);
    return `HBM3 ${supplier?.name ?? id.slice(4)}`;
  }
  return isFixedStageId(id) ? FIXED_STAGES[id].name : id;
}

/** The stage of any id (a scenario's shock, a result row); undefined when there is none. */
export function stageAt(stages: StageMap, id: string): StageState | undefined {
  const byId: Readonly<Record<string, StageState | undefined>> = stages;
  return byId[id];
}

/** Empty stages for every stage of the scenario, in flow order. */
export function newStages(scenario: Scenario): StageMap {
  const stages: Record<string, StageState> = {};
  for (const id of stageIds(scenario)) stages[id] = newStage(id, stageName(scenario, id));
  // stageIds lists every fixed stage and one HBM stage per supplier: all of StageMap is set.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion
  return stages as StageMap;
}

export function newStage(id: string, name: string): StageState {
  return {
    id,
    name,
    capacity: null,
    budget: 0,
    released: 0,
    startedThisWeek: 0,
    wip: 0,
    wipArea: 0,
    wipSince: 0,
    started: 0,
    completed: 0,
    scrapped: 0,
    flowTime: 0,
    capacityTotal: 0,
    startedCounted: 0,
    boundThisWeek: false,
    boundWeeks: 0,
    queue: [],
  };
}

/**
 * CoWoS package sites per week at `week` from the capacity schedule (no shocks) plus `addedWafers`
 * interposer wafers/month of responsive capacity: the planning rate.
 */
export function cowosSitesPerWeek(scenario: Scenario, week: number, addedWafers = 0): number {
  const c = scenario.cowos;
  return (
    (((valueAt(c.interposerWafersPerMonth, week) + addedWafers) * 12) / 52) *
    valueAt(c.nvidiaShare, week) *
    valueAt(c.productShare, week) *
    c.packagesPerWafer
  );
}

/**
 * cowosSitesPerWeek of one run's scenario, remembered at whole weeks: each week the wafer and HBM
 * planners sum the same weeks ahead again (the same values, so the sums are bit for bit the same).
 */
export class CowosSitesByWeek {
  private added = 0;
  private readonly values: number[] = [];
  constructor(private readonly scenario: Scenario) {}

  at(week: number, addedWafers: number): number {
    if (addedWafers !== this.added) {
      this.values.length = 0;
      this.added = addedWafers;
    }
    if (!(Number.isInteger(week) && week >= 0)) return cowosSitesPerWeek(this.scenario, week, addedWafers);
    let sites = this.values[week];
    if (sites === undefined) {
      sites = cowosSitesPerWeek(this.scenario, week, addedWafers);
      this.values[week] = sites;
    }
    return sites;
  }
}

/**
 * Σ CoWoS sites over weeks [from, from + weeks): what the planners expect CoWoS to consume
 * (`sites`, when given, answers for the scenario's weeks; it must have been made for `scenario`).
 */
export function cowosSitesOver(
  scenario: Scenario,
  from: number,
  weeks: number,
  addedWafers = 0,
  sites: CowosSitesByWeek = new CowosSitesByWeek(scenario),
): number {
  let sum = 0;
  const whole = Math.floor(weeks);
  for (let k = 0; k < whole; k++) sum += sites.at(from + k, addedWafers);
  return sum + (weeks - whole) * sites.at(from + whole, addedWafers);
}

type CapacityRule = (scenario: Scenario, week: number, cowosAdded: number) => number | null;

/** Nominal weekly capacity of each fixed stage; a Record, so a stage added to the table needs one. */
const FIXED_CAPACITY: Readonly<Record<FixedStageId, CapacityRule>> = {
  fab: (s, week) => valueAt(s.fab.capacityWafersPerWeek, week),
  sort: () => null,
  cowos: (s, week, added) => cowosSitesPerWeek(s, week, added),
  test: (s, week) => valueAt(s.test.capacityPerWeek, week),
  board: (s, week) => valueAt(s.board.capacityPerWeek, week),
  ship: (s, week) => valueAt(s.ship.capacityPerWeek, week),
};

/**
 * Nominal weekly capacity of a stage (before outages); null = unlimited. `cowosAdded` and
 * `hbmAdded` (per supplier, scenario order) are responsive capacity running on top of the schedule.
 */
export function nominalCapacity(
  scenario: Scenario,
  id: string,
  week: number,
  cowosAdded = 0,
  hbmAdded: readonly { added: number }[] = [],
): number | null {
  return stageCapacity(scenario, id)(week, cowosAdded, hbmAdded);
}

/** nominalCapacity of one stage, with its rule (and an HBM stage's supplier) found once. */
export type StageCapacity = (week: number, cowosAdded: number, hbmAdded: readonly { added: number }[]) => number | null;

/** The capacity rule of stage `id` of `scenario` (what a run resolves once and asks every week). */
export function stageCapacity(scenario: Scenario, id: string): StageCapacity {
  if (isFixedStageId(id)) {
    const rule = FIXED_CAPACITY[id];
    return (week, cowosAdded) => rule(scenario, week, cowosAdded);
  }
  const i = scenario.hbm.suppliers.findIndex((s) => hbmStageId(s.id) === id);
  const supplier = scenario.hbm.suppliers[i];
  if (!supplier) throw new Error(`unknown stage ${id}`);
  return (week, _cowosAdded, hbmAdded) => {
    const qualified = supplier.qualifiedFromWeek !== null && week >= supplier.qualifiedFromWeek;
    return qualified ? valueAt(supplier.capacityStacksPerWeek, week) + (hbmAdded[i]?.added ?? 0) : 0;
  };
}

function changeWip(stage: StageState, delta: number, now: number): void {
  stage.wipArea += stage.wip * (now - stage.wipSince);
  stage.wipSince = now;
  stage.wip += delta;
}

export function startUnits(stage: StageState, n: number, now: number): void {
  changeWip(stage, n, now);
  stage.started += n;
  stage.startedThisWeek += n;
  stage.budget -= n;
}

export function finishUnits(stage: StageState, n: number, startedAt: number, now: number): void {
  changeWip(stage, -n, now);
  stage.completed += n;
  stage.flowTime += n * (now - startedAt);
}

/**
 * Notes that work waited for `stage` while its capacity was used up, a zero capacity counting as used
 * up: the stage limited the flow this week (what the binding stage is judged on, models/metrics.ts).
 */
export function markCapacityBound(stage: StageState): void {
  stage.boundThisWeek = true;
}

/** Closes a week's utilisation account and returns that week's utilisation (0 when no capacity). */
export function closeWeek(stage: StageState): number {
  if (stage.boundThisWeek) stage.boundWeeks++;
  stage.boundThisWeek = false;
  if (stage.capacity === null) return 0;
  stage.capacityTotal += stage.released;
  stage.startedCounted += stage.startedThisWeek;
  return stage.released > 0 ? stage.startedThisWeek / stage.released : 0;
}
