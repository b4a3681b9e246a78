/**
 * The array form of the rounding rule (largestRemainderOf / apportionOf, the policies' hot path) and
 * the Map API that now delegates to it give exactly what the Map-only rule gave before. The oracle
 * below is that earlier rule, written out once more: every policy's allocation goes through it, so
 * a difference would move results (the goldens would catch it only for the bundled scenarios).
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  apportion,
  apportionOf,
  compareIds,
  largestRemainder,
  largestRemainderOf,
} from '../../../models/policies/rounding.js';

function oracleLargestRemainder(shares: ReadonlyMap<string, number>, total: number): Map<string, number> {
  const out = new Map<string, number>();
  const remainders: { id: string; key: number }[] = [];
  let used = 0;
  for (const [id, raw] of shares) {
    const share = Number.isFinite(raw) && raw > 0 ? raw : 0;
    const whole = Math.floor(share + 1e-9);
    out.set(id, whole);
    used += whole;
    const key = Math.round((share - whole) * 1e9);
    if (key > 0) remainders.push({ id, key });
  }
  remainders.sort((a, b) => b.key - a.key || compareIds(a.id, b.id));
  let left = Math.max(0, Math.round(total) - used);
  for (const r of remainders) {
    if (left <= 0) break;
    out.set(r.id, out.get(r.id)! + 1);
    left--;
  }
  return out;
}

function oracleApportion(
  shares: ReadonlyMap<string, number>,
  caps: ReadonlyMap<string, number>,
  total: number,
): Map<string, number> {
  const rounded = oracleLargestRemainder(shares, total);
  let capTotal = 0;
  let sum = 0;
  for (const [id, cap] of caps) {
    const a = Math.min(rounded.get(id) ?? 0, cap);
    rounded.set(id, a);
    capTotal += cap;
    sum += a;
  }
  for (const id of [...rounded.keys()]) if (!caps.has(id)) rounded.delete(id);
  const target = Math.min(Math.max(0, Math.round(total)), capTotal);
  if (sum === target) return rounded;
  const owed = [...caps.keys()].map((id) => ({
    id,
    key: Math.round(((shares.get(id) ?? 0) - rounded.get(id)!) * 1e9),
  }));
  const step = sum < target ? 1 : -1;
  if (step > 0) owed.sort((a, b) => b.key - a.key || compareIds(a.id, b.id));
  else owed.sort((a, b) => a.key - b.key || compareIds(b.id, a.id));
  while (sum !== target) {
    for (const o of owed) {
      if (sum === target) break;
      const a = rounded.get(o.id)!;
      if (step > 0 ? a < caps.get(o.id)! : a > 0) {
        rounded.set(o.id, a + step);
        sum += step;
      }
    }
  }
  return rounded;
}

/** Distinct ids, each with a share (exact fractions, float noise, or junk) and a cap. */
const rowsArb = fc.uniqueArray(
  fc.record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'aa', 'B'),
    share: fc.oneof(
      fc.integer({ min: 0, max: 20 }).map((n) => n / 4),
      fc.double({ min: 0, max: 20, noNaN: true }),
      fc.constantFrom(0.1 + 0.2, 2.9999999999, -1, Number.NaN, Infinity),
    ),
    cap: fc.integer({ min: 0, max: 20 }),
  }),
  { selector: (r) => r.id, maxLength: 8 },
);
const totalArb = fc.oneof(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 60, noNaN: true }));

describe('rounding on arrays = the Map rule', () => {
  test.prop([rowsArb, totalArb])('largestRemainderOf and largestRemainder agree with the rule', (rows, total) => {
    const shares = new Map(rows.map((r) => [r.id, r.share]));
    const expected = Object.fromEntries(oracleLargestRemainder(shares, total));
    expect(Object.fromEntries(largestRemainder(shares, total))).toEqual(expected);
    const whole = largestRemainderOf(
      rows.map((r) => r.id),
      rows.map((r) => r.share),
      total,
    );
    expect(Object.fromEntries(rows.map((r, k) => [r.id, whole[k]]))).toEqual(expected);
  });

  test.prop([rowsArb, totalArb])('apportionOf and apportion (same ids) agree with the rule', (rows, total) => {
    const shares = new Map(rows.map((r) => [r.id, r.share]));
    const caps = new Map(rows.map((r) => [r.id, r.cap]));
    const expected = Object.fromEntries(oracleApportion(shares, caps, total));
    expect(Object.fromEntries(apportion(shares, caps, total))).toEqual(expected);
    const whole = apportionOf(
      rows.map((r) => r.id),
      rows.map((r) => r.share),
      rows.map((r) => r.cap),
      total,
    );
    expect(Object.fromEntries(rows.map((r, k) => [r.id, whole[k]]))).toEqual(expected);
  });

  test.prop([rowsArb, rowsArb, totalArb])(
    'apportion with different ids on each side (shares without a cap, caps without a share) agrees with the rule',
    (shareRows, capRows, total) => {
      const shares = new Map(shareRows.map((r) => [r.id, r.share]));
      const caps = new Map(capRows.map((r) => [r.id, r.cap]));
      expect(Object.fromEntries(apportion(shares, caps, total))).toEqual(
        Object.fromEntries(oracleApportion(shares, caps, total)),
      );
    },
  );
});
