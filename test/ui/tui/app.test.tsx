/** The Ink app driven like a user: frames after key presses (ink-testing-library). */
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { App, type AppProps } from '../../../ui/tui/App.js';
import { policyNames } from '../../../models/policies/index.js';
import { rerunCache, timeline, waitFor } from './helpers.js';
import { HELP_KEYS } from '../../../ui/tui/components/chrome.js';

const ARROW_RIGHT = '\u001B[C';
const ARROW_LEFT = '\u001B[D';
const ARROW_DOWN = '\u001B[B';
const TAB = '\t';
const ESC = '\u001B';
const ENTER = '\r';

afterEach(() => cleanup());

const toy = timeline('toy');
const rerun = rerunCache('toy', toy);

function mount(overrides: Partial<AppProps> = {}) {
  let quits = 0;
  const app = render(
    <App
      timeline={toy}
      rerun={rerun}
      policies={policyNames()}
      color={false}
      size={{ columns: 100, rows: 30 }}
      onQuit={() => quits++}
      {...overrides}
    />,
  );
  const frame = () => app.lastFrame() ?? '';
  /** Writes a key and waits until the frame changes (or `until` holds). */
  const press = async (key: string, until?: (f: string) => boolean) => {
    const before = frame();
    app.stdin.write(key);
    await waitFor(() => expect(until ? until(frame()) : frame() !== before).toBe(true));
    return frame();
  };
  return { app, frame, press, quits: () => quits };
}

const header = (f: string) => f.split('\n')[0]!;

describe('tui app (toy, 100×30)', () => {
  test('first frame: header, every panel, key hints', async () => {
    const { frame } = mount();
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    const f = frame();
    expect(header(f)).toContain('toy · pro-rata · seed 1');
    expect(header(f)).toMatch(new RegExp(`event 0 ?/ ?${toy.total}`));
    expect(header(f)).toContain('paused');
    for (const s of ['PIPELINE', 'CoWoS-S packaging', 'CUSTOMERS', 'Big Cloud', 'CHART', 'EVENTS', '? help', 'q quit'])
      expect(f).toContain(s);
    expect(f.split('\n')).toHaveLength(30);
  });

  test('→ steps forward; ← comes back to exactly the earlier frame', async () => {
    const { frame, press } = mount();
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    const frames = [frame()];
    for (let i = 0; i < 5; i++) frames.push(await press(ARROW_RIGHT));
    expect(header(frames[5]!)).toMatch(new RegExp(`event 5 ?/ ?${toy.total}`));
    for (let i = 4; i >= 0; i--) expect(await press(ARROW_LEFT)).toBe(frames[i]);
  });

  test('] and } jump by weeks, [ comes back exactly; End and Home', async () => {
    const { frame, press } = mount();
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    const w1 = await press(']');
    expect(header(w1)).toMatch(/week 1 of 26/);
    const w5 = await press('}');
    expect(header(w5)).toMatch(/week 5 of 26/);
    await press(']');
    expect(await press('[')).toBe(w5);
    const end = await press('G');
    expect(header(end)).toMatch(new RegExp(`event ${toy.total} ?/ ?${toy.total}`));
    expect(header(await press('g'))).toMatch(new RegExp(`event 0 ?/ ?${toy.total}`));
  });

  test('? shows help, Esc closes it back to the same frame', async () => {
    const { frame, press } = mount();
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    const before = await press('}');
    const help = await press('?');
    expect(help).toContain('KEYS');
    expect(help).toContain('READING THE SCREEN');
    expect(help).not.toContain('PIPELINE');
    expect(await press(ESC)).toBe(before);
  });

  test('Tab and ↓ select a customer and the chart follows it', async () => {
    const { frame, press } = mount();
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    await press('}');
    await press(TAB);
    const f = await press(ARROW_DOWN);
    expect(f).toMatch(/▸ AI Startup/);
    // First the whole run: need, orders, allocations and backlog, with a "now" marker and week axis.
    expect(f).toMatch(/CHART AI Startup · whole run, GPUs/);
    expect(await press('c')).toMatch(/CHART AI Startup · GPUs delivered, cumulative/);
    expect(await press('c')).toMatch(/CHART AI Startup · backlog at week end/);
  });

  test('/ filters the event log; Esc clears it', async () => {
    const { frame, press } = mount();
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    await press('}');
    await press('}');
    await press('/');
    for (const ch of 'allocated') await press(ch);
    const typed = frame();
    expect(typed).toContain('search events: allocated');
    const filtered = await press(ENTER);
    expect(filtered).toContain('search "allocated"');
    const log = filtered.slice(filtered.indexOf('EVENTS'));
    const lines = log
      .split('\n')
      .slice(1)
      .filter((l) => /w\d+\.\d\d/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/allocated/);
    expect(await press(ESC)).not.toContain('search "allocated"');
  });

  test('p picks a policy and re-runs it at the same week, d shows the diff against pro-rata', async () => {
    const { frame, press } = mount();
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    await press('}');
    await press('}');
    const week = header(frame()).match(/week (\d+) of/)![1];
    expect(await press('p')).toContain('POLICY: re-run');
    await press(ARROW_DOWN);
    const switched = await press(ENTER, (f) => header(f).includes('toy · favoured · seed 1'));
    expect(header(switched)).toContain(`week ${week} of`);
    const diff = await press('d');
    expect(diff).toContain(`DIFF at week ${week}: A = pro-rata, B = favoured`);
    for (const name of ['Big Cloud', 'Neo Cloud', 'AI Startup']) expect(diff).toContain(name);
    expect(await press('d')).not.toContain('DIFF');
  });

  test('space plays and pauses', async () => {
    const { frame, press } = mount();
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    for (let i = 0; i < 5; i++) await press('+');
    expect(header(frame())).toContain('1000 ev/s');
    await press(' ', (f) => header(f).includes('playing'));
    await waitFor(() => expect(Number(header(frame()).match(/event (\d+)/)![1])).toBeGreaterThan(20));
    const paused = await press(' ', (f) => header(f).includes('paused'));
    const at = header(paused).match(/event (\d+)/)![1];
    await new Promise((r) => setTimeout(r, 120));
    expect(header(frame()).match(/event (\d+)/)![1]).toBe(at);
  });

  test('q quits', async () => {
    const { frame, app, quits } = mount();
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    app.stdin.write('q');
    await waitFor(() => expect(quits()).toBe(1));
  });

  test('Ctrl-C quits', async () => {
    const { frame, app, quits } = mount();
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    app.stdin.write('\u0003');
    await waitFor(() => expect(quits()).toBe(1));
  });
});

