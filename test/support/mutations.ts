/**
 * Mutations of a valid scenario JSON for the robustness properties: each returns the mutated copy,
 * the path it touched, and whether the result must be invalid.
 */
import * as fc from 'fast-check';
import { scenarioInputArb } from './arbitraries.js';

export type Segment = string | number;
export type MutationKind = 'drop' | 'wrongType' | 'negative' | 'unknownKey' | 'badReference' | 'anyValue';

export interface Mutation {
  kind: MutationKind;
  /** The path the mutation touched (for unknownKey: the new key's path). */
  path: Segment[];
  /** What the schema must say: reject it, accept it (an optional field dropped), or either. */
  expect: 'fail' | 'pass' | 'either';
  input: unknown;
  note: string;
}

/** Keys whose absence the schema accepts (optional or defaulted). */
const OPTIONAL_KEYS = new Set([
  '$schema',
  'source',
  'note',
  'tier',
  'weight',
  'needNoiseCv',
  'initialBacklogGpus',
  'via',
  'events',
  'sources',
  'backlogAgeWeeks',
  'waferLotsInProcess',
  'hbmStacksInProcess',
  'cowosPackagesInProcess',
  'testPackagesInProcess',
  'boardsInProcess',
  'finishedBoards',
  'boardsShipping',
  'yield', // optional on test only; required elsewhere — see isOptional()
  'interpolation',
  'buildTo',
  'gamingTrigger',
  'planTo',
  'orderForecastWeeks',
  'capacityPlanning',
  'responsive',
  'triggerLeadTimeWeeks',
  'stepWafersPerMonth',
  'stepStacksPerWeek',
  'toolLeadTimeWeeks',
  'maxStepsPerQuarter',
  'productionCostUsd',
  // customer attributes and substitution (issue 13)
  'alternatives',
  'attributesSource',
  'favouredWeight',
  'hostsDgxCloud',
  'ownAcceleratorFrom',
  'buildsOwnAccelerator',
  // the secondary market (issue 13): opt-in
  'market',
  'resale',
]);

function isOptional(path: Segment[]): boolean {
  const key = path[path.length - 1];
  if (typeof key !== 'string' || !OPTIONAL_KEYS.has(key)) return false;
  if (key === 'yield') return path.length === 2 && String(path[0]) === 'test';
  return true;
}

interface Site {
  path: Segment[];
  value: unknown;
}

function sites(value: unknown, path: Segment[] = [], out: Site[] = []): Site[] {
  out.push({ path, value });
  if (Array.isArray(value)) value.forEach((v, i) => sites(v, [...path, i], out));
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) sites(v, [...path, k], out);
  return out;
}

function parentOf(root: unknown, path: Segment[]): Record<string | number, unknown> {
  let node = root as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  return node;
}

function kindOf(v: unknown): 'null' | 'array' | 'object' | 'number' | 'string' | 'boolean' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as 'object' | 'number' | 'string' | 'boolean';
}

/**
 * Replacements of another JSON type that no schema position accepts in place of the original.
 * (A number may stand for a schedule or duration object, so objects are never replaced by numbers.)
 */
const WRONG: Record<string, unknown[]> = {
  number: ['12', true, [], {}],
  string: [7, false, [], {}],
  boolean: [1, 'true', [], {}],
  object: ['x', true, []],
  array: ['x', 3, true, {}],
};

