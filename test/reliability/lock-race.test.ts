/**
 * The checkpoint lock under a race (issue 18): N processes that all find the same stale lock (its
 * PID dead, as after a SIGKILL) start their takeover at the same instant. Exactly one wins; every
 * other one is refused (exit 2) naming the winner's PID; nothing is left beside the checkpoint.
 * The contenders run test/fixtures/processes/lock-racer.mjs against the built tree (dist/).
 */
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { lockPathFor } from '../../models/experiment/index.js';
import { tempDir } from '../experiment/helpers.js';

const RACER = fileURLToPath(new URL('../fixtures/processes/lock-racer.mjs', import.meta.url));
const CONTENDERS = 8;
/** Far above any pid_max: a process that is certainly not alive. */
const DEAD_PID = 99_999_999;

interface Line {
  pid: number;
  ok: boolean;
  kind?: string;
  holder?: number;
  message?: string;
}

function contender(checkpoint: string, startAt: number, holdMs: number): Promise<{ code: number | null; line: Line }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RACER, checkpoint, String(startAt), String(holdMs)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve({ code, line: JSON.parse(out) as Line });
      } catch {
        reject(new Error(`contender printed ${JSON.stringify(out)}; stderr: ${err}`));
      }
    });
  });
}

describe('stale-lock takeover race', () => {
  test.each([
    ['a dead PID', JSON.stringify({ pid: DEAD_PID, command: 'chipsim compare (killed)' }) + '\n'],
    ['an unreadable lock', '{"pid":'],
  ])(
    `${CONTENDERS} processes on one stale lock (%s): exactly one wins, the others exit 2 naming its PID`,
    async (_what, stale) => {
      for (let round = 0; round < 3; round++) {
        const dir = tempDir();
        const checkpoint = join(dir, 'c.jsonl');
        writeFileSync(lockPathFor(checkpoint), stale);
        // every contender is started and loaded before the common start time
        const startAt = Date.now() + 1500;
        const results = await Promise.all(
          Array.from({ length: CONTENDERS }, () => contender(checkpoint, startAt, 1500)),
        );
        const winners = results.filter((r) => r.line.ok);
        expect(winners, JSON.stringify(results)).toHaveLength(1);
        const winner = winners[0]!;
        expect(winner.code).toBe(0);
        for (const r of results.filter((x) => !x.line.ok)) {
          expect(r.code, JSON.stringify(r.line)).toBe(2);
          expect(r.line).toMatchObject({ kind: 'locked', holder: winner.line.pid });
          expect(r.line.message).toContain(`PID ${winner.line.pid}: racer ${winner.line.pid}`);
        }
        // no claim, temp or lock file stays once the winner released it
        expect(readdirSync(dir)).toEqual([]);
      }
    },
    60_000,
  );
});
