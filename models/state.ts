/**
 * The model's whole mutable state: plain data only (JSON-serialisable), so that an engine snapshot
 * of it is the full picture the terminal UI steps back to.
 */
import type { Cohort } from './cohorts.js';
import type { Ledger } from './ledger.js';
import type { FixedStageId, HbmStageId } from '../scenarios/stages.js';

/** A stage's running counters. Units are the stage's own (wafers, dies, stacks, packages, boards). */
export interface StageState {
  id: string;
  name: string;
  /** Capacity for the current week (after outages); Infinity-free: null means unlimited. */
  capacity: number | null;
  /** Capacity left this week. */
  budget: number;
  /** Capacity made available so far this week (CoWoS opens it shift by shift): utilisation's denominator. */
  released: number;
  /** Units started this week. */
  startedThisWeek: number;
  /** Units in process now. */
  wip: number;
  /** ∫ wip dt since the start, unit·weeks (time-weighted WIP). */
  wipArea: number;
  /** Time of the last change of wip. */
  wipSince: number;
  started: number;
  completed: number;
  scrapped: number;
  /** Σ (finish − start) × units over completed units, unit·weeks (for Little's law). */
  flowTime: number;
  /** Σ capacity over weeks so far (for utilisation). */
  capacityTotal: number;
  /** Σ units started in weeks whose capacity is counted. */
  startedCounted: number;
  /** This week, work waited for the stage while its capacity was used up (or zero): see markCapacityBound. */
  boundThisWeek: boolean;
  /** Weeks so far in which boundThisWeek was set: the binding stage has the most. */
  boundWeeks: number;
  /** Input waiting for this stage (its queue), FIFO. */
  queue: Cohort[];
}

/** An open order line, in boards. */
export interface OrderLine {
  week: number;
  boards: number;
  /** Set on a push buyer's sales-push line: that week's push as a fraction of that week's need (models/economics.ts). */
  pushShare?: number;
}

export interface CustomerState {
  id: string;
  tier: number;
  blocked: boolean;
  lines: OrderLine[];
  openBoards: number;
  /** Boards ordered over the run, including the initial backlog and inflation. */
  orderedBoards: number;
  /** Boards ordered during the run (excludes the initial backlog). */
  orderedInRunBoards: number;
  allocatedBoards: number;
  receivedBoards: number;
  cancelledBoards: number;
  /** True need over the run (own + routed end users), GPUs (fractional). */
  needGpus: number;
  /** Need that arose while the customer could still order (not export-blocked), GPUs. */
  orderableNeedGpus: number;
  /** Need not yet converted into whole-board orders, boards (fractional). */
  orderCarry: number;
  /** Fraction of a board of overdue orders not yet defected (patience buyers). */
  defectCarry: number;
  /** Need that defected or was blocked, GPUs. */
  lostGpus: number;
  /** Per week: need, orders placed (GPUs), deliveries (GPUs). */
  weeklyNeed: number[];
  weeklyOrders: number[];
  weeklyReceived: number[];
  /** Per week: GPUs delivered on sales-push lines (push buyers; sold on arrival, beyond need). */
  weeklyPushReceived: number[];
  /** Push buyers: sales push not yet converted into whole-board lines, boards (fractional). */
  pushCarry: number;
  /** GPUs pushed beyond need: ordered, received, and lapsed before they came. */
  pushOrderedGpus: number;
  pushReceivedGpus: number;
  pushLapsedGpus: number;
  /** Σ over received pushed GPUs of their line's pushShare (what they sold for follows from it). */
  pushShareGpus: number;
  /** Push buyers' view of the allocation: was it rationed at the last epoch (got less than it had on order)? */
  rationedLastEpoch: boolean;
  /** Share of recent epochs it was rationed in, and boards allocated per board of trailing sales when rationed (moving averages over its lookback). */
  rationedShare: number;
  earnedPerSale: number;
  /** Weeks of the current / longest stretch with open orders and no allocation (models/starvation.ts). */
  unservedRunWeeks: number;
  /** GPUs of need moved to alternative accelerators (models/market/substitution.ts), and the fractional board not yet moved per alternative. */
  substitutedGpus: number;
  substituteCarry: number[];
  longestUnservedWeeks: number;
  /** Secondary market (models/market/resale.ts): delivered boards sold and bought, and net GPUs bought per week (sales negative). */
  soldBoards: number;
  boughtBoards: number;
  weeklyResold: number[];
  /** Sum of weeks waited over delivered GPUs and their histogram by whole weeks. */
  waitSum: number;
  waitHist: number[];
}