/** The path as loader.ts prints it: `customers[3].needGpusPerWeek`, `(root)` for []. */
export function formatPath(path: readonly Segment[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? key : `.${key}`;
  return out;
}

/** The field paths named by a loader error message (its `✖ path: message` lines). */
export function reportedPaths(error: string): string[] {
  return [...error.matchAll(/^ {2}✖ (\S+): /gm)].map((m) => m[1]!);
}

/** A path as the loader formats one: `(root)` or key(.key|[n])* . */
export const PATH_SYNTAX = /^(\(root\)|[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*|\[\d+\])*)$/;

function apply(input: Record<string, unknown>, kind: MutationKind, pick: number, alt: number, any: unknown): Mutation {
  const doc = structuredClone(input);
  const all = sites(doc).filter((s) => s.path.length > 0);
  const choose = <T>(xs: T[]): T | undefined => (xs.length === 0 ? undefined : xs[pick % xs.length]);
  switch (kind) {
    case 'drop': {
      const site = choose(all.filter((s) => typeof s.path[s.path.length - 1] === 'string'))!;
      delete parentOf(doc, site.path)[site.path[site.path.length - 1]!];
      return {
        kind,
        path: site.path,
        expect: isOptional(site.path) ? 'pass' : 'fail',
        input: doc,
        note: `dropped ${formatPath(site.path)}`,
      };
    }
    case 'wrongType': {
      const site = choose(all.filter((s) => kindOf(s.value) !== 'null'))!;
      const options = WRONG[kindOf(site.value)]!;
      const replacement = options[alt % options.length];
      parentOf(doc, site.path)[site.path[site.path.length - 1]!] = replacement;
      return {
        kind,
        path: site.path,
        expect: 'fail',
        input: doc,
        note: `${formatPath(site.path)} := ${JSON.stringify(replacement)}`,
      };
    }
    case 'negative': {
      const site = choose(all.filter((s) => typeof s.value === 'number'))!;
      const v = -(Math.abs(site.value as number) + 1 + (alt % 7));
      parentOf(doc, site.path)[site.path[site.path.length - 1]!] = v;
      return { kind, path: site.path, expect: 'fail', input: doc, note: `${formatPath(site.path)} := ${v}` };
    }
    case 'unknownKey': {
      const objects = [{ path: [] as Segment[], value: doc as unknown }, ...all].filter(
        (s) => kindOf(s.value) === 'object',
      );
      const site = choose(objects)!;
      (site.value as Record<string, unknown>)['zzUnknown'] = alt;
      const path = [...site.path, 'zzUnknown'];
      return { kind, path, expect: 'fail', input: doc, note: `added ${formatPath(path)}` };
    }
    case 'badReference': {
      const customers = doc['customers'] as Record<string, unknown>[];
      const events = ((doc['events'] as Record<string, unknown>[] | undefined) ?? [])
        .map((e, i) => ({ e, i }))
        .filter(({ e }) => e['type'] !== 'exportControl');
      const variant = alt % 3;
      if (variant === 0 || (variant === 1 && events.length === 0)) {
        const i = pick % customers.length;
        customers[i]!['via'] = 'nobody-by-that-id';
        return {
          kind,
          path: ['customers', i, 'via'],
          expect: 'fail',
          input: doc,
          note: `customers[${i}].via := nobody`,
        };
      }
      if (variant === 1) {
        const { e, i } = events[pick % events.length]!;
        e['stage'] = 'hbm:nobody';
        return {
          kind,
          path: ['events', i, 'stage'],
          expect: 'fail',
          input: doc,
          note: `events[${i}].stage := hbm:nobody`,
        };
      }
      if (customers.length < 2) {
        customers[0]!['via'] = customers[0]!['id'];
        return { kind, path: ['customers', 0, 'via'], expect: 'fail', input: doc, note: 'customers[0].via := itself' };
      }
      const j = 1 + (pick % (customers.length - 1));
      customers[j]!['id'] = customers[0]!['id'];
      return {
        kind,
        path: ['customers', j, 'id'],
        expect: 'fail',
        input: doc,
        note: `customers[${j}].id := customers[0].id`,
      };
    }
    case 'anyValue': {
      const site = choose(all)!;
      parentOf(doc, site.path)[site.path[site.path.length - 1]!] = any;
      return {
        kind,
        path: site.path,
        expect: 'either',
        input: doc,
        note: `${formatPath(site.path)} := ${JSON.stringify(any)}`,
      };
    }
  }
}

export const mutationArb: fc.Arbitrary<Mutation> = fc
  .record({
    input: scenarioInputArb,
    kind: fc.constantFrom<MutationKind>('drop', 'wrongType', 'negative', 'unknownKey', 'badReference', 'anyValue'),
    pick: fc.nat(),
    alt: fc.nat(),
    any: fc.jsonValue({ maxDepth: 2 }),
  })
  .map(({ input, kind, pick, alt, any }) => apply(input, kind, pick, alt, any));
