/**
 * Writing files so that readers never see half of one: data goes to a temp file in the target's
 * folder, then is renamed over the target (rename is atomic within a file system). Domain-free, so
 * every layer may use it (CLI outputs, checkpoints, generated schemas).
 *
 * Temp files are named `.chipsim-tmp-<target name>.<pid>.<n>` so a run killed with SIGKILL leaves a
 * recognisable file; `removeStaleTemps` (called before every write into a folder) deletes those of
 * processes that are no longer alive — for any target in that folder, and nothing else: a name must
 * match the pattern exactly, and a temp of a live process (a run still writing) is kept.
 */
import { closeSync, openSync, readdirSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { errorCode } from './errors.js';

export const TEMP_PREFIX = '.chipsim-tmp-';
let counter = 0;

/** A fresh temp path beside `target`. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `${TEMP_PREFIX}${basename(target)}.${process.pid}.${counter++}`);
}

/** True when a process with this PID exists (ours included); EPERM means it exists under another user. */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

/** `.chipsim-tmp-<target>.<pid>.<n>`: the PID of the process that wrote it. */
const TEMP_NAME = /^\.chipsim-tmp-.+\.(\d+)\.(\d+)$/;

/**
 * Deletes the temp files dead processes left in `target`'s folder (for any target there, e.g. a CSV
 * of a run killed with SIGKILL while a JSON is written now); never throws. Returns how many.
 */
export function removeStaleTemps(target: string): number {
  const dir = dirname(target);
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const pid = TEMP_NAME.exec(name)?.[1];
    if (pid === undefined || processAlive(Number(pid))) continue;
    try {
      rmSync(join(dir, name), { force: true });
      removed++;
    } catch {
      /* someone else's problem; the next run tries again */
    }
  }
  return removed;
}

/** Writes a file atomically (temp file in the same folder, then rename). The folder must exist. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  removeStaleTemps(path);
  const tmp = tempPathFor(path);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * A file written piece by piece (e.g. CSV rows as they are folded) that appears under its name only
 * on `commit`; `discard` removes the temp file. Writes are buffered into few system calls.
 */
export class AtomicFileWriter {
  private fd: number | null;
  private readonly tmp: string;
  private buffer: string[] = [];

  constructor(readonly path: string) {
    removeStaleTemps(path);
    this.tmp = tempPathFor(path);
    this.fd = openSync(this.tmp, 'w');
  }

  write(s: string): void {
    if (this.fd === null) throw new Error(`${this.path} is already closed`);
    this.buffer.push(s);
    if (this.buffer.length >= 256) this.flush();
  }

  private flush(): void {
    if (this.fd !== null && this.buffer.length > 0) {
      writeSync(this.fd, this.buffer.join(''));
      this.buffer = [];
    }
  }

  commit(): void {
    if (this.fd === null) return;
    try {
      this.flush();
      closeSync(this.fd);
      this.fd = null;
      renameSync(this.tmp, this.path);
    } catch (error) {
      this.discard();
      throw error;
    }
  }

  discard(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        /* closing is best effort here */
      }
      this.fd = null;
    }
    rmSync(this.tmp, { force: true });
  }
}
