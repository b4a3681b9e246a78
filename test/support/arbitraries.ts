/**
 * fast-check generators shared by the property suites: arbitrary VALID scenarios (as the JSON a user
 * would write), small enough that one replication stepped event by event with every invariant
 * checked costs a few milliseconds.
 *
 * What varies: horizons 1..60 weeks; schedules (constants, linear or step ramps, zero capacities);
 * every duration form (number, fixed, triangular, uniform, lognormal; zero included); lot sizes;
 * gross dies; yields 0..1 (0 and 1 included); 1..3 HBM suppliers, some never or late qualified;
 * outages, yield excursions and export controls on any stage/region; 1..8 customers, some of them end
 * users routed via another, with need ramps and noise, initial backlogs, explicit or derived tiers,
 * weights and all five ordering behaviours (hoarding included), with or without a secondary market
 * (resale); make to stock or to order; scheduled or responsive CoWoS and HBM capacity; with or
 * without a production cost; every registered policy; epochs of 0.25..4 weeks.
 */
import * as fc from 'fast-check';
import { policyNames } from '../../models/policies/index.js';
import { parseScenario } from '../../scenarios/loader.js';
import type { Scenario } from '../../scenarios/schema.js';
import type { ResaleSetting, SalesPushSetting } from './toy-variants.js';

// ------------------------------------------------------------------ numbers
//
// Every scenario is drawn in one of two moods. "Healthy" (3 in 4): the flow's capacities and yields
// are positive and durations short, so that most runs build and deliver GPUs and the allocation,
// ordering and cancellation code runs. "Wild" (1 in 4): zeros, bounds, 0/1 yields, long tails —
// the corner cases. Numbers are integers and 2-decimal values; wild ones also any double, which
// fast-check biases towards extremes such as the subnormal 5e-324 (that is how the triangular
// sampler's underflow was found: test/properties/known-bugs.test.ts).

type Mood = 'healthy' | 'wild';

/** 2-decimal values in [min, max]. */
function decimal(min: number, max: number): fc.Arbitrary<number> {
  return fc.integer({ min: Math.ceil(min * 100), max: Math.floor(max * 100) }).map((x) => x / 100);
}

/** A non-negative amount ≤ max: in wild mood 0 and max often; in healthy mood ≥ min (default 0). */
export function amount(max: number, mood: Mood = 'wild', min = 0): fc.Arbitrary<number> {
  if (mood === 'healthy') {
    return fc.oneof(
      { arbitrary: fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), weight: 3 },
      { arbitrary: decimal(min, max), weight: 2 },
    );
  }
  return fc.oneof(
    { arbitrary: fc.constantFrom(0, max), weight: 2 },
    { arbitrary: fc.integer({ min: 0, max: Math.floor(max) }), weight: 3 },
    { arbitrary: decimal(0, max), weight: 2 },
    { arbitrary: fc.double({ min: 0, max, noNaN: true }), weight: 1 },
  );
}

/** A probability: healthy 0.5..1 (1 often); wild anything in 0..1, 0 and 1 often. */
export function fraction(mood: Mood = 'wild'): fc.Arbitrary<number> {
  if (mood === 'healthy')
    return fc.oneof(fc.constant(1), decimal(0.5, 1), fc.double({ min: 0.5, max: 1, noNaN: true }));
  return fc.oneof(
    { arbitrary: fc.constantFrom(0, 1), weight: 2 },
    { arbitrary: decimal(0, 1), weight: 2 },
    { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }), weight: 1 },
  );
}

const weekArb = (max: number) => fc.oneof(fc.integer({ min: 0, max }), decimal(0, max));

// ------------------------------------------------------------------ schedules and durations

/**
 * A schedule as the JSON holds it: a constant, or 1..4 points (sorted weeks) joined linearly or as
 * steps. Healthy schedules stay ≥ min; wild ones may fall to 0 (an outage written as a ramp).
 */
