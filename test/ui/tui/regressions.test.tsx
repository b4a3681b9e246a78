/**
 * Checks aimed at regressions a review planted and the earlier tests let through: resize handling,
 * the sides of the diff, a displayed figure (wait halved), the chart's series, log order, PgDn, a
 * policy switch landing on another moment, export, and a frame-time budget. Figures on screen are
 * compared with values computed here from the model state directly, not through the view code.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { Text, useInput } from 'ink';
import { useState } from 'react';
import { App, type AppProps } from '../../../ui/tui/App.js';
import { policyNames } from '../../../models/policies/index.js';
import { fmtCompact, fmtWeeks } from '../../../ui/tui/format.js';
import { chartView, customerOrder } from '../../../ui/tui/view.js';
import { exportView } from '../../../ui/tui/run.js';
import { rerunCache, timeline, waitFor } from './helpers.js';
import type { Timeline } from '../../../ui/tui/timeline.js';

const TAB = '\t';
const PGDN = '\u001B[6~';
const ENTER = '\r';
const DOWN = '\u001B[B';

afterEach(() => cleanup());

const h100 = timeline('h100-2023');
const rerun = rerunCache('h100-2023', h100);

function mount(overrides: Partial<AppProps> = {}) {
  const app = render(
    <App
      timeline={h100}
      rerun={rerun}
      policies={policyNames()}
      color={false}
      size={{ columns: 160, rows: 48 }}
      {...overrides}
    />,
  );
  const frame = () => app.lastFrame() ?? '';
  const press = async (key: string, until?: (f: string) => boolean) => {
    const before = frame();
    app.stdin.write(key);
    await waitFor(() => expect(until ? until(frame()) : frame() !== before).toBe(true), 8000);
    return frame();
  };
  return { app, frame, press };
}

const header = (f: string) => f.split('\n')[0]!;
const eventOf = (f: string) => Number(/ev(?:ent)? ([\d,]+) ?\//.exec(header(f))![1]!.replace(/,/g, ''));
/** The screen line of a customer's row (customers panel), left column only. */
const rowOf = (f: string, name: string) =>
  f.split('\n').find((l) => l.startsWith(`  ${name}`) || l.startsWith(`▸ ${name}`))!;

/** Received and mean wait of each customer at position p, computed from the model state here. */
function truth(t: Timeline, p: number) {
  t.goTo(p);
  const per = t.ctx.gpusPerBoard;
  return t.state.customers.map((c, i) => {
    const received = c.receivedBoards * per;
    return { name: t.ctx.direct[i]!.name, received, wait: received > 0 ? c.waitSum / received : null };
  });
}

describe('figures on screen match the model', () => {
  test('received and wait per customer at week 20 (a halved wait would show)', async () => {
    const { frame, press } = mount();
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    for (let i = 0; i < 5; i++) await press('}');
    const f = frame();
    const at = eventOf(f);
    const coreweave = truth(h100, at).find((c) => c.name.startsWith('CoreWeave'))!;
    expect(coreweave.received).toBeGreaterThan(0);
    const row = rowOf(f, 'CoreWeave');
    expect(row).toContain(` ${fmtCompact(coreweave.received)} `);
    expect(row).toContain(` ${fmtWeeks(coreweave.wait)} `);
  });

  test('the diff puts the baseline on side A and the shown policy on B, at the same moment', async () => {
    const { frame, press } = mount();
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    for (let i = 0; i < 6; i++) await press('}');
    const at = eventOf(frame());
    await press('p', (f) => f.includes('POLICY: re-run'));
    const names = policyNames();
    for (let i = 0; i < names.indexOf('favoured'); i++) await press(DOWN);
    await press(ENTER, (f) => header(f).includes('· favoured ·'));
    const fav = rerun('favoured');
    const favAt = eventOf(frame());
    // Same simulated time, and among the events at that time the same number done.
    expect(fav.timeAt(favAt)).toBe(h100.timeAt(at));
    const before = (t: Timeline, p: number) => p - t.positionAtTime(t.timeAt(p) - 1e-9);
    expect(before(fav, favAt)).toBe(before(h100, at));
    const diff = await press('d', (f) => f.includes('DIFF at week'));
    expect(diff).toContain('A = pro-rata, B = favoured');
    const a = truth(h100, h100.positionLike(fav, favAt));
    const b = truth(fav, favAt);
    let differing = 0;
    for (let i = 0; i < a.length; i++) {
      const line = diff.split('\n').find((l) => l.startsWith(`  ${a[i]!.name.split(' (')[0]!.slice(0, 10)}`));
      if (line === undefined) continue;
      const cells = line.slice(20).trim().split(/\s+/);
      expect(cells[0]).toBe(fmtCompact(a[i]!.received));
      expect(cells[1]).toBe(fmtCompact(b[i]!.received));
      if (a[i]!.received !== b[i]!.received) differing++;
    }
    expect(differing).toBeGreaterThan(0); // else the sides could be swapped unnoticed
  }, 60_000);
});

