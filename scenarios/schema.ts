/**
 * The scenario file format. Every field carries `.describe()` (unit and meaning): it feeds the
 * generated JSON Schema (`npm run schema`) that editors use to autocomplete scenario files.
 */
import { z } from 'zod';
import { FIXED_STAGE_IDS, hbmStageId, stageFacts, stageIdsFor } from './stages.js';

/** Every stage id in flow order, the HBM ones as a pattern (for descriptions). */
const STAGE_ID_PATTERNS = stageIdsFor(['<supplier>']);

/**
 * Largest magnitude of any count, capacity or rate: with it, unit counts over a 520-week run stay
 * exact integers (< 2^53) and every sum stays finite.
 */
export const MAX_MAGNITUDE = 1e9;
/** Most allocation epochs a run may have (horizonWeeks ÷ allocation.epochWeeks). */
export const MAX_EPOCHS = 1e6;
const nonNegative = (what: string) =>
  z.number().min(0).max(MAX_MAGNITUDE).describe(`${what} (at most ${MAX_MAGNITUDE.toExponential()})`);
const fraction = (what: string) => z.number().min(0).max(1).describe(what);
const week = (what: string) => z.number().min(0).describe(what);
const id = (what: string) =>
  z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lower-case letters, digits and dashes')
    .describe(what);

/** A value over time: a constant, or points (week, value) joined linearly or as steps. */
export const scheduleSchema = z
  .union([
    z.number().min(0).max(MAX_MAGNITUDE).describe('A constant value for the whole run (at most 1e9)'),
    z
      .object({
        interpolation: z
          .enum(['linear', 'step'])
          .default('linear')
          .describe('linear: straight lines between points; step: each value holds until the next point'),
        points: z
          .array(
            z
              .object({
                week: week('Weeks since the scenario start'),
                value: nonNegative('The value at that week'),
                source: z.string().optional().describe('Where the number comes from (DOMAIN.md section)'),
              })
              .strict(),
          )
          .min(1)
          .describe('Points in increasing week order; before the first and after the last the value is held'),
      })
      .strict()
      .superRefine((s, ctx) => {
        for (let i = 1; i < s.points.length; i++) {
          if (s.points[i]!.week < s.points[i - 1]!.week) {
            ctx.addIssue({ code: 'custom', path: ['points', i, 'week'], message: 'weeks must not decrease' });
          }
        }
      }),
  ])
  .describe('A value over time: a number, or {interpolation, points:[{week, value}]}');

/** A duration distribution, in weeks. */
export const durationSchema = z
  .union([
    z.number().min(0).describe('A fixed duration, weeks'),
    z
      .object({ dist: z.literal('fixed').describe('Always the same duration'), value: nonNegative('Duration, weeks') })
      .strict(),
    z
      .object({
        dist: z.literal('triangular').describe('Triangular on [low, high] with the given mode'),
        low: nonNegative('Shortest, weeks'),
        mode: nonNegative('Most likely, weeks'),
        high: nonNegative('Longest, weeks'),
      })
      .strict()
      .refine((d) => d.low <= d.mode && d.mode <= d.high, { message: 'expected low ≤ mode ≤ high', path: ['mode'] }),
    z
      .object({
        dist: z.literal('uniform').describe('Uniform on [low, high]'),
        low: nonNegative('Shortest, weeks'),
        high: nonNegative('Longest, weeks'),
      })
      .strict()
      .refine((d) => d.low <= d.high, { message: 'expected low ≤ high', path: ['high'] }),
    z
      .object({
        dist: z.literal('lognormal').describe('Lognormal with the given mean and coefficient of variation'),
        mean: z.number().positive().describe('Mean, weeks'),
        cv: nonNegative('Coefficient of variation (sd / mean)'),
      })
      .strict(),
  ])
  .describe('A duration in weeks: a number, or {dist: fixed|triangular|uniform|lognormal, …}');

const stageCommon = {
  cycleTimeWeeks: durationSchema.describe('Time a batch spends in the stage, weeks'),
};

