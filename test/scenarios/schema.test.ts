/** The scenario schema's promises: every field is described, and the committed JSON Schema is current. */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { JSON_SCHEMA_PATH, scenarioJsonSchema } from '../../scenarios/json-schema.js';
import { bundledScenarioNames, loadScenario } from '../../scenarios/index.js';

test('scenarios/scenario.schema.json is what `npm run schema` generates now', () => {
  expect(readFileSync(JSON_SCHEMA_PATH, 'utf8')).toBe(scenarioJsonSchema());
});

test('every property of the JSON Schema carries a description (unit and meaning)', () => {
  const missing: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    const props = n.properties as Record<string, Record<string, unknown>> | undefined;
    for (const [key, value] of Object.entries(props ?? {})) {
      if (!('description' in value) && !('$ref' in value)) missing.push(`${path}.${key}`);
      walk(value, `${path}.${key}`);
    }
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
      (n[key] as unknown[] | undefined)?.forEach((x, i) => walk(x, `${path}[${key} ${i}]`));
    }
    if (n.items) walk(n.items, `${path}[]`);
  };
  walk(JSON.parse(scenarioJsonSchema()), '');
  expect(missing).toEqual([]);
});

test('every bundled scenario loads, and points editors at the JSON Schema', () => {
  for (const name of bundledScenarioNames()) {
    const loaded = loadScenario(name);
    expect(loaded.ok, name).toBe(true);
    const raw = JSON.parse(readFileSync(`scenarios/library/${name}.json`, 'utf8'));
    expect(raw.$schema, name).toBe('../scenario.schema.json');
  }
});
