/**
 * Uncertain parameters of a scenario: the `uncertainty` map (JSON Pointer → range) turned into a
 * list of parameters, its checks, and the function that applies a parameter vector to a scenario.
 *
 * Semantics of a pointer (RFC 6901, into the parsed scenario):
 * - to a number: `low`/`high` are values of that number; the typical value is the scenario's own;
 * - to a schedule `{interpolation, points}`: the parameter is a factor on EVERY point's value (the
 *   shape of the ramp is kept); `low`/`high` are factors and the typical value is 1. To vary one
 *   point instead, point at it: `/cowos/interposerWafersPerMonth/points/3/value`.
 * Two pointers may not overlap (one a prefix of the other): the result would depend on their order.
 */
import { produce } from 'immer';
import { scenarioSchema, type Scenario, type UncertainRange } from './schema.js';

export type ParameterKind = 'number' | 'scale';

/** What a pointer reaches in a scenario. */
export type PointerTarget = { ok: true; kind: ParameterKind; typical: number } | { ok: false; error: string };

export interface UncertainParameter extends UncertainRange {
  pointer: string;
  /** 'number': the value itself; 'scale': a factor on every point of a schedule. */
  kind: ParameterKind;
  /** The scenario's value (1 for a scale): the centre of OAT and the mode of a triangular range. */
  typical: number;
}

/** The reference tokens of a JSON Pointer ('' is the whole document). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new SyntaxError(`JSON Pointer must start with '/': ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => {
      if (/~(?![01])/.test(t)) throw new SyntaxError(`bad escape in JSON Pointer ${JSON.stringify(pointer)}`);
      return t.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

function isArrayIndex(token: string, length: number): boolean {
  return /^(0|[1-9][0-9]*)$/.test(token) && Number(token) < length;
}

/** The node at `tokens`, or undefined when the path leaves the document. */
export function nodeAt(doc: unknown, tokens: readonly string[]): unknown {
  let node = doc;
  for (const token of tokens) {
    if (Array.isArray(node)) {
      if (!isArrayIndex(token, node.length)) return undefined;
      node = node[Number(token)];
    } else if (typeof node === 'object' && node !== null && Object.hasOwn(node, token)) {
      node = Reflect.get(node, token);
    } else {
      return undefined;
    }
  }
  return node;
}

function isSchedule(node: unknown): node is { points: { value: number }[] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { points?: unknown }).points);
}

