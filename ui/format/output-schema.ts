/**
 * The output contracts of `--format json` of run, compare, sensitivity, sweep, fit and calibrate as zod schemas, from which
 * the committed JSON Schemas (ui/format/schemas/*.schema.json) are generated like the scenario's
 * (`node bin/run-ts.js ui/format/write-output-schemas.ts`; a test fails when they are stale).
 * Objects are open (extra keys allowed): contracts are extended, never broken.
 */
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { OUTPUT_SCHEMA_VERSION } from '../../models/experiment/provenance.js';

export const OUTPUT_SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), 'schemas');

const num = z.number();
const nullableNum = z.number().nullable();
const series = z.array(num);
const perId = z.record(z.string(), series);

export const metaSchema = z.looseObject({
  chipsimVersion: z.string().describe('version of chipsim (package.json) that wrote the output'),
  outputSchemaVersion: z.literal(OUTPUT_SCHEMA_VERSION).describe('version of this output contract'),
  scenarioHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe("sha256 of the scenario's canonical JSON (sorted keys)"),
  gitCommit: z.string().nullable().describe('git commit of the chipsim checkout; null outside git'),
  command: z
    .string()
    .describe('the command line; the only field that differs between two ways of running one experiment'),
});

const buckets = z.looseObject({
  created: num,
  consumed: num,
  scrapped: num,
  wip: num,
  inventory: num,
  delivered: num,
});

export const runOutputSchema = z.looseObject({
  scenario: z.string(),
  policy: z.string(),
  seed: z.number().int(),
  startDate: z.string(),
  horizonWeeks: num,
  events: z.number().int(),
  customers: z.array(
    z.looseObject({
      id: z.string(),
      name: z.string(),
      region: z.string(),
      tier: num,
      ordered: num,
      received: num,
      backlog: num,
      cancelled: num,
      fillRate: num,
      need: num,
      lostDemand: num,
      meanWaitWeeks: nullableNum,
      avgGpusInHand: num,
    }),
  ),
  endUsers: z.array(z.looseObject({ id: z.string(), via: z.string(), need: num })),
  units: z.record(z.string(), buckets),
  stages: z.array(
    z.looseObject({
      id: z.string(),
      name: z.string(),
      utilization: num,
      throughput: num,
      meanWip: num,
      meanFlowWeeks: nullableNum,
      scrapped: num,
    }),
  ),
  bindingStage: z.string(),
  kpis: z.record(z.string(), num),
  waitHistogram: series,
  series: z.looseObject({
    week: series,
    deliveredCumulative: perId,
    orders: series,
    need: series,
    backlog: series,
    allocatedBoards: series,
    utilization: perId,
    wip: perId,
    dieBank: series,
    hbmBank: series,
    cowosLimit: z.array(z.string()),
    meanWaitByOrderWeek: z.array(nullableNum),
    deliveredByOrderWeek: series,
  }),
  meta: metaSchema,
});

const ci95 = z.tuple([num, num]).nullable().describe('95 % Student-t CI of the mean; null when n < 2');
const boundedCi95 = ci95.describe(
  "95 % Student-t CI of the mean, cut to the values the metric can take (a count's at 0); null when n < 2",
);
const estimate = z.looseObject({ mean: nullableNum, ci95: boundedCi95, stdev: nullableNum, n: z.number().int() });
const paired = z.looseObject({
  a: z.string(),
  b: z.string(),
  metric: z.string(),
  meanDiff: nullableNum.describe('mean over replications of (b − a)'),
  ci95,
  stdev: nullableNum,
  n: z.number().int(),
});

export const compareOutputSchema = z.looseObject({
  scenario: z.string(),
  reps: z.number().int(),
  seed: z.number().int(),
  policiesCompared: z.array(z.string()),
  difference: z.literal('b - a'),
  confidence: z.literal(0.95),
  policies: z.array(
    z.looseObject({
      policy: z.string(),
      metrics: z.record(z.string(), estimate),
      customers: z.array(
        z.looseObject({
          id: z.string(),
          fillRate: estimate,
          received: estimate,
          meanWaitWeeks: estimate,
          avgGpusInHand: estimate,
        }),
      ),
    }),
  ),
  paired: z.array(paired),
  pairedCustomers: z.array(paired.extend({ customer: z.string() })),
  meta: metaSchema,
});

