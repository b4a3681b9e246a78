/**
 * The README's example outputs are pasted command output. Each one here is run again and every line
 * the README shows (all but "…" abridgements and the "$ command" line) must appear in the output, in
 * the README's order: a model or format change that alters an example fails here until the README is
 * updated with it. The TUI example is a screen, not a stream: test/ui/tui-tmux.test.ts checks it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { missingInOrder, readmeBlock, shownLines } from '../support/readme.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Each example: the command run, and the first line of its README block (a `$` line or the output's). */
const EXAMPLES: { command: string; block: string }[] = [
  { command: 'run h100-2023 --policy favoured', block: 'chipsim run · h100-2023 · policy favoured · seed 1' },
  {
    command: 'compare h100-2023 --policies pro-rata,favoured --reps 100',
    block: 'chipsim compare · h100-2023 · pro-rata vs favoured · 100 replications · seed 1',
  },
  {
    command: 'sensitivity h100-2023 --policies pro-rata,favoured --metric diff:needFillRate:amazon --reps 10',
    block: '$ chipsim sensitivity h100-2023 --policies pro-rata,favoured --metric diff:needFillRate:amazon --reps 10',
  },
  {
    command: 'fit h100-2023 --target scenarios/targets/omdia-2023.json --reps 10',
    block: '$ chipsim fit h100-2023 --target scenarios/targets/omdia-2023.json --reps 10',
  },
  {
    command: 'compare turn-and-earn-waves --policies pro-rata,turn-and-earn --reps 40',
    block: '$ npx chipsim compare turn-and-earn-waves --policies pro-rata,turn-and-earn --reps 40',
  },
];

describe('missingInOrder', () => {
  test('finds lines in order, reports those absent or out of order', () => {
    expect(missingInOrder(['a', 'c'], ['a', 'b', 'c'])).toEqual([]);
    expect(missingInOrder(['c', 'a'], ['a', 'b', 'c'])).toEqual(['a']);
    expect(missingInOrder(['a', 'x'], ['a', 'b'])).toEqual(['x']);
  });
});

describe("the README's example outputs are what the commands print today", () => {
  test.each(EXAMPLES)(
    'chipsim $command',
    ({ command, block }) => {
      const shown = readmeBlock(block);
      expect(shown, `README has no block starting "${block}"`).toBeDefined();
      const lines = shownLines(shown!);
      expect(lines.length).toBeGreaterThan(3);
      // No checkpoint file in the checkout (run keeps none; the experiment commands take the flag).
      const args = command.split(' ');
      if (args[0] !== 'run') args.push('--no-checkpoint');
      const r = spawnSync(process.execPath, ['bin/chipsim.js', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      expect(r.status, r.stderr).toBe(0);
      expect(missingInOrder(lines, r.stdout.split('\n'))).toEqual([]);
    },
    120_000,
  );
});
