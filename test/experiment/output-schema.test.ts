import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { provenance } from '../../models/experiment/index.js';
import { runCompare } from '../../ui/cli/compare-command.js';
import {
  OUTPUT_SCHEMAS,
  compareOutputSchema,
  outputJsonSchema,
  outputSchemaPath,
  runOutputSchema,
} from '../../ui/format/output-schema.js';
import { fakeDeps, settings, tempDir } from './helpers.js';

const META = provenance('0'.repeat(64), 'chipsim run toy --format json');

describe('output JSON Schemas', () => {
  test.each(Object.keys(OUTPUT_SCHEMAS) as (keyof typeof OUTPUT_SCHEMAS)[])(
    'ui/format/schemas/%s-output.schema.json is what write-output-schemas.ts generates now',
    (name) => {
      // regenerate with: node bin/run-ts.js ui/format/write-output-schemas.ts
      expect(readFileSync(outputSchemaPath(name), 'utf8')).toBe(outputJsonSchema(name));
    },
  );

  test('every golden run, with its meta, matches the run schema; a run without meta does not', () => {
    for (const name of ['toy-pro-rata', 'h100-2023-favoured', 'turn-and-earn-waves-turn-and-earn']) {
      const run = JSON.parse(readFileSync(new URL(`../golden/run-${name}-seed1.json`, import.meta.url), 'utf8'));
      expect(runOutputSchema.safeParse({ ...run, meta: META }).success, name).toBe(true);
      expect(runOutputSchema.safeParse(run).success).toBe(false);
    }
  });

  test('compare --format json matches the compare schema, meta included', async () => {
    const deps = fakeDeps(tempDir());
    await runCompare(settings({ reps: 5 }), deps);
    const parsed = compareOutputSchema.safeParse(JSON.parse(deps.stdout.text));
    expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
    expect(parsed.data?.meta).toMatchObject({ outputSchemaVersion: 1, command: 'chipsim compare fake' });
    expect(compareOutputSchema.safeParse({ ...JSON.parse(deps.stdout.text), difference: 'a - b' }).success).toBe(false);
  });
});
