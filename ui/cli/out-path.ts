/**
 * Checks an output path (--out, --checkpoint) BEFORE any computation, so a run never ends in an
 * I/O error after minutes of work: not a directory, not under a regular file, not on procfs/sysfs
 * (where `mkdir -p` can loop forever), and its folder writable (proved by creating and removing a
 * temp file). Creates the missing folders. Every problem is a UserError naming the flag.
 */
import { accessSync, constants, mkdirSync, rmSync, statSync, statfsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { tempPathFor } from '../../sim/atomic-write.js';
import { UserError } from './errors.js';
import { errorCode } from '../../sim/errors.js';

/** statfs magic numbers of pseudo file systems nothing should be written to. */
const PSEUDO_FS: Record<number, string> = { 0x9fa0: 'procfs', 0x62656572: 'sysfs', 0x64626720: 'debugfs' };

const reason = (error: unknown) => {
  const code = errorCode(error);
  return code === 'EACCES' || code === 'EPERM'
    ? 'permission denied'
    : code === 'EROFS'
      ? 'read-only file system'
      : (code ?? (error instanceof Error ? error.message : String(error)));
};

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** Resolves `raw` against `cwd`, checks it can be written, creates its folder; returns the absolute path. */
export function prepareOutPath(flag: string, raw: string, cwd = process.cwd()): string {
  const path = resolve(cwd, raw);
  const self = statOrNull(path);
  if (self?.isDirectory()) throw new UserError(`${flag} ${raw} is a directory; give a file path`);
  if (self && !self.isFile()) throw new UserError(`${flag} ${raw} is not a regular file`);

  // the nearest existing ancestor must be a folder
  let existing = dirname(path);
  let st = statOrNull(existing);
  while (!st && dirname(existing) !== existing) {
    existing = dirname(existing);
    st = statOrNull(existing);
  }
  if (st && !st.isDirectory()) throw new UserError(`${flag} ${raw}: ${existing} is a file, not a folder`);
  try {
    const fs = PSEUDO_FS[statfsSync(existing).type];
    if (fs !== undefined) throw new UserError(`${flag} ${raw}: ${existing} is on ${fs}, which cannot hold files`);
  } catch (error) {
    if (error instanceof UserError) throw error;
  }
  try {
    accessSync(existing, constants.W_OK);
  } catch (error) {
    throw new UserError(`${flag} ${raw}: cannot write in ${existing} (${reason(error)})`);
  }
  try {
    mkdirSync(dirname(path), { recursive: true });
    const probe = tempPathFor(path);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (error) {
    throw new UserError(`${flag} ${raw}: cannot write in ${dirname(path)} (${reason(error)})`);
  }
  return path;
}

/** True when files can be created in `dir` (an existing folder). */
export function folderWritable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