export function scheduleArb(max: number, mood: Mood = 'wild', min = 0): fc.Arbitrary<unknown> {
  const points = fc
    .array(fc.record({ week: weekArb(70), value: amount(max, mood, min) }), { minLength: 1, maxLength: 4 })
    .map((ps) => [...ps].sort((a, b) => a.week - b.week));
  const curve = fc
    .record({ interpolation: fc.constantFrom('linear', 'step', undefined), points })
    .map(({ interpolation, points: ps }) =>
      interpolation === undefined ? { points: ps } : { interpolation, points: ps },
    );
  return fc.oneof({ arbitrary: amount(max, mood, min), weight: 3 }, { arbitrary: curve, weight: 2 });
}

/** A share schedule (0..1). */
function shareArb(mood: Mood): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fraction(mood), weight: 3 },
    {
      arbitrary: fc
        .array(fc.record({ week: weekArb(70), value: fraction(mood) }), { minLength: 1, maxLength: 3 })
        .map((ps) => ({ interpolation: 'linear', points: [...ps].sort((a, b) => a.week - b.week) })),
      weight: 1,
    },
  );
}

/** A duration in weeks, any of the schema's forms, 0..max. */
export function durationArb(max: number, mood: Mood = 'wild'): fc.Arbitrary<unknown> {
  const value = mood === 'healthy' ? decimal(0, max) : amount(max);
  const sorted = (n: number) =>
    fc.array(value, { minLength: n, maxLength: n }).map((xs) => [...xs].sort((a, b) => a - b));
  return fc.oneof(
    value,
    value.map((v) => ({ dist: 'fixed', value: v })),
    sorted(3).map(([low, mode, high]) => ({ dist: 'triangular', low, mode, high })),
    sorted(2).map(([low, high]) => ({ dist: 'uniform', low, high })),
    fc
      .record({ mean: decimal(0.05, max), cv: fc.oneof(fc.constant(0), decimal(0, mood === 'healthy' ? 0.5 : 1.5)) })
      .map(({ mean, cv }) => ({ dist: 'lognormal', mean, cv })),
  );
}

// ------------------------------------------------------------------ customers

export const orderingArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant({ behaviour: 'truthful' }),
  fc
    .record({
      behaviour: fc.constant('inflate'),
      maxInflation: fc.oneof(fc.constantFrom(1, 2, 3), decimal(1, 5)),
      lookbackWeeks: fc.integer({ min: 1, max: 8 }),
      cancelBelowLeadTimeWeeks: amount(20),
      gamingTrigger: fc.constantFrom(undefined, 'quote', 'rationed'),
    })
    .map(({ gamingTrigger, ...o }) => (gamingTrigger === undefined ? o : { ...o, gamingTrigger })),
  fc.record({
    behaviour: fc.constant('patience'),
    patienceWeeks: amount(20),
    defectFraction: fraction(),
  }),
  fc.record({
    behaviour: fc.constant('push'),
    patienceWeeks: amount(20),
    lookbackWeeks: fc.integer({ min: 1, max: 8 }),
    maxPush: fc.oneof(fc.constantFrom(0, 1, 2), decimal(0, 3)),
    priceElasticity: fc.oneof(fc.constantFrom(0.5, 1, 2), decimal(0.01, 5)),
  }),
  fc
    .record({
      behaviour: fc.constant('hoard'),
      baseCoverWeeks: amount(8),
      coverPerLeadWeek: fc.oneof(fc.constantFrom(0, 0.5, 1), decimal(0, 2)),
      extraCoverWeeks: amount(30),
      lookbackWeeks: fc.integer({ min: 1, max: 8 }),
    })
    .map(({ extraCoverWeeks, ...o }) => ({ ...o, maxCoverWeeks: o.baseCoverWeeks + extraCoverWeeks })),
);

