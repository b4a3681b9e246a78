/**
 * `npm run bench [-- NAME… --json --repeats N --no-simpy]`: runs each registered workload on the
 * engine, on the minimal reference heap and (when `import simpy` works) in SimPy, in the same run,
 * and prints speed ratios. Each implementation runs in its own child process (so the peak RSS is its
 * own and one JIT does not warm the other) and is repeated; figures are medians.
 *
 * Output: a readable table, or with `--json` one JSON line per workload:
 * {"workload","events","events_per_s","loop_s","reference_events_per_s","ratio_vs_reference",
 *  "simpy_events_per_s","ratio_vs_simpy","peak_rss_mb", …}
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { engineWorkloads } from './engine-workloads.js';
import { modelWorkloads } from './model-workloads.js';
import type { Measurement, Workload } from './workload.js';

export type { Measurement, Workload } from './workload.js';

/** Every workload the runner knows, in the order it runs them. Register new ones in their own file. */
export const workloads: Workload[] = [...engineWorkloads, ...modelWorkloads];

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const runTs = fileURLToPath(new URL('../../bin/run-ts.js', import.meta.url));
const self = fileURLToPath(import.meta.url);
const simpyScript = fileURLToPath(new URL('../shared/bench/simpy_bench.py', `file://${repoRoot}`));

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
  reference_events_per_s: number | null;
  reference_loop_s: number | null;
  ratio_vs_reference: number | null;
  simpy_events_per_s: number | null;
  simpy_loop_s: number | null;
  ratio_vs_simpy: number | null;
  peak_rss_mb: number;
  repeats: number;
  check: Record<string, number>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Child mode: run one implementation of one workload `repeats` times and print one JSON line. */
function child(name: string, impl: string, repeats: number): void {
  const w = workloads.find((x) => x.name === name);
  const fn = w === undefined ? undefined : impl === 'reference' ? w.reference : w.run;
  if (w === undefined || fn === undefined) throw new Error(`no ${impl} implementation of workload '${name}'`);
  const runs: Measurement[] = [];
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < repeats; i++) {
    gc?.();
    runs.push(fn.call(w));
  }
  const loop = median(runs.map((r) => r.loopSeconds));
  const mid = runs.find((r) => r.loopSeconds === loop) ?? runs[runs.length - 1]!;
  const out: ChildResult = {
    events: mid.events,
    loop_s: loop,
    loop_s_all: runs.map((r) => r.loopSeconds),
    check: mid.check ?? {},
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function runChild(name: string, impl: 'engine' | 'reference', repeats: number): ChildResult {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', runTs, self, '--child', name, '--impl', impl, '--repeats', String(repeats)],
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

function runSimpy(py: string, mode: string, repeats: number): { events: number | null; loop_s: number } {
  const runs: { events?: number; loop_s: number }[] = [];
  for (let i = 0; i < repeats; i++) {
    const r = spawnSync(py, [simpyScript, mode], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`simpy_bench.py ${mode} failed:\n${r.stderr}`);
    runs.push(JSON.parse(r.stdout.trim()) as { events?: number; loop_s: number });
  }
  const loop = median(runs.map((r) => r.loop_s));
  const mid = runs.find((r) => r.loop_s === loop) ?? runs[0]!;
  return { events: mid.events ?? null, loop_s: loop };
}

function measure(w: Workload, repeats: number, py: string | null): BenchLine {
  const engine = runChild(w.name, 'engine', repeats);
  const ref = w.reference ? runChild(w.name, 'reference', repeats) : null;
  const simpy = py !== null && w.simpy !== undefined ? runSimpy(py, w.simpy, repeats) : null;
  const eps = engine.events / engine.loop_s;
  const refEps = ref ? ref.events / ref.loop_s : null;
  let simpyEps: number | null = null;
  if (simpy) simpyEps = (w.simpyEvents === 'own' && simpy.events !== null ? simpy.events : engine.events) / simpy.loop_s;
  const speed = (other: { eps: number | null; loop: number | null }): number | null =>
    w.figure === 'events_per_s'
      ? other.eps === null ? null : eps / other.eps
      : other.loop === null ? null : other.loop / engine.loop_s;
  return {
    workload: w.name,
    events: engine.events,
    events_per_s: eps,
    loop_s: engine.loop_s,
    reference_events_per_s: refEps,
    reference_loop_s: ref?.loop_s ?? null,
    ratio_vs_reference: speed({ eps: refEps, loop: ref?.loop_s ?? null }),
    simpy_events_per_s: simpyEps,
    simpy_loop_s: simpy?.loop_s ?? null,
    ratio_vs_simpy: speed({ eps: simpyEps, loop: simpy?.loop_s ?? null }),
    peak_rss_mb: engine.peak_rss_mb,
    repeats,
    check: engine.check,
  };
}

const fmt = (x: number | null, digits = 2): string => (x === null ? '—' : x.toFixed(digits));
const mega = (x: number | null): string => (x === null ? '—' : `${(x / 1e6).toFixed(2)} M`);

function table(lines: BenchLine[]): string {
  const head = ['workload', 'events', 'events/s', 'loop s', 'ref events/s', '× ref', 'SimPy events/s', '× SimPy', 'peak MB', 'check'];
  const rows = lines.map((l) => [
    l.workload,
    l.events.toLocaleString('en'),
    mega(l.events_per_s),
    fmt(l.loop_s, 3),
    mega(l.reference_events_per_s),
    fmt(l.ratio_vs_reference),
    mega(l.simpy_events_per_s),
    fmt(l.ratio_vs_simpy),
    fmt(l.peak_rss_mb, 0),
    Object.entries(l.check).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(3)}`).join(' '),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 || i === r.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(head), line(widths.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}

function main(argv: string[]): void {
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const repeats = Number(flag('--repeats') ?? 5);
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error('--repeats must be a positive integer');
  const childName = flag('--child');
  if (childName !== undefined) return child(childName, flag('--impl') ?? 'engine', repeats);

  const json = argv.includes('--json');
  const valueFlags = new Set(['--repeats']);
  const names = argv.filter((a, i) => !a.startsWith('--') && !valueFlags.has(argv[i - 1] ?? ''));
  const unknown = names.filter((n) => !workloads.some((w) => w.name === n));
  if (unknown.length > 0) throw new Error(`unknown workload(s) ${unknown.join(', ')}; known: ${workloads.map((w) => w.name).join(', ')}`);
  const chosen = names.length > 0 ? workloads.filter((w) => names.includes(w.name)) : workloads;

  const note = (s: string): void => void (json ? process.stderr : process.stdout).write(`${s}\n`);
  let py: string | null = null;
  if (argv.includes('--no-simpy')) note('SimPy: skipped (--no-simpy)');
  else if (!existsSync(simpyScript)) note(`SimPy: skipped (${simpyScript} not found)`);
  else if ((py = findSimpyPython()) === null) note('SimPy: skipped (no python3 can import simpy; apt-get install -y python3-simpy3)');
  if (!json) {
    note(`node ${process.version}, ${cpus().length} CPU(s), median of ${repeats} run(s); set-up excluded, loop timed`);
    for (const w of chosen) note(`  ${w.name}: ${w.description}`);
  }
  const lines: BenchLine[] = [];
  for (const w of chosen) {
    const l = measure(w, repeats, py);
    lines.push(l);
    if (json) process.stdout.write(`${JSON.stringify(l)}\n`);
  }
  if (!json) process.stdout.write(`\n${table(lines)}\n`);
}

main(process.argv.slice(2));
