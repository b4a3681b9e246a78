/** CONTRIBUTING.md's recipes are tested: the policy recipe loads and runs in the model; every path it names exists. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolvePolicy } from '../../models/policies/index.js';
import { simulate } from '../../models/simulate.js';
import { input } from '../models/policies/helpers.js';
import { bundled } from '../support/toy-variants.js';

const text = readFileSync('CONTRIBUTING.md', 'utf8');

/** The body of the first ```js block after the heading `## title`. */
function codeBlock(title: string): string {
  const section = text.split(/^## /m).find((s) => s.startsWith(`${title}\n`));
  const match = section && /^```js\n([\s\S]*?)^```$/m.exec(section);
  if (!match?.[1]) throw new Error(`no js block under "## ${title}"`);
  return match[1];
}

describe('CONTRIBUTING.md', () => {
  test('the policy recipe is a working plug-in: it allocates round-robin and runs toy to the end', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'chipsim-recipe-')), 'round-robin.js');
    writeFileSync(file, codeBlock('Add a policy'));
    const policy = await resolvePolicy(file);
    expect(policy.allocate(input(3, { b: 1, a: 5 }))).toEqual({ a: 2, b: 1 });
    expect(policy.allocate(input(10, { a: 2, b: 1 }))).toEqual({ a: 2, b: 1 });

    const result = simulate(bundled('toy'), { policy, seed: 1, scenarioName: 'toy' });
    expect(result.policy).toBe(file);
    expect(result.kpis.gpusDelivered).toBeGreaterThan(0);
    expect(result.units.gpu.delivered).toBe(result.customers.reduce((t, c) => t + c.received, 0));
  });

  test('every repository path the recipes name exists', () => {
    const named = [
      ...text.matchAll(/`((?:sim|models|scenarios|ui|test|docs|bin|scripts)\/[\w./-]+|[\w.-]+\.(?:md|json|js|ts))`/g),
    ]
      .map((m) => m[1] ?? '')
      .filter((p) => !p.startsWith('round-robin'));
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter((p) => !existsSync(p))).toEqual([]);
  });
});