const meanCi = z.looseObject({ mean: nullableNum, ci95 });
const valueCi = z.looseObject({ value: nullableNum, ci95 });
const range = {
  pointer: z.string().describe('RFC 6901 JSON Pointer into the scenario'),
  source: z.string().describe('DOMAIN.md source id of the range, or [A]'),
  low: num,
  high: num,
};
const sensitivityHead = {
  meta: metaSchema,
  scenario: z.string(),
  policies: z.array(z.string()),
  metric: z.string().describe('KPI, KPI:customer or diff:KPI[:customer] (B − A)'),
  reps: z.number().int(),
};

export const sensitivityOutputSchema = z.discriminatedUnion('method', [
  z.looseObject({
    ...sensitivityHead,
    method: z.literal('oat'),
    baseline: meanCi,
    parameters: z
      .array(
        z.looseObject({
          ...range,
          atLow: meanCi,
          atHigh: meanCi,
          swing: nullableNum.describe('atHigh.mean − atLow.mean'),
          swingCi95: ci95.describe('paired 95 % CI of the swing'),
        }),
      )
      .describe('sorted by |swing|, largest first'),
    sign: z.looseObject({ flips: z.boolean(), clearly: z.boolean(), where: z.array(z.string()) }),
  }),
  z.looseObject({
    ...sensitivityHead,
    method: z.literal('morris'),
    parameters: z
      .array(z.looseObject({ ...range, mu: nullableNum, muStar: valueCi, sigma: nullableNum }))
      .describe('sorted by μ*, largest first'),
  }),
  z.looseObject({
    ...sensitivityHead,
    method: z.literal('sobol'),
    parameters: z
      .array(z.looseObject({ ...range, s1: valueCi, st: valueCi }))
      .describe('sorted by the total index ST, largest first'),
  }),
]);

export const sweepOutputSchema = z.looseObject({
  meta: metaSchema,
  scenario: z.string(),
  policies: z.array(z.string()),
  metric: z.string(),
  reps: z.number().int(),
  design: z.enum(['grid', 'lhs']),
  parameters: z.array(z.string()).describe('the JSON Pointers swept'),
  points: z.array(
    z.looseObject({
      point: z.number().int(),
      values: z.record(z.string(), num).describe('parameter values at the point, by pointer'),
      results: z.array(z.looseObject({ policy: z.string(), mean: nullableNum, ci95 })),
    }),
  ),
});

const distance = {
  distance: num.describe('mean over replications of the total-variation distance to the target, in [0, 1]'),
  ci95,
};

export const fitOutputSchema = z.looseObject({
  meta: metaSchema,
  family: z.literal('weighted'),
  params: z.record(z.string(), num).describe('fitted factors by name'),
  ...distance,
  evaluations: z.number().int(),
  converged: z.boolean(),
  baselines: z.array(z.looseObject({ policy: z.string(), ...distance })),
});

export const calibrateOutputSchema = z.looseObject({
  meta: metaSchema,
  scenario: z.string(),
  seeds: z.number().int(),
  policy: z.string(),
  figures: z.array(
    z.looseObject({
      id: z.string(),
      label: z.string(),
      value: nullableNum,
      low: nullableNum,
      high: nullableNum,
      source: z.string(),
      ok: z.boolean().nullable(),
    }),
  ),
});

export const OUTPUT_SCHEMAS = {
  run: runOutputSchema,
  compare: compareOutputSchema,
  sensitivity: sensitivityOutputSchema,
  sweep: sweepOutputSchema,
  fit: fitOutputSchema,
  calibrate: calibrateOutputSchema,
} as const;

export function outputSchemaPath(name: keyof typeof OUTPUT_SCHEMAS): string {
  return join(OUTPUT_SCHEMA_DIR, `${name}-output.schema.json`);
}

export function outputJsonSchema(name: keyof typeof OUTPUT_SCHEMAS): string {
  const schema = z.toJSONSchema(OUTPUT_SCHEMAS[name], { io: 'output', unrepresentable: 'any' });
  return `${JSON.stringify({ title: `chipsim ${name} --format json`, ...schema }, null, 2)}\n`;
}
