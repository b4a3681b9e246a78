/** Prints the h100-2023 calibration figures over N seeds: node bin/run-ts.js scripts/calibration.ts [seeds] [policy]. */
import { loadScenario } from '../scenarios/index.js';
import { simulate } from '../models/simulate.js';
import { getPolicy, policyNames } from '../models/policies/index.js';
import { calibrationFigures } from '../models/calibration.js';
import { exitQuietlyOnClosedPipe, wholeNumberArg } from './script-args.js';

exitQuietlyOnClosedPipe();
const seeds = wholeNumberArg(2, 'seeds', 20);
const policyName = process.argv[3] ?? 'pro-rata';
const policy = getPolicy(policyName);
if (!policy) {
  process.stderr.write(
    `policy: unknown policy ${JSON.stringify(policyName)}; valid names: ${policyNames().join(', ')}\n`,
  );
  process.exit(2);
}
const loaded = loadScenario('h100-2023');
if (!loaded.ok) throw new Error(loaded.error);
const runs = Array.from({ length: seeds }, (_, i) =>
  simulate(loaded.scenario, { policy, seed: i + 1, scenarioName: 'h100-2023' }),
);
const f = calibrationFigures(runs);
const row = (what: string, value: string, target: string) => console.log(`| ${what} | ${value} | ${target} |`);
console.log(`| figure (mean of ${seeds} seeds, ${policy.name}) | chipsim | sourced range |`);
console.log('|---|---|---|');
row('median wafer start → delivery', `${f.medianCycleWeeks.toFixed(1)} weeks`, '22–32 weeks (A7)');
row('H100 delivered in 2023', `${Math.round(f.delivered2023 / 1000)}k`, '400k–750k (A5)');
row('CoWoS utilisation 2023', f.util2023.cowos!.toFixed(3), '≥ 0.9 and the highest (A2)');
row(
  'next most utilised stage 2023',
  Object.entries(f.util2023)
    .filter(([id]) => id !== 'cowos')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 1)
    .map(([id, u]) => `${id} ${u.toFixed(3)}`)
    .join(''),
  'below CoWoS',
);
row('wait of orders placed H2 2023', `${f.waitH2_2023.toFixed(1)} weeks`, '≥ 26 weeks (A6)');
row('wait of orders placed Q2 2024', `${f.waitQ2_2024.toFixed(1)} weeks`, '≤ 16 weeks (A6)');
