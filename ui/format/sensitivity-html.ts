/**
 * `sensitivity --format html`, drawn from the JSON document (the output contract, so the page shows
 * exactly what `--format json` says):
 *   oat    — tornado: one bar per parameter from the metric at its low end to its high end (largest
 *            |swing| on top), a whisker of the 95 % CI at each end, the baseline as a vertical rule;
 *   morris — μ* against σ, one labelled dot per parameter, μ*'s CI as a horizontal rule;
 *   sobol  — first-order S1 and total ST per parameter as bars with their bootstrap CIs.
 * The table below each chart has the numbers; provenance is in the footer.
 */
import * as Plot from '@observablehq/plot';
import type { z } from 'zod';
import type { sensitivityOutputSchema } from './output-schema.js';
import {
  REPORT_PALETTE,
  cellCi,
  cellNumber,
  chartDocument,
  escapeHtml,
  htmlTable,
  legendHtml,
  metricCells,
  renderChart,
  reportPage,
} from './report-page.js';

export type SensitivityDocument = z.output<typeof sensitivityOutputSchema>;
type Oat = Extract<SensitivityDocument, { method: 'oat' }>;
type Morris = Extract<SensitivityDocument, { method: 'morris' }>;
type Sobol = Extract<SensitivityDocument, { method: 'sobol' }>;

const marginFor = (labels: readonly string[]) => Math.min(300, 14 + Math.max(4, ...labels.map((l) => l.length)) * 6.2);

function tornado(doc: Document, d: Oat): string {
  const rows = d.parameters
    .filter((p) => p.atLow.mean !== null && p.atHigh.mean !== null)
    .map((p) => ({
      pointer: p.pointer,
      low: p.atLow.mean!,
      high: p.atHigh.mean!,
      lowCi: p.atLow.ci95,
      highCi: p.atHigh.ci95,
    }));
  const order = rows.map((r) => r.pointer);
  const whiskers = rows.flatMap((r) => [
    ...(r.lowCi ? [{ pointer: r.pointer, lo: r.lowCi[0], hi: r.lowCi[1], end: 'at low' }] : []),
    ...(r.highCi ? [{ pointer: r.pointer, lo: r.highCi[0], hi: r.highCi[1], end: 'at high' }] : []),
  ]);
  const ends = rows.flatMap((r) => [
    { pointer: r.pointer, x: r.low, end: 'at low' },
    { pointer: r.pointer, x: r.high, end: 'at high' },
  ]);
  const color = { domain: ['at low', 'at high'], range: [REPORT_PALETTE[0]!, REPORT_PALETTE[1]!] };
  return renderChart(doc, {
    width: 820,
    height: 50 + order.length * 24,
    marginLeft: marginFor(order),
    x: { label: `${d.metric} →`, grid: true },
    y: { domain: order, label: null },
    color: { ...color, legend: false },
    marks: [
      // a thick rule rather than barX: a bar fills the band, while rules and dots sit on its start
      Plot.ruleY(rows, { y: 'pointer', x1: 'low', x2: 'high', stroke: '#c9d6e8', strokeWidth: 14 }),
      Plot.ruleY(whiskers, { y: 'pointer', x1: 'lo', x2: 'hi', stroke: 'end', strokeWidth: 2 }),
      Plot.dot(ends, { y: 'pointer', x: 'x', fill: 'end', r: 3 }),
      ...(d.baseline.mean !== null ? [Plot.ruleX([d.baseline.mean], { stroke: '#222', strokeDasharray: '4,3' })] : []),
      ...(d.metric.startsWith('diff:') ? [Plot.ruleX([0], { stroke: '#999' })] : []),
    ],
  });
}

function oatBody(doc: Document, d: Oat): string[] {
  const m = metricCells(d.metric);
  const sign = d.sign.flips
    ? `The sign of ${d.metric} flips inside the ranges${d.sign.clearly ? ' (with CIs on both sides of 0)' : ' (but not clearly: some CI includes 0)'}${d.sign.where.length > 0 ? `: ${d.sign.where.join(', ')}` : ''}.`
    : `The sign of ${d.metric} does not flip inside the ranges (one parameter at a time).`;
  return [
    '<h2>Tornado: each parameter at its low and high end, all others typical</h2>',
    `<p class="note">Bars run from the metric at the low end (blue dot) to the high end (red dot) with 95 % CI whiskers; the dashed line is the baseline (${escapeHtml(m.value(d.baseline.mean))}). Largest |swing| on top. ${escapeHtml(sign)}</p>`,
    legendHtml(['at low', 'at high']),
    `<figure id="chart-tornado">${tornado(doc, d)}</figure>`,
    htmlTable(
      [
        'parameter',
        'source',
        'low',
        'high',
        'at low',
        'at high',
        `swing${m.unit ? ` (${m.unit})` : ''}`,
        'swing 95% CI',
      ],
      d.parameters.map((p) => [
        p.pointer,
        p.source,
        String(p.low),
        String(p.high),
        m.value(p.atLow.mean),
        m.value(p.atHigh.mean),
        m.diff(p.swing),
        m.diffCi(p.swingCi95),
      ]),
      2,
    ),
  ];
}

