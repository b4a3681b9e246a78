/**
 * `sweep --format html`, drawn from the JSON document: for each swept parameter, the metric against
 * the parameter's value, one colour per policy (or per difference), mean with its 95 % CI as a band
 * (a grid) or as error bars (a Latin hypercube, whose points vary every parameter at once). With
 * several grid parameters, the other parameters' values split the lines (one line per combination).
 * The table has every point; provenance is in the footer.
 */
import * as Plot from '@observablehq/plot';
import type { z } from 'zod';
import type { sweepOutputSchema } from './output-schema.js';
import {
  REPORT_PALETTE,
  cellNumber,
  chartDocument,
  escapeHtml,
  htmlTable,
  legendHtml,
  metricCells,
  renderChart,
  reportPage,
} from './report-page.js';

export type SweepDocument = z.output<typeof sweepOutputSchema>;

interface Row {
  x: number;
  policy: string;
  line: string;
  mean: number;
  lo: number;
  hi: number;
}

function rowsFor(d: SweepDocument, parameter: string): Row[] {
  const others = d.parameters.filter((p) => p !== parameter);
  const rows: Row[] = [];
  for (const pt of d.points)
    for (const r of pt.results) {
      if (r.mean === null) continue;
      const rest = others.map((o) => `${o}=${pt.values[o]}`).join(' ');
      rows.push({
        x: pt.values[parameter]!,
        policy: r.policy,
        line: d.design === 'grid' && rest !== '' ? `${r.policy} ${rest}` : r.policy,
        mean: r.mean,
        lo: r.ci95?.[0] ?? r.mean,
        hi: r.ci95?.[1] ?? r.mean,
      });
    }
  return rows.sort((a, b) => a.x - b.x);
}

function chart(doc: Document, d: SweepDocument, parameter: string, policies: string[]): string {
  const rows = rowsFor(d, parameter);
  const color = { domain: policies, range: REPORT_PALETTE.slice(0, Math.max(1, policies.length)), legend: false };
  const marks: Plot.Markish[] =
    d.design === 'grid'
      ? [
          Plot.areaY(rows, { x: 'x', y1: 'lo', y2: 'hi', z: 'line', fill: 'policy', fillOpacity: 0.18 }),
          Plot.lineY(rows, { x: 'x', y: 'mean', z: 'line', stroke: 'policy', strokeWidth: 2 }),
          Plot.dot(rows, { x: 'x', y: 'mean', fill: 'policy', r: 3 }),
        ]
      : [
          Plot.ruleX(rows, { x: 'x', y1: 'lo', y2: 'hi', stroke: 'policy', strokeOpacity: 0.6 }),
          Plot.dot(rows, { x: 'x', y: 'mean', fill: 'policy', r: 3 }),
        ];
  if (d.metric.startsWith('diff:')) marks.unshift(Plot.ruleY([0], { stroke: '#999' }));
  return renderChart(doc, {
    width: 820,
    height: 380,
    x: { label: `${parameter} →`, grid: true },
    y: { label: `↑ ${d.metric}`, grid: true },
    color,
    marks,
  });
}

export function formatSweepHtml(d: SweepDocument): string {
  const doc = chartDocument();
  const policies = [...new Set(d.points.flatMap((p) => p.results.map((r) => r.policy)))];
  const band = d.design === 'grid' ? 'bands' : 'error bars';
  const body: string[] = [];
  d.parameters.forEach((parameter, i) => {
    body.push(
      `<h2>${escapeHtml(d.metric)} against ${escapeHtml(parameter)}</h2>`,
      `<p class="note">Mean over replications per policy, 95 % CI ${band}${d.design === 'lhs' ? '; every Latin-hypercube point varies all parameters at once, so the spread at one value also reflects the others' : ''}.</p>`,
      legendHtml(policies),
      `<figure id="chart-sweep-${i}">${chart(doc, d, parameter, policies)}</figure>`,
    );
  });
  const m = metricCells(d.metric);
  body.push(
    '<h2>Every point</h2>',
    htmlTable(
      ['point', ...d.parameters, ...policies.flatMap((p) => [p, '95% CI'])],
      d.points.map((pt) => [
        String(pt.point),
        ...d.parameters.map((p) => cellNumber(pt.values[p])),
        ...policies.flatMap((p) => {
          const r = pt.results.find((x) => x.policy === p);
          return [m.value(r?.mean), m.valueCi(r?.ci95)];
        }),
      ]),
    ),
  );
  const title = `${d.scenario}: ${d.metric} swept over ${d.parameters.join(', ')}`;
  const line = `Scenario ${d.scenario} · ${d.design === 'grid' ? 'grid' : 'Latin hypercube'} of ${d.points.length} points · policies ${d.policies.join(', ')} · ${d.reps} replications per point, the same seeds at every point (paired)`;
  return reportPage(`chipsim sweep — ${title}`, line, body, d.meta);
}
