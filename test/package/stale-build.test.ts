import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import { ensureFresh, SOURCE_DIRS, STAMP, staleSource } from '../../bin/build-state.js';

/** A fake checkout: one file per source folder, the build inputs, and a stamp `stampAge` s old. */
function checkout(stampAgeSeconds: number | null): string {
  const root = mkdtempSync(join(tmpdir(), 'chipsim-stale-'));
  const old = new Date(Date.now() - 3_600_000);
  const files = [
    ...SOURCE_DIRS.map((d) => `${d}/x.ts`),
    'ui/cli/main.ts',
    'bin/worker.js',
    'bin/build-state.js',
    'scripts/build.js',
  ];
  for (const f of files) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), '');
    utimesSync(join(root, f), old, old);
  }
  if (stampAgeSeconds !== null) {
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, STAMP), '{}');
    const t = new Date(Date.now() - stampAgeSeconds * 1000);
    utimesSync(join(root, STAMP), t, t);
  }
  return root;
}

test('a build newer than every source is fresh', () => {
  expect(staleSource(checkout(60))).toBeNull();
});

test('no stamp means no build', () => {
  expect(staleSource(checkout(null))).toBe('(no build)');
});

test('a source, nested or not, saved after the build makes it stale and is named', () => {
  const root = checkout(60);
  mkdirSync(join(root, 'models/policies'));
  writeFileSync(join(root, 'models/policies/new.ts'), '');
  expect(staleSource(root)).toBe(join('models', 'policies', 'new.ts'));
});

test('a changed build input (the worker bootstrap) makes it stale too', () => {
  const root = checkout(60);
  writeFileSync(join(root, 'bin/worker.js'), '// changed');
  expect(staleSource(root)).toBe('bin/worker.js');
});

test('an installed package (no sources) runs its build as shipped, and says so when it is missing', () => {
  const installed = mkdtempSync(join(tmpdir(), 'chipsim-installed-'));
  expect(ensureFresh(installed)).toBe('the build (dist/) is missing; reinstall chipsim');
  mkdirSync(join(installed, 'dist'));
  writeFileSync(join(installed, STAMP), '{}');
  expect(ensureFresh(installed)).toBeNull();
});

test('a stale dev checkout whose rebuild fails says so instead of running old code', () => {
  const root = checkout(null);
  writeFileSync(join(root, 'scripts/build.js'), 'process.exit(3)');
  expect(ensureFresh(root)).toMatch(/^dist\/ is older than \(no build\) and rebuilding it failed; run `npm run build`/);
});
