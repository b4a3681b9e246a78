import { describe, expect, test } from 'vitest';
import { CHART_IDS, formatCompareHtml } from '../../ui/report/compare-html.js';
import { REPORT_PALETTE as PALETTE } from '../../ui/format/report-page.js';
import { FAKE_SCENARIO, fakeExperiment } from '../experiment/helpers.js';

async function html(policies: string[]) {
  const { result } = await fakeExperiment(policies, 12, 3);
  return formatCompareHtml(result, { scenario: 'fake <scenario>', reps: 12, seed: 3 });
}

describe('compare --format html', () => {
  test('one <svg> per chart, no <script>, nothing loaded from the network', async () => {
    const page = await html(['pro-rata', 'favoured']);
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page.match(/<svg\b/g)).toHaveLength(CHART_IDS.length);
    for (const id of CHART_IDS) {
      const figure = page.match(new RegExp(`<figure id="chart-${id}">([\\s\\S]*?)</figure>`));
      expect(figure, id).not.toBeNull();
      expect(figure![1]!.match(/<svg\b/g), id).toHaveLength(1);
    }
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/\s(src|href)=["']?(https?:)?\/\//i);
    expect(page).not.toMatch(/@import|url\(\s*["']?https?:/i);
  });

  test('carries the scenario, reps, seed and the tables; escapes HTML', async () => {
    const page = await html(['pro-rata', 'favoured', 'uniform']);
    expect(page).toContain('fake &lt;scenario&gt;');
    expect(page).not.toContain('fake <scenario>');
    expect(page).toContain('12 replications');
    expect(page).toContain('seed 3');
    expect(page).toContain('<h3>favoured vs pro-rata</h3>');
    expect(page).toContain('<h3>uniform vs pro-rata</h3>');
    expect(page).toContain('<h3>uniform − favoured</h3>');
    expect(page).toContain('epsilon,inc');
    // every customer appears on the axis of the in-hand and the fill-rate chart
    for (const id of ['in-hand', 'fill-rate']) {
      const chart = page.match(new RegExp(`<figure id="chart-${id}">([\\s\\S]*?)</figure>`))![1]!;
      for (const c of FAKE_SCENARIO.customers) expect(chart, id).toContain(c);
    }
    // the in-hand chart's legend names the policies compared with the first, in their colours
    const inHand = page.slice(page.indexOf('GPUs in hand per customer'), page.indexOf('<figure id="chart-in-hand">'));
    expect(inHand).toContain(`background:${PALETTE[1]}"></span>favoured`);
    expect(inHand).toContain(`background:${PALETTE[2]}"></span>uniform`);
    expect(inHand).not.toContain('></span>pro-rata');
    // tables scroll inside the page rather than run off it
    expect(page).toContain('<div class="wide"><table>');
  });

  test('is deterministic: the same result renders to the same bytes', async () => {
    expect(await html(['pro-rata', 'favoured'])).toBe(await html(['pro-rata', 'favoured']));
  });
});
