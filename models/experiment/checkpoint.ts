/**
 * The JSONL checkpoint of an experiment: line 1 is a header naming the experiment (design,
 * provenance), every further line is one finished ReplicationRecord, appended (one write per line)
 * the moment it completes. An interrupted run therefore loses nothing that finished; a partial last
 * line (killed mid-write) is ignored on resume. Resume checks that the header matches: the same
 * chipsim version, scenario CONTENT (hash), policies in the same order, seed and design points;
 * --reps may grow (missing replications are run) but not shrink (that would drop finished runs).
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../sim/atomic-write.js';
import type { DesignPoint } from './design.js';
import type { Provenance } from './provenance.js';
import { recordShapeError, type ReplicationRecord } from './record.js';
import { errorCode } from '../../sim/errors.js';
import { isObject } from '../../sim/guards.js';

export const CHECKPOINT_KIND = 'chipsim-compare-checkpoint';
export const CHECKPOINT_VERSION = 2;

export interface CheckpointHeader {
  kind: typeof CHECKPOINT_KIND;
  version: typeof CHECKPOINT_VERSION;
  scenario: string;
  /** sha256 of the scenario's canonical JSON (sorted keys). */
  scenarioHash: string;
  policies: string[];
  seed: number;
  reps: number;
  /** The design points (compare: the base point only). */
  points: DesignPoint[];
  chipsimVersion: string;
  outputSchemaVersion: number;
  gitCommit: string | null;
  /** The command that wrote it. */
  command: string;
}

/** What an experiment's checkpoint header is made of: its design plus provenance. */
export function checkpointHeader(
  design: Pick<CheckpointHeader, 'scenario' | 'policies' | 'seed' | 'reps' | 'points'>,
  meta: Provenance,
): CheckpointHeader {
  return {
    kind: CHECKPOINT_KIND,
    version: CHECKPOINT_VERSION,
    scenario: design.scenario,
    scenarioHash: meta.scenarioHash,
    policies: [...design.policies],
    seed: design.seed,
    reps: design.reps,
    points: design.points.map((p) => ({ id: p.id, params: p.params })),
    chipsimVersion: meta.chipsimVersion,
    outputSchemaVersion: meta.outputSchemaVersion,
    gitCommit: meta.gitCommit,
    command: meta.command,
  };
}

/** Raised for a checkpoint that cannot be used; the message is meant for the user. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

/** JSON with object keys sorted, so equal content gives equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (isObject(v) && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = v[k];
      return sorted;
    }
    return v;
  });
}

export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** Short hash naming an experiment (scenario content, policies, seed, points; not reps, which may grow). */
export function experimentKey(h: Pick<CheckpointHeader, 'scenarioHash' | 'policies' | 'seed' | 'points'>): string {
  return createHash('sha256')
    .update(JSON.stringify([h.scenarioHash, h.policies, h.seed, h.points]))
    .digest('hex')
    .slice(0, 12);
}

/** `<out>.jsonl` beside --out, else `.chipsim/<experiment>-<key>.jsonl` under `cwd` (experiment: the command). */
export function defaultCheckpointPath(
  out: string | undefined,
  header: CheckpointHeader,
  cwd = process.cwd(),
  experiment = 'compare',
): string {
  return out !== undefined ? `${out}.jsonl` : join(cwd, '.chipsim', `${experiment}-${experimentKey(header)}.jsonl`);
}

export interface CheckpointContents {
  records: ReplicationRecord[];
  /** Lines dropped: a partial last line, duplicates, replications ≥ reps. */
  ignored: number;
}

