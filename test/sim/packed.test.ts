import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { deserialize, serialize } from 'node:v8';
import { isDeepStrictEqual } from 'node:util';
import { pack, unpack } from '../../sim/packed.js';

/** What a worker's postMessage would hand the parent. */
const clone = (v: unknown): unknown => deserialize(serialize(v));

/** unpack(pack(v)), failing the test when v could not be packed. */
function roundTrip(v: unknown): unknown {
  const p = pack(v);
  if (p === null) throw new Error(`not packable: ${String(v)}`);
  return unpack(p);
}

/** JSON-like values with the odd numbers (NaN, ±0, ±Infinity), undefined, and unusual keys. */
const jsonLike = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.double(),
    fc.integer(),
    fc.constantFrom(null, true, false, undefined, -0, NaN, Infinity),
    fc.string(),
    fc.array(fc.double()),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(
      fc.oneof(
        fc.string().filter((k) => k !== '__proto__'),
        fc.constantFrom('0', '12', 'a"b', '\\', 'constructor'),
      ),
      tie('value'),
      {
        maxKeys: 5,
      },
    ),
  ),
})).value;

describe('packed transport (sim/packed.ts)', () => {
  test('unpack(pack(v)) equals a structured clone of v, key order included (property)', () => {
    fc.assert(
      fc.property(jsonLike, (v) => {
        const back = roundTrip(v);
        expect(isDeepStrictEqual(back, clone(v))).toBe(true);
        expect(JSON.stringify(back)).toBe(JSON.stringify(v));
        if (v !== null && typeof v === 'object' && !Array.isArray(v))
          expect(Object.keys(back as object)).toEqual(Object.keys(v));
      }),
      { numRuns: 500 },
    );
  });

  test('numbers keep every bit (−0, NaN, subnormals, the largest)', () => {
    const xs = [-0, 0, NaN, Infinity, -Infinity, Number.MIN_VALUE, Number.MAX_VALUE, 0.1 + 0.2, 2 ** 53 + 2];
    const back = roundTrip({ one: -0, xs, mixed: [1, null, -0] }) as { one: number; xs: number[]; mixed: unknown[] };
    expect(Object.is(back.one, -0)).toBe(true);
    expect(back.xs.map((x, i) => Object.is(x, xs[i]))).toEqual(xs.map(() => true));
    expect(Object.is(back.mixed[2], -0)).toBe(true);
    expect(back.mixed[1]).toBeNull();
  });

  test('values of one shape reuse it; a value of another shape (even one key or type apart) gets its own', () => {
    const a = pack({ rep: 1, policy: 'p', xs: [1, 2, 3] })!;
    const b = pack({ rep: 2, policy: 'p', xs: [4, 5] })!;
    expect(b.shape).toBe(a.shape); // an all-number array's length is data
    expect(Array.from(b.nums)).toEqual([2, 2, 4, 5]);
    for (const other of [
      { rep: 2, policy: 'q', xs: [4] },
      { rep: 2, policy: 'p', ys: [4] },
      { rep: null, policy: 'p', xs: [4] },
      { rep: 2, policy: 'p', xs: [4], extra: 1 },
      { policy: 'p', rep: 2, xs: [4] },
      { rep: 2, policy: 'p', xs: ['4'] },
    ]) {
      const p = pack(other)!;
      expect(p.shape).not.toBe(a.shape);
      expect(unpack(p)).toStrictEqual(other);
    }
    // and the first shape still decodes after the others were seen
    expect(unpack(pack({ rep: 3, policy: 'p', xs: [] })!)).toStrictEqual({ rep: 3, policy: 'p', xs: [] });
  });

  test('what only a structured clone carries is refused (null: sent as it is)', () => {
    class Point {
      x = 1;
    }
    const holey = [1, , 3]; // eslint-disable-line no-sparse-arrays
    for (const v of [
      new Point(),
      { when: new Date(0) },
      { xs: new Float64Array(2) },
      { m: new Map() },
      [1n],
      { f: () => 1 },
      [holey],
      JSON.parse('{"__proto__": 1}') as unknown,
    ])
      expect(pack(v)).toBeNull();
  });

  test('the numbers travel in a fresh buffer of their own (safe to transfer)', () => {
    const a = pack({ xs: [1, 2] })!;
    const b = pack({ xs: [3, 4] })!;
    expect(a.nums.buffer).not.toBe(b.nums.buffer);
    expect(a.nums.byteLength).toBe(a.nums.buffer.byteLength);
    expect(Array.from(a.nums)).toEqual([2, 1, 2]);
  });

  test('a corrupt shape or a buffer of the wrong length is an error, not a wrong value', () => {
    const p = pack({ a: [1, 2] })!;
    expect(() => unpack({ shape: p.shape, nums: new Float64Array([2, 1, 2, 9]) })).toThrow(/left over/);
    expect(() => unpack({ shape: '{"a":#', nums: new Float64Array([1]) })).toThrow(/bad packed shape/);
  });
});
