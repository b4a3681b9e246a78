/** Plug-ins run in a worker with a time limit: loops, exits, crashes and unreadable values are PolicyErrors naming the file. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { loadPolicyPlugin, resolvePolicy } from '../../../models/policies/index.js';
import { input, loadError, policyError } from './helpers.js';

const base = input(10, { a: 6, b: 3, c: 1 });
const fixture = (name: string) => `./test/fixtures/policies/${name}`;

afterEach(() => {
  delete process.env['CHIPSIM_ODD'];
});

describe('limits on a plug-in call', () => {
  test('a call that never returns is stopped at the time limit, naming the file and the flag', async () => {
    const p = await loadPolicyPlugin(fixture('loop-forever.js'), { timeoutMs: 300 });
    const started = performance.now();
    const e = policyError(() => p.allocate(base));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(e.message).toBe(
      'policy plug-in ./test/fixtures/policies/loop-forever.js did not return within 300 ms (week 52); raise --plugin-timeout if it needs longer',
    );
    // The worker is gone; a later call fails at once instead of waiting again.
    expect(policyError(() => p.allocate(base)).message).toMatch(
      /loop-forever\.js was stopped after an earlier failure/,
    );
  });
  test('process.exit(0) inside allocate ends only the plug-in, reported as its failure', async () => {
    const p = await loadPolicyPlugin(fixture('exit-zero.js'), { source: '--policy' });
    const e = policyError(() => p.allocate(base));
    expect(e.message).toBe(
      '--policy: policy plug-in ./test/fixtures/policies/exit-zero.js ended the process (exit code 0, e.g. process.exit) instead of returning',
    );
  });
  test('process.exit while loading is a load failure', async () => {
    const e = await loadError(loadPolicyPlugin(fixture('exit-on-load.js'), { source: 'allocation.policy' }));
    expect(e.message).toMatch(
      /^allocation\.policy: policy plug-in .*exit-on-load\.js could not be loaded: it ended the process \(exit code 0/,
    );
  });
  test('an error thrown outside the call (a timer) is the plug-in crashing', async () => {
    const p = await loadPolicyPlugin(fixture('crash-later.js'));
    expect(p.allocate(base)).toEqual({ a: 0, b: 0, c: 0 });
    await new Promise((r) => setTimeout(r, 200));
    expect(policyError(() => p.allocate(base)).message).toMatch(/crash-later\.js crashed: late failure/);
  });
  test('a throwing allocate names the file and the error', async () => {
    const p = await loadPolicyPlugin(fixture('throws.js'));
    expect(policyError(() => p.allocate(base)).message).toBe(
      'policy plug-in ./test/fixtures/policies/throws.js threw: no allocation today',
    );
  });
  test.each([
    ['bigint', /customer "a" gets 1n \(a BigInt\), not a number of boards/],
    ['circular', /customer "a" gets an object that cannot be printed as JSON, not a number of boards/],
    ['getter', /returned an invalid allocation: it could not be read \(getter says no\)/],
    ['proxy', /returned an invalid allocation: it could not be read \(trap says no\)/],
    ['string', /returned an invalid allocation: expected an object mapping customer ids to boards, got string/],
    ['throw-bigint', /odd-values\.js threw: 5n/],
  ])('a value the validator cannot use (%s) is a validation error', async (kind, message) => {
    process.env['CHIPSIM_ODD'] = kind;
    const p = await loadPolicyPlugin(fixture('odd-values.js'));
    const e = policyError(() => p.allocate(base));
    expect(e.message).toMatch(/^policy plug-in \.\/test\/fixtures\/policies\/odd-values\.js /);
    expect(e.message).toMatch(message);
  });
  test('a module whose top level never finishes is stopped at the time limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chipsim-policy-'));
    const file = join(dir, 'slow-load.mjs');
    writeFileSync(file, 'for (;;);\nexport default () => ({});\n');
    const e = await loadError(resolvePolicy(file, { timeoutMs: 300, source: '--policy' }));
    expect(e.message).toBe(`--policy: policy plug-in ${file} did not load within 300 ms (--plugin-timeout)`);
  });
});

describe('loading exactly the named file, ESM or CommonJS, outside the checkout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chipsim-policy-'));
  const firstGetsAll =
    '(input) { const ids = input.customers.map((c) => c.id).sort(); const c = input.customers.find((x) => x.id === ids[0]); return { [c.id]: Math.min(c.openBoards, input.supply) }; }';
  test.each([
    ['esm.js', `export default function ${firstGetsAll}`],
    ['esm.mjs', `export function allocate ${firstGetsAll}\nexport const name = 'first';`],
    ['cjs.cjs', `module.exports = function ${firstGetsAll};`],
    ['cjs-object.js', `module.exports = { name: 'first', allocate ${firstGetsAll} };`],
    ['cjs-named.js', `exports.allocate = function ${firstGetsAll};`],
  ])('%s', async (name, source) => {
    const file = join(dir, name);
    writeFileSync(file, source + '\n');
    const p = await loadPolicyPlugin(file);
    expect(p.allocate(base)).toEqual({ a: 6, b: 0, c: 0 });
  });
  test('declarations of what pays come through (so the probe is skipped)', async () => {
    writeFileSync(
      join(dir, 'declares.mjs'),
      'export const rewardsInflation = false;\nexport const rewardsSales = true;\nexport function allocate() { return {}; }\n',
    );
    writeFileSync(
      join(dir, 'declares.cjs'),
      'module.exports = { rewardsInflation: true, allocate() { return {}; } };\n',
    );
    const esm = await loadPolicyPlugin(join(dir, 'declares.mjs'));
    expect([esm.rewardsInflation, esm.rewardsSales]).toEqual([false, true]);
    const cjs = await loadPolicyPlugin(join(dir, 'declares.cjs'));
    expect([cjs.rewardsInflation, cjs.rewardsSales]).toEqual([true, undefined]);
  });
  test('p.js runs p.js even when a p.ts sits beside it', async () => {
    writeFileSync(join(dir, 'twin.js'), 'export default (input) => ({ [input.customers[0].id]: 1 });\n');
    writeFileSync(
      join(dir, 'twin.ts'),
      'export default (): Record<string, number> => { throw new Error("wrong file"); };\n',
    );
    const p = await loadPolicyPlugin(join(dir, 'twin.js'));
    expect(p.allocate(base)).toEqual({ a: 1, b: 0, c: 0 });
  });
});
