/** Errors the engine raises. Each names what was wrong so a model author can fix the call site. */
export class SimError extends Error {
  override name = 'SimError';
}

/**
 * Scheduling in the past, a NaN/negative/infinite delay, a non-finite priority; or `run` with
 * `until` before now or NaN, or a negative `maxEvents`.
 */
export class ScheduleError extends SimError {
  override name = 'ScheduleError';
}

/** An event whose `type` has no handler. */
export class UnknownEventTypeError extends SimError {
  override name = 'UnknownEventTypeError';
}

/** A snapshot that does not fit this simulation (wrong shape, version, or an event type with no handler). */
export class SnapshotError extends SimError {
  override name = 'SnapshotError';
}

/** The `code` of a Node system error (`'ENOENT'`, `'EPERM'` …), or undefined for anything else. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** The message of a thrown value, whatever was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
