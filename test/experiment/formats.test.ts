import { describe, expect, test } from 'vitest';
import { CUSTOMER_METRICS } from '../../models/experiment/index.js';
import { CSV_HEADER, csvField, csvRows, parseCsv } from '../../ui/format/compare-csv.js';
import { comparisonJson, formatCompareJson } from '../../ui/format/compare-json.js';
import { formatCompareTable, customerRows } from '../../ui/format/compare-table.js';
import { runCompare } from '../../ui/cli/compare-command.js';
import { FAKE_SCENARIO, fakeDeps, fakeExperiment, settings, tempDir } from './helpers.js';

const meta = { scenario: 'fake', reps: 24, seed: 5 };

function experiment(policies = ['pro-rata', 'favoured']) {
  return fakeExperiment(policies, 24, 5);
}

describe('compare --format json', () => {
  test('parses back with the shape of the compare JSON contract', async () => {
    const { result } = await experiment(['pro-rata', 'favoured', 'uniform']);
    const parsed = JSON.parse(formatCompareJson(result, meta));
    expect(parsed).toMatchObject({
      scenario: 'fake',
      reps: 24,
      seed: 5,
      policiesCompared: ['pro-rata', 'favoured', 'uniform'],
      difference: 'b - a',
    });
    expect(parsed).not.toHaveProperty('workers');
    for (const p of parsed.policies) {
      for (const m of [
        'gpusDelivered',
        'fillRate',
        'meanWaitWeeks',
        'p95WaitWeeks',
        'jainIndex',
        'gini',
        'orderInflation',
        'bullwhip',
        'lostDemand',
        'revenue',
      ]) {
        const e = p.metrics[m];
        expect(typeof e.mean).toBe('number');
        expect(e.ci95).toHaveLength(2);
        expect(e.ci95[0]).toBeLessThanOrEqual(e.mean);
        expect(e.ci95[1]).toBeGreaterThanOrEqual(e.mean);
      }
      expect(p.customers.map((c: { id: string }) => c.id)).toEqual(FAKE_SCENARIO.customers);
      for (const c of p.customers) {
        expect(c.fillRate.ci95).toHaveLength(2);
        expect(c.received.ci95).toHaveLength(2);
      }
    }
    const pairs = new Set(parsed.paired.map((d: { a: string; b: string }) => `${d.a}>${d.b}`));
    expect(pairs).toEqual(new Set(['pro-rata>favoured', 'pro-rata>uniform', 'favoured>uniform']));
    for (const d of parsed.paired) {
      expect(Object.keys(d)).toEqual(expect.arrayContaining(['a', 'b', 'metric', 'meanDiff', 'ci95']));
    }
    // per-customer paired differences, in their own list
    expect(parsed.pairedCustomers).toHaveLength(3 * FAKE_SCENARIO.customers.length * CUSTOMER_METRICS.length);
    // round trip: nothing lost
    expect(JSON.parse(JSON.stringify(comparisonJson(result, meta)))).toEqual(parsed);
  });
});