/** Planning wafer starts to capacity only, or also to the order book (models/supply-plan.ts). */
const planToFields = (what: string) => ({
  planTo: z
    .enum(['capacity', 'orders'])
    .default('capacity')
    .describe(
      `capacity: ${what} starts cover what CoWoS can consume over the lead time plus cover (make to stock); orders: they cover the smaller of that and what the order book needs over the same window (open orders + order intake at the recent rate, over the window and the build time after CoWoS, less GPUs already downstream of the die bank: an MRP-style plan to demand)`,
    ),
  orderForecastWeeks: z
    .number()
    .int()
    .min(1)
    .max(520)
    .default(13)
    .describe('With planTo orders: order intake is projected at its mean over this many past weeks'),
});

const fabSchema = z
  .object({
    capacityWafersPerWeek: scheduleSchema.describe('N4 wafer starts per week TSMC can give this product (wafers/week)'),
    lotSize: z.number().int().min(1).max(1e4).describe('Wafers per lot (TSMC standard: 25; at most 1e4)'),
    grossDiesPerWafer: z.number().int().min(1).max(1e4).describe('GH100 die candidates per 300 mm wafer (at most 1e4)'),
    dieYield: fraction('Sellable die yield after harvesting (probability per die)'),
    planningCoverWeeks: nonNegative(
      'Wafer starts are planned (order-up-to) so that dies in the bank and in process cover projected CoWoS starts over the fab lead time plus this many weeks',
    ),
    ...planToFields('wafer'),
    ...stageCommon,
  })
  .strict()
  .describe('TSMC N4 wafer fab (lots of wafers → GH100 die candidates)');

const sortSchema = z
  .object({ ...stageCommon })
  .strict()
  .describe('Wafer sort: good dies go to the die bank');

const hbmSupplierSchema = z
  .object({
    id: id('Supplier id'),
    name: z.string().describe('Display name'),
    capacityStacksPerWeek: scheduleSchema.describe('HBM3 stacks per week this supplier can start for this product'),
    yield: fraction('Fraction of started stacks that pass (TSV stacking, test)'),
    qualifiedFromWeek: z
      .number()
      .min(0)
      .nullable()
      .describe('Week from which its stacks are qualified for this product; null = never in the horizon'),
    leadTimeWeeks: durationSchema.describe('Wafer start → finished stack, weeks'),
    capacityPlanning: z
      .enum(['schedule', 'responsive'])
      .default('schedule')
      .describe(
        'schedule: capacity follows capacityStacksPerWeek; responsive: that path plus steps the supplier orders when the quoted lead time says so (see responsive)',
      ),
    responsive: z
      .object({
        triggerLeadTimeWeeks: nonNegative(
          'A step is ordered in a week when the quoted lead time, scaled by the capacity already on order, is at least this many weeks',
        ).default(26),
        stepStacksPerWeek: nonNegative('HBM stacks per week one step adds').default(40000),
        toolLeadTimeWeeks: durationSchema
          .describe('Weeks from ordering a step to its capacity running (DOMAIN.md A3: 18–24 months)')
          .default({ dist: 'uniform', low: 78, high: 104 }),
        maxStepsPerQuarter: z
          .number()
          .int()
          .min(0)
          .default(1)
          .describe('Most steps ordered in one 13-week quarter of the run'),
      })
      .strict()
      .prefault({})
      .describe('How responsive capacity planning adds HBM capacity (used when capacityPlanning is responsive)'),
  })
  .strict();

const hbmSchema = z
  .object({
    stacksPerPackage: z
      .number()
      .int()
      .min(1)
      .max(64)
      .describe('HBM stacks consumed per package (H100 SXM: 6 sites, 5 active; at most 64)'),
    planningCoverWeeks: nonNegative(
      'HBM starts are planned (order-up-to) so that stacks on hand and in process cover projected CoWoS starts over the HBM lead time plus this many weeks',
    ),
    suppliers: z.array(hbmSupplierSchema).min(1).describe('HBM suppliers'),
  })
  .strict()
  .describe('HBM3 supply, joined with dies at CoWoS');

