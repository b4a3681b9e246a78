import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { chipsimVersion } from '../../models/experiment/provenance.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

test('--version and provenance carry the package.json version (one source for both)', () => {
  expect(chipsimVersion()).toBe(pkg.version);
});
