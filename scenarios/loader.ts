/**
 * Loads a scenario by bundled name or path. Never throws at the user: returns a result value whose
 * error names the file and every invalid field path.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { MAX_MAGNITUDE, scenarioSchema, type Scenario } from './schema.js';
import { checkUncertainty, type UncertaintyChecks } from './uncertainty.js';

export type LoadResult = { ok: true; name: string; scenario: Scenario; source: string } | { ok: false; error: string };

export const LIBRARY_DIR = join(dirname(fileURLToPath(import.meta.url)), 'library');
export const DEFAULT_SCENARIO = 'h100-2023';

/** Names of the bundled scenarios, sorted. */
export function bundledScenarioNames(): string[] {
  return readdirSync(LIBRARY_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
}

/** Validates already-parsed JSON. `label` names the input in messages. */
export function parseScenario(data: unknown, label: string, checks: UncertaintyChecks = {}): LoadResult {
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) {
    return { ok: false, error: `${label} is not a valid scenario:\n${formatIssues(parsed.error, data)}` };
  }
  const uncertain = checkUncertainty(parsed.data, checks);
  if (uncertain.length > 0) {
    return { ok: false, error: `${label} is not a valid scenario:\n${uncertain.map((i) => `  ✖ ${i}`).join('\n')}` };
  }
  return { ok: true, name: parsed.data.name, scenario: parsed.data, source: JSON.stringify(data) };
}

function looksLikePath(nameOrPath: string): boolean {
  return nameOrPath.includes('/') || nameOrPath.includes('\\') || nameOrPath.endsWith('.json');
}

export function loadScenario(nameOrPath: string = DEFAULT_SCENARIO, checks: UncertaintyChecks = {}): LoadResult {
  const path = looksLikePath(nameOrPath) ? nameOrPath : join(LIBRARY_DIR, `${nameOrPath}.json`);
  if (!existsSync(path)) {
    return looksLikePath(nameOrPath)
      ? { ok: false, error: `scenario file not found: ${nameOrPath}` }
      : {
          ok: false,
          error: `unknown scenario '${nameOrPath}'; bundled scenarios: ${bundledScenarioNames().join(', ')} (or give a path to a .json file)`,
        };
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return {
      ok: false,
      error: `cannot read scenario ${nameOrPath}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (text.startsWith('\uFEFF')) {
    return {
      ok: false,
      error: `${nameOrPath} starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM`,
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      error: `${nameOrPath} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  return parseScenario(data, nameOrPath, checks);
}

/** One line per issue: `customers[3].needGpusPerWeek: Too small: expected number to be >=0, got -5`. */
export function formatIssues(error: z.ZodError, input?: unknown): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length === 0 ? '(root)' : formatPath(issue.path);
      const value = valueAt(input, issue.path);
      // JSON.parse reads a literal such as 1e309 as Infinity.
      if (typeof value === 'number' && !Number.isFinite(value)) return `  ✖ ${path}: number too large`;
      // Past the magnitude bound (e.g. 1e308): say so in the words of an overflow, and the bound.
      if (issue.code === 'too_big' && typeof value === 'number' && value > MAX_MAGNITUDE)
        return `  ✖ ${path}: number too large: at most ${String(issue.maximum)}, got ${value}`;
      return `  ✖ ${path}: ${issue.message}${gotValue(input, issue.path)}`;
    })
    .join('\n');
}

/** ", got <value>" for a short primitive found at `path` in the input; "" otherwise. */
function gotValue(input: unknown, path: readonly PropertyKey[]): string {
  const node = valueAt(input, path);
  if (node === undefined) return '';
  if (node === null || ['number', 'string', 'boolean'].includes(typeof node)) {
    const text = JSON.stringify(node);
    return text.length <= 40 ? `, got ${text}` : '';
  }
  return '';
}

/** The value at `path` in the input, or undefined when there is none. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = input;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !(key in node)) return undefined;
    node = Reflect.get(node, key);
  }
  return node;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
