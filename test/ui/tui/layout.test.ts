/** Screen layout, views and text pieces: pure functions. */
import { describe, expect, test } from 'vitest';
import { computeLayout } from '../../../ui/tui/layout.js';
import {
  bar,
  dateAt,
  fmtCompact,
  fmtDelta,
  padEnd,
  padStart,
  resample,
  sparkline,
  truncate,
} from '../../../ui/tui/format.js';
import {
  chartView,
  customersView,
  joinStatus,
  pipelineIds,
  pipelineView,
  starvationNote,
} from '../../../ui/tui/view.js';
import { colorEnabled, policyCycle } from '../../../ui/tui/run.js';
import { mergeSegs, segProps } from '../../../ui/tui/components/line.js';
import { wrapText } from '../../../ui/tui/components/chrome.js';
import { windowStart } from '../../../ui/tui/components/panels.js';
import { policy, timeline } from './helpers.js';

/** Lines a stacked layout uses: header, pipeline (title, rows, join), customers, chart, log, footer. */
function usedLines(l: ReturnType<typeof computeLayout>): number {
  if (l.mode === 'wide') {
    const left =
      1 +
      l.pipelineRows +
      1 +
      l.alertLines +
      1 +
      l.customerRows +
      l.whyLines +
      (l.chartPlace === 'left' ? 1 + l.chartLines : 0);
    const right = (l.chartPlace === 'right' ? 1 + l.chartLines : 0) + 1 + l.logRows;
    return 2 + Math.max(left, right);
  }
  return (
    2 +
    (1 + l.pipelineRows + 1 + l.alertLines) +
    (1 + l.customerRows + l.whyLines) +
    (l.chartLines === 0 ? 1 : 1 + l.chartLines) +
    (1 + l.logRows)
  );
}

