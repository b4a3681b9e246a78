import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { BENCH_END, BENCH_START, benchTable, simpyRan, replaceBenchTable } from '../../scripts/bench-table.js';

const lines = [
  'SimPy: skipped (not JSON, ignored)',
  JSON.stringify({
    workload: 'hold',
    events: 1_000_000,
    events_per_s: 7_000_000,
    loop_s: 0.143,
    reference_events_per_s: 8_000_000,
    reference_loop_s: 0.125,
    ratio_vs_reference: 0.875,
    simpy_events_per_s: null,
    simpy_loop_s: null,
    ratio_vs_simpy: null,
    peak_rss_mb: 114.4,
  }),
  JSON.stringify({
    workload: 'h100-2023',
    events: 9400,
    loop_s: 0.0123,
    reference_loop_s: null,
    ratio_vs_reference: null,
    simpy_loop_s: null,
    ratio_vs_simpy: null,
  }),
  JSON.stringify({
    workload: 'tui',
    events: 48,
    loop_s: 0.0541,
    reference_loop_s: 0.0139,
    ratio_vs_reference: 0.26,
    simpy_loop_s: null,
    ratio_vs_simpy: null,
  }),
  JSON.stringify({
    bench: 'startup',
    figure: 'cli --version',
    value: 0.2,
    reference: 0.05,
    ratio: 4.5,
    target: 4,
    meets_target: false,
  }),
  JSON.stringify({
    bench: 'compare',
    reps: 1000,
    policies: 'pro-rata,favoured',
    results: [
      { workers: 1, wall_s: 10.94, speedup_vs_1: 1 },
      { workers: 2, wall_s: 6.71, speedup_vs_1: 1.63 },
    ],
  }),
];

test('one row per workload, start-up figure and compare run, under the date and machine line', () => {
  const t = benchTable(lines, '2026-12-01', 'node v20.20.2, 2 × Test CPU, 8 GB');
  expect(t.split('\n')).toEqual([
    'Measured 2026-12-01 on node v20.20.2, 2 × Test CPU, 8 GB (medians; ratios are what carry over):',
    '',
    '| workload | chipsim | reference | ratio |',
    '|---|---|---|---|',
    '| hold (1,000,000 events) | 7.00 M/s, 114 MB peak | minimal heap 8.00 M/s | 0.88 × heap |',
    '| h100-2023 (9,400 events) | 12.3 ms loop | — | — |',
    '| tui (48 events) | 54.1 ms loop | tui-echo 13.9 ms | 0.26 × tui-echo |',
    '| start-up: cli --version | 0.200 s | node -e 0: 0.050 s | 4.50 × (misses target 4) |',
    '| compare: 1,000 reps × 2 policies, whole command | 10.9 s (1 worker), 6.7 s (2 workers) | — | 1.63 × from 1 worker |',
  ]);
});

test('a compare line with a same-run ideal adds its ratio_vs_ideal row after the wall-time row', () => {
  const compare = {
    bench: 'compare',
    reps: 1000,
    policies: 'pro-rata,favoured',
    results: [{ workers: 2, wall_s: 6.71, speedup_vs_1: null }],
    one_replication_ms: 5.2,
    ideal_2_workers_s: 5.2,
    ratio_vs_ideal: 1.29,
    ratio_target: 1.25,
    meets_ratio_target: false,
  };
  expect(
    benchTable([JSON.stringify(compare)], 'd', 'm')
      .split('\n')
      .slice(4),
  ).toEqual([
    '| compare: 1,000 reps × 2 policies, whole command | 6.7 s (2 workers) | — | — |',
    '| compare: 2 workers vs ideal (runs × one in-process replication ÷ 2) | 6.7 s | ideal 5.2 s (5.2 ms per replication) | 1.29 × (misses target 1.25) |',
  ]);
});

test('a compare line with a concurrent pass adds the row against two processes at once', () => {
  const compare = {
    bench: 'compare',
    reps: 1000,
    policies: 'pro-rata,favoured',
    results: [{ workers: 2, wall_s: 6.71, speedup_vs_1: null }],
    one_replication_ms: 5.2,
    ideal_2_workers_s: 5.2,
    ratio_vs_ideal: 1.29,
    ratio_target: 1.25,
    meets_ratio_target: false,
    concurrent_pass_s: 6.1,
    core_scaling: 1.7,
    ratio_vs_concurrent: 1.1,
  };
  expect(
    benchTable([JSON.stringify(compare)], 'd', 'm')
      .split('\n')
      .slice(6),
  ).toEqual([
    '| compare: 2 workers vs the same runs in 2 processes at once (no pool) | 6.7 s | 6.1 s (two busy cores: 1.70 × one) | 1.10 × |',
  ]);
});