/** A secondary market (market.resale), absent in about half the scenarios. */
const resaleArb: fc.Arbitrary<unknown> = fc.option(
  fc
    .record({
      priceMultipleMin: fc.oneof(fc.constantFrom(0, 1, 1.5), decimal(0, 2)),
      spread: fc.oneof(fc.constantFrom(0, 0.5, 1), decimal(0, 3)),
      keepCoverWeeks: amount(8),
      needLookbackWeeks: fc.integer({ min: 1, max: 8 }),
    })
    .map(({ spread, ...r }) => ({ ...r, priceMultipleMax: r.priceMultipleMin + spread })),
  { nil: undefined },
);

const REGIONS = ['US', 'CN', 'EU', 'ME'] as const;

function customerBodyArb(mood: Mood) {
  return fc.record({
    name: fc.constantFrom('Big Cloud', 'Neo', 'Lab', ''),
    kind: fc.constantFrom('hyperscaler', 'neocloud', 'lab', 'enterprise', 'china', 'other'),
    region: fc.constantFrom(...REGIONS),
    attributes: fc.record({
      buildsOwnAccelerator: fc.boolean(),
      nvidiaInvested: fc.boolean(),
      disclosesEndUsers: fc.boolean(),
    }),
    tier: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
    weight: fc.option(fc.oneof(fc.constantFrom(1, 2), decimal(0.1, 5)), { nil: undefined }),
    needGpusPerWeek: scheduleArb(200, mood),
    needNoiseCv: fc.option(fc.oneof(fc.constant(0), decimal(0, 1)), { nil: undefined }),
    initialBacklogGpus: fc.option(amount(400), { nil: undefined }),
    ordering: orderingArb,
    /** Accelerators it may move overdue orders to (substitution); none in about half the cases. */
    alternatives: fc.oneof(
      fc.constant([]),
      fc.array(
        fc.record({
          id: fc.constantFrom('mi300', 'own'),
          fromDate: fc.constantFrom('2022-06-01', '2023-01-02', '2023-03-01'),
          supplyGpusPerWeek: scheduleArb(100, mood),
          patienceWeeks: amount(10),
          shareOfOverdue: fc.oneof(fc.constantFrom(0, 0.5, 1), decimal(0, 1)),
        }),
        { minLength: 1, maxLength: 2 },
      ),
    ),
    /** An end user routed via a direct customer (the first customer is always direct). */
    endUser: fc.boolean(),
    /** Which direct customer an end user routes through (index modulo the direct customers). */
    hostPick: fc.nat(),
  });
}

/** 1..8 customers with unique ids; some are end users routed via a direct customer. */
export function customersArb(mood: Mood = 'wild'): fc.Arbitrary<Record<string, unknown>[]> {
  return fc.array(customerBodyArb(mood), { minLength: 1, maxLength: 8 }).map((bodies) => {
    const ids = bodies.map((_, i) => `c${i}-${['a', 'b', 'c'][i % 3]}`);
    const direct = bodies.map((b, i) => i === 0 || !b.endUser);
    const directIds = ids.filter((_, i) => direct[i]);
    return bodies.map(({ endUser: _e, hostPick, ...b }, i) => ({
      id: ids[i],
      ...b,
      ...(direct[i] ? {} : { via: directIds[hostPick % directIds.length] }),
    }));
  });
}

// ------------------------------------------------------------------ the scenario

function supplierArb(mood: Mood) {
  return fc.record({
    name: fc.constantFrom('SK hynix', 'Samsung', 'Micron'),
    capacityStacksPerWeek: scheduleArb(2000, mood, 100),
    yield: fraction(mood),
    qualifiedFromWeek: fc.oneof(fc.constant(0), fc.constant(0), fc.constant(null), weekArb(70)),
    leadTimeWeeks: durationArb(mood === 'healthy' ? 4 : 8, mood),
    capacityPlanning: fc.option(fc.constantFrom('schedule', 'responsive', 'responsive'), { nil: undefined }),
    responsive: fc.option(
      fc.record({
        triggerLeadTimeWeeks: fc.option(amount(8, mood, 1), { nil: undefined }),
        stepStacksPerWeek: fc.option(amount(1000, mood, 100), { nil: undefined }),
        toolLeadTimeWeeks: fc.option(durationArb(8, mood), { nil: undefined }),
        maxStepsPerQuarter: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      }),
      { nil: undefined },
    ),
  });
}