const cowosSchema = z
  .object({
    interposerWafersPerMonth: scheduleSchema.describe(
      'TSMC CoWoS-S capacity, interposer wafers per month (all customers)',
    ),
    nvidiaShare: scheduleSchema.describe('Nvidia’s share of CoWoS capacity (0..1)'),
    productShare: scheduleSchema.describe('Share of Nvidia’s CoWoS given to this product (H100/H800) (0..1)'),
    packagesPerWafer: nonNegative('Package sites per interposer wafer'),
    yield: fraction('CoWoS assembly yield per package'),
    buildTo: z
      .enum(['plan', 'orders'])
      .default('plan')
      .describe(
        'plan: CoWoS runs at capacity whenever dies and HBM are there, and finished boards wait for orders (make to stock); orders: CoWoS starts only what open orders need beyond the boards already on the way, and capacity the order book leaves unused that week is lost (make to order)',
      ),
    capacityPlanning: z
      .enum(['schedule', 'responsive'])
      .default('schedule')
      .describe(
        'schedule: capacity follows interposerWafersPerMonth (the historical path); responsive: that path plus steps TSMC orders when its quoted lead time says so (see responsive)',
      ),
    responsive: z
      .object({
        triggerLeadTimeWeeks: nonNegative(
          'A step is ordered in a week when the quoted lead time, scaled by the capacity already on order, is at least this many weeks',
        ).default(26),
        stepWafersPerMonth: nonNegative('Interposer wafers per month (all customers) one step adds').default(2000),
        toolLeadTimeWeeks: durationSchema
          .describe('Weeks from ordering a step to its tools running (DOMAIN.md A2: 3–6 months)')
          .default({ dist: 'uniform', low: 13, high: 26 }),
        maxStepsPerQuarter: z
          .number()
          .int()
          .min(0)
          .default(2)
          .describe('Most steps ordered in one 13-week quarter of the run'),
      })
      .strict()
      .prefault({})
      .describe('How responsive capacity planning adds CoWoS capacity (used when capacityPlanning is responsive)'),
    ...stageCommon,
  })
  .strict()
  .describe('CoWoS-S packaging: one good die + HBM stacks + one interposer site → one package');

const capacityStageSchema = (what: string, unit: string) =>
  z
    .object({
      capacityPerWeek: scheduleSchema.describe(`Capacity, ${unit} per week`),
      ...stageCommon,
    })
    .strict()
    .describe(what);

const testStageSchema = capacityStageSchema('', 'packages')
  .extend({ yield: fraction('Fraction of packages that pass and become GPUs').default(1) })
  .describe('Final test, burn-in and system-level test: good packages become GPUs');

const scenarioEventSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('outage').describe('A stage loses part or all of its capacity for a while'),
      stage: z.string().describe(`Stage id (${STAGE_ID_PATTERNS.join(', ')})`),
      fromWeek: week('First week of the outage'),
      toWeek: week('Week the stage is back'),
      capacityFactor: fraction('Capacity multiplier during the outage (0 = down)'),
      note: z.string().optional().describe('What happened'),
    })
    .strict(),
  z
    .object({
      type: z.literal('yieldExcursion').describe('A stage’s yield drops for a while'),
      stage: z.string().describe(`Stage id (${STAGE_ID_PATTERNS.filter((id) => stageFacts(id)?.hasYield).join(', ')})`),
      fromWeek: week('First week of the excursion'),
      toWeek: week('Week yields recover'),
      yieldFactor: fraction('Yield multiplier during the excursion'),
      note: z.string().optional().describe('What happened'),
    })
    .strict(),
  z
    .object({
      type: z.literal('exportControl').describe('Customers of some regions can no longer receive'),
      week: week('Week the rule takes effect'),
      regions: z
        .array(z.string())
        .min(1)
        .describe(
          'Regions whose customers can no longer receive. It acts on who takes delivery: a blocked host loses its routed end users too; an end user of such a region routed via a host outside it is still served (docs/DOMAIN.md B5)',
        ),
      note: z.string().optional().describe('The rule'),
    })
    .strict(),
]);