describe('layout', () => {
  test('80×24 with h100-2023 (9 pipeline rows, 14 customers): stacked, exactly 24 lines, sparkline chart', () => {
    const l = computeLayout(80, 24, 9, 14);
    // The pipeline shows a window of 5 stages so that customers and the log get rows.
    expect(l).toMatchObject({ mode: 'stacked', pipelineRows: 5, chartLines: 0 });
    expect(l.customerRows).toBeGreaterThanOrEqual(6);
    expect(l.logRows).toBeGreaterThanOrEqual(3);
    expect(usedLines(l)).toBe(24);
  });

  test('a disruption line under the pipeline takes one line from the rest', () => {
    const l = computeLayout(80, 24, 9, 14, 1);
    expect(l.alertLines).toBe(1);
    expect(usedLines(l)).toBe(24);
    expect(usedLines(computeLayout(160, 48, 9, 14, 1))).toBe(48);
  });

  test('taller stacked screens get a line chart and more log', () => {
    const l = computeLayout(100, 40, 9, 14);
    expect(l.mode).toBe('stacked');
    expect(l.customerRows).toBeGreaterThanOrEqual(6);
    expect(l.logRows).toBeGreaterThanOrEqual(6); // was 3 at 120×40
    expect(computeLayout(120, 40, 9, 14).logRows).toBeGreaterThanOrEqual(6);
    expect(computeLayout(100, 60, 9, 14).customerRows).toBeGreaterThanOrEqual(12);
    expect(l.whyLines).toBe(2);
    expect(computeLayout(80, 24, 9, 14).whyLines).toBe(0);
    expect(l.chartLines).toBeGreaterThanOrEqual(6);
    expect(usedLines(l)).toBe(40);
  });

  test('160×48: two columns, every customer, chart under them, log the whole right side', () => {
    const l = computeLayout(160, 48, 9, 14);
    expect(l).toMatchObject({ mode: 'wide', chartPlace: 'left', customerRows: 14 });
    expect(l.leftWidth + 1 + l.rightWidth).toBe(160);
    expect(usedLines(l)).toBe(48);
    expect(l.logRows).toBe(45);
  });

  test('120 columns still stack: two columns would leave the event log too narrow', () => {
    const l = computeLayout(120, 36, 9, 14);
    expect(l.mode).toBe('stacked');
    expect(usedLines(l)).toBe(36);
    expect(computeLayout(140, 40, 9, 14).rightWidth).toBeGreaterThanOrEqual(59);
  });

  test('tiny screens degrade without negative sizes', () => {
    for (const [c, r] of [
      [40, 12],
      [80, 16],
      [120, 20],
    ] as const) {
      const l = computeLayout(c, r, 9, 14);
      for (const v of [l.pipelineRows, l.customerRows, l.chartLines, l.logRows]) expect(v).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('text pieces', () => {
  test('numbers', () => {
    expect([0, 950, 1234, 45_678, 345_678, 1_234_567, 123_456_789].map(fmtCompact)).toEqual([
      '0',
      '950',
      '1.2k',
      '45.7k',
      '346k',
      '1.2M',
      '123M',
    ]);
    expect(fmtDelta(1500)).toBe('+1.5k');
    expect(fmtDelta(-48)).toBe('−48');
    expect(fmtDelta(0)).toBe('0');
  });

  test('bars, sparklines, resampling', () => {
    expect(bar(0, 4)).toBe('░░░░');
    expect(bar(1, 4)).toBe('████');
    expect(bar(0.5, 4)).toBe('██░░');
    expect(bar(2, 4)).toBe('████');
    expect(bar(null, 3)).toBe('   ');
    expect(bar(0.3, 10)).toHaveLength(10);
    expect(sparkline([0, 1, 2, 3], 4)).toBe('▁▃▆█');
    expect(sparkline([5, 5], 10)).toBe('██');
    expect(sparkline([0, 0], 10)).toBe('▁▁');
    expect(resample([1, 2, 3, 4], 2)).toEqual([1.5, 3.5]);
    expect(resample([1, 2], 5)).toEqual([1, 2]);
  });

  test('padding, truncation, dates, wrapping, windows', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(padEnd('ab', 4)).toBe('ab  ');
    expect(padStart('ab', 4)).toBe('  ab');
    expect(padEnd('abcdef', 4)).toBe('abc…');
    expect(dateAt('2023-01-02', 0)).toBe('2023-01-02');
    expect(dateAt('2023-01-02', 31.5)).toBe('2023-08-10');
    expect(wrapText('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
    expect(windowStart(0, 4, 14)).toBe(0);
    expect(windowStart(13, 4, 14)).toBe(10);
    expect(windowStart(6, 4, 14)).toBe(4);
    expect(windowStart(6, 20, 14)).toBe(0);
  });

  test('NO_COLOR: no colours, bold and inverse stay', () => {
    expect(colorEnabled({})).toBe(true);
    expect(colorEnabled({ NO_COLOR: '' })).toBe(true);
    expect(colorEnabled({ NO_COLOR: '1' })).toBe(false);
    expect(segProps({ text: 'x', tone: 'bad', bold: true }, { color: true })).toEqual({ color: 'red', bold: true });
    expect(segProps({ text: 'x', tone: 'bad', bold: true, inverse: true }, { color: false })).toEqual({
      bold: true,
      inverse: true,
    });
    expect(segProps({ text: 'x', tone: 'muted' }, { color: false })).toEqual({ dimColor: true });
  });

  test('the policy cycle starts with a plug-in, then the built-ins', () => {
    const builtIn = policyCycle(policy('favoured'));
    expect(builtIn.names[0]).toBe('pro-rata');
    expect(builtIn.get('favoured').name).toBe('favoured');
    const plugin = { name: './mine.js', description: 'x', allocate: () => ({}) };
    const cycle = policyCycle(plugin);
    expect(cycle.names[0]).toBe('./mine.js');
    expect(cycle.get('./mine.js')).toBe(plugin);
    expect(cycle.get('uniform').name).toBe('uniform');
  });
});

describe('views', () => {
  const t = timeline('toy');

  test('pipeline rows follow the flow, with the allocation step before shipping', () => {
    expect(pipelineIds(t.ctx)).toEqual(['fab', 'sort', 'hbm:skhynix', 'cowos', 'test', 'board', 'alloc', 'ship']);
    t.goTo(t.weekStart(10));
    const v = pipelineView(t.state, t.ctx);
    expect(v.rows.map((r) => r.id)).toEqual(pipelineIds(t.ctx));
    expect(v.rows.filter((r) => r.binding).length).toBeLessThanOrEqual(1);
    expect(v.rows.find((r) => r.id === 'cowos')!.waiting).toMatch(/dies·.*HBM/);
  });

  test('the join line says what CoWoS waits for', () => {
    t.goTo(t.weekStart(10));
    const s = t.state;
    const j = joinStatus(s, t.ctx);
    const limit = s.cowosLimit !== 'idle' ? s.cowosLimit : s.history[s.history.length - 1]!.cowosLimit;
    if (limit === 'capacity') expect(j.text).toMatch(/^CoWoS at capacity/);
    else expect(j.text).toMatch(/^CoWoS starved/);
  });

  test('customers: GPUs add up with what the run reports at the end', () => {
    t.goTo(t.total);
    const v = customersView(t.state, t.ctx);
    for (const row of v.rows) {
      const r = t.result.customers.find((c) => c.id === row.id)!;
      expect(row.received).toBe(r.received);
      if (r.fillRate !== null) expect(row.fill).toBeCloseTo(r.fillRate, 6);
      expect(row.open + row.inTransit).toBe(r.backlog);
    }
    expect(v.rows.map((r) => r.tier)).toEqual([...v.rows.map((r) => r.tier)].sort((a, b) => a - b));
  });

  test('the why line: boards and share at the last allocation, share of open orders, the rule', () => {
    t.goTo(t.weekStart(12));
    const v = customersView(t.state, t.ctx, 0);
    expect(v.why).toMatch(
      /^Neo Cloud \(t0\): ([\d.,k]+ of [\d.,k]+ boards at wk \d+ \(\d+%\)|nothing allocated at wk \d+), \d+% of open orders · pro-rata: proportional to open orders/,
    );
  });

  test('sales push and make to order: the why line says what a push buyer pushed, the join line when CoWoS waits for orders', () => {
    const push = timeline('turn-and-earn-waves', { policy: 'turn-and-earn' });
    push.goTo(push.total);
    const pusher = push.state.customers.find((c) => c.pushReceivedGpus > 0)!;
    const row = customersView(push.state, push.ctx).rows.findIndex((r) => r.id === pusher.id);
    expect(customersView(push.state, push.ctx, row).why).toMatch(
      /pushed [\d.,k]+ GPUs past need to earn share · turn-and-earn:/,
    );
    push.goTo(1); // the week's plan: nobody has ordered yet, so CoWoS built to order starts nothing
    expect(joinStatus(push.state, push.ctx).text).toMatch(/^CoWoS waits for orders/);
  });

  test('chart series grow with the closed weeks and cycle per subject', () => {
    t.goTo(t.weekStart(7));
    const ui = { chartSubject: 'customers' as const, selection: { pipeline: 0, customers: 1 }, chartSeries: 0 };
    const c = chartView(t.state, t.ctx, ui, t.customerBacklog);
    expect(c.values).toHaveLength(7);
    expect(c.count).toBe(4);
    expect(chartView(t.state, t.ctx, { ...ui, chartSeries: 5 }, t.customerBacklog).index).toBe(1);
    const s = chartView(
      t.state,
      t.ctx,
      { ...ui, chartSubject: 'pipeline', selection: { pipeline: 3, customers: 0 } },
      t.customerBacklog,
    );
    expect(s.subject).toBe('CoWoS-S packaging');
    expect(s.percent).toBe(true);
    expect(s.count).toBe(4);
  });
});

describe('starvation KPIs', () => {
  test('the why line names them when the result has them, and says nothing when it does not', () => {
    expect(starvationNote({ customers: [{ needFillRate: 0.624, longestUnservedWeeks: 9 }] }, 0)).toBe(
      ' · whole run: need filled 62%, longest unserved 9 wks',
    );
    expect(starvationNote({ customers: [{ longestUnservedWeeks: 1 }] }, 0)).toBe(' · whole run: longest unserved 1 wk');
    expect(starvationNote({ customers: [{}] }, 0)).toBe('');
    expect(starvationNote(undefined, 0)).toBe('');
  });
});

describe('mergeSegs', () => {
  test('joins neighbours drawn alike, keeps differently drawn ones apart, drops empty ones', () => {
    const theme = { color: true };
    const m = mergeSegs(
      [
        { text: 'a' },
        { text: 'b' },
        { text: '' },
        { text: 'c', tone: 'good' },
        { text: 'd', tone: 'good' },
        { text: 'e' },
      ],
      theme,
    );
    expect(m.map((s) => s.text)).toEqual(['ab', 'cd', 'e']);
    // Without colour, tones that differ only in colour are drawn alike.
    expect(
      mergeSegs(
        [
          { text: 'a', tone: 'good' },
          { text: 'b', tone: 'bad' },
        ],
        { color: false },
      ),
    ).toHaveLength(1);
  });
});