function eventArb(supplierIds: readonly string[]): fc.Arbitrary<unknown> {
  const hbm = supplierIds.map((s) => `hbm:${s}`);
  const span = fc.tuple(weekArb(70), weekArb(30)).map(([from, length]) => ({ fromWeek: from, toWeek: from + length }));
  return fc.oneof(
    fc
      .record({
        stage: fc.constantFrom('fab', 'sort', 'cowos', 'test', 'board', 'ship', ...hbm),
        span,
        capacityFactor: fraction(),
      })
      .map(({ stage, span: s, capacityFactor }) => ({ type: 'outage', stage, ...s, capacityFactor })),
    fc
      .record({ stage: fc.constantFrom('fab', 'cowos', 'test', ...hbm), span, yieldFactor: fraction() })
      .map(({ stage, span: s, yieldFactor }) => ({ type: 'yieldExcursion', stage, ...s, yieldFactor })),
    fc
      .record({ week: weekArb(70), regions: fc.subarray([...REGIONS, 'XX'], { minLength: 1 }) })
      .map(({ week, regions }) => ({ type: 'exportControl', week, regions })),
  );
}

function capacityStage(max: number, mood: Mood, min: number) {
  return fc.record({
    capacityPerWeek: scheduleArb(max, mood, min),
    cycleTimeWeeks: durationArb(mood === 'healthy' ? 2 : 4, mood),
  });
}

/** Final test is the one capacity stage with a yield (optional, default 1). */
function testStage(max: number, mood: Mood, min: number) {
  return fc.record({
    capacityPerWeek: scheduleArb(max, mood, min),
    yield: fc.option(fraction(mood), { nil: undefined }),
    cycleTimeWeeks: durationArb(mood === 'healthy' ? 2 : 4, mood),
  });
}

