/** Type guards for data of unknown shape (parsed JSON, snapshots, messages). */

/** True for any non-null object (arrays included), whose properties can then be read by key. */
export function isObject(x: unknown): x is Record<PropertyKey, unknown> {
  return typeof x === 'object' && x !== null;
}
