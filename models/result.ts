/**
 * What one replication produces. The JSON printed by `chipsim run --format json` is this object
 * (docs/ARCHITECTURE.md#contracts-other-tools-read: extend, never break).
 */
export const UNIT_KINDS = ['wafer', 'die', 'hbmStack', 'package', 'gpu', 'board'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Where every unit of a kind is. created = consumed + scrapped + wip + inventory + delivered. */
export interface Buckets {
  created: number;
  consumed: number;
  scrapped: number;
  wip: number;
  inventory: number;
  delivered: number;
}

export interface CustomerResult {
  id: string;
  name: string;
  region: string;
  tier: number;
  /** GPUs ordered over the run, including inflated (phantom) orders. */
  ordered: number;
  /** GPUs delivered. */
  received: number;
  /** GPUs on order and not yet delivered at the end (open orders plus allocated boards in transit). */
  backlog: number;
  /** GPUs whose orders were cancelled (phantom orders withdrawn, defection, export controls). */
  cancelled: number;
  /** received / (ordered − cancelled); null when nothing was due (never 1 for "nothing ordered"). */
  fillRate: number | null;
  /** The customer's true need over the run, GPUs. */
  need: number;
  /** Need that defected to another accelerator (patience buyers) or was blocked, GPUs. */
  lostDemand: number;
  /** Mean weeks from order to delivery over delivered GPUs; null when none was delivered. */
  meanWaitWeeks: number | null;
  p95WaitWeeks: number | null;
  /**
   * GPUs delivered to this customer so far, averaged over the run's weeks (its GPU-weeks ÷ weeks):
   * getting more and getting them sooner both raise it, so it says who wins under a policy.
   */
  avgGpusInHand: number;
  /** GPUs received ÷ need over the horizon (null when there was no need). */
  needFillRate: number | null;
  /** Σ over weeks of need not yet received by the week's end, GPU-weeks. */
  unmetNeedGpuWeeks: number;
  /** Longest stretch, weeks, with open orders and no allocation. */
  longestUnservedWeeks: number;
  /** First week with a delivery; null when none came. */
  firstDeliveryWeek: number | null;
  /** GPU-weeks in hand ÷ need-weeks (Σ_w received so far ÷ Σ_w need so far); null when no need. */
  inHandPerNeed: number | null;
  /** GPUs of need moved to alternative accelerators (cancelled at Nvidia). */
  substitutedGpus: number;
  /** Only when the scenario has a secondary market (market.resale): GPUs this customer resold and bought there. */
  resaleSoldGpus?: number;
  resaleBoughtGpus?: number;
}

export interface StageResult {
  id: string;
  name: string;
  /** Time-averaged busy capacity / available capacity (0..1). */
  utilization: number;
  /** Units out of the stage over the run (its own unit). */
  throughput: number;
  /** Time-averaged units in process. */
  meanWip: number;
  /** Mean weeks a unit spends in the stage (completed units); with meanWip and throughput, Little's law. */
  meanFlowWeeks: number | null;
  /** Units scrapped at this stage. */
  scrapped: number;
}

/** Scalar metrics of one replication; `compare` aggregates these across replications. */
export interface Kpis {
  gpusDelivered: number;
  /** GPUs that passed final test during the run (not those already built at the start): shows when a policy changes supply. */
  gpusProduced: number;
  /** Σ received / Σ (ordered − cancelled). */
  fillRate: number;
  meanWaitWeeks: number;
  p95WaitWeeks: number;
  /** Jain's fairness index of per-customer fill rates: (Σx)² / (n Σx²). */
  jainIndex: number;
  /** Gini coefficient of per-customer fill rates. */
  gini: number;
  /** Jain index and Gini of per-customer needFillRate (customers with need). */
  needJainIndex: number;
  needGini: number;
  /** Jain index and Gini of per-customer GPU-weeks in hand ÷ need-weeks (customers with need). */
  inHandJainIndex: number;
  inHandGini: number;
  /** GPUs of need moved to alternatives, all customers, and what Nvidia lost by it (× GPU price), USD. */
  substitutedGpus: number;
  nvidiaLostRevenueUsd: number;
  /** Σ orders / Σ need. */
  orderInflation: number;
  /** Var(weekly orders) / Var(weekly need), summed over customers. */
  bullwhip: number;
  lostDemand: number;
  /** Σ received × GPU price, USD. */
  revenue: number;
  /** Median weeks from wafer start to delivery over delivered GPUs. */
  medianCycleWeeks: number;
  /**
   * Only when the scenario gives product.productionCostUsd (models/economics.ts): Nvidia's, the
   * buyers' and the whole chain's profit, USD, and the GPUs pushed past need by push buyers.
   */
  supplierProfitUsd?: number;
  buyersProfitUsd?: number;
  chainProfitUsd?: number;
  pushedGpus?: number;
  /** Only when the scenario has a secondary market (market.resale): GPUs resold there over the run. */
  resoldGpus?: number;
}

/** Weekly series (index = week since the scenario start), for charts and the TUI. */
export interface Series {
  week: number[];
  /** Cumulative GPUs delivered per customer id. */
  deliveredCumulative: Record<string, number[]>;
  /** GPUs ordered that week, all customers. */
  orders: number[];
  /** GPUs of true need that week, all customers. */
  need: number[];
  /** GPUs on open order at the end of the week, all customers. */
  backlog: number[];
  /** Boards allocated that week. */
  allocatedBoards: number[];
  /** Per stage id: utilisation that week. */
  utilization: Record<string, number[]>;
  /** Per stage id: units in process at the end of the week. */
  wip: Record<string, number[]>;
  /** Good dies waiting for CoWoS at the end of the week. */
  dieBank: number[];
  /** Finished HBM stacks waiting for CoWoS at the end of the week. */
  hbmBank: number[];
  /** What held CoWoS back that week: its capacity, a shortage of dies or of HBM, the order book when built to order ('orders'), or 'idle' (nothing tried). */
  cowosLimit: string[];
  /** Mean order-to-delivery weeks of GPUs delivered from orders placed in each week (null: none delivered yet). */
  meanWaitByOrderWeek: (number | null)[];
  /** GPUs delivered from orders placed in each week. */
  deliveredByOrderWeek: number[];
  /** Lead time quoted at the end of each week's allocation: open orders ÷ recent allocation rate, weeks. */
  quotedLeadWeeks: number[];
  /** Only with a secondary market (market.resale): that week's resale price per GPU, USD (null: no trade), and GPUs resold. */
  resalePriceUsd?: (number | null)[];
  resoldGpus?: number[];
}

/** An end user whose need is ordered through another customer (OpenAI via Azure). */
export interface EndUserResult {
  id: string;
  via: string;
  need: number;
}

export interface RunResult {
  scenario: string;
  policy: string;
  seed: number;
  startDate: string;
  horizonWeeks: number;
  events: number;
  customers: CustomerResult[];
  endUsers: EndUserResult[];
  units: Record<UnitKind, Buckets>;
  stages: StageResult[];
  /** Id of the stage whose capacity limited the flow in the most weeks (zero capacity included); see metrics.ts bindingStage. */
  bindingStage: string;
  kpis: Kpis;
  /** Delivered GPUs by order-to-delivery wait, in whole weeks: waitHistogram[w] = GPUs. */
  waitHistogram: number[];
  series: Series;
}
