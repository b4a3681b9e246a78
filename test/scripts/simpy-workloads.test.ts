/**
 * The SimPy reference of `npm run bench` (test/bench/simpy-workloads.py) computes the workloads it
 * is compared on: hold makes ~1,000 × 1,000 events, mm1 serves every customer with a mean time in
 * system near M/M/1 theory, 1 / (μ − λ) = 10. Skipped where no python3 can import simpy (.ci/run
 * installs python3-simpy3).
 */
import { expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../bench/simpy-workloads.py', import.meta.url));
const python = ['python3', '/usr/bin/python3'].find(
  (py) => spawnSync(py, ['-c', 'import simpy'], { encoding: 'utf8' }).status === 0,
);

function run(mode: string) {
  const r = spawnSync(python!, [SCRIPT, mode], { encoding: 'utf8' });
  return {
    code: r.status,
    out: r.status === 0 ? (JSON.parse(r.stdout) as Record<string, number>) : null,
    stderr: r.stderr,
  };
}

test.skipIf(python === undefined)(
  'hold: 1,000 processes of exponential(1) holds until t = 1,000 make ~1 M events',
  () => {
    const { code, out } = run('hold');
    expect(code).toBe(0);
    // A Poisson count with mean 1,000,000 (sd 1,000): ±0.5 % is five sd.
    expect(Math.abs(out!.events! - 1_000_000)).toBeLessThan(5_000);
    expect(out!.loop_s).toBeGreaterThan(0);
  },
);

test.skipIf(python === undefined)('mm1: every customer served, mean time in system near 1 / (μ − λ) = 10', () => {
  const { code, out } = run('mm1');
  expect(code).toBe(0);
  expect(out!.customers).toBe(200_000);
  // One long run at ρ = 0.9 is strongly autocorrelated; the engine's own M/M/1 test allows as much.
  expect(Math.abs(out!.mean_time_in_system! - 10)).toBeLessThan(1.5);
});

test.skipIf(python === undefined)('an unknown workload exits 2 and names it', () => {
  const { code, stderr } = run('nope');
  expect(code).toBe(2);
  expect(stderr).toContain("unknown workload 'nope'");
});