const orderingSchema = z
  .discriminatedUnion('behaviour', [
    z
      .object({ behaviour: z.literal('truthful').describe('Orders exactly its need') })
      .strict()
      .describe('Orders exactly its need'),
    z
      .object({
        behaviour: z.literal('inflate').describe('Strategic buyer: inflates orders under rationing where it pays'),
        maxInflation: z.number().min(1).describe('Largest factor by which orders may exceed need'),
        lookbackWeeks: z.number().int().min(1).describe('Window over which the buyer estimates its fill rate'),
        cancelBelowLeadTimeWeeks: nonNegative(
          'Shortage is over for this buyer when the quoted lead time (open orders ÷ recent shipments, weeks) falls below this: it stops inflating and cancels phantom orders (open orders beyond unmet need)',
        ),
        gamingTrigger: z
          .enum(['quote', 'rationed'])
          .optional()
          .describe(
            'What starts and ends the gaming. "quote" (default): inflates only while the quoted lead time is at least cancelBelowLeadTimeWeeks, and cancels phantom orders below it. "rationed" (Lee, Padmanabhan & Whang 1997): inflates whenever its fill rate is below 1, whatever the quote, and cancels phantom orders once it is served in full again (fill rate 1 over the lookback) or the quote has fallen below cancelBelowLeadTimeWeeks after having reached it',
          ),
      })
      .strict()
      .describe(
        'When rationed, orders need ÷ expected fill rate (capped); cancels the phantom part when lead times fall',
      ),
    z
      .object({
        behaviour: z.literal('patience').describe('Defects part of long-overdue need to another accelerator'),
        patienceWeeks: nonNegative('Unmet need older than this may defect'),
        defectFraction: fraction('Fraction of the overdue open orders that defects each week'),
      })
      .strict()
      .describe('Unmet need older than the patience window partly defects to another accelerator (lost demand)'),
    z
      .object({
        behaviour: z.literal('push').describe('Sells beyond its need in slack weeks where past sales earn allocation'),
        patienceWeeks: nonNegative('Open orders older than this lapse: the need is lost, pushed sales are dropped'),
        lookbackWeeks: z
          .number()
          .int()
          .min(1)
          .describe(
            'Window over which the buyer estimates its fill rate, how often it is rationed and what a sale earns',
          ),
        maxPush: nonNegative('Largest push, as a fraction of the week’s need'),
        priceElasticity: z
          .number()
          .positive()
          .describe(
            'Price elasticity of the demand for its GPUs at its need (linear demand): the x-th GPU past need sells for the GPU price × (1 − x ÷ (elasticity × need)); sets what a push is worth in the chain-profit measure',
          ),
      })
      .strict()
      .describe(
        'Orders its need (lapsing after patienceWeeks); where the policy allocates on past sales, after an allocation that filled all its orders it also orders its best-response push beyond need and sells it below the GPU price to earn allocation (Cachon & Lariviere 1999, turn-and-earn)',
      ),
    z
      .object({
        behaviour: z.literal('hoard').describe('Holds a cover of future need that grows with the quoted lead time'),
        baseCoverWeeks: nonNegative('Target cover, weeks of need, when the quoted lead time is 0'),
        coverPerLeadWeek: nonNegative('Weeks of cover added per week of quoted lead time'),
        maxCoverWeeks: nonNegative('Largest target cover, weeks of need'),
        lookbackWeeks: z
          .number()
          .int()
          .min(1)
          .describe('Window over which the buyer estimates its weekly need rate (the unit of cover)'),
      })
      .strict()
      .describe(
        'Orders up to a target cover (weeks of need in hand + on order beyond the need so far) that rises with the quoted lead time; when lead times fall it cancels open orders beyond the target and offers GPUs in hand beyond it on the secondary market (models/market/resale.ts)',
      ),
  ])
  .describe('How the customer turns need into orders');

/** The secondary market (models/market/resale.ts): GPUs held beyond need resold to buyers short of it. */
const resaleSchema = z
  .object({
    priceMultipleMin: nonNegative('Resale price ÷ list price when sellers far outnumber buyers'),
    priceMultipleMax: nonNegative('Resale price ÷ list price when buyers far outnumber sellers (B6: up to 2×)'),
    keepCoverWeeks: nonNegative(
      'Weeks of its recent need rate a (non-hoarding) customer keeps in hand beyond its need so far before it sells',
    ),
    needLookbackWeeks: z
      .number()
      .int()
      .min(1)
      .describe('Window, weeks, over which a customer’s weekly need rate (the unit of cover) is estimated'),
    source: z.string().optional().describe('Where the numbers come from (DOMAIN.md id or [A])'),
  })
  .strict()
  .describe(
    'Weekly resale of delivered GPUs held beyond need to customers with unmet need, at a price that rises with the market’s scarcity',
  );

