/** validateAllocation, PolicyError, plug-in loading and resolvePolicy. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  getPolicy,
  isPolicyPath,
  loadPolicyPlugin,
  policyNames,
  resolvePolicy,
  validateAllocation,
} from '../../../models/policies/index.js';
import { input, loadError, policyError } from './helpers.js';

const base = input(10, { a: 6, b: 3, c: 1 });
const fixture = (name: string) => `./test/fixtures/policies/${name}`;

describe('validateAllocation', () => {
  test('a valid allocation comes back complete, missing ids at 0, in id order', () => {
    expect(validateAllocation('p', base, { b: 3, a: 5 })).toEqual({ a: 5, b: 3, c: 0 });
    expect(Object.keys(validateAllocation('p', base, { c: 1, b: 3 }))).toEqual(['a', 'b', 'c']);
    expect(validateAllocation('p', base, new Map([['a', 2]]))).toEqual({ a: 2, b: 0, c: 0 });
  });
  test.each([
    ['not an object', 42, /policy p returned an invalid allocation: expected an object .* got number/],
    ['null', null, /got null/],
    ['an array', [1, 2], /got an array/],
    ['non-integer', { a: 2.5 }, /customer "a" gets 2\.5 boards, not a whole number/],
    ['negative', { a: -1 }, /customer "a" gets -1 boards, negative/],
    ['over open orders', { b: 4 }, /customer "b" gets 4 boards, over its 3 open boards/],
    ['Σ over supply', { a: 6, b: 3, c: 1 }, null],
    ['unknown id', { z: 1 }, /unknown customer id "z"/],
    ['not a number', { a: '3' }, /customer "a" gets "3", not a number of boards/],
    ['NaN', { a: Number.NaN }, /customer "a" gets NaN, not a number of boards/],
  ])('%s', (_what, output, message) => {
    if (message === null) {
      // Σ = 10 = supply is fine; with supply 9 it is not.
      expect(() => validateAllocation('p', base, output)).not.toThrow();
      const e = policyError(() => validateAllocation('p', { ...base, supply: 9 }, output));
      expect(e.message).toMatch(/policy p returned an invalid allocation: the total 10 boards is over the supply of 9/);
      return;
    }
    const e = policyError(() => validateAllocation('p', base, output));
    expect(e.message).toMatch(message);
    expect(e.policy).toBe('p');
  });
  test('several problems are listed together', () => {
    const e = policyError(() => validateAllocation('p', base, { a: 7, b: 0.5, q: 1 }));
    expect(e.message).toMatch(/over its 6 open boards.*not a whole number.*unknown customer id "q"/);
  });
  test('every built-in passes on a sample input', () => {
    for (const name of policyNames())
      expect(() => validateAllocation(name, base, getPolicy(name)!.allocate({ ...base, supply: 7 }))).not.toThrow();
  });
});

describe('isPolicyPath', () => {
  test.each([
    ['pro-rata', false],
    ['turn-and-earn', false],
    ['./x.js', true],
    ['plugins/mine', true],
    ['mine.mjs', true],
    ['mine.ts', true],
    ['/abs/path/policy.js', true],
  ])('%s → %s', (s, expected) => expect(isPolicyPath(s)).toBe(expected));
});

describe('loadPolicyPlugin', () => {
  test('the largest-first example loads (default object) and allocates, validated', async () => {
    const p = await loadPolicyPlugin(fixture('largest-first.js'));
    expect(p.name).toBe('./test/fixtures/policies/largest-first.js');
    expect(p.description).toBe(
      'largest open order first, each filled completely (plug-in ./test/fixtures/policies/largest-first.js)',
    );
    // K = 7: a (6) first, then b gets 1 of its 3, c nothing.
    expect(p.allocate({ ...base, supply: 7 })).toEqual({ a: 6, b: 1, c: 0 });
    expect(p.allocate(base)).toEqual({ a: 6, b: 3, c: 1 });
  });
  test('a named `allocate` export that over-allocates is stopped with a PolicyError naming the file', async () => {
    const p = await loadPolicyPlugin(fixture('over-allocate.js'));
    const e = policyError(() => p.allocate({ ...base, supply: 5 }));
    expect(e.message).toContain('plug-in ./test/fixtures/policies/over-allocate.js');
    expect(e.message).toMatch(/customer "b" gets 5 boards, over its 3 open boards/);
    expect(e.message).toMatch(/the total 15 boards is over the supply of 5/);
    expect(e.policy).toBe('./test/fixtures/policies/over-allocate.js');
  });
  test('a default function returning fractions is stopped', async () => {
    const p = await loadPolicyPlugin(fixture('half-boards.js'));
    expect(policyError(() => p.allocate(base)).message).toMatch(
      /half-boards\.js.*customer "a" gets 0\.5 boards, not a whole number/,
    );
  });
  test('a plug-in gets a frozen copy: trying to change the input fails, the model state is untouched', async () => {
    const p = await loadPolicyPlugin(fixture('mutate-input.js'));
    const mine = input(10, { a: 6 });
    expect(policyError(() => p.allocate(mine)).message).toMatch(
      /policy plug-in .*mutate-input\.js threw: .*read.only/i,
    );
    expect(mine.customers[0]!.openBoards).toBe(6);
  });
  test('a module without a function is refused', async () => {
    const e = await loadError(loadPolicyPlugin(fixture('no-function.js')));
    expect(e.message).toMatch(
      /no-function\.js exports no allocation function: expected a default function, a named `allocate` function, or a default object \{ allocate \}/,
    );
  });
  test('a missing file is refused', async () => {
    const e = await loadError(loadPolicyPlugin('./no/such/policy.js'));
    expect(e.message).toMatch(
      /policy plug-in \.\/no\/such\/policy\.js: file not found \(looked for .*no\/such\/policy\.js\)/,
    );
  });
  test('a module that does not parse is refused with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chipsim-policy-'));
    const file = join(dir, 'broken.mjs');
    writeFileSync(file, 'export default function (input) { return {\n');
    const e = await loadError(loadPolicyPlugin(file));
    expect(e.message).toContain(`policy plug-in ${file} could not be loaded:`);
  });
  test('an async allocate is refused on call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chipsim-policy-'));
    const file = join(dir, 'async.mjs');
    writeFileSync(file, 'export async function allocate() { return {}; }\nexport const name = "later";\n');
    const p = await loadPolicyPlugin(file);
    expect(policyError(() => p.allocate(base)).message).toMatch(
      /\(later\) returned a Promise; allocate must be synchronous/,
    );
  });
  test('a TypeScript plug-in loads too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chipsim-policy-'));
    const file = join(dir, 'all-to-first.ts');
    writeFileSync(
      file,
      'export default function (input: { supply: number; customers: { id: string; openBoards: number }[] }): Record<string, number> {\n' +
        '  const first = [...input.customers].sort((a, b) => (a.id < b.id ? -1 : 1))[0];\n' +
        '  return first ? { [first.id]: Math.min(first.openBoards, input.supply) } : {};\n}\n',
    );
    const p = await loadPolicyPlugin(file);
    expect(p.allocate(base)).toEqual({ a: 6, b: 0, c: 0 });
  });
});

describe('resolvePolicy', () => {
  test('a built-in name returns the built-in', async () => {
    for (const name of policyNames()) expect(await resolvePolicy(name)).toBe(getPolicy(name));
  });
  test('a path loads a plug-in', async () => {
    const p = await resolvePolicy(fixture('largest-first.js'));
    expect(p.allocate({ ...base, supply: 2 })).toEqual({ a: 2, b: 0, c: 0 });
  });
  test('an unknown name lists the valid names', async () => {
    const e = await loadError(resolvePolicy('pro_rata'));
    expect(e.message).toBe(
      'unknown policy "pro_rata"; valid names: pro-rata, favoured, fcfs, uniform, priority, turn-and-earn, linear, weighted (or a path to a plug-in module, e.g. ./my-policy.js)',
    );
  });
});
