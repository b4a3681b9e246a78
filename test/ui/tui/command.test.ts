/** `chipsim tui`: argument checks and the not-a-terminal exit, without a terminal. */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseTuiOptions, startPosition, terminalProblem } from '../../../ui/cli/tui-command.js';
import { timeline } from './helpers.js';
import { UserError } from '../../../ui/cli/errors.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function chipsim(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'chipsim.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input: '',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('chipsim tui options', () => {
  test('defaults: h100-2023, the scenario’s policy, seed 1', async () => {
    const s = await parseTuiOptions(undefined, {});
    expect(s.scenarioName).toBe('h100-2023');
    expect(s.policy.name).toBe(s.scenario.allocation.policy);
    expect(s.seed).toBe(1);
  });

  test('bad input is a UserError naming what is wrong', async () => {
    await expect(parseTuiOptions('nosuch', {})).rejects.toThrow(UserError);
    await expect(parseTuiOptions('nosuch', {})).rejects.toThrow(/unknown scenario 'nosuch'/);
    await expect(parseTuiOptions('toy', { seed: '-1' })).rejects.toThrow(/--seed must be a whole number/);
    await expect(parseTuiOptions('toy', { seed: '1.5' })).rejects.toThrow(/--seed/);
    await expect(parseTuiOptions('toy', { policy: 'nope' })).rejects.toThrow(/^--policy: unknown policy "nope"/);
    await expect(parseTuiOptions('toy', { baseline: 'nope' })).rejects.toThrow(/^--baseline: unknown policy "nope"/);
    await expect(parseTuiOptions('toy', { week: '26' })).rejects.toThrow(/^--week 26: the scenario runs weeks 0\.\.25/);
    await expect(parseTuiOptions('toy', { week: 'x' })).rejects.toThrow(/--week/);
    await expect(parseTuiOptions('toy', { event: '-3' })).rejects.toThrow(/--event/);
    await expect(parseTuiOptions('toy', { week: '2', event: '3' })).rejects.toThrow(/--week or --event, not both/);
    const at = await parseTuiOptions('toy', { week: '3', baseline: 'fcfs' });
    expect(at).toMatchObject({ start: { week: 3 }, baseline: 'fcfs' });
    const t = timeline('toy');
    expect(startPosition(at, t)).toBe(t.weekStart(3));
    expect(startPosition(await parseTuiOptions('toy', { event: '12' }), t)).toBe(12);
    expect(() => startPosition({ ...at, start: { event: t.total + 1 } }, t)).toThrow(
      new RegExp(`--event ${t.total + 1}: this run has ${t.total} events`),
    );
    const ok = await parseTuiOptions('toy', { policy: 'favoured', seed: '007' });
    expect(ok.policy.name).toBe('favoured');
    expect(ok.seed).toBe(7);
  });

  test('not a terminal: a message that names the missing TTY and the chipsim run equivalent', () => {
    const settings = { scenarioName: 'toy', policyName: 'favoured', seed: 3 };
    expect(terminalProblem({ isTTY: true }, { isTTY: true }, settings)).toBeNull();
    const msg = terminalProblem({ isTTY: false }, { isTTY: true }, settings)!;
    expect(msg).toContain('stdin is not a TTY');
    expect(msg).toContain('chipsim run toy --policy favoured --seed 3');
    expect(terminalProblem({}, {}, { ...settings, scenarioName: 'my scenario.json' })).toContain(
      "chipsim run 'my scenario.json'",
    );
  });
});

describe('chipsim tui without a terminal', () => {
  test('exits 2 and points to chipsim run', () => {
    const r = chipsim('tui', 'toy', '--seed', '4');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a TTY');
    expect(r.stderr).toContain('chipsim run toy --policy pro-rata --seed 4');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  test('bad arguments exit 2 before the terminal check', () => {
    const r = chipsim('tui', 'nosuch');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown scenario 'nosuch'");
  });

  test('--help lists the keys', () => {
    const r = chipsim('tui', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('chipsim tui');
    expect(r.stdout).toContain('--policy');
    expect(r.stdout).toContain('? help');
  });
});