describe('chart series', () => {
  test("a customer's whole-run chart: need, orders, allocations and backlog add up to the run's totals", () => {
    h100.goTo(h100.weekStart(30));
    const order = customerOrder(h100.state);
    const ui = { chartSubject: 'customers' as const, selection: { pipeline: 0, customers: 0 }, chartSeries: 0 };
    const v = chartView(h100.state, h100.ctx, ui, h100.customerBacklog, h100.customerWeekly);
    const i = order[0]!;
    // boards already on their way at week 0 (the warm start) were allocated before the run
    h100.goTo(0);
    const allocatedBefore = h100.state.customers[i]!.allocatedBoards;
    h100.goTo(h100.total);
    const end = h100.state.customers[i]!;
    const [need, orders, allocated, backlog] = v.multi!.series;
    const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
    expect(need!.at(-1)).toBeCloseTo(sum(end.weeklyNeed), 6);
    expect(orders!.at(-1)).toBe(sum(end.weeklyOrders));
    expect(allocated!.at(-1)).toBe((end.allocatedBoards - allocatedBefore) * h100.ctx.gpusPerBoard);
    expect(backlog).toEqual(h100.customerBacklog[i]!.slice(0, h100.horizon));
    expect(v.multi!.now).toBe(30);
    expect(need!).toHaveLength(h100.horizon);
    // The other series only reach the closed weeks.
    const delivered = chartView(
      h100.state,
      h100.ctx,
      { ...ui, chartSeries: 1 },
      h100.customerBacklog,
      h100.customerWeekly,
    );
    expect(delivered.label).toBe('GPUs delivered, cumulative');
    expect(delivered.values.at(-1)).toBe(h100.state.history.at(-1)!.deliveredCumulative[end.id]);
  });
});

