// Where the compiled build lives and whether it is older than the sources (shared by bin/chipsim.js
// and scripts/build.js). Plain JavaScript with no dependencies: it runs before anything is compiled.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

export const DIST = 'dist';
export const STAMP = join(DIST, '.build-stamp');
/** Folders compiled to dist/ (every .ts/.tsx; their .json files are copied or inputs of the build). */
export const SOURCE_DIRS = ['sim', 'models', 'scenarios', 'ui'];
/** Files outside SOURCE_DIRS whose change also makes the build stale. */
const BUILD_INPUTS = ['bin/worker.js', 'bin/build-state.js', 'scripts/build.js', 'scripts/build-vendor.js'];
const LOCK = join(DIST + '.lock');
const LOCK_STALE_MS = 120_000;

/** Every file of SOURCE_DIRS, relative to root (sorted, so the build is the same everywhere). */
export function sourceFiles(root) {
  const files = [];
  for (const dir of SOURCE_DIRS) {
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files.push(join(entry.parentPath ?? entry.path, entry.name).slice(root.length + 1));
    }
  }
  return files.sort();
}

/** A checkout with sources (a clone), as opposed to an installed package that ships only dist/. */
export function isDevCheckout(root) {
  return existsSync(join(root, 'ui/cli/main.ts'));
}

/** The first source file newer than the build stamp; '(no build)' without one; null when fresh. */
export function staleSource(root) {
  let built;
  try {
    built = statSync(join(root, STAMP)).mtimeMs;
  } catch {
    return '(no build)';
  }
  for (const file of [...sourceFiles(root), ...BUILD_INPUTS]) {
    if (statSync(join(root, file), { throwIfNoEntry: false })?.mtimeMs > built) return file;
  }
  return null;
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Makes dist/ current in a dev checkout: rebuilds the JavaScript when a source is newer than the
 * stamp. Many CLIs may start at once (vitest): one takes the lock (an atomic mkdir) and builds, the
 * others wait for it and check again. Returns null when fresh, else a message saying why it is not.
 */
export function ensureFresh(root) {
  if (!isDevCheckout(root))
    return existsSync(join(root, STAMP)) ? null : 'the build (dist/) is missing; reinstall chipsim';
  const lock = join(root, LOCK);
  for (;;) {
    const stale = staleSource(root);
    if (stale === null) return null;
    try {
      mkdirSync(lock);
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      else sleep(50);
      continue;
    }
    try {
      if (staleSource(root) === null) return null;
      const started = Date.now();
      const run = spawnSync(process.execPath, [join(root, 'scripts/build.js'), '--js'], {
        cwd: root,
        stdio: ['ignore', 2, 2],
      });
      if (run.status !== 0)
        return `dist/ is older than ${stale} and rebuilding it failed; run \`npm run build\` (needs the dev dependencies)`;
      if (process.stderr.isTTY)
        process.stderr.write(
          `chipsim: ${stale} changed since the last build; rebuilt dist/ (${Date.now() - started} ms)\n`,
        );
      return null;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
