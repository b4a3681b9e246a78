/**
 * Hostile plug-ins through the real CLI, from a folder outside the checkout: a scenario that names
 * code without consent, plug-ins that loop, exit, throw or return values nobody can read. Each case
 * checks the exit code, that the message names the file and the flag or field the user wrote, and
 * that nothing was written.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/policies/', import.meta.url));
const TOY = fileURLToPath(new URL('../../scenarios/library/toy.json', import.meta.url));

/** A fresh folder outside the checkout holding the fixtures and `scenario.json` (toy, naming `policy`). */
function workspace(policy = './largest-first.js'): string {
  const dir = mkdtempSync(join(tmpdir(), 'chipsim-plugins-'));
  for (const f of readdirSync(FIXTURES)) copyFileSync(join(FIXTURES, f), join(dir, f));
  const toy = JSON.parse(readFileSync(TOY, 'utf8')) as { allocation: { policy: string } };
  toy.allocation.policy = policy;
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify(toy));
  return dir;
}

function chipsim(dir: string, args: string[], env: Record<string, string> = {}) {
  const before = new Set(readdirSync(dir));
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', ...env },
    timeout: 60_000,
  });
  const created = readdirSync(dir).filter((f) => !before.has(f));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, created };
}

function expectRefused(r: ReturnType<typeof chipsim>, message: RegExp): void {
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(2);
  expect(r.stderr).not.toContain('internal error');
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(r.created).toEqual([]);
}

