/** The bundled variants of h100-2023 are exactly their base plus their patch (scripts/scenario-variants.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LIBRARY_DIR, loadScenario } from '../../scenarios/loader.js';
import {
  VARIANTS,
  deriveVariant,
  readScenarioFile,
  sourceLine,
  variantFileText,
} from '../../scripts/scenario-variants.js';

describe.each(VARIANTS.map((v) => [v.name, v] as const))('%s', (name, variant) => {
  test('the file is what its base and patch give (rewrite: node bin/run-ts.js scripts/write-scenario-variants.ts)', async () => {
    expect(readFileSync(join(LIBRARY_DIR, `${name}.json`), 'utf8')).toBe(await variantFileText(variant));
  });

  test('it loads, and outside its patch it is its base', () => {
    const loaded = loadScenario(name);
    expect(loaded.ok ? '' : loaded.error).toBe('');
    const base = readScenarioFile(variant.base);
    const derived = deriveVariant(variant, base);
    const patched = new Set(variant.patch.map((op) => op.path.split('/')[1]));
    for (const key of Object.keys(base)) {
      if (['name', 'description', 'sources'].includes(key) || patched.has(key)) continue;
      expect(derived[key], key).toEqual(base[key]);
    }
    expect(derived['sources']).toEqual([sourceLine(variant), ...(base['sources'] as unknown[])]);
  });
});

describe('patch operations', () => {
  const base = { $schema: 'x', name: 'b', a: { list: [1, 2], k: 1 }, sources: ['s'] };
  const variant = (patch: (typeof VARIANTS)[number]['patch']) => ({
    name: 'v',
    base: 'b',
    description: 'd',
    source: 'v: s',
    patch,
  });
  test('add inserts into an array and adds a key; replace and remove need the target to exist', () => {
    const d = deriveVariant(
      variant([
        { op: 'add', path: '/a/list/0', value: 0 },
        { op: 'add', path: '/a/new', value: true },
        { op: 'replace', path: '/a/k', value: 2 },
        { op: 'remove', path: '/a/list/2' },
      ]),
      base,
    );
    expect(d['a']).toEqual({ list: [0, 1], k: 2, new: true });
    expect(Object.keys(d).slice(0, 2)).toEqual(['$schema', 'name']);
    expect(() => deriveVariant(variant([{ op: 'replace', path: '/a/nope', value: 1 }]), base)).toThrow(
      /nothing to replace/,
    );
    expect(() => deriveVariant(variant([{ op: 'remove', path: '/a/nope' }]), base)).toThrow(/nothing to remove/);
    expect(() => deriveVariant(variant([{ op: 'add', path: '/a/k', value: 1 }]), base)).toThrow(/already there/);
    expect(base.a).toEqual({ list: [1, 2], k: 1 }); // the base is not touched
  });
});
