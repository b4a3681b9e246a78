/** The model's event types: plain data, as the engine requires. */
import type { OrderLine } from './state.js';

export type ModelEvent =
  /** Weekly: refresh capacities, plan wafer and HBM starts, start what can start. */
  | { type: 'plan' }
  /** Each CoWoS shift: the next slice of this week's capacity opens and starts what it can. */
  | { type: 'cowosShift' }
  /** Weekly: customers' need arrives and becomes orders. */
  | { type: 'demand' }
  /** Each allocation epoch: the policy divides finished boards among customers. */
  | { type: 'allocate' }
  | { type: 'lotDone'; wafers: number; born: number }
  | { type: 'sortDone'; dies: number; good: number; born: number; started: number }
  | { type: 'hbmDone'; supplier: number; stacks: number; started: number }
  | { type: 'cowosDone'; packages: number; born: number; started: number }
  | { type: 'testDone'; packages: number; born: number; started: number }
  | { type: 'boardDone'; boards: number; born: number; started: number }
  | { type: 'shipDone'; customer: number; boards: number; born: number; started: number; lines: OrderLine[] }
  | { type: 'shockStart'; index: number }
  | { type: 'shockEnd'; index: number }
  | { type: 'exportControl'; index: number }
  /** Responsive capacity: CoWoS tools ordered earlier start running (models/capacity-planning.ts). */
  | { type: 'cowosToolsArrive'; wafersPerMonth: number }
  /** Responsive capacity: an HBM supplier's step ordered earlier starts running. */
  | { type: 'hbmToolsArrive'; supplier: number; stacksPerWeek: number };

export type ModelEventType = ModelEvent['type'];

/** Order of same-time events: shocks first, then the weekly plan, demand, allocation. */
export const PRIORITY = {
  shock: -10,
  plan: 0,
  completion: 1,
  demand: 2,
  allocate: 3,
} as const;