describe('a scenario file may name a plug-in only with --allow-plugins', () => {
  // marker.js writes `plugin-ran` when loaded: `created` being empty proves its code never ran.
  const dir = workspace('./marker.js');
  test.each([
    ['run', ['run', 'scenario.json', '--out', 'o.json']],
    ['validate', ['validate', 'scenario.json']],
    ['tui', ['tui', 'scenario.json']],
  ])('%s refuses, saying why and how', (_cmd, args) => {
    expectRefused(
      chipsim(dir, args),
      /^chipsim: allocation\.policy names a plug-in file, "\.\/marker\.js": a plug-in is code that runs with your rights, so a scenario file cannot start one by itself\. If you trust it, pass --allow-plugins \(or name it yourself with --policy \.\/marker\.js\)/,
    );
  });
  test('compare runs only its --policies, never the scenario’s plug-in', () => {
    const r = chipsim(dir, [
      'compare',
      'scenario.json',
      '--policies',
      'pro-rata,favoured',
      '--reps',
      '2',
      '--workers',
      '1',
    ]);
    expect(r.code).toBe(0);
    expect(r.created.filter((f) => f === 'plugin-ran')).toEqual([]);
  });
  test('with --allow-plugins it runs and writes its output', () => {
    const r = chipsim(dir, ['run', 'scenario.json', '--allow-plugins', '--out', 'o.json']);
    expect(r.stderr).toBe('chipsim: wrote o.json (json)\n');
    expect(r.code).toBe(0);
    expect(r.created.sort()).toEqual(['o.json', 'plugin-ran']);
    expect(JSON.parse(readFileSync(join(dir, 'o.json'), 'utf8')).policy).toBe('./marker.js');
  });
  test('validate --allow-plugins loads it; naming it with --policy is consent too', () => {
    expect(chipsim(dir, ['validate', 'scenario.json', '--allow-plugins']).code).toBe(0);
    const r = chipsim(dir, ['run', 'toy', '--policy', './largest-first.js', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('./largest-first.js');
  });
});

describe('a plug-in that misbehaves is its failure: exit 2 naming the file and where it was named', () => {
  const dir = workspace('./loop-forever.js');
  test('an endless loop in allocation.policy stops at --plugin-timeout', () => {
    const r = chipsim(dir, ['run', 'scenario.json', '--allow-plugins', '--plugin-timeout', '400', '--out', 'o.json']);
    expectRefused(
      r,
      /^chipsim: allocation\.policy: policy plug-in \.\/loop-forever\.js did not return within 400 ms \(week \d+\); raise --plugin-timeout if it needs longer/,
    );
  });
  test('the same via --policy names --policy', () => {
    const r = chipsim(dir, [
      'run',
      'toy',
      '--policy',
      './loop-forever.js',
      '--plugin-timeout',
      '400',
      '--out',
      'o.csv',
    ]);
    expectRefused(r, /^chipsim: --policy: policy plug-in \.\/loop-forever\.js did not return within 400 ms/);
  });
  test('compare on two workers: each replication worker runs its own plug-in worker, and the limit holds', () => {
    const r = chipsim(dir, [
      'compare',
      'toy',
      '--policies',
      'pro-rata,./loop-forever.js',
      '--reps',
      '4',
      '--workers',
      '2',
      '--plugin-timeout',
      '400',
      '--out',
      'c.json',
    ]);
    expect(r.stderr).toMatch(/--policies: policy plug-in \.\/loop-forever\.js did not return within 400 ms/);
    expect(r.code).toBe(2);
    expect(r.created.filter((f) => f === 'c.json')).toEqual([]);
  });
  test('compare with a good plug-in on two workers gives the result of one worker', () => {
    const args = ['compare', 'toy', '--policies', 'pro-rata,./largest-first.js', '--reps', '4', '--format', 'json'];
    const one = chipsim(dir, [...args, '--workers', '1', '--out', 'w1.json']);
    const two = chipsim(dir, [...args, '--workers', '2', '--out', 'w2.json']);
    expect([one.code, two.code]).toEqual([0, 0]);
    // meta.command (how it was run) is the only field that may differ
    const withoutCommand = (text: string) => text.replace(/\n {4}"command": .*\n/, '\n');
    expect(withoutCommand(readFileSync(join(dir, 'w2.json'), 'utf8'))).toBe(
      withoutCommand(readFileSync(join(dir, 'w1.json'), 'utf8')),
    );
  });
  test('process.exit(0) inside allocate is not a silent success', () => {
    const r = chipsim(dir, ['run', 'toy', '--policy', './exit-zero.js', '--out', 'o.json']);
    expectRefused(
      r,
      /^chipsim: --policy: policy plug-in \.\/exit-zero\.js ended the process \(exit code 0, e\.g\. process\.exit\) instead of returning/,
    );
  });
  test('a throw', () => {
    const r = chipsim(dir, ['run', 'toy', '--policy', './throws.js', '--out', 'o.json']);
    expectRefused(r, /^chipsim: --policy: policy plug-in \.\/throws\.js threw: no allocation today/);
    // Its first call is the probe of whether larger orders pay: the message says so and what it sent.
    expect(r.stderr).toMatch(
      /threw: no allocation today — on a probe input, before the run, asking whether the policy rewards larger orders \(declare rewardsInflation and rewardsSales to skip it\); the probe sent supply 15, week 1, customers "bigcloud" 10 open boards, 10 used; "neocloud" 10 open boards, 10 used; "startup" 10 open boards, 10 used\n$/,
    );
  });
  test.each([
    ['bigint', /gets 1n \(a BigInt\), not a number of boards/],
    ['circular', /gets an object that cannot be printed as JSON, not a number of boards/],
    ['getter', /it could not be read \(getter says no\)/],
    ['proxy', /it could not be read \(trap says no\)/],
    ['string', /expected an object mapping customer ids to boards, got string/],
  ])('a value the validator cannot read (%s)', (kind, message) => {
    const r = chipsim(dir, ['run', 'toy', '--policy', './odd-values.js', '--out', 'o.json'], { CHIPSIM_ODD: kind });
    expectRefused(r, /^chipsim: --policy: policy plug-in \.\/odd-values\.js returned an invalid allocation: /);
    expect(r.stderr).toMatch(message);
  });
  test('--baseline names --baseline', () => {
    const r = chipsim(dir, ['run', 'toy', '--baseline', './throws.js']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^chipsim: --baseline: policy plug-in \.\/throws\.js threw: no allocation today/);
  });
});

describe('plug-ins outside the checkout load as Node reads them', () => {
  const dir = workspace();
  const body =
    '(input) { const out = {}; let left = input.supply; for (const c of input.customers) { out[c.id] = Math.min(c.openBoards, left); left -= out[c.id]; } return out; }';
  test.each([
    ['esm.js', `export default function ${body}`],
    ['esm.mjs', `export function allocate ${body}`],
    ['cjs.cjs', `module.exports = function ${body};`],
    ['cjs.js', `module.exports = { allocate ${body} };`],
  ])('%s', (file, source) => {
    writeFileSync(join(dir, file), source + '\n');
    const r = chipsim(dir, ['run', 'toy', '--policy', `./${file}`, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).policy).toBe(`./${file}`);
  });
  test('a plug-in that knows the scenario by its customer ids passes the probe', () => {
    // Throws on any id toy does not have: the probe used to send a, b and c.
    writeFileSync(
      join(dir, 'known-ids.mjs'),
      "const known = new Set(['bigcloud', 'neocloud', 'startup']);\n" +
        `export default function (input) { for (const c of input.customers) if (!known.has(c.id)) throw new Error('who is ' + c.id); return (${body.replace('(input)', 'function (input)')})(input); }\n`,
    );
    const r = chipsim(dir, ['run', 'toy', '--policy', './known-ids.mjs', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