/** What `pointer` reaches in `scenario`: a number, a schedule (as a scale), or an error saying why not. */
export function pointerTarget(scenario: Scenario, pointer: string): PointerTarget {
  let tokens: string[];
  try {
    tokens = parsePointer(pointer);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (tokens[0] === 'uncertainty') return { ok: false, error: 'cannot vary the uncertainty map itself' };
  const node = nodeAt(scenario, tokens);
  if (node === undefined) return { ok: false, error: 'the pointer does not resolve in the scenario' };
  if (typeof node === 'number') return { ok: true, kind: 'number', typical: node };
  if (isSchedule(node)) return { ok: true, kind: 'scale', typical: 1 };
  return {
    ok: false,
    error: `expected a number or a schedule, found ${Array.isArray(node) ? 'an array' : typeof node}`,
  };
}

/** The declared parameters in file order; throws on a pointer that does not resolve (see checkUncertainty). */
export function uncertainParameters(scenario: Scenario): UncertainParameter[] {
  return Object.entries(scenario.uncertainty ?? {}).map(([pointer, range]) => {
    const target = pointerTarget(scenario, pointer);
    if (!target.ok) throw new RangeError(`uncertainty[${JSON.stringify(pointer)}]: ${target.error}`);
    return { ...range, pointer, kind: target.kind, typical: target.typical };
  });
}

/** A value of parameter `p` made ready to apply (rounded for integer parameters). */
function prepared(p: Pick<UncertainParameter, 'integer'>, value: number): number {
  return p.integer ? Math.round(value) : value;
}

/**
 * The scenario with parameter i set to values[i] (numbers replaced, schedules scaled). Pure: the
 * input is not touched. Does not re-validate; `checkUncertainty` guarantees that values inside the
 * declared ranges give a valid scenario.
 */
export function applyParameters(
  scenario: Scenario,
  params: readonly Pick<UncertainParameter, 'pointer' | 'kind' | 'integer'>[],
  values: readonly number[],
): Scenario {
  if (values.length !== params.length) throw new RangeError(`expected ${params.length} values, got ${values.length}`);
  return produce(scenario, (draft) => {
    params.forEach((p, i) => {
      const value = prepared(p, values[i]!);
      if (!Number.isFinite(value)) throw new RangeError(`${p.pointer}: not a finite number: ${value}`);
      const tokens = parsePointer(p.pointer);
      const parent = nodeAt(draft, tokens.slice(0, -1));
      const key = tokens[tokens.length - 1]!;
      if (typeof parent !== 'object' || parent === null) throw new RangeError(`${p.pointer}: no such place`);
      if (p.kind === 'number') {
        Reflect.set(parent, key, value);
      } else {
        const schedule: unknown = Reflect.get(parent, key);
        if (!isSchedule(schedule)) throw new RangeError(`${p.pointer}: not a schedule`);
        for (const point of schedule.points) point.value *= value;
      }
    });
  });
}

export function typicalValues(params: readonly UncertainParameter[]): number[] {
  return params.map((p) => p.typical);
}

function overlaps(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

function format(x: number): string {
  return String(Number(x.toPrecision(6)));
}

export interface UncertaintyChecks {
  /**
   * Also vary the scenario to each range's low, midpoint and high (one parameter at a time) and
   * validate every variant: ~3 schema parses per parameter, most of a bundled scenario's load time.
   * Default true; commands that never vary the scenario (run, compare, tui, calibrate) skip it.
   */
  variations?: boolean;
}

/**
 * Every problem with the `uncertainty` map, one line each, naming the pointer: it must resolve to a
 * number or schedule, hold its typical value within [low, high], overlap no other pointer, and
 * (unless `variations` is false) the scenario varied to low, to the midpoint and to high (one
 * parameter at a time) must still be valid.
 */
export function checkUncertainty(scenario: Scenario, checks: UncertaintyChecks = {}): string[] {
  const issues: string[] = [];
  const seen: { pointer: string; tokens: string[] }[] = [];
  for (const [pointer, range] of Object.entries(scenario.uncertainty ?? {})) {
    const where = `uncertainty[${JSON.stringify(pointer)}]`;
    const target = pointerTarget(scenario, pointer);
    if (!target.ok) {
      issues.push(`${where}: ${target.error}`);
      continue;
    }
    const tokens = parsePointer(pointer);
    const other = seen.find((s) => overlaps(s.tokens, tokens));
    if (other) issues.push(`${where}: overlaps ${JSON.stringify(other.pointer)}; vary one or the other`);
    seen.push({ pointer, tokens });
    const what = target.kind === 'scale' ? 'the typical factor' : 'the typical value';
    if (!(range.low <= target.typical && target.typical <= range.high)) {
      issues.push(
        `${where}: ${what} ${format(target.typical)} is outside [${format(range.low)}, ${format(range.high)}]`,
      );
      continue;
    }
    if (checks.variations === false) continue;
    const param = [{ pointer, kind: target.kind, integer: range.integer }];
    for (const [label, value] of [
      ['low', range.low],
      ['midpoint', (range.low + range.high) / 2],
      ['high', range.high],
    ] as const) {
      const varied = scenarioSchema.safeParse(applyParameters(scenario, param, [value]));
      if (!varied.success) {
        const first = varied.error.issues[0]!;
        const path = first.path.map(String).join('/');
        issues.push(`${where}: at ${label} (${format(value)}) the scenario is invalid: /${path}: ${first.message}`);
        break;
      }
    }
  }
  return issues;
}