describe('NO_COLOR', () => {
  // Ink's own colours go through chalk (off in tests); asciichart writes its series colours itself.
  const colours = /\x1b\[(3[0-8]|4[0-8]|9[0-7])(;[\d;]*)?m/;
  test("the customer's chart has colours only when colour is on", async () => {
    for (const color of [true, false]) {
      const { frame, press, app } = mount({ color });
      await waitFor(() => expect(frame()).toContain('EVENTS'));
      await press('}');
      await press(TAB, (f) => f.includes('▲ now wk'));
      if (color) expect(frame()).toMatch(colours);
      else expect(frame()).not.toMatch(colours);
      app.unmount();
    }
  });
});

describe('log, PgDn, resize', () => {
  test('the log runs oldest to newest downwards and ends on the current event', async () => {
    const { frame, press } = mount({ size: { columns: 100, rows: 40 } });
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    await press('}');
    const f = await press('\u001B[C');
    const at = eventOf(f);
    const numbers = [...f.matchAll(/#([\d,]+) +w\d+\.\d\d/g)].map((m) => Number(m[1]!.replace(/,/g, '')));
    expect(numbers.length).toBeGreaterThanOrEqual(5);
    expect(numbers.at(-1)).toBe(at);
    for (let k = 1; k < numbers.length; k++) expect(numbers[k]).toBe(numbers[k - 1]! + 1);
    expect(f).toMatch(new RegExp(`▸ +#${at.toLocaleString('en-US')} `));
  });

  test('PgDn moves the customer selection ten rows, PgUp back', async () => {
    const { frame, press } = mount();
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    await press(TAB);
    const order = customerOrder(h100.state).map((i) => h100.ctx.direct[i]!.name.split(' (')[0]!);
    const down = await press(PGDN);
    expect(rowOf(down, order[10]!.slice(0, 10))).toMatch(/^▸/);
    const up = await press('\u001B[5~');
    expect(rowOf(up, order[0]!.slice(0, 10))).toMatch(/^▸/);
  });

  test('a resize re-lays the screen out for the new size', async () => {
    const { size: _, ...props } = { size: undefined };
    const app = render(<App timeline={h100} rerun={rerun} policies={policyNames()} color={false} {...props} />);
    const frame = () => app.lastFrame() ?? '';
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    const stdout = app.stdout as unknown as { columns: number; rows: number; emit: (e: string) => void };
    for (const [columns, rows] of [
      [160, 48],
      [90, 30],
    ] as const) {
      Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
      Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
      stdout.emit('resize');
      await waitFor(() => {
        const lines = frame().split('\n');
        expect(lines).toHaveLength(rows - 1);
        expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(columns);
        if (columns >= 140) expect(lines.some((l) => l.length > 120)).toBe(true);
      });
    }
  });
});

describe('export and frame time', () => {
  test('e writes the visible state as JSON and the screen as text, and says where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chipsim-tui-export-'));
    const { frame, press } = mount({
      onExport: (view) =>
        exportView(view, { scenario: h100.scenario, scenarioName: 'h100-2023', policy: h100.policy, seed: 1 }, dir),
    });
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    const shown = await press(']');
    const after = await press('e', (f) => f.includes('exported'));
    const files = readdirSync(dir).sort();
    expect(files).toEqual([
      `chipsim-tui-h100-2023-pro-rata-e${eventOf(shown)}.json`,
      `chipsim-tui-h100-2023-pro-rata-e${eventOf(shown)}.txt`,
    ]);
    expect(after).toContain(join(dir, files[0]!));
    const json = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8')) as Record<string, unknown>;
    expect(json).toMatchObject({ scenario: 'h100-2023', policy: 'pro-rata', event: eventOf(shown), week: 1 });
    expect(readFileSync(join(dir, files[1]!), 'utf8').trimEnd()).toBe(shown.trimEnd());
  });

  test('a step costs at most a few times a minimal Ink app redrawing as many lines (ratio, not a wall-clock bound)', async () => {
    // Reference: an app that redraws 47 lines of 160 columns per key and does nothing else.
    function Echo() {
      const [n, setN] = useState(0);
      useInput(() => setN((x) => x + 1));
      return (
        <>
          {Array.from({ length: 47 }, (_, r) => (
            <Text key={r}>{`${r === 0 ? n : r} ${'·█░ '.repeat(40)}`.slice(0, 160)}</Text>
          ))}
        </>
      );
    }
    // The fastest of 16 presses: load on a shared machine slows some presses, a per-frame delay slows all.
    const best = (xs: number[]) => Math.min(...xs);
    const time = async (app: ReturnType<typeof render>, keys: string[]) => {
      const xs: number[] = [];
      for (const k of keys) {
        const n = app.frames.length;
        const t0 = performance.now();
        app.stdin.write(k);
        while (app.frames.length === n) await new Promise((r) => setImmediate(r));
        xs.push(performance.now() - t0);
      }
      return best(xs);
    };
    const echo = render(<Echo />);
    await waitFor(() => expect(echo.lastFrame()).toContain('·'));
    const keys = Array.from({ length: 16 }, (_, k) => (k % 2 === 0 ? '\u001B[C' : '\u001B[D'));
    const ref = await time(echo, keys);
    echo.unmount();
    const { app, frame, press } = mount();
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    await press('}');
    const tui = await time(app, keys);
    console.log(`frame time: tui ${tui.toFixed(1)} ms, minimal Ink app ${ref.toFixed(1)} ms per key (fastest of 16)`);
    // Measured 1.3× the reference (33 vs 26 ms, loaded machine); a 100 ms per-frame delay breaks the bound.
    expect(tui).toBeLessThan(2 * ref + 40);
  }, 60_000);

  test('play achieves its label (paced by elapsed time) and a pause stops it at once', async () => {
    const { frame, press } = mount({ size: { columns: 80, rows: 24 } });
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    for (let i = 0; i < 5; i++) await press('+');
    expect(header(frame())).toContain('1000/s');
    const t0 = performance.now();
    await press(' ', (f) => header(f).includes('▶'));
    await new Promise((r) => setTimeout(r, 1500));
    const paused = await press(' ', (f) => header(f).includes('‖'));
    const elapsed = performance.now() - t0;
    const at = eventOf(paused);
    // Between the frames: the key was sent before t0's play started and the pause came after `elapsed`.
    expect(at).toBeLessThanOrEqual(elapsed * 1.0 + 20);
    expect(at).toBeGreaterThanOrEqual(1500 * 0.9);
    await new Promise((r) => setTimeout(r, 200));
    expect(eventOf(frame())).toBe(at);
  }, 30_000);
});
