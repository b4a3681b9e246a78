/**
 * The README's benchmark table from `npm run bench -- --json` lines (scripts/readme-bench.ts): one
 * row per workload (engine or model vs its references), the start-up figures and the compare runs,
 * placed between the BENCH_START / BENCH_END markers with the date and a machine line.
 */
export const BENCH_START = '<!-- bench:start (scripts/readme-bench.ts rewrites this table) -->';
export const BENCH_END = '<!-- bench:end -->';

type Line = Record<string, unknown>;
const isLine = (x: unknown): x is Line => typeof x === 'object' && x !== null && !Array.isArray(x);
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const fixed = (x: unknown, d: number) => (num(x) === null ? '—' : num(x)!.toFixed(d));
const millions = (x: unknown) => (num(x) === null ? '—' : `${(num(x)! / 1e6).toFixed(2)} M/s`);
const times = (x: unknown) => (num(x) === null ? '—' : `${num(x)!.toFixed(2)} ×`);

function workloadRow(l: Line): string {
  const perSecond = l['events_per_s'] !== undefined && l['workload'] === 'hold';
  const chipsim = perSecond
    ? `${millions(l['events_per_s'])}, ${fixed(l['peak_rss_mb'], 0)} MB peak`
    : `${fixed(num(l['loop_s']) === null ? null : num(l['loop_s'])! * 1000, 1)} ms loop`;
  // Lines written before reference_name existed came from the minimal heap, except the TUI's.
  const refName =
    typeof l['reference_name'] === 'string'
      ? l['reference_name']
      : l['workload'] === 'tui'
        ? 'tui-echo'
        : 'minimal heap';
  const refShort = refName === 'minimal heap' ? 'heap' : refName;
  const refs = [
    num(l['reference_loop_s']) !== null
      ? `${refName} ${perSecond ? millions(l['reference_events_per_s']) : `${fixed(num(l['reference_loop_s'])! * 1000, 1)} ms`}`
      : null,
    num(l['simpy_loop_s']) !== null
      ? `SimPy ${perSecond ? millions(l['simpy_events_per_s']) : `${fixed(num(l['simpy_loop_s'])! * 1000, 0)} ms`}`
      : null,
  ].filter((x) => x !== null);
  const ratios = [
    num(l['ratio_vs_reference']) !== null ? `${times(l['ratio_vs_reference'])} ${refShort}` : null,
    num(l['ratio_vs_simpy']) !== null ? `${times(l['ratio_vs_simpy'])} SimPy` : null,
    // a model replication against its events at the engine's per-event time on hold (issue 11: ≤ 3)
    num(l['vs_hold']) !== null
      ? `${times(l['vs_hold'])} hold per event${holdSpread(l)} (${verdict(num(l['vs_hold'])! <= 3)} target 3)`
      : null,
  ].filter((x) => x !== null);
  const events = num(l['events']) === null ? '' : ` (${Math.round(num(l['events'])!).toLocaleString('en-US')} events)`;
  return `| ${String(l['workload'])}${events} | ${chipsim} | ${refs.join(' · ') || '—'} | ${ratios.join(' · ') || '—'} |`;
}

const verdict = (ok: boolean) => (ok ? 'meets' : 'misses');

/** `, rounds 3.16–3.61` when the line has the spread of vs_hold over its rounds (bench lines since 2026-12-04). */
function holdSpread(l: Line): string {
  const low = num(l['vs_hold_low']);
  const high = num(l['vs_hold_high']);
  return low === null || high === null ? '' : `, rounds ${fixed(low, 2)}–${fixed(high, 2)}`;
}

/** The TUI's key latencies at 160×48 (scripts/tui-keys.sh), against issue 16's budgets. */
function tuiKeysRow(l: Line): string | null {
  const c = isLine(l['check']) ? l['check'] : null;
  if (c === null || num(c['step_ms']) === null) return null;
  const jumps = [c['week_ms'], c['month_ms'], c['end_ms']].map(num).filter((x): x is number => x !== null);
  const worstJump = jumps.length > 0 ? Math.max(...jumps) : null;
  const ms = (x: unknown) => `${fixed(x, 1)} ms`;
  const ok =
    num(c['step_ms'])! <= 50 && (worstJump === null || worstJump <= 100) && (num(c['first_frame_ms']) ?? 0) <= 1500;
  return (
    `| tui keys at 160×48: step, back, week, month, End; first frame | ${ms(c['step_ms'])}, ${ms(c['step_back_ms'])}, ` +
    `${ms(c['week_ms'])}, ${ms(c['month_ms'])}, ${ms(c['end_ms'])}; ${fixed(c['first_frame_ms'], 0)} ms | ` +
    `budget 50 ms step, 100 ms jumps, 1,500 ms first frame | ${ok ? 'meets all' : 'misses a budget'} |`
  );
}

function sensitivityRow(l: Line): string {
  return `| sensitivity: ${String(l['parameters'])}-parameter OAT of ${String(l['scenario'])}, ${(num(l['runs']) ?? 0).toLocaleString('en-US')} runs | ${fixed(l['oat_s'], 1)} s | compare with as many runs ${fixed(l['compare_s'], 1)} s | ${times(l['ratio'])} (${verdict(l['meets_target'] === true)} target ${String(l['target_ratio'])}) |`;
}

