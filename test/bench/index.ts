/**
 * `npm run bench [-- NAME… --json --rounds N --runs N --warmup N --no-simpy]`: runs each registered
 * workload on the engine, on its reference (the minimal heap; test/bench/tui-echo.mjs for the TUI) and (when `import simpy` works) in SimPy,
 * in the same run, and prints speed ratios. Every engine or reference measurement runs in a fresh
 * child process (so the peak RSS is its own and one JIT does not warm the other), and the three
 * implementations take turns, round after round; figures are medians over the rounds.
 *
 * Output: a readable table, or with `--json` one JSON line per workload:
 * {"workload","events","events_per_s","loop_s","reference_name","reference_events_per_s","ratio_vs_reference",
 *  "simpy_events_per_s","ratio_vs_simpy","peak_rss_mb", …}
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { engineWorkloads } from './engine-workloads.js';
import { modelWorkloads } from './model-workloads.js';
import { tuiWorkloads } from './tui-workloads.js';
import { scalingWorkload } from './scaling.js';
import { median, type Measurement, type Workload } from './workload.js';

export type { Measurement, Workload } from './workload.js';

/** Every workload the runner knows, in the order it runs them. Register new ones in their own file. */
export const workloads: Workload[] = [...engineWorkloads, ...modelWorkloads, scalingWorkload, ...tuiWorkloads];

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const runTs = fileURLToPath(new URL('../../bin/run-ts.js', import.meta.url));
const self = fileURLToPath(import.meta.url);
const compareBench = fileURLToPath(new URL('./compare.ts', import.meta.url));
const shardBench = fileURLToPath(new URL('./shards.ts', import.meta.url));
const queueBench = fileURLToPath(new URL('./queue.ts', import.meta.url));
/** Name that selects the sensitivity benchmark (test/bench/sensitivity.ts): OAT against compare. */
const SENSITIVITY = 'sensitivity';
const sensitivityBench = fileURLToPath(new URL('./sensitivity.ts', import.meta.url));
/** Name that selects the experiment benchmark (test/bench/compare.ts), which runs last. */
const COMPARE = 'compare';
/** Name that selects the start-up benchmark (test/bench/startup.ts): CLI --version and pool ready. */
const STARTUP = 'startup';
const startupBench = fileURLToPath(new URL('./startup.ts', import.meta.url));
const simpyScript = fileURLToPath(new URL('./simpy-workloads.py', import.meta.url));

interface ChildResult {
  events: number;
  loop_s: number;
  loop_s_all: number[];
  check: Record<string, number>;
  peak_rss_mb: number;
}

export interface BenchLine {
  workload: string;
  events: number;
  events_per_s: number;
  loop_s: number;
  /** What the reference is: `minimal heap`, or the workload's own (`tui-echo`). */
  reference_name: string | null;
  reference_events_per_s: number | null;
  reference_loop_s: number | null;
  ratio_vs_reference: number | null;
  simpy_events_per_s: number | null;
  simpy_loop_s: number | null;
  ratio_vs_simpy: number | null;
  peak_rss_mb: number;
  rounds: number;
  check: Record<string, number>;
  /** Model workloads: (loop + fold) ÷ (events × hold's time per event), median and range over rounds. */
  vs_hold?: number;
  vs_hold_low?: number;
  vs_hold_high?: number;
  /** Headline figures of the workload (its `topLevel` check keys), e.g. cost_ratio. */
  [headline: string]: unknown;
}

/**
 * Child mode: run one implementation of one workload, `warmup` unmeasured runs then `runs`
 * measured ones, and print one JSON line (median loop time, and the peak RSS of this process).
 */
