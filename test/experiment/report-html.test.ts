/**
 * HTML reports of sensitivity (tornado, μ*–σ, Sobol bars) and sweep (metric against the swept value
 * with CI bands): drawn from the JSON document, charts as inline SVG, provenance in the footer,
 * the same bytes for the same document; `--format html` / `--out *.html` reach them.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { provenanceLine } from '../../models/experiment/provenance.js';
import { formatSensitivityHtml, type SensitivityDocument } from '../../ui/format/sensitivity-html.js';
import { formatSweepHtml, type SweepDocument } from '../../ui/format/sweep-html.js';
import { tempDir, toyWithRanges } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));
const dir = tempDir('chipsim-html-');
const scenario = toyWithRanges(dir);
const quick = ['--reps', '2', '--workers', '1', '--quiet', '--no-checkpoint', '--policies', 'pro-rata,favoured'];

function chipsim(args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;');

describe('sensitivity HTML', () => {
  test.each([
    ['oat', [], 'chart-tornado'],
    ['morris', ['--samples', '2'], 'chart-morris'],
    ['sobol', ['--samples', '4'], 'chart-sobol'],
  ])('%s: a chart per method, the parameters, provenance in the footer, stable bytes', (method, extra, id) => {
    const doc = JSON.parse(
      chipsim([
        'sensitivity',
        scenario,
        ...quick,
        '--metric',
        'diff:fillRate',
        '--method',
        method,
        ...extra,
        '--format',
        'json',
      ]),
    ) as SensitivityDocument;
    const html = formatSensitivityHtml(doc);
    expect(html).toBe(formatSensitivityHtml(JSON.parse(JSON.stringify(doc))));
    expect(html).toMatch(new RegExp(`<figure id="${id}"><svg`));
    expect(html).toContain('/fab/dieYield');
    expect(html).toContain('/cowos/yield');
    expect(html).toContain(`<footer><p class="note">${escape(provenanceLine(doc.meta))}</p></footer>`);
    expect(html).not.toMatch(/<script/);
    expect(html).toContain('<div class="wide"><table>');
    if (method === 'oat') {
      // the numbers as the text table prints them: fill rates in %, the swing in percentage points
      expect(html).toContain('<th class="num">swing (pp)</th>');
      const atLow = doc.method === 'oat' ? doc.parameters[0]!.atLow.mean! : NaN;
      expect(html).toContain(`${(Math.abs(atLow) * 100).toFixed(1)}%</td>`);
    }
  });

  test('--out report.html writes the page', () => {
    const out = join(dir, 'report.html');
    chipsim(['sensitivity', scenario, ...quick, '--metric', 'fillRate', '--out', out]);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<figure id="chart-tornado"><svg');
  });
});

describe('sweep HTML', () => {
  test('grid: the metric against the swept value per policy, with CI bands (areas); stable bytes', () => {
    const doc = JSON.parse(
      chipsim([
        'sweep',
        scenario,
        ...quick,
        '--set',
        '/fab/dieYield=0.6,0.75,0.9',
        '--metric',
        'fillRate',
        '--format',
        'json',
      ]),
    ) as SweepDocument;
    const html = formatSweepHtml(doc);
    expect(html).toBe(formatSweepHtml(JSON.parse(JSON.stringify(doc))));
    expect(html).toMatch(/<figure id="chart-sweep-0"><svg/);
    expect((html.match(/aria-label="area"/g) ?? []).length).toBeGreaterThan(0);
    expect(html).toContain('pro-rata');
    expect(html).toContain('favoured');
    expect(html).toContain(escape(provenanceLine(doc.meta)));
    // fill rates as the text tables print them, in %, with their CIs
    const first = doc.points[0]!.results[0]!;
    expect(html).toContain(`<td class="num">${(first.mean! * 100).toFixed(1)}%</td>`);
    expect(html).toMatch(/<td class="num">\[\d+\.\d%, \d+\.\d%\]<\/td>/);
    const viaCli = chipsim([
      'sweep',
      scenario,
      ...quick,
      '--set',
      '/fab/dieYield=0.6,0.75,0.9',
      '--metric',
      'fillRate',
      '--format',
      'html',
    ]);
    expect(viaCli.replace(/<footer>.*<\/footer>/, '')).toBe(html.replace(/<footer>.*<\/footer>/, ''));
  });

  test('lhs: error bars, one chart per parameter', () => {
    const doc = JSON.parse(
      chipsim(['sweep', scenario, ...quick, '--lhs', '3', '--metric', 'fillRate', '--format', 'json']),
    ) as SweepDocument;
    const html = formatSweepHtml(doc);
    expect(html).toMatch(/<figure id="chart-sweep-1"><svg/);
    expect(html).not.toMatch(/aria-label="area"/);
  });
});