const customerSchema = z
  .object({
    id: id('Customer id'),
    name: z.string().describe('Display name'),
    kind: z.enum(['hyperscaler', 'neocloud', 'lab', 'enterprise', 'china', 'other']).describe('Kind of buyer'),
    region: z.string().describe('Region code (e.g. US, CN); export controls act on regions'),
    attributes: z
      .object({
        buildsOwnAccelerator: z
          .boolean()
          .default(false)
          .describe(
            'Has an in-house AI accelerator (TPU, Trainium, MTIA, Maia, Dojo) from week 0; ownAcceleratorFrom, when given, dates it instead',
          ),
        ownAcceleratorFrom: z.iso
          .date()
          .optional()
          .describe('Date (YYYY-MM-DD) its in-house accelerator enters service (e.g. Maia: 2023-11-15)'),
        nvidiaInvested: z.boolean().describe('Nvidia holds an equity stake'),
        disclosesEndUsers: z.boolean().describe('Tells Nvidia who its end customers are'),
        hostsDgxCloud: z.boolean().default(false).describe('Accepted to host Nvidia DGX Cloud (DOMAIN.md B4)'),
      })
      .strict()
      .describe('What Nvidia is reported to weigh (DOMAIN.md B4)'),
    tier: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Favoured tier, 0 = most favoured; derived from attributes when absent'),
    weight: z.number().positive().default(1).describe('Weight for the weighted policy'),
    favouredWeight: z
      .number()
      .positive()
      .optional()
      .describe('Override of the favoured policy weight; derived from attributes and past volume when absent'),
    needGpusPerWeek: scheduleSchema.describe('True need, GPUs per week'),
    needNoiseCv: nonNegative('Week-to-week noise on need (coefficient of variation, lognormal)').default(0),
    initialBacklogGpus: nonNegative('GPUs on order at the scenario start (orders placed before it)').default(0),
    ordering: orderingSchema,
    via: z
      .string()
      .optional()
      .describe(
        'If set, this is an end user whose need is ordered through the customer with this id (e.g. OpenAI via Azure). Its need is added to the host’s orders, so the host’s needGpusPerWeek is the host’s own use only (it must not include its routed end users)',
      ),
    source: z.string().optional().describe('Where the numbers come from'),
    alternatives: z
      .array(
        z
          .object({
            id: id('Alternative accelerator id (e.g. mi300, maia)'),
            fromDate: z.iso.date().describe('Date (YYYY-MM-DD) the alternative can first be bought'),
            supplyGpusPerWeek: scheduleSchema.describe(
              'H100-equivalents per week this customer can get of it (its ramp; weeks since the scenario start)',
            ),
            patienceWeeks: nonNegative('Open orders older than this may move to the alternative'),
            shareOfOverdue: fraction('Share of the overdue open orders that moves each week (up to the supply)'),
            source: z.string().optional().describe('Where the numbers come from (DOMAIN.md id or [A])'),
          })
          .strict(),
      )
      .default([])
      .describe(
        'Accelerators the customer can buy instead of the H100 (substitution; moved need is cancelled at Nvidia)',
      ),
    attributesSource: z
      .string()
      .optional()
      .describe('Where the attributes (and any favouredWeight) come from; the favoured weights they imply'),
  })
  .strict();

/**
 * One uncertain parameter, keyed in `uncertainty` by a JSON Pointer (RFC 6901) into the scenario.
 * Semantics and the checks that need the whole scenario (the pointer resolves, the typical value lies
 * in the range, the scenario varied to low and high still validates): scenarios/uncertainty.ts.
 */
export const uncertainRangeSchema = z
  .object({
    low: z.number().describe('Lowest plausible value (for a schedule: the factor on every point value, typical 1)'),
    high: z.number().describe('Highest plausible value (for a schedule: the factor on every point value)'),
    source: z.string().min(1).describe('DOMAIN.md source id of the range (e.g. A2), or [A] for an assumption'),
    distribution: z
      .enum(['uniform', 'triangular'])
      .default('uniform')
      .describe('How samples are drawn: uniform on [low, high], or triangular with its mode at the typical value'),
    integer: z.boolean().default(false).describe('Round drawn values to whole numbers (for integer fields)'),
    note: z.string().optional().describe('What the range means'),
  })
  .strict()
  .refine((r) => r.low <= r.high, { message: 'expected low ≤ high', path: ['high'] });