function queueRows(l: Line): string[] {
  const results = (Array.isArray(l['results']) ? l['results'] : []).filter(isLine);
  return results.map(
    (r) =>
      `| queue: ${String(l['reps'])} reps × 2 policies, ${String(r['queue_workers'])} worker${r['queue_workers'] === 1 ? '' : 's'}, chunk ${String(r['chunk'])} | ${fixed(r['queue_s'], 2)} s | local --workers ${String(l['local_workers'])}: ${fixed(l['local_s'], 2)} s | ${times(r['per_rep_overhead'])} per replication (${verdict(num(r['per_rep_overhead']) !== null && num(r['per_rep_overhead'])! <= 1.3)} target 1.3) |`,
  );
}

function shardRows(l: Line): string[] {
  const results = (Array.isArray(l['results']) ? l['results'] : []).filter(isLine);
  return results.map(
    (r) =>
      `| shards: ${String(l['reps'])} reps in ${String(r['shards'])} shard${r['shards'] === 1 ? '' : 's'} (one after another) + merge | ${fixed(r['shards_s'], 2)} s + ${fixed(r['merge_s'], 2)} s | unsharded ${fixed(l['unsharded_s'], 2)} s | merge ${times(r['merge_vs_unsharded'])} unsharded |`,
  );
}

function startupRow(l: Line): string {
  const ref = num(l['reference']) === null ? '—' : `node -e 0: ${fixed(l['reference'], 3)} s`;
  const ratio = num(l['ratio']) === null ? '—' : times(l['ratio']);
  const ok = l['meets_target'] === true ? 'meets' : 'misses';
  return `| start-up: ${String(l['figure'])} | ${fixed(l['value'], 3)} s | ${ref} | ${ratio} (${ok} target ${String(l['target'])}) |`;
}

function compareRow(l: Line): string {
  const results = (Array.isArray(l['results']) ? l['results'] : []).filter(isLine);
  const walls = results.map(
    (r) => `${fixed(r['wall_s'], 1)} s (${String(r['workers'])} worker${r['workers'] === 1 ? '' : 's'})`,
  );
  const best = results.map((r) => num(r['speedup_vs_1'])).filter((x): x is number => x !== null && x !== 1);
  const reps = num(l['reps']) ?? 0;
  const row = `| compare: ${reps.toLocaleString('en-US')} reps × ${String(l['policies']).split(',').length} policies, whole command | ${walls.join(', ')} | — | ${best.length ? `${times(Math.max(...best))} from 1 worker` : '—'} |`;
  if (num(l['ratio_vs_ideal']) === null) return row;
  const two = results.find((r) => r['workers'] === 2);
  const ok = l['meets_ratio_target'] === true ? 'meets' : 'misses';
  const ideal = `${row}\n| compare: 2 workers vs ideal (runs × one in-process replication ÷ 2) | ${fixed(two?.['wall_s'], 1)} s | ideal ${fixed(l['ideal_2_workers_s'], 1)} s (${fixed(l['one_replication_ms'], 1)} ms per replication) | ${times(l['ratio_vs_ideal'])} (${ok} target ${String(l['ratio_target'])}) |`;
  // older bench lines have no concurrent pass
  if (num(l['ratio_vs_concurrent']) === null) return ideal;
  return `${ideal}\n| compare: 2 workers vs the same runs in 2 processes at once (no pool) | ${fixed(two?.['wall_s'], 1)} s | ${fixed(l['concurrent_pass_s'], 1)} s (two busy cores: ${times(l['core_scaling'])} one) | ${times(l['ratio_vs_concurrent'])} |`;
}

/** The table (with its date and machine line) for the bench's JSON lines; other lines are skipped. */
export function benchTable(jsonLines: readonly string[], date: string, machine: string): string {
  const rows: string[] = [];
  for (const text of jsonLines) {
    let l: unknown;
    try {
      l = JSON.parse(text);
    } catch {
      continue;
    }
    if (!isLine(l)) continue;
    if (typeof l['workload'] === 'string') {
      rows.push(workloadRow(l));
      const keys = l['workload'] === 'tui' ? tuiKeysRow(l) : null;
      if (keys !== null) rows.push(keys);
    } else if (l['bench'] === 'sensitivity-oat') rows.push(sensitivityRow(l));
    else if (l['bench'] === 'queue') rows.push(...queueRows(l));
    else if (l['bench'] === 'shards') rows.push(...shardRows(l));
    else if (l['bench'] === 'startup') rows.push(startupRow(l));
    else if (l['bench'] === 'compare') rows.push(compareRow(l));
  }
  return [
    `Measured ${date} on ${machine} (medians; ratios are what carry over):`,
    '',
    '| workload | chipsim | reference | ratio |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/**
 * Whether SimPy ran in the bench `jsonLines` came from: each line of a workload that SimPy has too
 * (`withSimpy`, by name) carries a SimPy time. True when no such workload was run.
 */
export function simpyRan(jsonLines: string, withSimpy: readonly string[]): boolean {
  return jsonLines.split('\n').every((text) => {
    let l: unknown;
    try {
      l = JSON.parse(text);
    } catch {
      return true;
    }
    if (!isLine(l) || typeof l['workload'] !== 'string' || !withSimpy.includes(l['workload'])) return true;
    return num(l['simpy_loop_s']) !== null;
  });
}

/** `readme` with the text between the markers replaced; throws when the markers are missing. */
export function replaceBenchTable(readme: string, table: string): string {
  const start = readme.indexOf(BENCH_START);
  const end = readme.indexOf(BENCH_END);
  if (start < 0 || end < start) throw new Error(`README has no ${BENCH_START} … ${BENCH_END} block`);
  return `${readme.slice(0, start + BENCH_START.length)}\n${table}\n${readme.slice(end)}`;
}
