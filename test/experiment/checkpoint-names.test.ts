/** Default checkpoints are named by the command (compare keeps its name), and --resume finds them. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { checkpointPathFor } from '../../models/experiment/compare.js';
import { checkpointHeader, experimentKey } from '../../models/experiment/checkpoint.js';
import { provenance } from '../../models/experiment/provenance.js';
import { tempDir } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));

test('the default folder names a checkpoint <command>-<key>.jsonl; compare when no command is given', () => {
  const header = checkpointHeader(
    { scenario: 's', policies: ['a', 'b'], seed: 1, reps: 2, points: [{ id: 'base', params: {} }] },
    provenance('hash', 'chipsim x'),
  );
  const key = experimentKey(header);
  expect(checkpointPathFor({ folder: '/f' }, header)).toBe(`/f/compare-${key}.jsonl`);
  expect(checkpointPathFor({ folder: '/f', experiment: 'sensitivity' }, header)).toBe(`/f/sensitivity-${key}.jsonl`);
  expect(checkpointPathFor({ file: '/x.jsonl' }, header)).toBe('/x.jsonl');
});

test('sweep keeps .chipsim/sweep-<key>.jsonl and --resume continues from it', () => {
  const cwd = tempDir('chipsim-ckpt-');
  const args = ['sweep', 'toy', '--policies', 'pro-rata,favoured', '--set', '/horizonWeeks=20,26'];
  const common = [
    '--reps',
    '2',
    '--workers',
    '1',
    '--metric',
    'gpusDelivered',
    '--format',
    'json',
    '--keep-checkpoint',
  ];
  const run = (extra: string[]) =>
    spawnSync(process.execPath, [BIN, ...args, ...common, ...extra], { cwd, encoding: 'utf8' });
  const first = run([]);
  expect(first.status, first.stderr).toBe(0);
  const names = readdirSync(join(cwd, '.chipsim'));
  expect(names).toEqual([expect.stringMatching(/^sweep-[0-9a-f]{12}\.jsonl$/)]);
  const again = run(['--resume']);
  expect(again.status, again.stderr).toBe(0);
  expect(again.stderr).toMatch(new RegExp(`resuming from .*${names[0]}: 8 of 8 runs already done`));
  expect(again.stdout.replace(/"command": ".*"/, '')).toBe(first.stdout.replace(/"command": ".*"/, ''));
});