test('the TUI row names its reference tui-echo, not the minimal heap (with or without reference_name)', () => {
  const tui = {
    workload: 'tui',
    events: 48,
    loop_s: 0.0541,
    reference_loop_s: 0.0139,
    ratio_vs_reference: 0.26,
    simpy_loop_s: null,
    ratio_vs_simpy: null,
  };
  const row = '| tui (48 events) | 54.1 ms loop | tui-echo 13.9 ms | 0.26 × tui-echo |';
  expect(benchTable([JSON.stringify({ ...tui, reference_name: 'tui-echo' })], 'd', 'm').split('\n')[4]).toBe(row);
  expect(benchTable([JSON.stringify(tui)], 'd', 'm').split('\n')[4]).toBe(row);
});

test('only the text between the markers changes; missing markers are an error', () => {
  const readme = `# x\nbefore\n${BENCH_START}\nold table\n${BENCH_END}\nafter\n`;
  expect(replaceBenchTable(readme, 'NEW')).toBe(`# x\nbefore\n${BENCH_START}\nNEW\n${BENCH_END}\nafter\n`);
  expect(() => replaceBenchTable('# no markers\n', 'NEW')).toThrow(/no <!-- bench:start/);
});

test('the README carries the markers the script rewrites', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  expect(readme.indexOf(BENCH_START)).toBeGreaterThan(0);
  expect(readme.indexOf(BENCH_END)).toBeGreaterThan(readme.indexOf(BENCH_START));
});

test('the h100 row carries vs_hold against its target; tui keys, sensitivity and queue rows name their budgets', () => {
  const lines = [
    { workload: 'h100-2023', events: 10008, loop_s: 0.0049, vs_hold: 3.78 },
    {
      workload: 'tui',
      events: 48,
      loop_s: 0.0287,
      reference_name: 'tui-echo',
      reference_loop_s: 0.0083,
      ratio_vs_reference: 0.31,
      check: { step_ms: 23.9, step_back_ms: 30.7, week_ms: 24.5, month_ms: 129.5, end_ms: 28.7, first_frame_ms: 840 },
    },
    {
      bench: 'sensitivity-oat',
      scenario: 'h100-2023',
      parameters: 20,
      runs: 4100,
      oat_s: 15.17,
      compare_s: 13.67,
      ratio: 1.11,
      target_ratio: 2,
      meets_target: true,
    },
    {
      bench: 'queue',
      reps: 400,
      local_workers: 2,
      local_s: 3.59,
      results: [{ queue_workers: 2, chunk: 8, queue_s: 3.93, per_rep_overhead: 1.4 }],
    },
  ].map((l) => JSON.stringify(l));
  const rows = benchTable(lines, 'd', 'm').split('\n').slice(4);
  expect(rows[0]).toBe('| h100-2023 (10,008 events) | 4.9 ms loop | — | 3.78 × hold per event (misses target 3) |');
  const spread = {
    workload: 'h100-2023',
    events: 10008,
    loop_s: 0.0049,
    vs_hold: 2.9,
    vs_hold_low: 2.71,
    vs_hold_high: 3.2,
  };
  expect(benchTable([JSON.stringify(spread)], 'd', 'm').split('\n')[4]).toBe(
    '| h100-2023 (10,008 events) | 4.9 ms loop | — | 2.90 × hold per event, rounds 2.71–3.20 (meets target 3) |',
  );
  expect(rows[2]).toBe(
    '| tui keys at 160×48: step, back, week, month, End; first frame | 23.9 ms, 30.7 ms, 24.5 ms, 129.5 ms, 28.7 ms; 840 ms | budget 50 ms step, 100 ms jumps, 1,500 ms first frame | misses a budget |',
  );
  expect(rows[3]).toBe(
    '| sensitivity: 20-parameter OAT of h100-2023, 4,100 runs | 15.2 s | compare with as many runs 13.7 s | 1.11 × (meets target 2) |',
  );
  expect(rows[4]).toBe(
    '| queue: 400 reps × 2 policies, 2 workers, chunk 8 | 3.93 s | local --workers 2: 3.59 s | 1.40 × per replication (misses target 1.3) |',
  );
});

test('simpyRan: a hold or mm1 line without a SimPy time means SimPy did not run; other workloads do not count', () => {
  const line = (workload: string, simpy: number | null) => JSON.stringify({ workload, simpy_loop_s: simpy });
  const withSimpy = ['hold', 'mm1'];
  expect(simpyRan([line('hold', 1.1), line('mm1', 1.5), line('h100-2023', null)].join('\n'), withSimpy)).toBe(true);
  expect(simpyRan([line('hold', null), line('h100-2023', null)].join('\n'), withSimpy)).toBe(false);
  expect(simpyRan([line('h100-2023', null), 'SimPy: skipped'].join('\n'), withSimpy)).toBe(true);
});