function child(name: string, impl: string, runs: number, warmup: number): void {
  const w = workloads.find((x) => x.name === name);
  const fn = w === undefined ? undefined : impl === 'reference' ? w.reference : w.run;
  if (w === undefined || fn === undefined) throw new Error(`no ${impl} implementation of workload '${name}'`);
  const gc = (globalThis as { gc?: () => void }).gc;
  const measured: Measurement[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    gc?.();
    const m = fn.call(w);
    if (i >= warmup) measured.push(m);
  }
  const loop = median(measured.map((r) => r.loopSeconds));
  const mid = measured.find((r) => r.loopSeconds === loop) ?? measured[measured.length - 1]!;
  const out: ChildResult = {
    events: mid.events,
    loop_s: loop,
    loop_s_all: measured.map((r) => r.loopSeconds),
    check: mid.check ?? {},
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function runChild(name: string, impl: 'engine' | 'reference', runs: number, warmup: number): ChildResult {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', runTs, self, '--child', name, '--impl', impl, '--runs', String(runs), '--warmup', String(warmup)],
    { encoding: 'utf8', cwd: repoRoot, maxBuffer: 1 << 24 },
  );
  if (r.status !== 0) throw new Error(`bench child ${name}/${impl} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
}

/** The python that can `import simpy`, trying `python3` on PATH then `/usr/bin/python3`. */
function findSimpyPython(): string | null {
  for (const py of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import simpy'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return null;
}

function runSimpy(py: string, mode: string): { events: number | null; loop_s: number } {
  const r = spawnSync(py, [simpyScript, mode], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`simpy-workloads.py ${mode} failed:\n${r.stderr}`);
  const out = JSON.parse(r.stdout.trim()) as { events?: number; loop_s: number };
  return { events: out.events ?? null, loop_s: out.loop_s };
}

interface Sample {
  events: number;
  loop: number;
}

/**
 * Measures `w` in `rounds` interleaved rounds (engine, reference, SimPy, one after the other, so a
 * noisy neighbour slows all three alike). Figures are medians over rounds; a ratio is the median of
 * the per-round ratios, each taken between runs made seconds apart.
 */
function measure(w: Workload, rounds: number, runs: number, warmup: number, py: string | null): BenchLine {
  const engine: ChildResult[] = [];
  const ref: Sample[] = [];
  const simpy: Sample[] = [];
  const vsHold: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const e = runChild(w.name, 'engine', runs, warmup);
    engine.push(e);
    if (w.vsHold !== undefined) {
      const hold = runChild('hold', 'engine', runs, warmup);
      vsHold.push((e.loop_s + (e.check[w.vsHold] ?? 0) / 1000) / ((e.events * hold.loop_s) / hold.events));
    }
    if (w.reference) {
      const r = runChild(w.name, 'reference', runs, warmup);
      ref.push({ events: r.events, loop: r.loop_s });
    }
    if (py !== null && w.simpy !== undefined) {
      const s = runSimpy(py, w.simpy);
      simpy.push({ events: w.simpyEvents === 'own' && s.events !== null ? s.events : e.events, loop: s.loop_s });
    }
  }
  const eng: Sample[] = engine.map((e) => ({ events: e.events, loop: e.loop_s }));
  const eps = (x: Sample): number => x.events / x.loop;
  /** Engine speed over `other`'s in the same round: events/s ratio, or loop-time ratio. */
  const speed = (a: Sample, other: Sample): number =>
    w.figure === 'events_per_s' ? eps(a) / eps(other) : other.loop / a.loop;
  const ratio = (others: Sample[]): number | null =>
    others.length === 0 ? null : median(others.map((o, i) => speed(eng[i]!, o)));
  const loop = median(eng.map((x) => x.loop));
  const mid = engine.find((e) => e.loop_s === loop) ?? engine[engine.length - 1]!;
  return {
    workload: w.name,
    events: mid.events,
    events_per_s: median(eng.map(eps)),
    loop_s: loop,
    reference_name: ref.length > 0 ? (w.referenceName ?? 'minimal heap') : null,
    reference_events_per_s: ref.length > 0 ? median(ref.map(eps)) : null,
    reference_loop_s: ref.length > 0 ? median(ref.map((x) => x.loop)) : null,
    ratio_vs_reference: ratio(ref),
    simpy_events_per_s: simpy.length > 0 ? median(simpy.map(eps)) : null,
    simpy_loop_s: simpy.length > 0 ? median(simpy.map((x) => x.loop)) : null,
    ratio_vs_simpy: ratio(simpy),
    peak_rss_mb: Math.max(...engine.map((e) => e.peak_rss_mb)),
    rounds,
    check: mid.check,
    ...Object.fromEntries((w.topLevel ?? []).map((k) => [k, mid.check[k] ?? null])),
    // The spread over rounds beside the median: it moves by ±10 % between runs on these machines.
    ...(vsHold.length > 0
      ? { vs_hold: median(vsHold), vs_hold_low: Math.min(...vsHold), vs_hold_high: Math.max(...vsHold) }
      : {}),
  };
}

const fmt = (x: number | null, digits = 2): string => (x === null ? '—' : x.toFixed(digits));
const mega = (x: number | null): string => (x === null ? '—' : `${(x / 1e6).toFixed(2)} M`);

function table(lines: BenchLine[]): string {
  const head = [
    'workload',
    'events',
    'events/s',
    'loop s',
    'ref events/s',
    'ref loop s',
    '× ref',
    'SimPy events/s',
    'SimPy loop s',
    '× SimPy',
    'peak MB',
    'check',
  ];
  const rows = lines.map((l) => [
    l.workload,
    l.events.toLocaleString('en'),
    mega(l.events_per_s),
    fmt(l.loop_s, 3),
    mega(l.reference_events_per_s),
    fmt(l.reference_loop_s, 3),
    fmt(l.ratio_vs_reference),
    mega(l.simpy_events_per_s),
    fmt(l.simpy_loop_s, 3),
    fmt(l.ratio_vs_simpy),
    fmt(l.peak_rss_mb, 0),
    [
      ...Object.entries(l.check).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(3)}`),
      ...(l.vs_hold !== undefined
        ? [`vs_hold=${l.vs_hold.toFixed(3)} (rounds ${fmt(l.vs_hold_low ?? null)}–${fmt(l.vs_hold_high ?? null)})`]
        : []),
    ].join(' '),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => (i === 0 || i === r.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}

const USAGE = `usage: npm run bench [-- NAME… --json --rounds N --runs N --warmup N --no-simpy]
  NAME       workloads to run (default: all): ${[...workloads.map((w) => w.name), STARTUP, COMPARE, SENSITIVITY].join(', ')}
  --json     one JSON line per workload instead of the table
  --rounds N interleaved rounds of engine, reference and SimPy (default 5); figures are medians
  --runs N   timed runs per measurement (default 1)
  --warmup N unmeasured runs before them (default 1)
  --no-simpy leave SimPy out (it runs when a python3 can import simpy)`;

/** A bad argument: one line on stderr, exit 2, no stack trace. */
class UsageError extends Error {}

function main(argv: string[]): void {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const count = (name: string, fallback: number, min: number): number => {
    const v = Number(flag(name) ?? fallback);
    if (!Number.isInteger(v) || v < min) throw new UsageError(`${name} must be an integer ≥ ${min}, got ${flag(name)}`);
    return v;
  };
  const rounds = count('--rounds', 5, 1);
  const runs = count('--runs', 1, 1);
  const warmup = count('--warmup', 1, 0);
  const childName = flag('--child');
  if (childName !== undefined) return child(childName, flag('--impl') ?? 'engine', runs, warmup);

  const json = argv.includes('--json');
  const valueFlags = new Set(['--rounds', '--runs', '--warmup']);
  const badFlag = argv.find((a) => a.startsWith('-') && !valueFlags.has(a) && a !== '--json' && a !== '--no-simpy');
  if (badFlag !== undefined) throw new UsageError(`unknown option ${badFlag} (npm run bench -- --help lists them)`);
  const names = argv.filter((a, i) => !a.startsWith('--') && !valueFlags.has(argv[i - 1] ?? ''));
  const unknown = names.filter(
    (n) => n !== COMPARE && n !== STARTUP && n !== SENSITIVITY && !workloads.some((w) => w.name === n),
  );
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown workload(s) ${unknown.join(', ')}; known: ${[...workloads.map((w) => w.name), STARTUP, COMPARE, SENSITIVITY].join(', ')}`,
    );
  }
  const chosen = names.length > 0 ? workloads.filter((w) => names.includes(w.name)) : workloads;
  const runCompareBench = names.length === 0 || names.includes(COMPARE);
  const runStartupBench = names.length === 0 || names.includes(STARTUP);
  const runSensitivityBench = names.length === 0 || names.includes(SENSITIVITY);

  const note = (s: string): void => void (json ? process.stderr : process.stdout).write(`${s}\n`);
  let py: string | null = null;
  if (argv.includes('--no-simpy')) note('SimPy: skipped (--no-simpy)');
  else if ((py = findSimpyPython()) === null)
    note('SimPy: skipped (no python3 can import simpy; apt-get install -y python3-simpy3)');
  if (!json) {
    note(
      `node ${process.version}, ${cpus().length} CPU(s); ${rounds} interleaved round(s) of engine, reference, SimPy; ` +
        `per round ${warmup} warm-up + ${runs} timed run(s) in a fresh process; set-up excluded; medians`,
    );
    for (const w of chosen) note(`  ${w.name}: ${w.description}`);
  }
  const lines: BenchLine[] = [];
  for (const w of chosen) {
    const l = measure(w, rounds, runs, warmup, py);
    lines.push(l);
    if (json) process.stdout.write(`${JSON.stringify(l)}\n`);
  }
  if (!json && chosen.length > 0) {
    process.stdout.write(`\n${table(lines)}\n\n`);
    note('× ref, × SimPy: how many times faster the engine is (events/s ratio for hold, loop-time ratio for');
    note('loop_s workloads), the median of per-round ratios. peak MB: peak RSS of the engine child process');
    note("(node + tsx alone: about 75 MB). SimPy mm1 events/s: the workload's event count over SimPy's loop time.");
  }
  if (runStartupBench) {
    if (!json) note('\nstart-up: compiled CLI --version against node -e 0, and a pool of 2 workers ready');
    const r = spawnSync(process.execPath, [runTs, startupBench, ...(json ? ['--json'] : [])], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (r.status !== 0) process.exitCode = r.status ?? 1;
  }
  if (runCompareBench) {
    // The experiment benchmark times whole `chipsim compare` commands at 1 and 2 workers (test/bench/compare.ts).
    if (!json)
      note(
        '\ncompare: 1,000 replications × 2 policies of h100-2023, whole command, by worker count; ' +
          'ratio_vs_ideal: 2 workers against the same replications run in-process (÷ 2)',
      );
    const r = spawnSync(process.execPath, [runTs, compareBench, ...(json ? ['--json'] : [])], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (r.status !== 0) process.exitCode = r.status ?? 1;
    // Sharding: N shards in turn + merge against the unsharded run (test/bench/shards.ts).
    if (!json) note('\nshards: 200 replications × 2 policies of h100-2023, N shards one after another + merge');
    const s = spawnSync(process.execPath, [runTs, shardBench, ...(json ? ['--json'] : [])], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (s.status !== 0) process.exitCode = s.status ?? 1;
    // Queue mode: 1 and 2 `chipsim worker`s on a redis-server of its own against local --workers 2 (test/bench/queue.ts).
    if (!json)
      note('\nqueue: 400 replications × 2 policies of h100-2023, --chunk 8, 1 and 2 workers vs local --workers 2');
    const q = spawnSync(process.execPath, [runTs, queueBench, ...(json ? ['--json'] : [])], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (q.status !== 0) process.exitCode = q.status ?? 1;
  }
  if (runSensitivityBench) {
    if (!json)
      note('\nsensitivity: 20-parameter OAT of h100-2023, 50 reps × 2 policies, against compare with as many runs');
    const r = spawnSync(process.execPath, [runTs, sensitivityBench, ...(json ? ['--json'] : [])], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (r.status !== 0) process.exitCode = r.status ?? 1;
  }
}

try {
  main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  process.stderr.write(`bench: ${e.message}\n`);
  process.exitCode = 2;
}
