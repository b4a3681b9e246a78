import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { acquireLock, lockPathFor } from '../../models/experiment/index.js';
import { tempDir } from './helpers.js';

describe('checkpoint lock', () => {
  test('one holder at a time; release frees it; the holder is named by PID', () => {
    const cp = join(tempDir(), 'c.jsonl');
    const first = acquireLock(cp, 'chipsim compare a');
    expect(first.ok).toBe(true);
    expect(JSON.parse(readFileSync(lockPathFor(cp), 'utf8'))).toEqual({
      pid: process.pid,
      command: 'chipsim compare a',
    });
    const second = acquireLock(cp, 'chipsim compare b');
    expect(second).toMatchObject({ ok: false, error: { kind: 'locked', pid: process.pid, path: cp } });
    if (!second.ok) expect(second.error.message).toContain(`PID ${process.pid}: chipsim compare a`);
    if (first.ok) first.value.release();
    expect(existsSync(lockPathFor(cp))).toBe(false);
    const third = acquireLock(cp, 'chipsim compare c');
    expect(third.ok).toBe(true);
    if (third.ok) third.value.release();
  });

  test.each([
    ['a dead process', JSON.stringify({ pid: 99999999, command: 'killed' })],
    ['an unreadable lock', 'garbage'],
  ])('a lock of %s is taken over, leaving no stray files', (_what, content) => {
    const dir = tempDir();
    const cp = join(dir, 'c.jsonl');
    writeFileSync(lockPathFor(cp), content);
    const lock = acquireLock(cp, 'chipsim compare');
    expect(lock.ok).toBe(true);
    expect(JSON.parse(readFileSync(lockPathFor(cp), 'utf8')).pid).toBe(process.pid);
    if (lock.ok) lock.value.release();
    expect(readdirSync(dir)).toEqual([]);
  });
});
