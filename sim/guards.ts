/** Type guards for data of unknown shape (parsed JSON, snapshots, messages). */

/** True for any non-null object (arrays included), whose properties can then be read by key. */
export function isObject(x: unknown): x is Record<PropertyKey, unknown> {
  return typeof x === 'object' && x !== null;
}

/** True for an object whose `kind` is `kind` (the first check on a file header of ours). */
export function hasKind<K extends string>(x: unknown, kind: K): x is { kind: K; [key: PropertyKey]: unknown } {
  return isObject(x) && x['kind'] === kind;
}