function scenarioInputIn(mood: Mood): fc.Arbitrary<Record<string, unknown>> {
  const healthy = mood === 'healthy';
  return fc
    .array(supplierArb(mood), { minLength: 1, maxLength: 3 })
    .chain((suppliers) => {
      const supplierIds = suppliers.map((_, i) => ['skhynix', 'samsung', 'micron'][i]!);
      return fc.record({
        horizonWeeks: healthy
          ? fc.oneof(
              { arbitrary: fc.integer({ min: 5, max: 25 }), weight: 3 },
              { arbitrary: fc.integer({ min: 5, max: 60 }), weight: 1 },
            )
          : fc.oneof(
              { arbitrary: fc.integer({ min: 1, max: 20 }), weight: 3 },
              { arbitrary: fc.integer({ min: 1, max: 60 }), weight: 1 },
            ),
        gpusPerBoard: fc.oneof(fc.constant(8), fc.integer({ min: 1, max: 8 })),
        productionCostUsd: fc.option(fc.oneof(fc.constantFrom(0, 3320, 30000), decimal(0, 50000)), { nil: undefined }),
        policy: fc.constantFrom(...policyNames()),
        epochWeeks: fc.oneof(fc.constantFrom(1, 1, 2, 0.5), decimal(0.25, 4)),
        turnAndEarnWindowWeeks: fc.integer({ min: 1, max: 13 }),
        initial: fc.record({
          dieBank: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400 })),
          hbmStacks: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3000 })),
          backlogAgeWeeks: fc.option(amount(10), { nil: undefined }),
          waferLotsInProcess: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
          hbmStacksInProcess: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
          cowosPackagesInProcess: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
          testPackagesInProcess: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
          boardsInProcess: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
          finishedBoards: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
          boardsShipping: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
        }),
        fab: fc.record({
          capacityWafersPerWeek: scheduleArb(30, mood, 5),
          lotSize: fc.oneof(fc.constantFrom(1, 5, 25), fc.integer({ min: 1, max: 25 })),
          grossDiesPerWafer: fc.oneof(fc.constant(65), fc.integer({ min: healthy ? 20 : 1, max: 65 })),
          dieYield: fraction(mood),
          planningCoverWeeks: amount(4),
          planTo: fc.option(fc.constantFrom('capacity', 'orders'), { nil: undefined }),
          orderForecastWeeks: fc.option(fc.integer({ min: 1, max: 26 }), { nil: undefined }),
          cycleTimeWeeks: durationArb(healthy ? 4 : 8, mood),
        }),
        sort: fc.record({ cycleTimeWeeks: durationArb(2, mood) }),
        hbm: fc.record({
          stacksPerPackage: fc.integer({ min: 1, max: 8 }),
          planningCoverWeeks: amount(4),
          suppliers: fc.constant(suppliers.map((s, i) => ({ id: supplierIds[i]!, ...s }))),
        }),
        cowos: fc.record({
          interposerWafersPerMonth: scheduleArb(20, mood, 4),
          nvidiaShare: shareArb(mood),
          productShare: shareArb(mood),
          packagesPerWafer: amount(30, mood, 10),
          yield: fraction(mood),
          buildTo: fc.option(fc.constantFrom('plan', 'orders'), { nil: undefined }),
          capacityPlanning: fc.option(fc.constantFrom('schedule', 'responsive', 'responsive'), { nil: undefined }),
          responsive: fc.option(
            fc.record({
              triggerLeadTimeWeeks: fc.option(amount(8, mood, 1), { nil: undefined }),
              stepWafersPerMonth: fc.option(amount(10, mood, 1), { nil: undefined }),
              toolLeadTimeWeeks: fc.option(durationArb(4, mood), { nil: undefined }),
              maxStepsPerQuarter: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
            }),
            { nil: undefined },
          ),
          cycleTimeWeeks: durationArb(healthy ? 2 : 4, mood),
        }),
        test: testStage(300, mood, 10),
        board: capacityStage(40, mood, 1),
        ship: capacityStage(40, mood, 1),
        events: fc.option(fc.array(eventArb(supplierIds), { maxLength: healthy ? 2 : 4 }), { nil: undefined }),
        customers: customersArb(mood),
        resale: resaleArb,
      });
    })
    .map((g) =>
      toJson({
        name: 'generated',
        description: `fast-check scenario (${mood})`,
        startDate: '2023-01-02',
        horizonWeeks: g.horizonWeeks,
        product: {
          name: 'H100',
          gpusPerBoard: g.gpusPerBoard,
          gpuPriceUsd: 30000,
          productionCostUsd: g.productionCostUsd,
        },
        allocation: { policy: g.policy, epochWeeks: g.epochWeeks, turnAndEarnWindowWeeks: g.turnAndEarnWindowWeeks },
        initial: g.initial,
        fab: g.fab,
        sort: g.sort,
        hbm: g.hbm,
        cowos: g.cowos,
        test: g.test,
        board: g.board,
        ship: g.ship,
        events: g.events,
        customers: g.customers,
        market: g.resale === undefined ? undefined : { resale: g.resale },
      }),
    );
}

/** An arbitrary valid scenario as JSON input (before zod defaults): healthy 3 in 4, wild 1 in 4. */
export const scenarioInputArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { arbitrary: scenarioInputIn('healthy'), weight: 3 },
  { arbitrary: scenarioInputIn('wild'), weight: 1 },
);

/** A generated scenario parsed by the real loader (the generator only makes valid ones; a test checks it). */
export const scenarioArb: fc.Arbitrary<Scenario> = scenarioInputArb.map((input) => parseOrThrow(input));

// ------------------------------------------------------------------ sales push

type Range = readonly [number, number];