function describeMismatch(found: CheckpointHeader, want: CheckpointHeader): string | null {
  if (found.chipsimVersion !== want.chipsimVersion)
    return `it was written by chipsim ${found.chipsimVersion}, this is chipsim ${want.chipsimVersion}`;
  if (found.scenarioHash !== want.scenarioHash) {
    return found.scenario === want.scenario
      ? `scenario "${want.scenario}" has changed since the checkpoint was written`
      : `it is for scenario "${found.scenario}", not "${want.scenario}"`;
  }
  if (JSON.stringify(found.policies) !== JSON.stringify(want.policies)) {
    return `it is for policies ${found.policies.join(',')}, not ${want.policies.join(',')}`;
  }
  if (found.seed !== want.seed) return `it is for --seed ${found.seed}, not ${want.seed}`;
  if (JSON.stringify(found.points) !== JSON.stringify(want.points)) return 'it is for other design points';
  if (found.reps > want.reps)
    return `it holds a run of ${found.reps} replications; --reps ${want.reps} would drop finished ones (use --reps ${found.reps} or more)`;
  return null;
}

/** Reads and validates a checkpoint for the experiment `want`. Throws CheckpointError. */
export function readCheckpoint(path: string, want: CheckpointHeader): CheckpointContents {
  let text: string;
  try {
    if (statSync(path).isDirectory()) throw new CheckpointError(`the checkpoint ${path} is a directory, not a file`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    const code = errorCode(error);
    throw new CheckpointError(
      code === 'ENOENT'
        ? `no checkpoint to resume at ${path}`
        : `cannot read the checkpoint ${path} (${code ?? String(error)})`,
    );
  }
  const lines = text.split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let header: CheckpointHeader;
  try {
    header = JSON.parse(lines[0] ?? '') as CheckpointHeader;
  } catch {
    throw new CheckpointError(`${path} is not a chipsim compare checkpoint (bad first line)`);
  }
  if (header?.kind !== CHECKPOINT_KIND) throw new CheckpointError(`${path} is not a chipsim compare checkpoint`);
  if (header.version !== CHECKPOINT_VERSION)
    throw new CheckpointError(
      `cannot resume from ${path}: it has checkpoint version ${header.version} (an older chipsim), expected ${CHECKPOINT_VERSION}`,
    );
  const mismatch = describeMismatch(header, want);
  if (mismatch) throw new CheckpointError(`cannot resume from ${path}: ${mismatch}`);
  const seen = new Set<string>();
  const records: ReplicationRecord[] = [];
  let ignored = 0;
  for (let i = 1; i < lines.length; i++) {
    const isLast = i === lines.length - 1;
    let rec: unknown;
    try {
      rec = JSON.parse(lines[i]!);
    } catch {
      if (isLast) {
        ignored++;
        continue;
      }
      throw new CheckpointError(`${path} line ${i + 1} is corrupt (not JSON)`);
    }
    const shape = recordShapeError(rec);
    if (shape) {
      if (isLast) {
        ignored++;
        continue;
      }
      throw new CheckpointError(`${path} line ${i + 1} is not a replication record (${shape})`);
    }
    const r = rec as ReplicationRecord;
    const key = `${r.point ?? ''}\u0000${r.rep}\u0000${r.policy}`;
    if (seen.has(key) || r.rep >= want.reps || !want.policies.includes(r.policy)) {
      ignored++;
      continue;
    }
    seen.add(key);
    records.push(r);
  }
  return { records, ignored };
}

/** Appends records to a checkpoint file, one line per record, one write call per line. */
export class CheckpointWriter {
  private fd: number | null;

  private constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /**
   * Starts the file afresh with `header` and the already-finished `records` (written to a temp
   * file and renamed into place, so a crash here leaves the old file intact), then opens it for
   * appending.
   */
  static create(path: string, header: CheckpointHeader, records: readonly ReplicationRecord[] = []): CheckpointWriter {
    mkdirSync(dirname(path), { recursive: true });
    const parts = [JSON.stringify(header)];
    for (const r of records) parts.push(JSON.stringify(r));
    writeFileAtomic(path, parts.join('\n') + '\n');
    return new CheckpointWriter(path, openSync(path, 'a'));
  }

  append(record: ReplicationRecord): void {
    if (this.fd === null) throw new Error('checkpoint is closed');
    writeSync(this.fd, JSON.stringify(record) + '\n');
  }

  close(): void {
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
  }

  /** Closes and deletes the file (a finished run's checkpoint nobody asked to keep). */
  remove(): void {
    this.close();
    rmSync(this.path, { force: true });
  }
}
