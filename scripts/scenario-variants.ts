/**
 * Bundled scenarios that are h100-2023 with one change: each is written from h100-2023 and its
 * patch, so it cannot drift from its base (test/scenarios/variants.test.ts fails when a file is not
 * what its patch gives; rewrite them with `node bin/run-ts.js scripts/write-scenario-variants.ts`).
 * A patch is a list of RFC 6902 `add`, `replace` and `remove` operations; the variant's own source line is put
 * first in `sources`, the base's follow.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'prettier';
import { LIBRARY_DIR } from '../scenarios/loader.js';
import { nodeAt, parsePointer } from '../scenarios/uncertainty.js';

export type PatchOperation = { op: 'add' | 'replace'; path: string; value: unknown } | { op: 'remove'; path: string };

export interface ScenarioVariant {
  name: string;
  base: string;
  description: string;
  /** What the variant changes and where its numbers come from (the first line of `sources`, with a note that it is written from its base). */
  source: string;
  patch: PatchOperation[];
}

const schedule = (points: [number, number][]) => ({
  interpolation: 'linear',
  points: points.map(([week, value]) => ({ week, value })),
});

export const VARIANTS: ScenarioVariant[] = [
  {
    name: 'cowos-fast-ramp',
    base: 'h100-2023',
    description:
      "h100-2023 with TSMC's CoWoS expansion arriving two quarters early (15k wafers/month by Q4 2023, 40k by end-2024: the high end of the DOMAIN.md A2 estimates), and SK hynix's HBM raised in step.",
    source:
      'As h100-2023, except CoWoS capacity: DOMAIN.md A2 high estimates (smbom 15k end-2023, tweak.de/TrendForce 40k end-2024), pulled ~2 quarters earlier [A]; SK hynix HBM capacity raised in step [A] so HBM does not bind in its place. The uncertainty ranges h100-2023 puts on single dates of its CoWoS path are left out.',
    patch: [
      {
        op: 'replace',
        path: '/cowos/interposerWafersPerMonth',
        value: schedule([
          [0, 8000],
          [20, 9000],
          [39, 15000],
          [52, 17000],
          [65, 23500],
          [78, 28000],
          [103, 40000],
        ]),
      },
      {
        op: 'replace',
        path: '/hbm/suppliers/0/capacityStacksPerWeek',
        value: schedule([
          [0, 260000],
          [39, 480000],
          [52, 560000],
          [78, 760000],
          [103, 900000],
        ]),
      },
      // The base's ranges on single dates of its CoWoS path do not apply to this one (its points are
      // other dates, and it is already the high end of A2); the factor ranges on whole paths stay.
      ...[0, 1, 3, 5, 6].map((i) => ({
        op: 'remove' as const,
        path: `/uncertainty/~1cowos~1interposerWafersPerMonth~1points~1${i}~1value`,
      })),
    ],
  },
  {
    name: 'hbm-shortage',
    base: 'h100-2023',
    description:
      'h100-2023 with an SK hynix HBM3 yield excursion: stack yield ×0.6 from July to December 2023 (weeks 26-52), while SK hynix is the only qualified supplier.',
    source:
      'As h100-2023, plus an SK hynix yield excursion: TSV stacking scraps a whole stack for one bad layer and HBM yields ran 20-30 % below DDR5 (DOMAIN.md A3); its size (×0.6) and dates are [A].',
    patch: [
      {
        op: 'add',
        path: '/events/0',
        value: {
          type: 'yieldExcursion',
          stage: 'hbm:skhynix',
          fromWeek: 26,
          toWeek: 52,
          yieldFactor: 0.6,
          note: 'TSV stacking yield problem: one bad layer scraps the whole stack; HBM yields run 20-30% below DDR5 (DOMAIN.md A3) [A: size and dates]',
        },
      },
    ],
  },
  {
    name: 'responsive-capacity',
    base: 'h100-2023',
    description:
      'h100-2023 with responsive CoWoS and SK hynix HBM: on top of the historical capacity paths, TSMC and SK hynix add capacity in steps when the quoted lead time runs long (CoWoS tools in 3-6 months, HBM in 18-24 months, a cap per quarter), so the allocation policy can change how many GPUs are made.',
    source:
      "Responsive CoWoS: tool lead time uniform 13-26 weeks = 3-6 months (A2, Tom's Hardware/DigiTimes). Step 1,000 interposer wafers/month and at most 2 steps a quarter [A]: TSMC's 2023-24 path rose by ~2-5k wafers/month a quarter (A2 table: 8k mid-2023, 12k end-2023, 17k Q1-2024, 23.5k Q2-2024), so 2k a quarter on top is well inside what it did. Trigger: a quoted lead time of 20 weeks [A], the level at which inflating buyers stop treating supply as short (their cancelBelowLeadTimeWeeks). Responsive HBM (SK hynix only; Samsung is not qualified in the horizon): capacity takes 18-24 months to add (A3), so the step lead time is uniform 78-104 weeks and only steps ordered in the first ~6 months can run before the horizon ends. Step 40,000 stacks/week (5 % of SK hynix's end-2024 path) and 1 a quarter [A]; the same 20-week trigger as CoWoS [A].",
    patch: [
      { op: 'add', path: '/cowos/capacityPlanning', value: 'responsive' },
      {
        op: 'add',
        path: '/cowos/responsive',
        value: {
          triggerLeadTimeWeeks: 20,
          stepWafersPerMonth: 1000,
          toolLeadTimeWeeks: { dist: 'uniform', low: 13, high: 26 },
          maxStepsPerQuarter: 2,
        },
      },
      { op: 'add', path: '/hbm/suppliers/0/capacityPlanning', value: 'responsive' },
      {
        op: 'add',
        path: '/hbm/suppliers/0/responsive',
        value: {
          triggerLeadTimeWeeks: 20,
          stepStacksPerWeek: 40000,
          toolLeadTimeWeeks: { dist: 'uniform', low: 78, high: 104 },
          maxStepsPerQuarter: 1,
        },
      },
    ],
  },
];

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Applies one operation in place (RFC 6902 semantics for add, replace and remove). */
function applyOperation(doc: Record<string, unknown>, op: PatchOperation): void {
  const tokens = parsePointer(op.path);
  const key = tokens.pop();
  if (key === undefined) throw new RangeError(`${op.path}: cannot ${op.op} the whole document`);
  const parent = nodeAt(doc, tokens);
  if (parent === undefined) throw new RangeError(`${op.path}: ${tokens.join('/')} does not exist`);
  if (op.op === 'remove') {
    if (Array.isArray(parent) && Number.isInteger(Number(key)) && Number(key) < parent.length)
      parent.splice(Number(key), 1);
    else if (isRecord(parent) && Object.hasOwn(parent, key)) Reflect.deleteProperty(parent, key);
    else throw new RangeError(`${op.path}: nothing to remove`);
    return;
  }
  const value = structuredClone(op.value);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(i) || i < 0 || i > parent.length - (op.op === 'replace' ? 1 : 0))
      throw new RangeError(`${op.path}: no index ${key}`);
    if (op.op === 'add') parent.splice(i, 0, value);
    else parent[i] = value;
  } else if (isRecord(parent)) {
    if (op.op === 'replace' && !Object.hasOwn(parent, key)) throw new RangeError(`${op.path}: nothing to replace`);
    if (op.op === 'add' && Object.hasOwn(parent, key)) throw new RangeError(`${op.path}: already there (use replace)`);
    parent[key] = value;
  } else {
    throw new RangeError(`${op.path}: the parent is not an object or array`);
  }
}