export interface EndUserState {
  id: string;
  via: string;
  needGpus: number;
}

export interface WeekRecord {
  utilization: Record<string, number>;
  wip: Record<string, number>;
  dieBank: number;
  hbmBank: number;
  finishedBoards: number;
  cowosLimit: 'capacity' | 'dies' | 'hbm' | 'orders' | 'idle';
  orders: number;
  need: number;
  backlog: number;
  allocatedBoards: number;
  quotedLeadWeeks: number;
  deliveredCumulative: Record<string, number>;
}

/** A shipment of boards to one customer: the order lines it fills and their order weeks. */
export interface Shipment {
  customer: number;
  boards: number;
  born: number;
  lines: OrderLine[];
}

/** Steps of responsive capacity one supplier has running and on order (models/capacity-planning.ts). */
export interface StepBook {
  /** Capacity added to the schedule and running, in the stage's capacity unit. */
  added: number;
  /** Capacity ordered and not yet running. */
  pending: number;
  /** Quarter (13-week block) of the last review, and how many steps were ordered in it. */
  stepQuarter: number;
  stepsInQuarter: number;
}

/** Every stage's state: the fixed stages always, an HBM stage per supplier of the scenario. */
export type StageMap = Record<FixedStageId, StageState> & { [id: HbmStageId]: StageState | undefined };

export interface ModelState {
  week: number;
  ledger: Ledger;
  stages: StageMap;
  /** Good dies waiting for CoWoS. */
  dieBank: Cohort[];
  /** Finished HBM stacks waiting for CoWoS. */
  hbmBank: number;
  /** Tested GPUs waiting for board assembly. */
  gpuPool: Cohort[];
  /** Finished boards waiting for allocation. */
  finishedBoards: Cohort[];
  /** Allocated boards waiting for the ship stage. */
  shipQueue: Shipment[];
  customers: CustomerState[];
  endUsers: EndUserState[];
  /** Indices into scenario.events of shocks in force. */
  activeShocks: number[];
  blockedRegions: string[];
  /** Why CoWoS could not start more this week. */
  cowosLimit: WeekRecord['cowosLimit'];
  allocatedThisWeek: number;
  /** Boards allocated at each of the last few epochs, newest last. */
  /** Responsive CoWoS planning: interposer wafers/month added to the schedule, and on order. */
  cowosAddedWafersPerMonth: number;
  cowosPendingWafersPerMonth: number;
  /** Quarter (13-week block) of the last step ordered, and how many steps were ordered in it. */
  cowosStepQuarter: number;
  cowosStepsInQuarter: number;
  /** Responsive HBM planning, one book per supplier (scenario order). */
  hbmPlans: StepBook[];
  recentAllocations: number[];
  /** Lead time Nvidia would quote now: open boards ÷ mean boards allocated per week recently. */
  quotedLeadWeeks: number;
  /** Longest quote so far, weeks (inflate buyers with gamingTrigger "rationed" read it). */
  peakQuotedLeadWeeks: number;
  lastAllocation: { week: number; supply: number; boards: Record<string, number> } | null;
  /** Per delivered GPU: wafer-start-to-delivery weeks histogram (whole weeks). */
  cycleHist: number[];
  /** Per order week: GPUs delivered from orders placed that week and Σ their waits. */
  deliveredByOrderWeek: number[];
  waitSumByOrderWeek: number[];
  history: WeekRecord[];
  /** Secondary market, per week: price per GPU of the week's trades (null: no trade) and boards resold. */
  resalePriceUsd: (number | null)[];
  resoldBoards: number[];
}
