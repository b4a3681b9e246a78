/**
 * Measures the TUI's speed and memory: `node bin/run-ts.js test/ui/tui/bench.ts [scenario]`.
 *
 *  - timeline build for each snapshot stride, snapshot footprint, heap after build;
 *  - step forward / step back / week jump / month jump on the timeline alone;
 *  - the same through the whole app (reducer + timeline + views + Ink render), key press to new
 *    frame, with ink-testing-library at 160×48 and 80×24;
 *  - heap with two runs held (after `p`).
 * Not part of `npm test` (timing on shared machines is noisy); quote medians.
 */
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { loadScenario } from '../../../scenarios/index.js';
import { getPolicy, policyNames } from '../../../models/policies/index.js';
import { Timeline } from '../../../ui/tui/timeline.js';
import { App } from '../../../ui/tui/App.js';

const name = process.argv[2] ?? 'h100-2023';
const loaded = loadScenario(name);
if (!loaded.ok) throw new Error(loaded.error);
const scenario = loaded.scenario;
const policy = getPolicy('pro-rata')!;

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `median ${q(0.5).toFixed(2)} ms · p95 ${q(0.95).toFixed(2)} · max ${s[s.length - 1]!.toFixed(2)} (n=${s.length})`;
}
const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
function gc() {
  (globalThis as { gc?: () => void }).gc?.();
}

console.log(`scenario ${name}, node ${process.version}, NODE_ENV=${process.env['NODE_ENV'] ?? ''}`);
const strides =
  process.env['BENCH_STRIDES'] === ''
    ? []
    : (process.env['BENCH_STRIDES'] ?? '64,128,256,512,1024').split(',').map(Number);
console.log('\n# timeline alone, by snapshot stride');
for (const stride of strides) {
  const kept: Timeline[] = [];
  gc();
  const without = process.memoryUsage().heapUsed;
  kept.push(new Timeline({ scenario, scenarioName: name, policy, seed: 1, stride }));
  gc();
  const heap = process.memoryUsage().heapUsed - without;
  const t = kept[0]!;
  const back: number[] = [];
  const fwd: number[] = [];
  const week: number[] = [];
  const month: number[] = [];
  const step = Math.max(1, Math.floor(t.total / 300));
  for (let k = t.total - 1; k > 1; k -= step) {
    t.goTo(k);
    let a = performance.now();
    t.goTo(k - 1);
    back.push(performance.now() - a);
    a = performance.now();
    t.goTo(k);
    fwd.push(performance.now() - a);
  }
  for (let w = t.horizon - 2; w >= 1; w--) {
    t.goTo(t.weekStart(w + 1));
    let a = performance.now();
    t.goTo(t.weekStart(w));
    week.push(performance.now() - a);
    if (w + 4 < t.horizon) {
      t.goTo(t.weekStart(w + 4));
      a = performance.now();
      t.goTo(t.weekStart(w));
      month.push(performance.now() - a);
    }
  }
  const foot = t.snapshotFootprint();
  const buildMs = t.buildMs;
  kept.length = 0;
  console.log(
    `stride ${String(stride).padStart(4)}: build ${buildMs.toFixed(0)} ms, ${foot.count} snapshots (${mb(foot.bytes)} as JSON), timeline heap ${mb(heap)}`,
  );
  console.log(`   step back    ${stats(back)}`);
  console.log(`   step fwd     ${stats(fwd)}`);
  console.log(`   week back    ${stats(week)}`);
  console.log(`   month back   ${stats(month)}`);
}

console.log('\n# whole app: key press → new frame (reducer + timeline + views + Ink), ink-testing-library');
const t0 = performance.now();
const timeline = new Timeline({ scenario, scenarioName: name, policy, seed: 1 });
const buildMs = performance.now() - t0;
for (const [columns, rows] of [
  [160, 48],
  [80, 24],
] as const) {
  const a0 = performance.now();
  const app = render(
    createElement(App, {
      timeline,
      rerun: (p: string) => new Timeline({ scenario, scenarioName: name, policy: getPolicy(p)!, seed: 1 }),
      policies: policyNames(),
      color: true,
      size: { columns, rows },
    }),
  );
  const firstMs = performance.now() - a0;
  const frames = app.frames;
  async function press(key: string): Promise<number> {
    const n = frames.length;
    const a = performance.now();
    app.stdin.write(key);
    while (frames.length === n) await new Promise((r) => setImmediate(r));
    return performance.now() - a;
  }
  const keys: Record<string, number[]> = {
    '→ step': [],
    '← step back': [],
    '] week': [],
    '[ week back': [],
    '} month': [],
    '{ month back': [],
  };
  await press('G');
  await press('g');
  await press('}');
  for (let i = 0; i < 60; i++) {
    keys['→ step']!.push(await press('\u001B[C'));
    keys['← step back']!.push(await press('\u001B[D'));
    await press('\u001B[C');
  }
  for (let i = 0; i < 25; i++) {
    keys['] week']!.push(await press(']'));
    keys['} month']!.push(await press('}'));
    keys['{ month back']!.push(await press('{'));
    keys['[ week back']!.push(await press('['));
    await press(']');
  }
  console.log(
    `${columns}×${rows}: timeline build ${buildMs.toFixed(0)} ms, first frame ${firstMs.toFixed(0)} ms after it`,
  );
  for (const [k, xs] of Object.entries(keys)) console.log(`   ${k.padEnd(13)} ${stats(xs)}`);
  app.unmount();
}

gc();
const before = process.memoryUsage();
const all = [timeline, new Timeline({ scenario, scenarioName: name, policy: getPolicy('favoured')!, seed: 1 })];
all[0]!.goTo(all[0]!.total);
all[1]!.goTo(all[1]!.total);
gc();
const after = process.memoryUsage();
console.log(
  `\n# memory: rss ${mb(after.rss)}, heap used ${mb(after.heapUsed)} with two full runs held (second run +${mb(after.heapUsed - before.heapUsed)})`,
);