describe('compare --format csv', () => {
  test('one row per (policy, replication, metric) that parses back to the exact values', async () => {
    const { records } = await experiment();
    const text = CSV_HEADER + '\n' + records.flatMap(csvRows).join('\n') + '\n';
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(['policy', 'replication', 'seed', 'metric', 'value']);
    const body = rows.slice(1);
    const perRecord = Object.keys(records[0]!.kpis).length + CUSTOMER_METRICS.length * FAKE_SCENARIO.customers.length;
    expect(body).toHaveLength(records.length * perRecord);
    const byKey = new Map(body.map((r) => [`${r[0]}|${r[1]}|${r[3]}`, r]));
    for (const rec of records) {
      for (const [m, v] of Object.entries(rec.kpis)) {
        const row = byKey.get(`${rec.policy}|${rec.rep}|${m}`)!;
        expect(Number(row[2])).toBe(rec.seed);
        expect(row[4] === '' ? null : Number(row[4])).toBe(v);
      }
      for (const c of rec.customers) {
        const row = byKey.get(`${rec.policy}|${rec.rep}|fillRate:${c.id}`)!;
        expect(Number(row[4])).toBe(c.fillRate);
      }
    }
    // the customer id with a comma is quoted and survives
    expect(text).toContain('"fillRate:epsilon,inc"');
    expect(byKey.has('favoured|3|received:epsilon,inc')).toBe(true);
  });

  test('field quoting', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(parseCsv('a,"b,""c"""\r\nd,e\n')).toEqual([
      ['a', 'b,"c"'],
      ['d', 'e'],
    ]);
  });

  test('the command streams the same CSV to stdout and to --out', async () => {
    const dir = tempDir();
    const a = fakeDeps(dir);
    await runCompare(settings({ format: 'csv', reps: 10 }), a);
    const b = fakeDeps(dir);
    await runCompare(settings({ out: 'x.csv', format: 'csv', reps: 10 }), b);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(`${dir}/x.csv`, 'utf8')).toBe(a.stdout.text);
    // a provenance comment line, the header, one row per run and metric
    expect(a.stdout.text).toMatch(
      /^# chipsim \S+ · output schema 1 · scenario sha256:[0-9a-f]{64} .*· chipsim compare fake\n/,
    );
    expect(parseCsv(a.stdout.text).length).toBe(2 + 10 * 2 * (10 + CUSTOMER_METRICS.length * 5));
  });
});

describe('compare table', () => {
  test('leads with who gains and who loses, sorted by the difference, in 80 columns', async () => {
    const { result } = await experiment();
    const text = formatCompareTable(result, meta);
    const lines = text.split('\n');
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
    expect(lines[3]).toMatch(/^Who gains, who loses under favoured vs pro-rata/);
    const rows = customerRows(result, 'pro-rata', 'favoured');
    const diffs = rows.map((r) => r.inHandDiff!.meanDiff!);
    expect([...diffs].sort((x, y) => y - x)).toEqual(diffs);
    // the fake gives alpha +8 pp (gains) and beta −5 pp (loses)
    expect(rows[0]).toMatchObject({ id: 'alpha', mark: '▲' });
    expect(rows.at(-1)).toMatchObject({ id: 'beta', mark: '▼' });
    expect(text).toMatch(/▲ +alpha/);
    expect(text).toMatch(/▼ +beta/);
    expect(text.indexOf('Who gains')).toBeLessThan(text.indexOf('Overall, per policy'));
    expect(text.indexOf('Overall, per policy')).toBeLessThan(text.indexOf('Paired differences'));
  });
});

describe('progress bar', () => {
  test('shows reps done, percentage, rate and ETA', async () => {
    const { progressLine, ProgressBar } = await import('../../ui/format/progress.js');
    expect(progressLine(250, 1000, 50, 10, 'reps')).toBe('[███░░░░░░░] 250/1,000 reps  25%  50/s  ETA 0:15');
    expect(progressLine(1000, 1000, 123.4, 4, 'reps')).toBe('[████] 1,000/1,000 reps  100%  123/s  ETA 0:00');
    // nothing at all when stderr is not a terminal
    let written = '';
    const quiet = new ProgressBar({ isTTY: false, write: (s: string) => (written += s) });
    quiet.update(1, 2);
    quiet.done();
    expect(written).toBe('');
    let t = 0;
    const tty = new ProgressBar(
      { isTTY: true, columns: 80, write: (s: string) => (written += s) },
      'reps',
      100,
      () => t,
    );
    tty.update(0, 10);
    t = 1000;
    tty.update(5, 10);
    tty.done();
    expect(written).toMatch(/^\r\[.*\] 0\/10 reps.*\r\[.*\] 5\/10 reps {2}50% {2}5.0\/s {2}ETA 0:01\x1b\[K\n$/s);
  });
});
