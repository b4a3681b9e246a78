/**
 * `compare --format html`: one self-contained HTML page — no JavaScript, no network — with inline
 * SVG charts drawn by @observablehq/plot on a linkedom document (server-side), plus the table's
 * content as HTML tables. Charts (one <svg> each; legends are plain HTML so they add no <svg>):
 *
 *  1. who gains, who loses: per customer, the paired difference in GPUs in hand (run average) of
 *     each other policy against the first, with its 95 % CI — what the ▲/▼ marks are read from;
 *  2. fill rate per customer under each policy, mean with 95 % CI bar;
 *  3. cumulative GPUs delivered per customer over time, one line per policy (mean across reps);
 *  4. wait-time distribution per policy, as a cumulative distribution: the share of delivered GPUs
 *     that arrived within N weeks of the order (RunResult.waitHistogram summed over replications);
 *  5. order inflation over time: GPUs ordered / GPUs needed per week (4-week trailing sums of the
 *     means across replications), 1 = truthful ordering.
 *
 * Deterministic: the same result renders to the same bytes (no dates, no random ids, no clip paths).
 */
import * as Plot from '@observablehq/plot';
import {
  REPORT_PALETTE,
  chartDocument,
  escapeHtml,
  htmlTable,
  legendHtml,
  renderChart,
} from '../format/report-page.js';
import type { ComparisonResult } from '../../models/experiment/index.js';
import type { CompareMeta } from '../format/compare-meta.js';
import { provenanceLine } from '../../models/experiment/provenance.js';
import { customerRows } from '../format/compare-table.js';
import { formatCi, formatDiffCi, metricFormat, verdict } from '../format/numbers.js';
import { compareIds } from '../../models/policies/rounding.js';

export const CHART_IDS = ['in-hand', 'fill-rate', 'delivered', 'wait', 'inflation'] as const;

const DAY = 86_400_000;

function weekDate(startDate: string | null, week: number): Date {
  const base = startDate ? Date.parse(`${startDate.slice(0, 10)}T00:00:00Z`) : Number.NaN;
  return new Date((Number.isFinite(base) ? base : Date.UTC(2023, 0, 2)) + week * 7 * DAY);
}

function colorScale(policies: string[]) {
  return { domain: policies, range: REPORT_PALETTE.slice(0, Math.max(1, policies.length)), type: 'ordinal' as const };
}

/** The fill-rate axis: from a round value below the lowest CI bound to 100 %. */
function fillDomain(result: ComparisonResult): [number, number] {
  let lo = 1;
  for (const p of result.policies)
    for (const c of p.customers) lo = Math.min(lo, c.fillRate.ci95?.[0] ?? c.fillRate.mean ?? 1);
  const floor = lo > 0.8 ? Math.floor(lo * 50) / 50 : lo > 0.5 ? Math.floor(lo * 10) / 10 : 0;
  // Plot applies `percent` to the data before the scale, so the domain is in percent.
  return [Math.max(0, Math.min(floor, 0.98)) * 100, 100];
}

/** One series of a per-customer chart: a dot at `mean` and a rule over its 95 % CI, per customer. */
interface CustomerSeries {
  color: string;
  rows: { id: string; mean: number; lo: number; hi: number }[];
}

/** A mean with its CI as a row (the CI collapses to the mean when there is none); null without a mean. */
function ciRow(id: string, mean: number | null, ci: readonly [number, number] | null | undefined) {
  return mean === null ? null : { id, mean, lo: ci?.[0] ?? mean, hi: ci?.[1] ?? mean };
}

/**
 * Customers down the side in `order`, each series' dots and CI rules side by side within a
 * customer's band (offset by series), plus `extra` marks; `x` is the horizontal axis.
 */
function customerChart(
  doc: Document,
  series: readonly CustomerSeries[],
  order: readonly string[],
  x: Plot.ScaleOptions,
  extra: Plot.Markish[] = [],
): string {
  const k = series.length;
  const step = Math.min(8, 22 / Math.max(1, k));
  const marks: Plot.Markish[] = [Plot.gridX({ stroke: '#ddd', strokeOpacity: 1 }), ...extra];
  series.forEach(({ color, rows }, i) => {
    const dy = (i - (k - 1) / 2) * step;
    marks.push(Plot.ruleY(rows, { y: 'id', x1: 'lo', x2: 'hi', stroke: color, strokeWidth: 2, dy }));
    marks.push(Plot.dot(rows, { y: 'id', x: 'mean', fill: color, r: 3, dy }));
  });
  return renderChart(doc, {
    width: 760,
    height: 50 + order.length * Math.max(26, 10 * k),
    marginLeft: Math.min(180, 14 + Math.max(4, ...order.map((id) => id.length)) * 6.5),
    x,
    y: { domain: [...order], label: null },
    marks,
  });
}