/** Sales-push settings with the given ranges; the rest drawn the same way everywhere. */
function pushSettingIn(r: {
  ratio: Range;
  patience: Range;
  horizon: Range;
  period: Range;
  amp: Range;
  lookback: Range;
  window: Range;
}) {
  const int = ([min, max]: Range) => fc.integer({ min, max });
  return fc.record({
    ratio: fc.double({ min: r.ratio[0], max: r.ratio[1], noNaN: true }),
    horizonWeeks: int(r.horizon),
    periodWeeks: int(r.period),
    amp: fc.double({ min: r.amp[0], max: r.amp[1], noNaN: true }),
    noiseCv: fc.constantFrom(0, 0.2, 0.5),
    patienceWeeks: int(r.patience),
    lookbackWeeks: int(r.lookback),
    maxPush: fc.constantFrom(0, 0.5, 1, 1, 3),
    priceElasticity: fc.constantFrom(0.3, 1, 4),
    buildTo: fc.constantFrom('plan' as const, 'orders' as const),
    windowWeeks: int(r.window),
    epochWeeks: fc.constantFrom(0.5, 1, 2),
  });
}

/**
 * Settings for salesPushToy (test/support/toy-variants.ts): every buyer a push buyer, demand in
 * waves. Anything goes (1 in 3); or long waves against mildly short capacity, where buyers do push
 * (2 in 3).
 */
export const salesPushSettingArb: fc.Arbitrary<SalesPushSetting> = fc.oneof(
  pushSettingIn({
    ratio: [0.3, 1.4],
    patience: [0, 16],
    horizon: [10, 100],
    period: [2, 40],
    amp: [0, 0.95],
    lookback: [1, 20],
    window: [1, 16],
  }),
  {
    arbitrary: pushSettingIn({
      ratio: [0.6, 1.1],
      patience: [6, 16],
      horizon: [60, 110],
      period: [16, 40],
      amp: [0.5, 0.9],
      lookback: [8, 32],
      window: [4, 16],
    }),
    weight: 2,
  },
);

/**
 * Settings for resaleToy (test/support/toy-variants.ts): hoarders, inflaters and truthful buyers
 * with a secondary market, capacity about the need and need in waves, so that some buyers hold more
 * than they need while others are short.
 */
export const resaleSettingArb: fc.Arbitrary<ResaleSetting> = fc.record({
  ratio: fc.double({ min: 0.7, max: 2, noNaN: true }),
  horizonWeeks: fc.integer({ min: 30, max: 90 }),
  periodWeeks: fc.integer({ min: 8, max: 40 }),
  amp: fc.double({ min: 0, max: 0.9, noNaN: true }),
  noiseCv: fc.constantFrom(0, 0.2, 0.5),
  orderings: fc.array(
    fc.oneof(
      orderingArb.filter((o) => (o as { behaviour: string }).behaviour === 'hoard'),
      orderingArb.filter((o) => (o as { behaviour: string }).behaviour === 'inflate'),
      fc.constant({ behaviour: 'truthful' }),
    ) as fc.Arbitrary<Record<string, unknown>>,
    { minLength: 3, maxLength: 3 },
  ),
  resale: resaleArb.filter((r) => r !== undefined) as fc.Arbitrary<ResaleSetting['resale']>,
  policy: fc.constantFrom(...policyNames()),
});

export const policyNameArb: fc.Arbitrary<string> = fc.constantFrom(...policyNames());
export const seedArb: fc.Arbitrary<number> = fc.integer({ min: 0, max: 2 ** 31 - 1 });

// ------------------------------------------------------------------ helpers

/** Drops undefined members, as a JSON file would. */
export function toJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function parseOrThrow(input: unknown, label = 'generated scenario'): Scenario {
  const r = parseScenario(input, label);
  if (!r.ok) throw new Error(`${r.error}\n${JSON.stringify(input)}`);
  return r.scenario;
}

/** A deterministic permutation (mulberry32-driven Fisher–Yates), so a failure replays from its seed. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