export const scenarioSchema = z
  .object({
    $schema: z.string().optional().describe('Path to the JSON Schema, for editors'),
    name: z.string().min(1).describe('Scenario name'),
    description: z.string().describe('What the scenario represents'),
    startDate: z.iso.date().describe('Calendar date of week 0 (YYYY-MM-DD)'),
    horizonWeeks: z.number().int().min(1).max(520).describe('Length of the run, weeks'),
    product: z
      .object({
        name: z.string().describe('Product name'),
        gpusPerBoard: z.number().int().min(1).max(1000).describe('GPUs per HGX board (at most 1000)'),
        gpuPriceUsd: nonNegative('Average selling price per GPU, USD'),
        productionCostUsd: nonNegative(
          'Cost to make one GPU, USD (DOMAIN.md A: $3,320); needed for the chain-profit measure',
        ).optional(),
      })
      .strict()
      .describe('What is built'),
    allocation: z
      .object({
        policy: z
          .string()
          .describe(
            'Default allocation policy (overridden by --policy): a built-in name, or a plug-in file path, which runs only with --allow-plugins',
          ),
        epochWeeks: z
          .number()
          .positive()
          .describe(`Weeks between allocation epochs (at most ${MAX_EPOCHS.toExponential()} epochs in the horizon)`),
        turnAndEarnWindowWeeks: z
          .number()
          .int()
          .min(1)
          .describe('Trailing window of deliveries put to use, for turn-and-earn'),
      })
      .strict()
      .describe('How finished boards are divided among customers'),
    initial: z
      .object({
        dieBank: z
          .number()
          .int()
          .min(0)
          .max(MAX_MAGNITUDE)
          .describe('Good dies in the die bank at the start (from earlier wafer starts; at most 1e9)'),
        hbmStacks: z
          .number()
          .int()
          .min(0)
          .max(MAX_MAGNITUDE)
          .describe('Finished HBM stacks on hand at the start (at most 1e9)'),
        backlogAgeWeeks: nonNegative('Customers’ initial backlog is dated this many weeks before the start').default(0),
        waferLotsInProcess: z
          .number()
          .int()
          .min(0)
          .max(1e5)
          .default(0)
          .describe(
            'Wafer lots already in the fab at the start (at most 1e5); they finish evenly over the first mean fab cycle time',
          ),
        hbmStacksInProcess: z
          .number()
          .int()
          .min(0)
          .max(MAX_MAGNITUDE)
          .default(0)
          .describe(
            'HBM stacks already started at the start; they finish in weekly batches over the first mean HBM lead time',
          ),
        cowosPackagesInProcess: z
          .number()
          .int()
          .min(0)
          .default(0)
          .describe('Packages already in CoWoS at the start; they finish evenly over one mean CoWoS cycle time'),
        testPackagesInProcess: z
          .number()
          .int()
          .min(0)
          .default(0)
          .describe('Packages already in final test at the start; they finish evenly over one mean test cycle time'),
        boardsInProcess: z
          .number()
          .int()
          .min(0)
          .default(0)
          .describe('HGX boards already in assembly at the start; they finish evenly over one mean board cycle time'),
        finishedBoards: z
          .number()
          .int()
          .min(0)
          .default(0)
          .describe('Finished boards waiting for allocation at the start'),
        boardsShipping: z
          .number()
          .int()
          .min(0)
          .default(0)
          .describe(
            'Boards already allocated and on their way at the start (server build and ship), taken from the customers’ initial backlog in proportion to it; they arrive evenly over one mean ship time',
          ),
      })
      .strict()
      .describe('Inventory at week 0'),
    fab: fabSchema,
    sort: sortSchema,
    hbm: hbmSchema,
    cowos: cowosSchema,
    test: testStageSchema,
    board: capacityStageSchema('SXM module + HGX baseboard assembly: 8 GPUs → one board', 'boards'),
    ship: capacityStageSchema('Server build, rack test and shipping to the customer', 'boards'),
    events: z
      .array(scenarioEventSchema)
      .default([])
      .describe('Dated shocks: outages, yield excursions, export controls'),
    customers: z.array(customerSchema).min(1).describe('Buyers and end users'),
    market: z
      .object({ resale: resaleSchema.optional() })
      .strict()
      .optional()
      .describe('Markets beside Nvidia’s allocation (opt-in): the secondary market for delivered GPUs'),
    sources: z.array(z.string()).default([]).describe('Notes on where the numbers come from'),
    uncertainty: z
      .record(z.string().regex(/^(\/[^/]*)+$/, 'expected a JSON Pointer such as /cowos/yield'), uncertainRangeSchema)
      .optional()
      .describe(
        'Plausible ranges of uncertain inputs, keyed by JSON Pointer (RFC 6901) to a number or to a schedule (then low/high scale every point value), for sensitivity and sweep experiments',
      ),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.horizonWeeks / s.allocation.epochWeeks > MAX_EPOCHS) {
      ctx.addIssue({
        code: 'custom',
        path: ['allocation', 'epochWeeks'],
        message: `${s.allocation.epochWeeks} weeks gives more than ${MAX_EPOCHS.toExponential()} allocation epochs in ${s.horizonWeeks} weeks; use at least ${s.horizonWeeks / MAX_EPOCHS}`,
      });
    }
    const ids = new Set<string>();
    s.customers.forEach((c, i) => {
      if (ids.has(c.id))
        ctx.addIssue({ code: 'custom', path: ['customers', i, 'id'], message: `duplicate customer id '${c.id}'` });
      ids.add(c.id);
    });
    s.customers.forEach((c, i) => {
      if (c.via === undefined) return;
      const host = s.customers.find((h) => h.id === c.via);
      if (c.via === c.id) {
        ctx.addIssue({
          code: 'custom',
          path: ['customers', i, 'via'],
          message: `a customer cannot order through itself (a self-loop: via is its own id '${c.id}')`,
        });
      } else if (!host) {
        ctx.addIssue({ code: 'custom', path: ['customers', i, 'via'], message: `no customer with id '${c.via}'` });
      } else if (host.via !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['customers', i, 'via'],
          message: `'${c.via}' is itself an end user; route to a direct customer`,
        });
      }
    });
    if (!s.customers.some((c) => c.via === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['customers'],
        message: 'at least one customer must order directly (no via)',
      });
    }
    const resale = s.market?.resale;
    if (resale && resale.priceMultipleMax < resale.priceMultipleMin) {
      ctx.addIssue({
        code: 'custom',
        path: ['market', 'resale', 'priceMultipleMax'],
        message: 'expected priceMultipleMax ≥ priceMultipleMin',
      });
    }
    s.customers.forEach((c, i) => {
      if (c.ordering.behaviour === 'hoard' && c.ordering.maxCoverWeeks < c.ordering.baseCoverWeeks) {
        ctx.addIssue({
          code: 'custom',
          path: ['customers', i, 'ordering', 'maxCoverWeeks'],
          message: 'expected maxCoverWeeks ≥ baseCoverWeeks',
        });
      }
    });
    const supplierIds = new Set<string>();
    s.hbm.suppliers.forEach((h, i) => {
      if (supplierIds.has(h.id))
        ctx.addIssue({
          code: 'custom',
          path: ['hbm', 'suppliers', i, 'id'],
          message: `duplicate supplier id '${h.id}'`,
        });
      supplierIds.add(h.id);
    });
    const stages = new Set<string>([...FIXED_STAGE_IDS, ...[...supplierIds].map(hbmStageId)]);
    s.events.forEach((e, i) => {
      if (e.type === 'exportControl') return;
      if (!stages.has(e.stage)) {
        ctx.addIssue({
          code: 'custom',
          path: ['events', i, 'stage'],
          message: `unknown stage '${e.stage}'; expected one of ${[...stages].join(', ')}`,
        });
      }
      if (e.toWeek < e.fromWeek)
        ctx.addIssue({ code: 'custom', path: ['events', i, 'toWeek'], message: 'expected toWeek ≥ fromWeek' });
      if (e.type === 'yieldExcursion' && stageFacts(e.stage)?.hasYield === false) {
        ctx.addIssue({ code: 'custom', path: ['events', i, 'stage'], message: `stage '${e.stage}' has no yield` });
      }
    });
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Schedule = z.output<typeof scheduleSchema>;
export type Duration = z.output<typeof durationSchema>;
export type CustomerSpec = Scenario['customers'][number];
export type ScenarioEvent = Scenario['events'][number];
export type OrderingSpec = CustomerSpec['ordering'];
export type ResaleSpec = NonNullable<NonNullable<Scenario['market']>['resale']>;
export type UncertainRange = z.output<typeof uncertainRangeSchema>;