const isRow = <T>(r: T | null): r is T => r !== null;

/**
 * Per customer, each other policy's paired difference from the first in GPUs in hand (run average),
 * mean and 95 % CI, around a rule at 0: right of it the customer holds more under that policy.
 */
function inHandChart(doc: Document, result: ComparisonResult, order: string[]): string {
  const names = result.policies.map((p) => p.policy);
  const base = names[0]!;
  const series = names.slice(1).map((other, j) => ({
    color: REPORT_PALETTE[(j + 1) % REPORT_PALETTE.length]!,
    rows: result.pairedCustomers
      .filter((d) => d.a === base && d.b === other && d.metric === 'avgGpusInHand')
      .map((d) => ciRow(d.customer, d.meanDiff, d.ci95))
      .filter(isRow),
  }));
  const x = {
    label: `GPUs in hand, run average: policy − ${base} →`,
    grid: false,
    tickFormat: (d: number) => {
      const size = Math.abs(d) >= 1000 ? `${Math.abs(d) / 1000}k` : String(Math.abs(d));
      return d < 0 ? `−${size}` : size;
    },
  };
  return customerChart(doc, series, order, x, [Plot.ruleX([0], { stroke: '#888' })]);
}

function fillRateChart(doc: Document, result: ComparisonResult, order: string[]): string {
  const series = result.policies.map((p, i) => ({
    color: REPORT_PALETTE[i % REPORT_PALETTE.length]!,
    rows: p.customers.map((c) => ciRow(c.id, c.fillRate.mean, c.fillRate.ci95)).filter(isRow),
  }));
  return customerChart(doc, series, order, {
    label: 'fill rate, % (received ÷ ordered net of cancellations) →',
    percent: true,
    grid: false,
    domain: fillDomain(result),
  });
}

function deliveredChart(doc: Document, result: ComparisonResult, startDate: string | null): string {
  const policies = result.policies.map((p) => p.policy);
  const final = (id: string) =>
    Math.max(0, ...result.policies.map((p) => p.charts.deliveredCumulative[id]?.at(-1) ?? 0));
  const ids = [...result.customerIds].sort((a, b) => final(b) - final(a) || compareIds(a, b));
  const cols = Math.min(4, Math.max(1, ids.length));
  const rows: { id: string; policy: string; date: Date; gpus: number; col: number; row: number }[] = [];
  ids.forEach((id, i) => {
    for (const p of result.policies) {
      (p.charts.deliveredCumulative[id] ?? []).forEach((v, w) =>
        rows.push({
          id,
          policy: p.policy,
          date: weekDate(startDate, w + 1),
          gpus: v,
          col: i % cols,
          row: Math.floor(i / cols),
        }),
      );
    }
  });
  const labels = ids.map((id, i) => ({ id, col: i % cols, row: Math.floor(i / cols) }));
  const nrows = Math.ceil(ids.length / cols);
  return renderChart(doc, {
    width: 760,
    height: 30 + nrows * 130,
    marginLeft: 50,
    fx: { axis: null, padding: 0.12 },
    fy: { axis: null, padding: 0.2 },
    x: { type: 'utc', label: null, ticks: 'year' },
    y: {
      label: 'GPUs delivered, cumulative',
      grid: true,
      tickFormat: (d: number) => (d === 0 ? '0' : d >= 1e6 ? `${d / 1e6}M` : `${d / 1e3}k`),
    },
    color: colorScale(policies),
    marks: [
      Plot.frame({ stroke: '#ccc' }),
      Plot.lineY(rows, { x: 'date', y: 'gpus', stroke: 'policy', fx: 'col', fy: 'row', strokeWidth: 1.6 }),
      Plot.text(labels, {
        fx: 'col',
        fy: 'row',
        text: 'id',
        frameAnchor: 'top-left',
        dx: 4,
        dy: 4,
        fontWeight: 'bold',
      }),
    ],
  });
}