function morrisBody(doc: Document, d: Morris): string[] {
  const rows = d.parameters
    .filter((p) => p.muStar.value !== null && p.sigma !== null)
    .map((p) => ({
      pointer: p.pointer,
      muStar: p.muStar.value!,
      sigma: p.sigma!,
      lo: p.muStar.ci95?.[0] ?? p.muStar.value!,
      hi: p.muStar.ci95?.[1] ?? p.muStar.value!,
    }));
  const chart = renderChart(doc, {
    width: 820,
    height: 480,
    marginRight: 40,
    x: { label: 'μ* (mean |elementary effect|) →', grid: true, zero: true },
    y: { label: '↑ σ (spread of the effects: interactions, non-linearity)', grid: true, zero: true },
    marks: [
      Plot.ruleY(rows, { y: 'sigma', x1: 'lo', x2: 'hi', stroke: REPORT_PALETTE[0]!, strokeOpacity: 0.5 }),
      Plot.dot(rows, { x: 'muStar', y: 'sigma', fill: REPORT_PALETTE[0]!, r: 4 }),
      Plot.text(rows.slice(0, 8), {
        x: 'muStar',
        y: 'sigma',
        text: 'pointer',
        dx: 6,
        textAnchor: 'start',
        fontSize: 10,
      }),
    ],
  });
  return [
    '<h2>Morris screening: μ* against σ</h2>',
    '<p class="note">Right: the metric moves a lot with the parameter; up: the effect depends on where the others are. The eight most important are labelled; horizontal rules are μ*’s 95 % CIs.</p>',
    `<figure id="chart-morris">${chart}</figure>`,
    htmlTable(
      ['parameter', 'source', 'μ*', 'μ* 95% CI', 'μ', 'σ'],
      d.parameters.map((p) => [
        p.pointer,
        p.source,
        cellNumber(p.muStar.value),
        cellCi(p.muStar.ci95),
        cellNumber(p.mu),
        cellNumber(p.sigma),
      ]),
      2,
    ),
  ];
}

function sobolBody(doc: Document, d: Sobol): string[] {
  const order = d.parameters.map((p) => p.pointer);
  const rows = d.parameters.flatMap((p) =>
    (
      [
        ['S1 (first order)', p.s1],
        ['ST (total)', p.st],
      ] as const
    )
      .filter(([, e]) => e.value !== null)
      .map(([index, e]) => ({
        pointer: p.pointer,
        index,
        value: e.value!,
        lo: e.ci95?.[0] ?? e.value!,
        hi: e.ci95?.[1] ?? e.value!,
      })),
  );
  const indices = ['S1 (first order)', 'ST (total)'];
  // Two bars per parameter, side by side (dy offsets), each with its CI rule.
  const bars = renderChart(doc, {
    width: 820,
    height: 50 + order.length * 30,
    marginLeft: marginFor(order),
    x: { label: 'share of the variance of the metric →', grid: true },
    y: { domain: order, label: null },
    color: { domain: indices, range: [REPORT_PALETTE[0]!, REPORT_PALETTE[1]!], legend: false },
    marks: indices.flatMap((index, k) => {
      const mine = rows.filter((r) => r.index === index);
      const dy = k === 0 ? -5 : 5;
      return [
        Plot.ruleY(mine, { y: 'pointer', x1: 0, x2: 'value', stroke: 'index', strokeWidth: 8, dy }),
        Plot.ruleY(mine, { y: 'pointer', x1: 'lo', x2: 'hi', stroke: '#222', dy }),
      ];
    }),
  });
  return [
    '<h2>Sobol indices: first order S1 and total ST</h2>',
    '<p class="note">S1: the share of the metric’s variance the parameter explains alone; ST: with all its interactions. Black rules are 95 % bootstrap CIs. Sorted by ST.</p>',
    legendHtml(indices),
    `<figure id="chart-sobol">${bars}</figure>`,
    htmlTable(
      ['parameter', 'source', 'S1', 'S1 95% CI', 'ST', 'ST 95% CI'],
      d.parameters.map((p) => [
        p.pointer,
        p.source,
        cellNumber(p.s1.value),
        cellCi(p.s1.ci95),
        cellNumber(p.st.value),
        cellCi(p.st.ci95),
      ]),
      2,
    ),
  ];
}

export function formatSensitivityHtml(d: SensitivityDocument): string {
  const doc = chartDocument();
  const body = d.method === 'oat' ? oatBody(doc, d) : d.method === 'morris' ? morrisBody(doc, d) : sobolBody(doc, d);
  const title = `${d.scenario}: sensitivity of ${d.metric} (${d.method})`;
  const line = `Scenario ${d.scenario} · policies ${d.policies.join(', ')} · ${d.reps} replications per design point, the same seeds at every point (paired)`;
  return reportPage(`chipsim sensitivity — ${title}`, line, body, d.meta);
}
