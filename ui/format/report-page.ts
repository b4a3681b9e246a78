/**
 * The shell of the experiment HTML reports (sensitivity, sweep): one self-contained page, charts as
 * inline SVG drawn by @observablehq/plot on a linkedom document (server-side, no JavaScript in the
 * page), provenance in the footer. Deterministic: the same document renders to the same bytes.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { provenanceLine, type Provenance } from '../../models/experiment/provenance.js';
import { metricSpecFormat } from './numbers.js';

/** Tableau 10: distinguishable, print-safe. Policy i gets colour i in every report. */
export const REPORT_PALETTE = [
  '#4e79a7',
  '#e15759',
  '#59a14f',
  '#f28e2b',
  '#76b7b2',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

export const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export type PlotOptions = Parameters<typeof Plot.plot>[0];

/** A server-side document to draw charts on. linkedom types parseHTML's result as a browser Window,
 *  which this project (lib ES2023, no DOM) cannot name; its `document` is a Document. */
export function chartDocument(): Document {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion
  const window = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>') as unknown as {
    document: Document;
  };
  return window.document;
}

export function renderChart(doc: Document, options: PlotOptions): string {
  // Plot's return type is a browser element; on a linkedom document it is linkedom's, which has outerHTML.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion
  const el = Plot.plot({ ...options, document: doc }) as unknown as { outerHTML: string };
  return el.outerHTML;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;color:#222;margin:0;background:#fff}
main{max-width:900px;margin:0 auto;padding:16px 24px}
h1{font-size:22px;margin:8px 0}h2{font-size:17px;margin:24px 0 6px}
.meta,.note{color:#555}.note{font-size:13px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}
th,td{padding:3px 8px;border-bottom:1px solid #e5e5e5;text-align:left;white-space:nowrap}
.wide{overflow-x:auto}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
footer{margin-top:32px;border-top:1px solid #ddd;padding-top:8px}
figure{margin:8px 0}
.key{margin-right:14px;white-space:nowrap} .swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}`;

/** A colour key as plain HTML (Plot's own legend would add markup and a stylesheet of its own). */
export function legendHtml(names: readonly string[], colors: readonly string[] = REPORT_PALETTE): string {
  const keys = names.map(
    (n, i) =>
      `<span class="key"><span class="swatch" style="background:${colors[i % colors.length]}"></span>${escapeHtml(n)}</span>`,
  );
  return `<p class="legend">${keys.join(' ')}</p>`;
}

/**
 * A table of text cells (escaped), right-aligned from column `numericFrom` on, in a box that scrolls
 * sideways: a wide table (many policies, long parameter paths) must not run off the page.
 */
export function htmlTable(header: readonly string[], rows: readonly string[][], numericFrom = 1): string {
  const cell = (tag: string, s: string, i: number) =>
    `<${tag}${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(s)}</${tag}>`;
  return [
    '<div class="wide"><table>',
    `<thead><tr>${header.map((h, i) => cell('th', h, i)).join('')}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('')}</tbody>`,
    '</table></div>',
  ].join('');
}

/** The page: title, a meta line, the body parts (already HTML), and the provenance footer. */
export function reportPage(title: string, metaLine: string, body: readonly string[], meta: Provenance): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style></head><body><main>`,
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">${escapeHtml(metaLine)}</p>`,
    ...body,
    `<footer><p class="note">${escapeHtml(provenanceLine(meta))}</p></footer>`,
    '</main></body></html>',
    '',
  ].join('\n');
}

/** A number for a table cell (4 significant digits), '–' for none. */
export function cellNumber(x: number | null | undefined): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toPrecision(4) : '–';
}

export function cellCi(c: readonly [number, number] | null | undefined): string {
  return c ? `[${cellNumber(c[0])}, ${cellNumber(c[1])}]` : '–';
}

/**
 * Cells of a `--metric` (`fillRate`, `needFillRate:meta`, `diff:…`) as the text tables print them
 * (%, $B, thousands, typographic minus): levels, differences (with a sign) and their CIs; '–' for none.
 */
export function metricCells(metric: string) {
  const f = metricSpecFormat(metric);
  const value = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? f.value(x) : '–');
  const diff = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? f.diff(x, 1) : '–');
  const interval = (c: readonly [number, number] | null | undefined, cell: (x: number) => string) =>
    c ? `[${cell(c[0])}, ${cell(c[1])}]` : '–';
  return {
    value,
    diff,
    valueCi: (c: readonly [number, number] | null | undefined) => interval(c, value),
    diffCi: (c: readonly [number, number] | null | undefined) => interval(c, diff),
    unit: f.diffUnit,
  };
}
