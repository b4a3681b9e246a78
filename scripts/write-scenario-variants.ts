/** Rewrites the bundled variant scenarios from their base and patch: node bin/run-ts.js scripts/write-scenario-variants.ts */
import { join } from 'node:path';
import { LIBRARY_DIR } from '../scenarios/loader.js';
import { writeFileAtomic } from '../sim/atomic-write.js';
import { VARIANTS, variantFileText } from './scenario-variants.js';

for (const v of VARIANTS) {
  const path = join(LIBRARY_DIR, `${v.name}.json`);
  writeFileAtomic(path, await variantFileText(v));
  process.stdout.write(`wrote ${path}\n`);
}
