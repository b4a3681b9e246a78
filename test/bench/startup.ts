/**
 * Start-up benchmark (issue 11): the compiled CLI's `--version` against a bare `node -e 0`, taking
 * turns round after round, as the median of per-round ratios (target ≤ 4×); and the time for a
 * worker pool of 2 to report ready with the real model task (target ≤ 0.3 s), timed inside a fresh
 * process from the dist/ build (npm test and bin/chipsim.js keep it current).
 *
 *   node bin/run-ts.js test/bench/startup.ts [--rounds 10] [--json]
 *
 * Prints a table, or with --json one line per figure:
 * {"bench":"startup","figure","value","unit","reference","ratio","target","meets_target","rounds"}
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fileURLToPath } from 'node:url';
import { median } from './workload.js';

const args = process.argv.slice(2);
const i = args.indexOf('--rounds');
const rounds = i >= 0 ? Number(args[i + 1]) : 10;
const json = args.includes('--json');
const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));

/** Wall seconds of one command, process start to exit. */
function wall(argv: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, argv, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`node ${argv.join(' ')} exited ${r.status}`);
  return (performance.now() - t0) / 1000;
}

// A file, not `node -e`: workers inherit the parent's execArgv, and --input-type breaks them.
// scenarioVaries: false is what the pool executor passes for a compare (no design points).
const POOL_PROBE = `const DIST = ${JSON.stringify(pathToFileURL(join(root, 'dist')).href)};
const { WorkerPool } = await import(DIST + '/sim/pool.js');
const { DEFAULT_BOOTSTRAP, WORKER_TASK_MODULE, MODEL_RUNNER_MODULE } = await import(DIST + '/models/experiment/experiment.js');
const { loadScenario } = await import(DIST + '/scenarios/index.js');
const loaded = loadScenario('h100-2023');
const init = { runnerModule: MODEL_RUNNER_MODULE, runnerInit: { scenarioName: loaded.name, scenario: loaded.scenario, policies: ['pro-rata', 'favoured'], scenarioVaries: false } };
const t0 = performance.now();
const pool = await WorkerPool.start({ bootstrap: DEFAULT_BOOTSTRAP, module: WORKER_TASK_MODULE, init, size: 2 });
process.stdout.write(String((performance.now() - t0) / 1000));
await pool.close();
`;

const probeDir = mkdtempSync(join(tmpdir(), 'chipsim-startup-'));
const probe = join(probeDir, 'pool-probe.mjs');
writeFileSync(probe, POOL_PROBE);
process.on('exit', () => rmSync(probeDir, { recursive: true, force: true }));

function poolReady(): number {
  const r = spawnSync(process.execPath, [probe], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pool probe failed: ${r.stderr}`);
  return Number(r.stdout);
}

wall([bin, '--version']); // a stale build is rebuilt here, not inside a timed run
const bare: number[] = [];
const version: number[] = [];
const ratios: number[] = [];
const pool: number[] = [];
for (let r = 0; r < rounds; r++) {
  const b = wall(['-e', '0']);
  const v = wall([bin, '--version']);
  bare.push(b);
  version.push(v);
  ratios.push(v / b);
  pool.push(poolReady());
}

const lines = [
  {
    figure: 'cli --version',
    value: median(version),
    unit: 's',
    reference: median(bare),
    ratio: median(ratios),
    target: 4,
    meets_target: median(ratios) <= 4,
  },
  {
    figure: 'pool of 2 ready',
    value: median(pool),
    unit: 's',
    reference: null,
    ratio: null,
    target: 0.3,
    meets_target: median(pool) <= 0.3,
  },
];
if (json) {
  for (const l of lines) process.stdout.write(`${JSON.stringify({ bench: 'startup', ...l, rounds })}\n`);
} else {
  const f = (x: number | null, d = 3) => (x === null ? '—' : x.toFixed(d));
  process.stdout.write(
    `figure            median s  node -e 0 s  ratio  target  ok\n` +
      lines
        .map(
          (l) =>
            `${l.figure.padEnd(16)}  ${f(l.value).padStart(8)}  ${f(l.reference).padStart(11)}  ${f(l.ratio, 2).padStart(5)}  ${String(l.target).padStart(6)}  ${l.meets_target ? 'yes' : 'NO'}`,
        )
        .join('\n') +
      `\n(${rounds} rounds; ratio: median of per-round --version ÷ node -e 0; target: ≤ ratio for --version, ≤ s for the pool)\n`,
  );
}
