/**
 * Benchmark of `chipsim compare`: wall time of the whole command (process start to exit, as a user
 * sees it) for N replications × 2 policies at several worker counts, the speed-up from 1 to 2
 * workers, and a check that the outputs are byte-identical.
 *
 *   node bin/run-ts.js test/bench/compare.ts [--reps 1000] [--scenario h100-2023]
 *        [--policies pro-rata,favoured] [--workers 1,2] [--repeats 3] [--json]
 *
 * Prints a table (median of --repeats runs per worker count), then one JSON line:
 * {"bench":"compare","scenario","policies","reps","runs","cpus","results":[{"workers","wall_s",
 *  "wall_s_all","runs_per_s","speedup_vs_1"}],"identical":bool,"load_before","load_after",
 *  "target_s":10,"meets_target":bool}
 * The target: 1,000 reps × 2 policies of h100-2023 in ≤ 10 s with the default worker count.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
const dir = mkdtempSync(join(tmpdir(), 'chipsim-bench-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Row {
  workers: number;
  wall_s: number;
  wall_s_all: number[];
  runs_per_s: number;
  speedup_vs_1: number | null;
}

const loadBefore = loadavg()[0]!;
const rows: Row[] = [];
const outputs = new Set<string>();
for (const workers of workerCounts) {
  const walls: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const out = join(dir, `w${workers}-${r}.json`);
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
    if (p.status !== 0) {
      process.stderr.write(p.stderr);
      process.exit(1);
    }
    walls.push(wall);
    // meta.command records how it was run (--workers, --out): the one field allowed to differ
    outputs.add(readFileSync(out, 'utf8').replace(/\n {4}"command": .*\n/, '\n'));
  }
  const wall = median(walls);
  rows.push({
    workers,
    wall_s: +wall.toFixed(3),
    wall_s_all: walls.map((w) => +w.toFixed(3)),
    runs_per_s: +((reps * policies.split(',').length) / wall).toFixed(1),
    speedup_vs_1: null,
  });
}
const base = rows.find((r) => r.workers === 1)?.wall_s;
for (const r of rows) r.speedup_vs_1 = base ? +(base / r.wall_s).toFixed(2) : null;
rmSync(dir, { recursive: true, force: true });

const defaultRow = rows.find((r) => r.workers === availableParallelism());
const line = {
  bench: 'compare',
  scenario,
  policies: policies.split(','),
  reps,
  runs: reps * policies.split(',').length,
  cpus: availableParallelism(),
  results: rows,
  identical: outputs.size === 1,
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
    `load average ${line.load_before} → ${line.load_after} on ${line.cpus} CPUs${line.load_before > line.cpus ? ' (machine busy: figures include waiting)' : ''}\n`,
  );
}
process.stdout.write(JSON.stringify(line) + '\n');
if (!line.identical) process.exitCode = 1;
