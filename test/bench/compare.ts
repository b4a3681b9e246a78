/**
 * Benchmark of `chipsim compare`: wall time of the whole command (process start to exit, as a user
 * sees it) for N replications × 2 policies at several worker counts, the speed-up from 1 to 2
 * workers, and a check that the outputs are byte-identical.
 *
 *   node bin/run-ts.js test/bench/compare.ts [--reps 1000] [--scenario h100-2023]
 *        [--policies pro-rata,favoured] [--workers 1,2] [--repeats 3] [--json]
 *
 * Each repeat runs the command once per worker count, then the same (policy, seed) replications
 * in this process, one after another, through the task handler the workers use (dist/ build):
 * their mean wall time is "one replication" of issue 11's ideal, runs × one replication ÷ 2, and
 * `ratio_vs_ideal` is the 2-worker command's wall time over that ideal in the same repeat (median
 * over repeats; target ≤ 1.25); `cpu_ratio_vs_ideal` is the same in CPU time (Linux), which a busy
 * machine does not inflate. The in-process pass warms up as the workers do (same task count).
 * A concurrent pass then runs the same replications in two processes at once, half each
 * (in-process-half.ts): `core_scaling` is how much faster two busy cores are than one (2 at best)
 * and `ratio_vs_concurrent` the 2-worker command over it, the part of the overhead that is the
 * pool's, not the machine's. The target stays on ratio_vs_ideal.
 *
 * Prints a table (median of --repeats runs per worker count), then one JSON line:
 * {"bench":"compare","scenario","policies","reps","runs","cpus","results":[{"workers","wall_s",
 *  "wall_s_all","runs_per_s","speedup_vs_1"}],"identical":bool,"one_replication_ms",
 *  "one_replication_ms_all","one_replication_cpu_ms","ideal_2_workers_s","ratio_vs_ideal",
 *  "ratio_vs_ideal_all","ratio_target":1.25,"concurrent_pass_s","concurrent_pass_s_all","core_scaling",
 *  "ratio_vs_concurrent","cpu_s_2_workers","cpu_ratio_vs_ideal","meets_ratio_target","load_before","load_after",
 *  "target_s":10,"meets_target":bool}
 * The target: 1,000 reps × 2 policies of h100-2023 in ≤ 10 s with the default worker count.
 */
import { spawn, spawnSync } from 'node:child_process';
import { runPass } from './in-process-pass.js';
import { median } from './workload.js';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const reps = Number(flag('reps', '1000'));
const scenario = flag('scenario', 'h100-2023');
const policies = flag('policies', 'pro-rata,favoured');
const workerCounts = flag('workers', [...new Set([1, 2, availableParallelism()])].join(','))
  .split(',')
  .map(Number);
const repeats = Number(flag('repeats', '3'));
const jsonOnly = args.includes('--json');

const bin = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));
const runTs = fileURLToPath(new URL('../../bin/run-ts.js', import.meta.url));
const halfScript = fileURLToPath(new URL('./in-process-half.ts', import.meta.url));
// explicit, so the in-process pass runs exactly the command's (policy, seed) pairs
const SEED = 1;
const dir = mkdtempSync(join(tmpdir(), 'chipsim-bench-'));
const runs = reps * policies.split(',').length;
const passSpec = { scenario, policies, reps, seed: SEED };

interface Row {
  workers: number;
  wall_s: number;
  wall_s_all: number[];
  runs_per_s: number;
  speedup_vs_1: number | null;
}

/** The command's replications run in this process, as a worker runs them: mean ms of wall and CPU time. */
async function inProcessReplication(): Promise<{ wallMs: number; cpuMs: number }> {
  const t = await runPass(passSpec);
  return { wallMs: t.wallMs / t.tasks, cpuMs: t.cpuMs / t.tasks };
}

/**
 * The same replications split over two child processes started together (test/bench/in-process-half.ts):
 * the longer half's wall, s. What two busy cores of this machine do with the work, with no pool,
 * messages or fold; on cores that share a physical core or a memory bus, it is more than half of
 * the one-process pass.
 */
