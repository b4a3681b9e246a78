/**
 * What a run's handlers need besides the state: the scenario, the policy and values derived from
 * them once (never in snapshots, which hold data only).
 */
import type { Simulation } from '../sim/index.js';
import type { Scenario, CustomerSpec } from '../scenarios/schema.js';
import type { PolicyDefinition } from './policies/types.js';
import { deriveTier } from './policies/tiers.js';
import { attributesAt } from './customer-attributes.js';
import type { ModelEvent } from './events.js';
import type { ModelState } from './state.js';
import { meanDuration, valueAt } from './schedule.js';
import { stageCapacity, stageIds, type StageCapacity } from './stages.js';
import { hbmStageId, type HbmStageId, type StageId } from '../scenarios/stages.js';
import { probeIds, rewardsInflation, rewardsSales } from './customers/best-response.js';
import { compareIds } from './policies/rounding.js';
import { NeedDraw } from './need.js';
import { StreamRef } from './stream-ref.js';

export type World = Simulation<ModelEvent, ModelState>;

export interface ModelContext {
  scenario: Scenario;
  policy: PolicyDefinition;
  /** Whether larger orders earn larger allocations under this policy (inflate buyers' best response). */
  rewardsInflation: boolean;
  /** Whether more past sales earn larger allocations under this policy (push buyers' best response). */
  rewardsSales: boolean;
  direct: CustomerSpec[];
  endUsers: CustomerSpec[];
  /** Direct customer indices sorted by id: allocation, shipping and float sums work in this order. */
  byId: number[];
  /** End-user indices sorted by id: their need is summed into their hosts' in this order. */
  endUsersById: number[];
  /** Per end user: the index of its host among the direct customers (−1 if its host is no direct customer). */
  hostOfEndUser: number[];
  gpusPerBoard: number;
  stageIds: StageId[];
  /** Each stage's nominal capacity rule, in stageIds order (models/stages.ts, stageCapacity). */
  stageCapacity: StageCapacity[];
  hbmStageIds: HbmStageId[];
  fabLeadWeeks: number;
  /** Mean weeks from a CoWoS start to a finished board (CoWoS, test, board): an order is due once this has passed. */
  buildLeadWeeks: number;
  hbmLeadWeeks: number;
  /** Order week given to the initial backlog. */
  initialBacklogWeek: number;
  /** Each direct customer's / end user's weekly need, with its own demand stream. */
  needDirect: NeedDraw[];
  needEndUser: NeedDraw[];
  /** The run's random streams, named once (one stream per concern: demand, yields, lead times). */
  streams: {
    shipLead: StreamRef[];
    hbmLead: StreamRef[];
    fabLead: StreamRef;
    sortLead: StreamRef;
    cowosLead: StreamRef;
    testLead: StreamRef;
    boardLead: StreamRef;
    /** Yield draws of the stages with a fixed yield stream (an HBM stage's is looked up by name). */
    fabYield: StreamRef;
    cowosYield: StreamRef;
    testYield: StreamRef;
  };
}

/** The customer's tier at `week` (re-derived each epoch: a dated own chip moves it down from its date). */
export function customerTier(spec: CustomerSpec, startDate: string, week = 0): number {
  return spec.tier ?? deriveTier(attributesAt(spec, startDate, week));
}

export function createContext(scenario: Scenario, policy: PolicyDefinition): ModelContext {
  const direct = scenario.customers.filter((c) => c.via === undefined);
  const endUsers = scenario.customers.filter((c) => c.via !== undefined);
  const idOrder = (list: CustomerSpec[]) => list.map((_, i) => i).sort((a, b) => compareIds(list[a]!.id, list[b]!.id));
  const byId = idOrder(direct);
  const suppliers = scenario.hbm.suppliers;
  const capWeights = suppliers.map((s) => valueAt(s.capacityStacksPerWeek, 0) || 1);
  const hbmLead =
    suppliers.reduce((sum, s, i) => sum + meanDuration(s.leadTimeWeeks) * capWeights[i]!, 0) /
    capWeights.reduce((a, b) => a + b, 0);
  return {
    scenario,
    policy,
    rewardsInflation: rewardsInflation(policy, probeIds(direct.map((c) => c.id))),
    rewardsSales: rewardsSales(policy, probeIds(direct.map((c) => c.id))),
    direct,
    endUsers,
    byId,
    endUsersById: idOrder(endUsers),
    hostOfEndUser: endUsers.map((e) => direct.findIndex((c) => c.id === e.via)),
    gpusPerBoard: scenario.product.gpusPerBoard,
    stageIds: stageIds(scenario),
    stageCapacity: stageIds(scenario).map((id) => stageCapacity(scenario, id)),
    hbmStageIds: suppliers.map((s) => hbmStageId(s.id)),
    fabLeadWeeks: meanDuration(scenario.fab.cycleTimeWeeks) + meanDuration(scenario.sort.cycleTimeWeeks),
    buildLeadWeeks:
      meanDuration(scenario.cowos.cycleTimeWeeks) +
      meanDuration(scenario.test.cycleTimeWeeks) +
      meanDuration(scenario.board.cycleTimeWeeks),
    hbmLeadWeeks: hbmLead,
    initialBacklogWeek: -scenario.initial.backlogAgeWeeks,
    needDirect: direct.map((c) => new NeedDraw(c)),
    needEndUser: endUsers.map((c) => new NeedDraw(c)),
    streams: {
      shipLead: direct.map((c) => new StreamRef(`leadTime/ship/${c.id}`)),
      hbmLead: suppliers.map((s) => new StreamRef(`leadTime/hbm:${s.id}`)),
      fabLead: new StreamRef('leadTime/fab'),
      sortLead: new StreamRef('leadTime/sort'),
      cowosLead: new StreamRef('leadTime/cowos'),
      testLead: new StreamRef('leadTime/test'),
      boardLead: new StreamRef('leadTime/board'),
      fabYield: new StreamRef('yield/fab'),
      cowosYield: new StreamRef('yield/cowos'),
      testYield: new StreamRef('yield/test'),
    },
  };
}
