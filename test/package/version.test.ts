import { readFileSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { packageVersion } from '../../ui/cli/version.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

test('--version is package.json version, from sources', () => {
  expect(packageVersion()).toBe(pkg.version);
});

test('the nearest chipsim package.json above the module wins, skipping other packages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chipsim-version-'));
  mkdirSync(join(dir, 'dist/ui/cli'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'chipsim', version: '9.8.7' }));
  writeFileSync(join(dir, 'dist/package.json'), JSON.stringify({ name: 'other', version: '1.0.0' }));
  expect(packageVersion(pathToFileURL(join(dir, 'dist/ui/cli/version.js')).href)).toBe('9.8.7');
});
