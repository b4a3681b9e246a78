/**
 * `npm start` (hidden `chipsim start`): the headline experiment — favoured vs pro-rata on
 * h100-2023 with common random numbers, enough replications that the CIs are far narrower than the
 * differences they show. Prints the who-gains/who-loses table and writes the HTML report to
 * out/h100-2023-favoured-vs-pro-rata.html.
 */
import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { DEFAULT_SEED, runCompare, type CompareDeps, type CompareSettings } from './compare-command.js';

export const START_SETTINGS: CompareSettings = {
  scenario: 'h100-2023',
  // a = pro-rata (the baseline), b = favoured: differences read "favoured − pro-rata".
  policies: ['pro-rata', 'favoured'],
  reps: 100,
  seed: DEFAULT_SEED,
  workers: availableParallelism(),
  format: 'html',
  out: 'out/h100-2023-favoured-vs-pro-rata.html',
  resume: false,
};

export async function runStart(deps: CompareDeps = {}, settings: CompareSettings = START_SETTINGS): Promise<void> {
  const stdout = deps.stdout ?? process.stdout;
  const outcome = await runCompare(settings, { ...deps, echoTable: true });
  const where = outcome.out ? relative(deps.cwd ?? process.cwd(), outcome.out) : '';
  stdout.write(
    `\nReport: ${where} — charts of who gets GPUs when under each policy (open it in a browser)\n` +
      `Done in ${(outcome.elapsedMs / 1000).toFixed(1)} s (${settings.reps} replications × ${settings.policies.length} policies, ${outcome.workers} worker${outcome.workers === 1 ? '' : 's'}).\n` +
      `Try: npx chipsim compare --policies pro-rata,favoured,uniform --reps 1000 --out out/compare.html\n`,
  );
}
