/**
 * The fingerprint of everything the model computes: a SHA-256 over the JSON run results of every
 * bundled scenario × every built-in policy × seeds 1…N (default 3), in that order, plus one hash
 * per scenario to say where a difference is. Speed work must leave it unchanged; run it before and
 * after (the goldens cover five runs, this covers them all).
 *
 *   node bin/run-ts.js scripts/output-hash.ts [seeds]
 */
import { createHash } from 'node:crypto';
import { bundledScenarioNames, loadScenario } from '../scenarios/index.js';
import { simulate } from '../models/simulate.js';
import { getPolicy, policyNames } from '../models/policies/index.js';
import { exitQuietlyOnClosedPipe, helpIfAsked, wholeNumberArg } from './script-args.js';

const DEFAULT_SEEDS = 3;
helpIfAsked(`
npm run output-hash [-- seeds]   (node bin/run-ts.js scripts/output-hash.ts [seeds])
A SHA-256 over the JSON results of every bundled scenario x every built-in policy x seeds 1..seeds
(default ${DEFAULT_SEEDS}), then one short hash per scenario. Speed work must leave it unchanged.`);
exitQuietlyOnClosedPipe();
const seeds = wholeNumberArg(2, 'seeds', DEFAULT_SEEDS);
const all = createHash('sha256');
let runs = 0;
for (const name of bundledScenarioNames()) {
  const loaded = loadScenario(name);
  if (!loaded.ok) throw new Error(`bundled scenario ${name}: ${loaded.error}`);
  const mine = createHash('sha256');
  for (const policyName of policyNames()) {
    const policy = getPolicy(policyName)!;
    for (let seed = 1; seed <= seeds; seed++) {
      const json = JSON.stringify(simulate(loaded.scenario, { policy, seed, scenarioName: name }));
      all.update(json);
      mine.update(json);
      runs++;
    }
  }
  process.stdout.write(`${mine.digest('hex').slice(0, 16)}  ${name}\n`);
}
const seedRange = seeds === 1 ? 'seed 1' : `seeds 1-${seeds}`;
process.stdout.write(`${all.digest('hex')}  all ${runs} runs (${seedRange})\n`);
