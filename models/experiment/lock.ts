/**
 * One writer per checkpoint: `<checkpoint>.lock` is created exclusively (O_EXCL) and holds the
 * owner's PID. A second run on the same checkpoint is refused at once, naming the first by PID; a
 * lock whose PID is no longer alive (a run killed with SIGKILL) is taken over. The lock is removed
 * on release and, as a last resort, when the process exits.
 */
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { processAlive } from '../../sim/atomic-write.js';
import type { Outcome } from './errors.js';
import { errorCode } from '../../sim/errors.js';
import { isObject } from '../../sim/guards.js';

export interface CheckpointLock {
  readonly path: string;
  release(): void;
}

interface LockFile {
  pid: number;
  command?: string;
}

function readLock(path: string): LockFile | null {
  try {
    const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (!isObject(data) || typeof data.pid !== 'number' || !Number.isSafeInteger(data.pid)) return null;
    return { pid: data.pid, ...(typeof data.command === 'string' ? { command: data.command } : {}) };
  } catch {
    return null;
  }
}

export function lockPathFor(checkpoint: string): string {
  return `${checkpoint}.lock`;
}

/** Takes the lock of `checkpoint`, or says who holds it. */
export function acquireLock(checkpoint: string, command: string): Outcome<CheckpointLock> {
  const path = lockPathFor(checkpoint);
  const body = JSON.stringify({ pid: process.pid, command } satisfies LockFile) + '\n';
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, body, { flag: 'wx' });
    } catch (error) {
      const code = errorCode(error);
      if (code !== 'EEXIST') {
        return {
          ok: false,
          error: { kind: 'io', message: `cannot lock the checkpoint ${checkpoint} (${code})`, path },
        };
      }
      const holder = readLock(path);
      if (holder && processAlive(holder.pid)) {
        return {
          ok: false,
          error: {
            kind: 'locked',
            path: checkpoint,
            pid: holder.pid,
            message:
              `the checkpoint ${checkpoint} is in use by another chipsim run (PID ${holder.pid}` +
              `${holder.command ? `: ${holder.command}` : ''}); wait for it to finish, or use another --out or --checkpoint`,
          },
        };
      }
      // stale (its process is gone) or unreadable: take it over and try again. Move it aside first and
      // look at what was moved: if another run took it over in between, put its live lock back.
      const aside = `${path}.${process.pid}.stale`;
      try {
        renameSync(path, aside);
      } catch {
        continue; // gone already: someone else is taking it over; try again
      }
      const moved = readLock(aside);
      if (moved && moved.pid !== holder?.pid && processAlive(moved.pid)) {
        try {
          linkSync(aside, path);
        } catch {
          /* a third run holds it now; ours stays refused below */
        }
        rmSync(aside, { force: true });
        continue;
      }
      rmSync(aside, { force: true });
      continue;
    }
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      process.off('exit', release);
      if (readLock(path)?.pid === process.pid) rmSync(path, { force: true });
    };
    process.on('exit', release);
    return { ok: true, value: { path, release } };
  }
  return { ok: false, error: { kind: 'io', message: `cannot lock the checkpoint ${checkpoint} (contended)`, path } };
}
