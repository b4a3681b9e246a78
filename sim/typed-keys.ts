/**
 * `Object.keys` and `Object.fromEntries` with the key type kept. TypeScript widens both to
 * `string` because an object may carry extra keys at run time; these are for records we build
 * ourselves from a fixed key list, where it cannot.
 */

/** The keys of a record literal, typed as its keys (optional keys only when present). */
export function keysOf<K extends string>(record: { readonly [P in K]?: unknown }): K[] {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the one place this widening is undone
  return Object.keys(record) as K[];
}

/** A record with one entry per key, each made by `value`. */
export function recordFrom<K extends string, V>(keys: readonly K[], value: (key: K) => V): Record<K, V> {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- every key of K is set below
  const out = {} as Record<K, V>;
  for (const key of keys) out[key] = value(key);
  return out;
}
