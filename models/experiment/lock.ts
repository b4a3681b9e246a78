/**
 * One writer per checkpoint: `<checkpoint>.lock` holds the owner's PID. A second run on the same
 * checkpoint is refused at once, naming the first by PID; a lock whose PID is no longer alive (a run
 * killed with SIGKILL) is taken over. The lock is removed on release and, as a last resort, when the
 * process exits.
 *
 * Every step is atomic, so two runs can never both hold it:
 * - a lock appears whole: its body is written to a temp file that is then hard-linked to the lock's
 *   name (link fails if the name exists), so no reader ever sees an empty lock of a live run;
 * - a stale lock is never deleted, only replaced by rename, so the name always exists during a
 *   takeover and no third run can create a fresh lock beside it;
 * - only one run may replace a given stale lock: the one that creates its claim file
 *   `<lock>.takeover-<inode>-<mtime>.<n>` exclusively. The others wait until the lock changes and
 *   then see the winner's PID. A claim whose owner died (SIGKILL mid-takeover) is passed over by
 *   claiming the next `<n>`.
 */
import { linkSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { processAlive, tempPathFor } from '../../sim/atomic-write.js';
import type { ExperimentError, Outcome } from './errors.js';
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

/** Test seam: called between the takeover's steps so a race test can widen its windows (a no-op otherwise). */
export const lockRaceHooks: { pause: (step: 'judged' | 'claimed') => void } = { pause: () => {} };

/** How long a run waits for another one's takeover of the same stale lock before giving up. */
const TAKEOVER_WAIT_MS = 10_000;

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

/** Which file is at `path` now (inode and modification time), or null when there is none. */
function identity(path: string): string | null {
  try {
    const st = statSync(path, { bigint: true });
    return `${st.ino}-${st.mtimeNs}`;
  } catch {
    return null;
  }
}

/** Writes `body` to a fresh temp file beside `path` (the name the stale-temp cleaner knows) and returns it. */
function writeTemp(path: string, body: string): string {
  const tmp = tempPathFor(path);
  writeFileSync(tmp, body);
  return tmp;
}

/** Creates `path` holding `body`, whole, unless it exists (false). */
function createWhole(path: string, body: string): boolean {
  const tmp = writeTemp(path, body);
  try {
    linkSync(tmp, path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Removes the claims on the lock file `id` (ours and those of runs that died while claiming it). */
function removeClaims(path: string, id: string): void {
  const prefix = `${basename(path)}.takeover-${id}.`;
  try {
    for (const name of readdirSync(dirname(path)))
      if (name.startsWith(prefix)) rmSync(join(dirname(path), name), { force: true });
  } catch {
    /* best effort: a leftover claim names a lock file that no longer exists */
  }
}

type Claim = 'won' | 'wait';

/** Tries to become the one run that replaces the stale lock `id`. */
function claimTakeover(path: string, id: string, body: string): Claim {
  for (let n = 0; ; n++) {
    const claim = `${path}.takeover-${id}.${n}`;
    if (createWhole(claim, body)) return 'won';
    const owner = readLock(claim);
    if (owner !== null && processAlive(owner.pid)) return 'wait';
    // its owner died mid-takeover (or it is not ours to read): the next claim decides
  }
}

function lockedBy(checkpoint: string, holder: LockFile): ExperimentError {
  return {
    kind: 'locked',
    path: checkpoint,
    pid: holder.pid,
    message:
      `the checkpoint ${checkpoint} is in use by another chipsim run (PID ${holder.pid}` +
      `${holder.command ? `: ${holder.command}` : ''}); wait for it to finish, or use another --out or --checkpoint`,
  };
}

function held(path: string): CheckpointLock {
  let holding = true;
  const release = () => {
    if (!holding) return;
    holding = false;
    process.off('exit', release);
    if (readLock(path)?.pid === process.pid) rmSync(path, { force: true });
  };
  process.on('exit', release);
  return { path, release };
}

/** Takes the lock of `checkpoint`, or says who holds it. */
export function acquireLock(checkpoint: string, command: string): Outcome<CheckpointLock> {
  const path = lockPathFor(checkpoint);
  const body = JSON.stringify({ pid: process.pid, command } satisfies LockFile) + '\n';
  const deadline = Date.now() + TAKEOVER_WAIT_MS;
  try {
    while (Date.now() < deadline) {
      if (createWhole(path, body)) return { ok: true, value: held(path) };
      const id = identity(path);
      if (id === null) continue; // released in between
      const holder = readLock(path);
      if (identity(path) !== id) continue; // replaced while we read it
      if (holder !== null && processAlive(holder.pid)) return { ok: false, error: lockedBy(checkpoint, holder) };
      // stale (its process is gone) or unreadable
      lockRaceHooks.pause('judged');
      if (claimTakeover(path, id, body) === 'wait') {
        sleep(5);
        continue;
      }
      lockRaceHooks.pause('claimed');
      // Only the claim's winner replaces this file and the name never disappears, so it is still the stale one
      // unless its holder's own release (or a run of an older chipsim) removed it meanwhile: then start over.
      if (identity(path) === id) {
        renameSync(writeTemp(path, body), path);
        removeClaims(path, id);
        return { ok: true, value: held(path) };
      }
      removeClaims(path, id);
    }
  } catch (error) {
    const code = errorCode(error) ?? (error instanceof Error ? error.message : String(error));
    return { ok: false, error: { kind: 'io', message: `cannot lock the checkpoint ${checkpoint} (${code})`, path } };
  }
  return { ok: false, error: { kind: 'io', message: `cannot lock the checkpoint ${checkpoint} (contended)`, path } };
}
