import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { HEADLINE_BEGIN, HEADLINE_END, replaceHeadline, tvDistance } from '../../scripts/headline-text.js';

const ROOT = join(import.meta.dirname, '..', '..');

test('tvDistance: ½ Σ |p − q| over the target’s keys', () => {
  expect(tvDistance({ a: 2, b: 2 }, { a: 1, b: 1 })).toBe(0);
  expect(tvDistance({ a: 1, b: 0 }, { a: 0, b: 1 })).toBe(1);
  expect(tvDistance({ a: 1, b: 1 }, { a: 3, b: 1 })).toBe(0.25);
  expect(tvDistance({ a: 5, other: 100 }, { a: 1, b: 1 })).toBe(0.5);
  expect(tvDistance({}, { a: 1 })).toBeNaN();
});

test('replaceHeadline rewrites only between the markers, and twice is once', () => {
  const readme = `# x\nbefore\n${HEADLINE_BEGIN}\nold\n${HEADLINE_END}\nafter\n`;
  const once = replaceHeadline(readme, 'new');
  expect(once).toBe(`# x\nbefore\n${HEADLINE_BEGIN}\nnew\n${HEADLINE_END}\nafter\n`);
  expect(replaceHeadline(once, 'new')).toBe(once);
  expect(() => replaceHeadline('# no markers', 'x')).toThrow(/headline/);
  const real = readFileSync(join(ROOT, 'README.md'), 'utf8');
  expect(real.indexOf(HEADLINE_BEGIN)).toBeGreaterThan(0);
  expect(real.indexOf(HEADLINE_END)).toBeGreaterThan(real.indexOf(HEADLINE_BEGIN));
});

test('the script prints the starvation lines and the note table; a bad --reps exits 2', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/run-ts.js', 'scripts/headline.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  const r = run('--reps', '2', '--note-seeds', '2');
  expect(r.status, r.stderr).toBe(0);
  for (const p of ['pro-rata', 'favoured', 'priority']) expect(r.stdout).toContain(`- **${p}** starves`);
  expect(r.stdout).toMatch(/\| microsoft \| 150k \| \d+k \| \d+k \| \d+k \|/);
  expect(r.stdout).toMatch(/\| TV distance from B2's split \| — \| 0\.\d\d \| 0\.\d\d \| 0\.\d\d \|/);
  const bad = run('--reps', '0');
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('--reps');
  expect(bad.stdout).toBe('');
}, 60_000);
