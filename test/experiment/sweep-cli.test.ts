/** `chipsim sweep`: --set / --lhs flags named in errors, and a two-point grid end to end (JSON, tidy CSV). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { UserError } from '../../ui/cli/errors.js';
import { parseSet, parseSweepOptions } from '../../ui/cli/sweep-command.js';
import { tempDir } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));
const chipsim = (args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    cwd: tempDir(),
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });

describe('sweep flags', () => {
  const ok = { policies: 'pro-rata,favoured' };
  test('--set parses a pointer and numbers, and names itself in errors', () => {
    expect(parseSet('/cowos/yield=0.9, 0.95')).toEqual({ pointer: '/cowos/yield', values: [0.9, 0.95] });
    expect(() => parseSet('cowos=1')).toThrow(UserError);
    expect(() => parseSet('/a=1,x')).toThrow(/^--set \/a: "x" is not a number/);
    expect(() => parseSweepOptions(undefined, ok)).toThrow(/needs --set/);
    expect(() => parseSweepOptions(undefined, { ...ok, set: ['/a=1'], lhs: '4' })).toThrow(/cannot be combined/);
    expect(() => parseSweepOptions(undefined, { ...ok, lhs: '1' })).toThrow(/^--lhs must be a whole number/);
    expect(() => parseSweepOptions(undefined, { ...ok, set: ['/a=1', '/a=2'] })).toThrow(/names \/a twice/);
  });
});

test('a grid over Nvidia CoWoS share: one result per point and policy, more share more GPUs; a --set to no number exits 2', () => {
  const args = ['sweep', 'h100-2023', '--policies', 'pro-rata,favoured', '--set', '/cowos/nvidiaShare=0.4,0.6'];
  const common = ['--reps', '2', '--workers', '2', '--quiet', '--no-checkpoint', '--metric', 'gpusDelivered'];
  const r = chipsim([...args, ...common, '--format', 'json']);
  expect(r.status, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout);
  expect(doc).toMatchObject({ design: 'grid', parameters: ['/cowos/nvidiaShare'], reps: 2 });
  expect(doc.points.map((p: { values: Record<string, number> }) => p.values['/cowos/nvidiaShare'])).toEqual([0.4, 0.6]);
  for (const k of [0, 1]) expect(doc.points[1].results[k].mean).toBeGreaterThan(doc.points[0].results[k].mean);
  expect(doc.points[0].results[0].ci95).toHaveLength(2);
  const bad = chipsim([...args.slice(0, 4), '--set', '/cowos=1', ...common]);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/--set \/cowos: expected a number or a schedule/);
}, 240_000);
