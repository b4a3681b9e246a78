/**
 * `node bin/run-ts.js test/bench/plugin-call.ts [--calls N] [--customers C]`: the cost of one
 * plug-in call through its worker thread (JSON both ways, Atomics.wait) against the same allocation
 * function called in-process, in the same run. Prints both per-call times and the overhead.
 */
import { loadPolicyPlugin, validateAllocation, type AllocationInput } from '../../models/policies/index.js';
import { input } from '../models/policies/helpers.js';
import { median } from './workload.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const calls = flag('--calls', 5000);
const customers = flag('--customers', 16);
const FIXTURE = './test/fixtures/policies/largest-first.js';

const sample: AllocationInput = input(
  customers * 5,
  Object.fromEntries(Array.from({ length: customers }, (_, i) => [`c${String(i).padStart(3, '0')}`, 10 + i])),
);

function perCallUs(fn: (x: AllocationInput) => unknown): number {
  for (let i = 0; i < Math.min(500, calls); i++) fn(sample);
  const t = performance.now();
  for (let i = 0; i < calls; i++) fn(sample);
  return ((performance.now() - t) * 1000) / calls;
}

const worker = await loadPolicyPlugin(FIXTURE);
const FIXTURE_URL = new URL('../fixtures/policies/largest-first.js', import.meta.url).href;
const mod = (await import(FIXTURE_URL)) as { default: { allocate(x: AllocationInput): unknown } };
const direct = (x: AllocationInput) => validateAllocation('direct', x, mod.default.allocate(x));
const rounds = 3;
const w: number[] = [];
const d: number[] = [];
for (let r = 0; r < rounds; r++) {
  d.push(perCallUs(direct));
  w.push(perCallUs(worker.allocate));
}
const result = {
  workload: 'plugin-call',
  customers,
  calls,
  in_process_us: Number(median(d).toFixed(2)),
  worker_us: Number(median(w).toFixed(2)),
  overhead_us: Number((median(w) - median(d)).toFixed(2)),
  ratio: Number((median(w) / median(d)).toFixed(1)),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