/** The base scenario file's JSON, parsed. */
export function readScenarioFile(name: string): Record<string, unknown> {
  const data: unknown = JSON.parse(readFileSync(join(LIBRARY_DIR, `${name}.json`), 'utf8'));
  if (!isRecord(data)) throw new TypeError(`${name}.json is not a JSON object`);
  return data;
}

/** The variant's own line of `sources`. */
export function sourceLine(variant: ScenarioVariant): string {
  return `${variant.source} Written from ${variant.base} by scripts/scenario-variants.ts.`;
}

/** The variant's scenario JSON: its base with the patch applied, its name, description and source. */
export function deriveVariant(
  variant: ScenarioVariant,
  base = readScenarioFile(variant.base),
): Record<string, unknown> {
  const doc = structuredClone(base);
  for (const op of variant.patch) applyOperation(doc, op);
  const sources: unknown = base['sources'];
  const baseSources: unknown[] = Array.isArray(sources) ? sources : [];
  // Key order as in the base file: $schema, name, description first.
  return {
    ...doc,
    name: variant.name,
    description: variant.description,
    sources: [sourceLine(variant), ...baseSources],
  };
}

/** The file text a variant is written as (prettier, as every scenario file). */
export async function variantFileText(variant: ScenarioVariant): Promise<string> {
  return format(JSON.stringify(deriveVariant(variant)), { parser: 'json', printWidth: 120 });
}
