/**
 * What can go wrong in an experiment, as data: every function of models/experiment that talks to
 * the outside returns `{ ok: false, error }` with one of these kinds instead of throwing, and
 * errors of replications cross process and thread boundaries in the same shape (no class names to
 * match). The CLI maps kinds to exit codes (bad input of any kind → 2, interrupted → 130/143,
 * internal → 1) and prints `message`.
 */
import { PolicyError } from '../policies/errors.js';
import { errorCode } from '../../sim/errors.js';
import { EventBudgetError } from '../simulate.js';

export type ExperimentError =
  /** The scenario (or a design point's variant of it) is invalid or cannot be loaded. */
  | { kind: 'bad-input'; message: string }
  /** A policy could not be resolved, or failed during a run. `index`: its position in the request. */
  | { kind: 'policy'; message: string; policy?: string; index?: number }
  /** A checkpoint cannot be used for this run (resume refused, corrupt, missing). */
  | { kind: 'checkpoint'; message: string; path: string }
  /** Another live process holds the checkpoint. */
  | { kind: 'locked'; message: string; path: string; pid: number }
  /** Stopped by the caller's abort signal; finished replications are kept in the checkpoint. */
  | { kind: 'interrupted'; message: string; finished: number; total: number; checkpoint: string | null }
  /** A replication needed more events than its budget (maxEvents); finished ones stay in the checkpoint. */
  | { kind: 'event-budget'; message: string; maxEvents: number; checkpoint: string | null }
  /** Reading or writing a file failed. */
  | { kind: 'io'; message: string; path?: string }
  /** A bug or a crashed worker: report with details. */
  | { kind: 'internal'; message: string; detail?: string };

export type ExperimentErrorKind = ExperimentError['kind'];

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ExperimentError };

/** Thrown inside runners for bad input found while running (e.g. an invalid design point). */
export class ExperimentInputError extends Error {
  override name = 'ExperimentInputError';
}

/** The data form of an error thrown by a replication (what crosses the worker boundary). */
export function describeTaskError(error: unknown, policies: readonly string[], policyIndex: number): ExperimentError {
  if (error instanceof PolicyError) {
    const policy = policies[policyIndex] ?? error.policy;
    return {
      kind: 'policy',
      message: error.message,
      ...(policy !== undefined ? { policy } : {}),
      ...(policyIndex >= 0 ? { index: policyIndex } : {}),
    };
  }
  if (error instanceof EventBudgetError)
    return { kind: 'event-budget', message: error.message, maxEvents: error.maxEvents, checkpoint: null };
  if (error instanceof ExperimentInputError) return { kind: 'bad-input', message: error.message };
  if (error instanceof Error) return { kind: 'internal', message: error.message, detail: error.stack ?? error.message };
  return { kind: 'internal', message: String(error) };
}

export function ioError(error: unknown, path?: string): ExperimentError {
  const code = errorCode(error);
  const what =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : error instanceof Error
        ? error.message
        : String(error);
  return { kind: 'io', message: path ? `${path}: ${what}` : what, ...(path ? { path } : {}) };
}
