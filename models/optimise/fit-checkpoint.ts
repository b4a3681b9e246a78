/**
 * The checkpoint of a `fit`: the experiment checkpoint format (models/experiment/checkpoint.ts) with
 * one more header field, `fit`, naming what decides the optimiser's path (family, target, evaluation
 * budget). Its records are the baselines' (point `base`) and every evaluation's (point `e<i>`,
 * policy FAMILY_POLICY_LABEL). Nelder–Mead is deterministic and each evaluation a deterministic
 * function of its point, so a resumed fit replays the same points in the same order: evaluation i
 * takes its records from here and only the missing ones run. That holds only for exactly the same
 * header, so --reps may not grow here (unlike compare: it changes every objective value).
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  CheckpointError,
  CheckpointWriter,
  acquireLock,
  checkpointHeader,
  checkpointPathFor,
  readCheckpoint,
  type CheckpointHeader,
  type CheckpointLock,
  type CheckpointPlan,
  type ExperimentError,
  type Outcome,
  type Provenance,
  type ReplicationRecord,
} from '../experiment/index.js';
import { canonicalJson } from '../experiment/checkpoint.js';
import { ioError } from '../experiment/errors.js';
import { isObject } from '../../sim/guards.js';
import type { AllocationTarget } from './distance.js';
import type { FitFamily } from './weighted-family.js';

export interface FitIdentity {
  family: FitFamily;
  target: AllocationTarget;
  maxEvaluations: number;
}

export interface FitCheckpointHeader extends CheckpointHeader {
  fit: FitIdentity;
}

export function fitCheckpointHeader(
  design: { scenario: string; policies: readonly string[]; seed: number; reps: number },
  fit: FitIdentity,
  meta: Provenance,
): FitCheckpointHeader {
  return {
    ...checkpointHeader({ ...design, policies: [...design.policies], points: [] }, meta),
    fit: { family: fit.family, target: fit.target, maxEvaluations: fit.maxEvaluations },
  };
}

/** What a checkpoint's first line says about its fit (untrusted: read from a file). */
interface FoundFit {
  reps?: unknown;
  fit?: { family?: unknown; target?: unknown; maxEvaluations?: unknown };
}

/** Why a checkpoint's fit block (and reps) cannot continue this fit, or null. */
function fitMismatch(found: FoundFit, want: FitCheckpointHeader): string | null {
  const f = found.fit;
  if (!isObject(f)) return 'it is not the checkpoint of a fit';
  if (f.family !== want.fit.family) return `it is for --family ${String(f.family)}, not ${want.fit.family}`;
  if (canonicalJson(f.target) !== canonicalJson(want.fit.target))
    return 'it is for another --target (other period, customers or amounts)';
  if (f.maxEvaluations !== want.fit.maxEvaluations)
    return `it is for --max-evaluations ${String(f.maxEvaluations)}, not ${want.fit.maxEvaluations}`;
  if (found.reps !== want.reps)
    return `it is for --reps ${String(found.reps)}, not ${want.reps} (a fit's reps cannot change)`;
  return null;
}

/** Reads a fit checkpoint for `want`; throws CheckpointError with the reason it cannot be used. */
export function readFitCheckpoint(path: string, want: FitCheckpointHeader): ReplicationRecord[] {
  // version, scenario hash, baselines, seed: the experiment's checks (and their words)
  const { records } = readCheckpoint(path, want);
  const found: unknown = JSON.parse(readFileSync(path, 'utf8').split('\n', 1)[0]!);
  const mismatch = isObject(found) ? fitMismatch(found, want) : 'it is not the checkpoint of a fit';
  if (mismatch) throw new CheckpointError(`cannot resume from ${path}: ${mismatch}`);
  return records;
}

/** An open fit checkpoint: the records it started with, and an appender for new ones. */
export interface OpenFitCheckpoint {
  path: string;
  done: ReplicationRecord[];
  append(record: ReplicationRecord): void;
  /** After a failure or interruption: closes the file (kept) and releases the lock. */
  abandon(): void;
  /** After the output is written: removes the file unless kept, releases the lock. */
  finish(): void;
}

const fail = (error: ExperimentError): { ok: false; error: ExperimentError } => ({ ok: false, error });

/** Locks and opens (resuming or starting afresh) the checkpoint `plan` names. */
export function openFitCheckpoint(
  plan: CheckpointPlan,
  header: FitCheckpointHeader,
  command: string,
  onNotice?: (message: string) => void,
): Outcome<OpenFitCheckpoint> {
  const path = checkpointPathFor(plan.place, header);
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    return fail(ioError(error, dirname(path)));
  }
  const locked = acquireLock(path, command);
  if (!locked.ok) return locked;
  const lock: CheckpointLock = locked.value;
  let done: ReplicationRecord[] = [];
  let writer: CheckpointWriter;
  try {
    if (plan.resume) {
      done = readFitCheckpoint(path, header);
      onNotice?.(`resuming from ${path}: ${done.length} runs already done`);
    } else if (existsSync(path)) {
      try {
        const old = readFitCheckpoint(path, header);
        if (old.length > 0)
          onNotice?.(
            `replacing the unfinished checkpoint ${path} (${old.length} runs); --resume would have continued it`,
          );
      } catch {
        /* another experiment's or unreadable: replaced silently */
      }
    }
    writer = CheckpointWriter.create(path, header, done);
  } catch (error) {
    lock.release();
    if (error instanceof CheckpointError) return fail({ kind: 'checkpoint', message: error.message, path });
    return fail(ioError(error, path));
  }
  return {
    ok: true,
    value: {
      path,
      done,
      append: (record) => writer.append(record),
      abandon: () => {
        writer.close();
        lock.release();
      },
      finish: () => {
        if (plan.keep) writer.close();
        else writer.remove();
        lock.release();
        if ('folder' in plan.place) {
          try {
            rmdirSync(plan.place.folder);
          } catch {
            /* not empty (other checkpoints) or gone: leave it */
          }
        }
      },
    },
  };
}
