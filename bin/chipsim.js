#!/usr/bin/env node
// Entry point for `npx chipsim` and `npm start`: runs the compiled build (dist/). In a dev checkout a
// build older than its sources is rebuilt first (bin/build-state.js), so stale code never runs.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFresh } from './build-state.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const problem = ensureFresh(root);
if (problem !== null) {
  process.stderr.write(`chipsim: ${problem}\n`);
  process.exit(1);
}
// A TypeScript policy plug-in needs tsx (a dev dependency), here and in every worker
// (bin/worker.js reads CHIPSIM_TSX); without tsx, loading the plug-in reports the error.
if (process.argv.slice(2).some((arg) => /\.[cm]?ts(?:,|$)/i.test(arg))) {
  try {
    (await import('tsx/esm/api')).register();
    process.env.CHIPSIM_TSX = '1';
  } catch {
    /* not installed: plain JavaScript plug-ins only */
  }
}
await import('../dist/ui/cli/main.js');
