/**
 * Benchmark of `chipsim sensitivity --method oat` against `chipsim compare` with the same number of
 * replications, whole commands, measured in the same run (issue #14: the design's overhead is small,
 * target ratio ≤ 2). The OAT has 1 + 2d points of --reps replications × 2 policies; compare gets
 * (1 + 2d) × reps replications so both simulate the same number of runs.
 *
 *   node bin/run-ts.js test/bench/sensitivity.ts [--reps 50] [--parameters 20] [--scenario h100-2023]
 *                                                [--workers 2] [--json]
 *
 * --parameters N keeps the scenario's first N uncertainty ranges (written to a temporary copy both
 * commands run), so the default is the 20-parameter OAT: 41 points × 50 reps × 2 policies.
 * Prints one line, with --json: {"bench":"sensitivity-oat","parameters","points","runs","oat_s",
 * "compare_s","ratio","target_ratio":2,"meets_target"}.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario, uncertainParameters } from '../../scenarios/index.js';
import { LIBRARY_DIR } from '../../scenarios/loader.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const reps = Number(flag('reps', '50'));
const scenarioArg = flag('scenario', 'h100-2023');
const wanted = Number(flag('parameters', '20'));
const json = args.includes('--json');
const workers = flag('workers', '2');
const policies = 'pro-rata,favoured';

const loaded = loadScenario(scenarioArg);
if (!loaded.ok) throw new Error(loaded.error);
const all = uncertainParameters(loaded.scenario).length;
const d = Math.min(all, wanted);
const points = 1 + 2 * d;
const bin = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'chipsim-bench-'));
// The scenario as written (not as parsed: defaults stay implicit), with only its first d ranges.
const file = existsSync(scenarioArg) ? scenarioArg : join(LIBRARY_DIR, `${scenarioArg}.json`);
const raw = JSON.parse(readFileSync(file, 'utf8')) as { uncertainty?: Record<string, unknown> };
raw.uncertainty = Object.fromEntries(Object.entries(raw.uncertainty ?? {}).slice(0, d));
const scenario = join(dir, 'scenario.json');
writeFileSync(scenario, JSON.stringify(raw));

function timed(command: string[]): number {
  const t0 = performance.now();
  const p = spawnSync(process.execPath, [bin, ...command, '--workers', workers, '--quiet', '--no-checkpoint'], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (p.status !== 0) {
    process.stderr.write(p.stderr);
    process.exit(1);
  }
  return (performance.now() - t0) / 1000;
}

const compareS = timed([
  'compare',
  scenario,
  '--policies',
  policies,
  '--reps',
  String(points * reps),
  '--format',
  'json',
]);
const oatS = timed([
  'sensitivity',
  scenario,
  '--policies',
  policies,
  '--metric',
  'diff:fillRate',
  '--reps',
  String(reps),
  '--format',
  'json',
]);
rmSync(dir, { recursive: true, force: true });
const ratio = oatS / compareS;
const line = {
  bench: 'sensitivity-oat',
  scenario: scenarioArg,
  parameters: d,
  points,
  runs: points * reps * 2,
  oat_s: Number(oatS.toFixed(2)),
  compare_s: Number(compareS.toFixed(2)),
  ratio: Number(ratio.toFixed(3)),
  target_ratio: 2,
  meets_target: ratio <= 2,
};
console.log(
  json
    ? JSON.stringify(line)
    : `  ${d}-parameter OAT, ${points} points × ${reps} reps × 2 policies = ${line.runs} runs: ` +
        `sensitivity ${line.oat_s} s, compare (same runs) ${line.compare_s} s, ratio ${line.ratio} ` +
        `(target ≤ 2: ${line.meets_target ? 'met' : 'NOT met'})`,
);
