/** The analysis scripts behind README figures: bad arguments exit 2 naming them, and `| head` ends them quietly. */
import { expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { bundledScenarioNames, loadScenario } from '../../scenarios/index.js';
import { getPolicy, policyNames } from '../../models/policies/index.js';
import { simulate } from '../../models/simulate.js';

const ROOT = join(import.meta.dirname, '..', '..');

function script(name: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'run-ts.js'), join('scripts', name), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test.each([
  ['turn-and-earn-sensitivity.ts', ['abc'], 'seeds: expected a whole number ≥ 1, got "abc"'],
  ['calibration.ts', ['0'], '--seeds must be at least 1, got "0"'],
  ['calibration.ts', ['1', 'nope'], '--policy: unknown policy "nope"'],
  ['output-hash.ts', ['0'], 'seeds: expected a whole number ≥ 1, got "0"'],
])('%s %s exits 2 and names the argument, no stack trace', (name, args, message) => {
  const r = script(name, ...args);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toBe('');
});

test.each([
  ['output-hash.ts', 'npm run output-hash [-- seeds]'],
  ['calibration.ts', 'node bin/run-ts.js scripts/calibration.ts [seeds] [policy] [scenario]'],
  ['turn-and-earn-sensitivity.ts', 'node bin/run-ts.js scripts/turn-and-earn-sensitivity.ts [seeds]'],
  ['headline.ts', 'node bin/run-ts.js scripts/headline.ts [--reps N] [--note-seeds N] [--readme]'],
  ['readme-bench.ts', 'usage: npm run readme-bench [-- --from FILE] [bench options…]'],
])('%s --help prints its usage and exits 0 without running', (name, usage) => {
  const r = script(name, '--help');
  expect(r.code).toBe(0);
  expect(r.stdout.startsWith(usage)).toBe(true);
  expect(r.stdout.trimEnd().split('\n').length).toBeLessThanOrEqual(4);
  expect(r.stderr).toBe('');
});

function bench(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'run-ts.js'), join('test', 'bench', 'index.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('npm run bench -- --help lists workloads and options and runs nothing', () => {
  const r = bench('--help');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^usage: npm run bench /);
  expect(r.stdout).toContain('h100-2023');
  expect(r.stdout).toContain('--no-simpy');
  expect(r.stderr).toBe('');
});

test.each([
  [['nope'], 'bench: unknown workload(s) nope; known: hold, mm1'],
  [['hold', '--round', '3'], 'bench: unknown option --round'],
  [['hold', '--rounds', '0'], 'bench: --rounds must be an integer ≥ 1, got 0'],
])('npm run bench -- %j exits 2 with one line naming it, before measuring anything', (args, message) => {
  const r = bench(...args);
  expect(r.code).toBe(2);
  expect(r.stderr.startsWith(message)).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stdout).toBe('');
});

test('readme-bench passes a bad bench option on as exit 2 and leaves the README as it was', () => {
  const before = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const r = script('readme-bench.ts', 'nope');
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('README left as it was');
  expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toBe(before);
});

test('a reader that stops after the first line ends the script quietly (exit 0, no EPIPE trace)', () => {
  const r = spawnSync(
    'sh',
    ['-c', `"${process.execPath}" bin/run-ts.js scripts/turn-and-earn-sensitivity.ts 1 | head -1`],
    { cwd: ROOT, encoding: 'utf8' },
  );
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^\| setting \(turn-and-earn − pro-rata/);
  expect(r.stderr).not.toContain('EPIPE');
});

test('output-hash: one hash per bundled scenario and one over all runs, the same in two processes', () => {
  const first = script('output-hash.ts', '1');
  expect(first.code).toBe(0);
  const lines = first.stdout.trimEnd().split('\n');
  const names = bundledScenarioNames();
  expect(lines.slice(0, -1).map((l) => l.split(/\s+/)[1])).toEqual(names);
  expect(lines.at(-1)).toMatch(
    new RegExp(`^[0-9a-f]{64}  all ${names.length * policyNames().length} runs \\(seed 1\\)$`),
  );
  expect(script('output-hash.ts', '1').stdout).toBe(first.stdout);
  // What it hashes is the run results themselves: toy's line, recomputed here through the library.
  const toy = loadScenario('toy');
  if (!toy.ok) throw new Error(toy.error);
  const digest = createHash('sha256');
  for (const policyName of policyNames()) {
    const result = simulate(toy.scenario, { policy: getPolicy(policyName)!, seed: 1, scenarioName: 'toy' });
    digest.update(JSON.stringify(result));
  }
  expect(lines).toContain(`${digest.digest('hex').slice(0, 16)}  toy`);
});
