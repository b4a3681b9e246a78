/**
 * Key press → frame written, in process, through Ink's real terminal path (throttle, log-update),
 * as `chipsim tui` runs it: `NODE_ENV=production node bin/run-ts.js test/ui/tui/frame-bench.ts
 * [scenario] [columns] [rows] [repeats]`. Prints, per key kind, the median ms from the key reaching
 * stdin to the frame written to stdout, the CPU ms the process used meanwhile (the figure a loaded
 * machine inflates least), and the bytes written per key. FORCE_COLOR=1 gives the colours a terminal
 * gets (chalk sees a pipe here). Not part of `npm test`.
 */
import { EventEmitter } from 'node:events';
import { createElement } from 'react';
import { render } from 'ink';
import { loadScenario } from '../../../scenarios/index.js';
import { getPolicy, policyNames } from '../../../models/policies/index.js';
import { Timeline } from '../../../ui/tui/timeline.js';
import { App } from '../../../ui/tui/App.js';

const [name = 'h100-2023', cols = '160', rows = '48', reps = '30'] = process.argv.slice(2);
const loaded = loadScenario(name);
if (!loaded.ok) throw new Error(loaded.error);
const scenario = loaded.scenario;

class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = Number(cols);
  rows = Number(rows);
  bytes = 0;
  writes = 0;
  lastWrite = 0;
  write = (s: string) => {
    this.bytes += Buffer.byteLength(s);
    this.writes++;
    this.lastWrite = performance.now();
    return true;
  };
}
class FakeStdin extends EventEmitter {
  isTTY = true;
  data: string | null = null;
  send = (d: string) => {
    this.data = d;
    this.emit('readable');
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
}

const timeline = new Timeline({ scenario, scenarioName: name, policy: getPolicy('pro-rata')!, seed: 1 });
const stdout = new FakeStdout();
const stdin = new FakeStdin();
const instance = render(
  createElement(App, {
    timeline,
    rerun: (p: string) => new Timeline({ scenario, scenarioName: name, policy: getPolicy(p)!, seed: 1 }),
    policies: policyNames(),
    color: process.env['NO_COLOR'] === undefined,
  }),
  {
    stdout: stdout as never,
    stdin: stdin as never,
    stderr: new FakeStdout() as never,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 60,
    // As run.ts (full frames); INCREMENTAL=1 tries Ink's changed-lines-only output.
    incrementalRendering: process.env['INCREMENTAL'] === '1',
  },
);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
await sleep(200);

async function press(key: string): Promise<{ ms: number; cpu: number; bytes: number }> {
  await sleep(40); // past Ink's throttle window: every key is the leading edge, as a person types
  const w = stdout.writes;
  const b = stdout.bytes;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  stdin.send(key);
  while (stdout.writes === w) await new Promise((r) => setImmediate(r));
  const c = process.cpuUsage(c0);
  return { ms: stdout.lastWrite - t0, cpu: (c.user + c.system) / 1000, bytes: stdout.bytes - b };
}
const KEYS: [string, string][] = [
  ['step', '\u001B[C'],
  ['step_back', '\u001B[D'],
  ['week', ']'],
  ['week_back', '['],
  ['month', '}'],
  ['month_back', '{'],
  ['end', '\u001B[F'],
  ['home', '\u001B[H'],
];
const samples: Record<string, number[]> = {};
const bytes: Record<string, number[]> = {};
const cpu: Record<string, number[]> = {};
await press('}');
await press('}');
for (let i = 0; i < Number(reps); i++) {
  for (const [k, seq] of KEYS) {
    const r = await press(seq);
    (samples[k] ??= []).push(r.ms);
    (bytes[k] ??= []).push(r.bytes);
    (cpu[k] ??= []).push(r.cpu);
  }
  await press('}');
  await press('}');
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const out: Record<string, string> = {};
for (const [k] of KEYS)
  out[k] = `${med(samples[k]!).toFixed(1)} ms wall, ${med(cpu[k]!).toFixed(1)} ms cpu, ${med(bytes[k]!)} B`;
console.log(JSON.stringify({ columns: Number(cols), rows: Number(rows), ...out }));
instance.unmount();
process.exit(0);
