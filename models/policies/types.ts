/**
 * The allocation-policy contract. A policy is a pure function: same input ⇒ same output, whatever
 * the order of `customers`; whole boards; Σ ≤ supply; each ≤ that customer's open orders; ≥ 0.
 */

/** One open order line (boards), oldest first. */
export interface OpenOrder {
  /** Simulated week (fractional) the order was placed. */
  readonly week: number;
  /** Boards still open on this line. */
  readonly boards: number;
}

/** What a policy may know about a customer at an allocation epoch. */
export interface PolicyCustomer {
  readonly id: string;
  /** 0 = most favoured. */
  readonly tier: number;
  /** Weight for the `weighted` policy (scenario field; 1 when absent). */
  readonly weight: number;
  /** Boards ordered and not yet allocated or cancelled (= Σ orders[].boards). */
  readonly openBoards: number;
  /** Open order lines, oldest first. */
  readonly orders: readonly OpenOrder[];
  /**
   * Boards delivered over the trailing window that the customer actually put to use: each week's
   * deliveries up to that week's need, plus what a push buyer sold past its need (turn-and-earn).
   */
  readonly trailingUsedBoards: number;
  /** Boards delivered so far in the run (past volume: `favoured` weighs it). */
  readonly deliveredBoards: number;
  /**
   * What Nvidia is reported to weigh (DOMAIN.md B4), as of this epoch's week. `tier` and the
   * `favoured` weight (favoured.ts, `favouredWeights`) are functions of these, the week and
   * `deliveredBoards`, so a plug-in can rebuild either rule from its input.
   */
  readonly attributes: {
    /** Has an in-house accelerator in service at this week (week ≥ ownAcceleratorFromWeek when that is set). */
    readonly buildsOwnAccelerator: boolean;
    readonly nvidiaInvested: boolean;
    readonly disclosesEndUsers: boolean;
    /** Hosts Nvidia's DGX Cloud (Microsoft, Google, Oracle accepted it; AWS refused; B4). Absent = false. */
    readonly hostsDgxCloud?: boolean;
    /** Week its own accelerator enters service (scenario `ownAcceleratorFrom`, a date); absent = no date given. */
    readonly ownAcceleratorFromWeek?: number;
  };
  /** Scenario override of the `favoured` weight (customer `favouredWeight`); absent = derived from attributes. */
  readonly favouredWeight?: number;
}

export interface AllocationInput {
  /** Whole boards available this epoch. */
  readonly supply: number;
  /** Current simulated week. */
  readonly week: number;
  readonly customers: readonly PolicyCustomer[];
}

/** Boards per customer id. Missing ids get 0. */
export type Allocation = Record<string, number>;

export type AllocationPolicy = (input: AllocationInput) => Allocation;

export interface PolicyDefinition {
  readonly name: string;
  /** One line for `chipsim policies`. */
  readonly description: string;
  readonly allocate: AllocationPolicy;
  /**
   * Whether a larger order earns a larger allocation when supply is short (the policy is
   * "individually responsive", Cachon & Lariviere 1999). Strategic `inflate` buyers inflate only
   * where this is true; when absent (plug-ins) the model probes the policy to find out
   * (models/customers/best-response.ts).
   */
  readonly rewardsInflation?: boolean;
  /**
   * Whether more past sales (trailingUsedBoards) earn a larger allocation when supply is short
   * (turn-and-earn). Strategic `push` buyers sell beyond their need only where this is true; when
   * absent (plug-ins) the model probes the policy.
   */
  readonly rewardsSales?: boolean;
}
