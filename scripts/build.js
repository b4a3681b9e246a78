#!/usr/bin/env node
// Compiles the sources to dist/ (npm's `prepare`, so `npm install` leaves a runnable build):
// esbuild transpiles every .ts/.tsx file of SOURCE_DIRS one to one (no bundling, same layout), the
// bundled scenario JSON and the worker bootstrap are copied next to the code that finds them, and
// `tsc -p tsconfig.build.json` writes the .d.ts of the public API. `--js` skips the declarations
// (what bin/chipsim.js runs when it finds the build stale). The stamp's mtime is the build's start,
// so a source saved during the build still counts as newer than the build.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST, SOURCE_DIRS, STAMP, sourceFiles } from '../bin/build-state.js';
import { VENDOR_USERS_DIR, buildVendor, vendorImports } from './build-vendor.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const jsOnly = process.argv.includes('--js');
const started = new Date();

const entryPoints = sourceFiles(root).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
const common = {
  absWorkingDir: root,
  outdir: DIST,
  outbase: '.',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  sourcemap: 'linked',
  logLevel: 'warning',
};
await build({ ...common, entryPoints: entryPoints.filter((f) => !f.startsWith(VENDOR_USERS_DIR)), bundle: false });
// The TUI's files are still compiled one to one; bundle mode only so that the plug-in can point
// their Ink and React imports at dist/vendor/ (scripts/build-vendor.js).
await build({
  ...common,
  entryPoints: entryPoints.filter((f) => f.startsWith(VENDOR_USERS_DIR)),
  bundle: true,
  plugins: [vendorImports(root, DIST)],
});
await buildVendor(root, DIST);
// Written in place, never emptied first: CLIs the tests spawn may be running from dist/ meanwhile
// (npm pack in the pack test builds). Outputs of a source that no longer exists are removed.
// Plain JavaScript sources (e.g. models/policies/plugin-worker.js) are copied as they are.
const plainJs = sourceFiles(root).filter((f) => f.endsWith('.js'));
for (const f of plainJs) {
  mkdirSync(dirname(join(root, DIST, f)), { recursive: true });
  copyFileSync(join(root, f), join(root, DIST, f));
}
const wanted = new Set([...entryPoints.map((f) => f.replace(/\.tsx?$/, '')), ...plainJs.map((f) => f.slice(0, -3))]);
for (const entry of readdirSync(join(root, DIST), { recursive: true, withFileTypes: true })) {
  const rel = join(entry.parentPath ?? entry.path, entry.name).slice(join(root, DIST).length + 1);
  const base = rel.replace(/(\.d\.ts|\.js\.map|\.js)$/, '');
  if (entry.isFile() && base !== rel && SOURCE_DIRS.some((d) => rel.startsWith(d + '/')) && !wanted.has(base))
    rmSync(join(root, DIST, rel));
}
cpSync(join(root, 'scenarios/library'), join(root, DIST, 'scenarios/library'), { recursive: true });
// models/experiment/experiment.ts finds the bootstrap at ../../bin/worker.js: the same place in dist.
mkdirSync(join(root, DIST, 'bin'), { recursive: true });
copyFileSync(join(root, 'bin/worker.js'), join(root, DIST, 'bin/worker.js'));

if (!jsOnly) {
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (tsc.status !== 0) {
    process.stderr.write('build: tsc -p tsconfig.build.json failed\n');
    process.exit(1);
  }
}

const stamp = join(root, STAMP);
writeFileSync(stamp, `${JSON.stringify({ built: started.toISOString(), sources: SOURCE_DIRS })}\n`);
utimesSync(stamp, started, started);
