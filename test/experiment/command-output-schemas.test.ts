/**
 * Real `--format json` output of sensitivity (oat, morris, sobol), sweep, fit and calibrate against
 * their output schemas (the zod sources of ui/format/schemas/*.schema.json; output-schema.test.ts
 * checks the committed files are what they generate), and a broken document that must not pass.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { z } from 'zod';
import {
  calibrateOutputSchema,
  fitOutputSchema,
  sensitivityOutputSchema,
  sweepOutputSchema,
} from '../../ui/format/output-schema.js';
import { tempDir, toyWithRanges } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));
const dir = tempDir('chipsim-schemas-');
const scenario = toyWithRanges(dir);
const target = join(dir, 'target.json');
writeFileSync(target, JSON.stringify({ period: { fromWeek: 0, toWeek: 26 }, shares: { bigcloud: 1, neocloud: 2 } }));

function json(args: string[]): unknown {
  const r = spawnSync(process.execPath, [BIN, ...args, '--format', 'json'], { cwd: dir, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

function expectValid(schema: z.ZodType, doc: unknown): void {
  const parsed = schema.safeParse(doc);
  expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
}

const quick = ['--reps', '2', '--workers', '1', '--quiet', '--no-checkpoint'];
const policies = ['--policies', 'pro-rata,favoured'];

describe('command output matches its schema', () => {
  test.each([
    ['oat', []],
    ['morris', ['--samples', '2']],
    ['sobol', ['--samples', '4']],
  ])('sensitivity --method %s', (method, extra) => {
    const doc = json([
      'sensitivity',
      scenario,
      ...policies,
      '--metric',
      'fillRate',
      '--method',
      method,
      ...extra,
      ...quick,
    ]);
    expectValid(sensitivityOutputSchema, doc);
    expect((doc as { method: string }).method).toBe(method);
    const { meta: _meta, ...noMeta } = doc as Record<string, unknown>;
    expect(sensitivityOutputSchema.safeParse(noMeta).success).toBe(false);
  });

  test('sweep', () => {
    const doc = json([
      'sweep',
      scenario,
      ...policies,
      '--set',
      '/fab/dieYield=0.7,0.8',
      '--metric',
      'fillRate',
      ...quick,
    ]);
    expectValid(sweepOutputSchema, doc);
    expect(sweepOutputSchema.safeParse({ ...(doc as object), design: 'random' }).success).toBe(false);
  });

  test('fit', () => {
    const doc = json([
      'fit',
      'toy',
      '--target',
      target,
      '--max-evaluations',
      '8',
      '--reps',
      '2',
      '--workers',
      '1',
      '--quiet',
    ]);
    expectValid(fitOutputSchema, doc);
    expect(fitOutputSchema.safeParse({ ...(doc as object), distance: 'near' }).success).toBe(false);
  });

  test('calibrate', () => {
    const doc = json(['calibrate', 'toy', '--seeds', '2']);
    expectValid(calibrateOutputSchema, doc);
    expect((doc as { meta: { command: string } }).meta.command).toMatch(/calibrate toy --seeds 2/);
  });
});
