/**
 * Replication seeds for experiments with common random numbers.
 *
 * Replication r of EVERY policy runs with the same seed `deriveSeed(seed, r)`, so two policies see
 * the same demand, yields and lead times (the model draws each concern from its own named stream).
 *
 * The hash: `mix32` is Chris Wellons' "lowbias32" integer finaliser (xor-shift-multiply, a
 * bijection on uint32 with near-ideal avalanche). The base seed (any safe integer ≥ 0) is folded
 * into a 32-bit key h = mix32(mix32(lo ⊕ φ) ⊕ hi), where lo/hi are its low and high 32-bit words
 * and φ = 0x9e3779b9 (the golden-ratio constant); then
 *
 *     deriveSeed(seed, r) = mix32((h + (r + 1) · φ) mod 2³²)
 *
 * Because φ is odd, r ↦ (h + (r+1)·φ) mod 2³² is injective for 0 ≤ r < 2³², and mix32 is a
 * bijection, so the replications of one experiment never share a seed (a Weyl sequence, as in
 * splitmix). The result is a uint32. Pure integer arithmetic: identical on every platform.
 */

const PHI = 0x9e3779b9;

/** lowbias32: a bijective 32-bit integer mixer. */
export function mix32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d);
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b);
  x = (x ^ (x >>> 16)) >>> 0;
  return x;
}

/** The seed of replication `rep` (0-based) of an experiment with base seed `seed`; a uint32. */
export function deriveSeed(seed: number, rep: number): number {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a safe integer ≥ 0, got ${seed}`);
  if (!Number.isInteger(rep) || rep < 0 || rep >= 2 ** 32)
    throw new RangeError(`rep must be an integer in [0, 2^32), got ${rep}`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 2 ** 32) >>> 0;
  const key = mix32((mix32((lo ^ PHI) >>> 0) ^ hi) >>> 0);
  return mix32((key + Math.imul((rep + 1) >>> 0, PHI)) >>> 0);
}