async function concurrentPass(): Promise<number> {
  const startAt = Date.now() + 4000;
  const half = (h: number) =>
    new Promise<number>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          runTs,
          halfScript,
          ...['--scenario', scenario, '--policies', policies, '--reps', String(reps), '--seed', String(SEED)],
          ...['--half', String(h), '--start-at', String(startAt)],
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) reject(new Error(`in-process-half ${h} exited ${String(code)}`));
        else if (Date.now() < startAt) reject(new Error('in-process-half finished before the start time'));
        else resolve((JSON.parse(out) as { wall_ms: number }).wall_ms);
      });
    });
  const walls = await Promise.all([half(0), half(1)]);
  return Math.max(...walls) / 1000;
}

/**
 * CPU seconds (user + system) of the waited-for child processes so far, from /proc/self/stat
 * (cutime, cstime at 100 ticks/s, Linux's USER_HZ); null where there is no /proc.
 */
function childCpuS(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // after "pid (comm) ": state is field 3, so cutime (16) and cstime (17) are at 13 and 14
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const loadBefore = loadavg()[0]!;
const outputs = new Set<string>();
const wallsByWorkers = new Map<number, number[]>(workerCounts.map((w) => [w, []]));
const oneRep: { wallMs: number; cpuMs: number }[] = [];
const ratios: number[] = [];
const concurrent: number[] = [];
const concurrentRatios: number[] = [];
const cpuRatios: number[] = [];
const twoWorkerCpu: number[] = [];
for (let r = 0; r < repeats; r++) {
  for (const workers of workerCounts) {
    const out = join(dir, `w${workers}-${r}.json`);
    const cpu0 = childCpuS();
    const t0 = performance.now();
    const p = spawnSync(
      process.execPath,
      [
        bin,
        'compare',
        scenario,
        '--policies',
        policies,
        '--reps',
        String(reps),
        '--workers',
        String(workers),
        '--seed',
        String(SEED),
        '--format',
        'json',
        '--out',
        out,
      ],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    const wall = (performance.now() - t0) / 1000;
    const cpu1 = childCpuS();
    if (workers === 2 && cpu0 !== null && cpu1 !== null) twoWorkerCpu[r] = cpu1 - cpu0;
    if (p.status !== 0) {
      process.stderr.write(p.stderr);
      process.exit(1);
    }
    wallsByWorkers.get(workers)!.push(wall);
    // meta.command records how it was run (--workers, --out): the one field allowed to differ
    outputs.add(readFileSync(out, 'utf8').replace(/\n {4}"command": .*\n/, '\n'));
  }
  const rep = await inProcessReplication();
  oneRep.push(rep);
  const two = wallsByWorkers.get(2)?.[r];
  if (two !== undefined) ratios.push(two / ((runs * rep.wallMs) / 1000 / 2));
  const both = await concurrentPass();
  concurrent.push(both);
  if (two !== undefined) concurrentRatios.push(two / both);
  const twoCpu = twoWorkerCpu[r];
  if (twoCpu !== undefined) cpuRatios.push(twoCpu / ((runs * rep.cpuMs) / 1000));
}
const rows: Row[] = [];
for (const [workers, walls] of wallsByWorkers) {
  const wall = median(walls);
  rows.push({
    workers,
    wall_s: +wall.toFixed(3),
    wall_s_all: walls.map((w) => +w.toFixed(3)),
    runs_per_s: +(runs / wall).toFixed(1),
    speedup_vs_1: null,
  });
}
const base = rows.find((r) => r.workers === 1)?.wall_s;
for (const r of rows) r.speedup_vs_1 = base ? +(base / r.wall_s).toFixed(2) : null;
// outputs that differ are kept for a diff
if (outputs.size === 1) rmSync(dir, { recursive: true, force: true });
else process.stderr.write(`outputs differ: kept in ${dir}\n`);

const defaultRow = rows.find((r) => r.workers === availableParallelism());
const line = {
  bench: 'compare',
  scenario,
  policies: policies.split(','),
  reps,
  runs,
  cpus: availableParallelism(),
  results: rows,
  identical: outputs.size === 1,
  one_replication_ms: +median(oneRep.map((o) => o.wallMs)).toFixed(3),
  one_replication_ms_all: oneRep.map((o) => +o.wallMs.toFixed(3)),
  one_replication_cpu_ms: +median(oneRep.map((o) => o.cpuMs)).toFixed(3),
  ideal_2_workers_s: +((runs * median(oneRep.map((o) => o.wallMs))) / 1000 / 2).toFixed(3),
  ratio_vs_ideal: ratios.length > 0 ? +median(ratios).toFixed(2) : null,
  ratio_vs_ideal_all: ratios.map((x) => +x.toFixed(2)),
  ratio_target: 1.25,
  // the same replications in two processes at once (no pool): what two busy cores do; the
  // 2-worker command over it is the pool's own overhead, the rest of ratio_vs_ideal is the machine's
  concurrent_pass_s: +median(concurrent).toFixed(3),
  concurrent_pass_s_all: concurrent.map((x) => +x.toFixed(3)),
  core_scaling: +((runs * median(oneRep.map((o) => o.wallMs))) / 1000 / median(concurrent)).toFixed(2),
  ratio_vs_concurrent: concurrentRatios.length > 0 ? +median(concurrentRatios).toFixed(2) : null,
  // the same comparison in CPU time, which waiting for other processes does not inflate: the
  // 2-worker command's CPU (start-up, workers, fold, output) ÷ (runs × in-process CPU per replication)
  cpu_s_2_workers: twoWorkerCpu.length > 0 ? +median(twoWorkerCpu).toFixed(2) : null,
  cpu_ratio_vs_ideal: cpuRatios.length > 0 ? +median(cpuRatios).toFixed(2) : null,
  meets_ratio_target: ratios.length > 0 ? median(ratios) <= 1.25 : null,
  // 1-minute load average before/after: on a shared machine, a load above the CPU count means the
  // figures include waiting for other processes.
  load_before: +loadBefore.toFixed(2),
  load_after: +loadavg()[0]!.toFixed(2),
  target_s: 10,
  meets_target: defaultRow ? defaultRow.wall_s <= 10 : null,
};

if (!jsonOnly) {
  process.stdout.write(
    `chipsim compare ${scenario} --policies ${policies} --reps ${reps} (median of ${repeats}, whole command wall time)\n`,
  );
  process.stdout.write('workers   wall s   runs/s   speed-up vs 1   all runs (s)\n');
  for (const r of rows) {
    process.stdout.write(
      `${String(r.workers).padStart(7)}  ${r.wall_s.toFixed(2).padStart(7)}  ${r.runs_per_s.toFixed(0).padStart(7)}  ${(r.speedup_vs_1 ?? NaN).toFixed(2).padStart(14)}   ${r.wall_s_all.join(', ')}\n`,
    );
  }
  process.stdout.write(`outputs byte-identical across worker counts: ${line.identical ? 'yes' : 'NO'}\n`);
  process.stdout.write(
    `one replication: ${line.one_replication_ms} ms wall (${line.one_replication_cpu_ms} ms CPU), the mean of the same ${runs} (policy, seed) replications run in-process after each repeat (median of ${repeats})\n`,
  );
  if (line.cpu_ratio_vs_ideal !== null)
    process.stdout.write(
      `cpu_ratio_vs_ideal ${line.cpu_ratio_vs_ideal}: 2-worker command CPU ${line.cpu_s_2_workers} s ÷ (${runs} × ${line.one_replication_cpu_ms} ms CPU)\n`,
    );
  process.stdout.write(
    `ratio_vs_ideal ${line.ratio_vs_ideal ?? 'n/a (no 2-worker run)'}: 2-worker wall ÷ (${runs} × one replication ÷ 2 = ${line.ideal_2_workers_s} s), median of per-repeat ratios ${line.ratio_vs_ideal_all.join(', ')}; target ≤ ${line.ratio_target}\n`,
  );
  process.stdout.write(
    `concurrent pass: the same ${runs} replications in 2 processes at once ${line.concurrent_pass_s} s (${line.core_scaling} × one process's speed; 2 would be ideal); 2-worker wall ÷ it = ${line.ratio_vs_concurrent ?? 'n/a'}\n`,
  );
  process.stdout.write(
    `load average ${line.load_before} → ${line.load_after} on ${line.cpus} CPUs${line.load_before > line.cpus ? ' (machine busy: figures include waiting)' : ''}\n`,
  );
}
process.stdout.write(JSON.stringify(line) + '\n');
if (!line.identical) process.exitCode = 1;