function waitChart(doc: Document, result: ComparisonResult): string {
  const policies = result.policies.map((p) => p.policy);
  const rows: { policy: string; weeks: number; share: number }[] = [];
  let maxWeek = 0;
  for (const p of result.policies) {
    const h = p.charts.waitHistogram;
    for (let w = 0; w < h.length; w++) if (h[w]! > 0) maxWeek = Math.max(maxWeek, w);
  }
  for (const p of result.policies) {
    const h = p.charts.waitHistogram;
    const total = h.reduce((s, x) => s + x, 0);
    if (total === 0) continue;
    let cum = 0;
    for (let w = 0; w <= maxWeek + 1; w++) {
      cum += h[w] ?? 0;
      rows.push({ policy: p.policy, weeks: w + 1, share: cum / total });
    }
  }
  return renderChart(doc, {
    width: 760,
    height: 300,
    x: { label: 'weeks from order to delivery →', grid: true },
    y: { label: '↑ share of GPUs delivered within that many weeks (%)', percent: true, grid: true, domain: [0, 100] },
    color: colorScale(policies),
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(rows, { x: 'weeks', y: 'share', stroke: 'policy', curve: 'step-before', strokeWidth: 1.8 }),
    ],
  });
}

function inflationChart(doc: Document, result: ComparisonResult, startDate: string | null, window = 4): string {
  const policies = result.policies.map((p) => p.policy);
  const rows: { policy: string; date: Date; ratio: number }[] = [];
  for (const p of result.policies) {
    const { orders, need } = p.charts;
    for (let w = 0; w < Math.min(orders.length, need.length); w++) {
      let o = 0;
      let n = 0;
      for (let j = Math.max(0, w - window + 1); j <= w; j++) {
        o += orders[j]!;
        n += need[j]!;
      }
      if (n > 0) rows.push({ policy: p.policy, date: weekDate(startDate, w + 1), ratio: o / n });
    }
  }
  return renderChart(doc, {
    width: 760,
    height: 280,
    x: { type: 'utc', label: null },
    y: { label: `↑ GPUs ordered ÷ GPUs needed (${window}-week trailing)`, grid: true, zero: true },
    color: colorScale(policies),
    marks: [
      Plot.ruleY([1], { stroke: '#888', strokeDasharray: '4,3' }),
      Plot.lineY(rows, { x: 'date', y: 'ratio', stroke: 'policy', strokeWidth: 1.6 }),
    ],
  });
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0;background:#fff}
main{max-width:860px;margin:0 auto;padding:20px}
h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 6px;border-bottom:1px solid #ddd;padding-bottom:3px}
p.meta,p.note{color:#555;margin:4px 0} p.legend{margin:6px 0}
.key{margin-right:14px;white-space:nowrap} .swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
table{border-collapse:collapse;margin:8px 0;font-size:13px} th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:left;white-space:nowrap}
th{background:#f5f5f5} td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.up{color:#1a7f37} .down{color:#c62828}
figure{margin:8px 0} .wide{overflow-x:auto}`;

export function formatCompareHtml(result: ComparisonResult, meta: CompareMeta): string {
  const doc = chartDocument();
  const names = result.policies.map((p) => p.policy);
  const a = names[0]!;
  const b = names[1] ?? names[0]!;
  const title = `${meta.scenario}: ${names.join(' vs ')}`;
  const rows = customerRows(result, a, b);
  const order = rows.map((r) => r.id);
  const fr = metricFormat('fillRate');
  const partial = result.reps < meta.reps ? ` (partial: ${result.reps} of ${meta.reps} folded)` : '';

  const customerTables = names.slice(1).map((other) => {
    const rs = customerRows(result, a, other);
    const body = rs.map((r) => [
      `${r.mark} ${r.id}`,
      r.fill[0] == null ? '–' : fr.value(r.fill[0]),
      r.fill[1] == null ? '–' : fr.value(r.fill[1]),
      r.fillDiff?.meanDiff == null
        ? '–'
        : Object.values(formatDiffCi(r.fillDiff.meanDiff, r.fillDiff.ci95, 'fillRate')).join(' '),
      r.inHandDiff?.meanDiff == null
        ? '–'
        : Object.values(formatDiffCi(r.inHandDiff.meanDiff, r.inHandDiff.ci95, 'avgGpusInHand')).join(' '),
      r.receivedDiff?.meanDiff == null ? '–' : metricFormat('received').diff(r.receivedDiff.meanDiff),
      r.waitDiff?.meanDiff == null
        ? '–'
        : Object.values(formatDiffCi(r.waitDiff.meanDiff, r.waitDiff.ci95, 'meanWaitWeeks')).join(' '),
    ]);
    return (
      `<h3>${escapeHtml(other)} vs ${escapeHtml(a)}</h3>` +
      htmlTable(
        [
          'customer',
          a,
          other,
          `${other} − ${a} (pp, 95% CI)`,
          'Δ GPUs in hand, run average (95% CI)',
          'Δ GPUs received',
          'Δ mean wait, weeks (95% CI)',
        ],
        body,
      )
    );
  });

  const overall = htmlTable(
    ['metric', ...names.map((n) => `${n} (mean [95% CI])`)],
    result.metricNames.map((m) => {
      const f = metricFormat(m);
      return [
        f.label,
        ...result.policies.map((p) => {
          const e = p.metrics[m];
          return e?.mean == null ? '–' : `${f.value(e.mean)} ${formatCi(e.ci95, f.value)}`;
        }),
      ];
    }),
  );

  const pairedTables: string[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const body = result.paired
        .filter((d) => d.a === names[i] && d.b === names[j])
        .map((d) => {
          const f = formatDiffCi(d.meanDiff, d.ci95, d.metric);
          return [
            verdict(d.ci95),
            metricFormat(d.metric).label + (d.metric === 'fillRate' ? ' (pp)' : ''),
            f.mean,
            f.ci,
          ];
        });
      pairedTables.push(
        `<h3>${escapeHtml(names[j]!)} − ${escapeHtml(names[i]!)}</h3>` +
          htmlTable(['', 'metric', 'mean difference', '95% CI'], body, 2),
      );
    }
  }

  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>chipsim compare — ${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style></head><body><main>`,
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">Scenario <b>${escapeHtml(meta.scenario)}</b> · ${result.reps} replications${escapeHtml(partial)} · seed ${meta.seed} · policies ${names.map(escapeHtml).join(', ')}</p>`,
    '<p class="note">Every replication runs each policy on the same random numbers (common random numbers); differences are paired by replication. Intervals are 95% Student-t confidence intervals of the mean.</p>',
    legendHtml(names),
    '<h2>Who gains, who loses: GPUs in hand per customer</h2>',
    `<p class="note">Paired difference in GPUs held, averaged over the run (more, or sooner), of each policy against ${escapeHtml(a)}, with 95% CI; customers sorted by ${escapeHtml(b)} − ${escapeHtml(a)}. In the tables ▲ gains, ▼ loses (CI excludes 0), · no clear difference.</p>`,
    legendHtml(names.slice(1), REPORT_PALETTE.slice(1)),
    `<figure id="chart-in-hand">${inHandChart(doc, result, order)}</figure>`,
    ...customerTables,
    '<h2>Fill rate per customer</h2>',
    '<p class="note">Received ÷ ordered net of cancellations, mean with 95% CI. Orders are the buyers’ own (inflated, cancelled, lapsed), so a fill rate near 100% can go with few GPUs in hand: read it beside the chart above.</p>',
    legendHtml(names),
    `<figure id="chart-fill-rate">${fillRateChart(doc, result, order)}</figure>`,
    '<h2>Cumulative GPUs delivered per customer</h2>',
    '<p class="note">Mean across replications; largest customers first; shared vertical scale.</p>',
    legendHtml(names),
    `<figure id="chart-delivered">${deliveredChart(doc, result, result.startDate)}</figure>`,
    '<h2>Wait from order to delivery</h2>',
    '<p class="note">Cumulative distribution of the wait: the share of all delivered GPUs (all customers, all replications) that arrived within N weeks of being ordered. Further left and higher is faster.</p>',
    legendHtml(names),
    `<figure id="chart-wait">${waitChart(doc, result)}</figure>`,
    '<h2>Order inflation over time</h2>',
    '<p class="note">GPUs ordered ÷ true need, all customers (means across replications). Above 1: customers order more than they need (phantom orders under rationing).</p>',
    legendHtml(names),
    `<figure id="chart-inflation">${inflationChart(doc, result, result.startDate)}</figure>`,
    '<h2>Overall metrics per policy</h2>',
    overall,
    '<h2>Paired differences of the overall metrics</h2>',
    '<p class="note">Each table shows b − a as named in its heading: ▲ higher under b, ▼ lower (the 95% CI excludes 0), · no clear difference.</p>',
    ...pairedTables,
    ...(meta.provenance ? [`<footer><p class="note">${escapeHtml(provenanceLine(meta.provenance))}</p></footer>`] : []),
    '</main></body></html>',
    '',
  ];
  return parts.join('\n');
}