describe('tui app sizes', () => {
  const h100 = timeline('h100-2023');

  test('after the export control (week 45) a line says who is cut off, and the screen still fits', async () => {
    const { frame, press } = mount({ timeline: h100, size: { columns: 80, rows: 24 } });
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    for (let i = 0; i < 11; i++) await press('}');
    const f = await press(']');
    expect(header(f)).toMatch(/wk 45/);
    expect(f).toContain('! CN cut off by export control');
    expect(f.split('\n')).toHaveLength(24);
    await press('/');
    for (const ch of 'export') await press(ch);
    const filtered = await press('\r');
    expect(filtered).toMatch(/export control: CN customers cut off, [\d,]+ GPUs of orders/);
  });

  test('help lists every key and fits an 80×24 terminal (80×23 drawn: Ink keeps the last line free)', async () => {
    const { frame, press } = mount({ timeline: h100, size: { columns: 80, rows: 23 } });
    await waitFor(() => expect(frame()).toContain('EVENTS'));
    const help = await press('?');
    const lines = help.split('\n');
    expect(lines).toHaveLength(23);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    for (const [k, what] of HELP_KEYS) {
      const line = lines.find((l) => l.startsWith(` ${k} `));
      expect(line, `help line of ${k}`).toBeDefined();
      expect(line).toContain(what);
    }
    expect(help).toContain('READING THE SCREEN');
    expect(help).toContain('+N = boards at the last allocation.'); // the last note, whole
    expect(lines[22]).toContain('Esc or ? closes help');
  });

  for (const [columns, rows] of [
    [80, 24],
    [100, 30],
    [160, 48],
  ] as const) {
    test(`h100-2023 fits ${columns}×${rows} and keeps every panel`, async () => {
      const { frame, press } = mount({ timeline: h100, size: { columns, rows } });
      await waitFor(() => expect(frame()).toContain('EVENTS'));
      await press('}');
      const f = await press('}');
      const lines = f.split('\n');
      expect(lines).toHaveLength(rows);
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(columns);
      for (const s of ['PIPELINE', 'CoWoS-S packaging', 'CUSTOMERS', 'CHART', 'EVENTS', 'q quit'])
        expect(f).toContain(s);
      // The footer keeps policy, search and chart even at 80 columns.
      for (const k of [' p policy', ' / search', ' c chart', ' ? help']) expect(lines[rows - 1]).toContain(k);
      if (columns >= 100) expect(f).toContain('Server build & ship');
      if (columns >= 160) {
        expect(f).toContain('Alibaba'); // every customer shown
        expect(f).toMatch(/┤/); // a line chart, not a sparkline
        // A customer's chart: the whole run with a legend, labelled axes and a "now" marker.
        const why = await press(TAB);
        expect(why).toMatch(/CHART CoreWeave · whole run, GPUs/);
        expect(why).toMatch(/need Σ.*orders Σ.*allocated Σ.*backlog/);
        expect(why).toMatch(/wk 0 .*▲ now wk 8 .*wk 103/);
        expect(why).toMatch(/\d(\.\d)?k┤/);
      }
    });
  }
});
