/** The tornado summary: paired swings, ordering by |swing|, and the sign-flip verdict. */
import { describe, expect, test } from 'vitest';
import { oatSummary } from '../../../models/sensitivity/oat.js';

const p = (pointer: string) => ({ pointer, source: 'A2', low: 0, high: 1 });
const noise = [0.3, -0.2, 0.5, -0.6, 0.1, -0.1];
const plus = (c: number) => noise.map((n) => c + n);

describe('oatSummary', () => {
  test('sorted by |swing| with paired CIs far narrower than the means’ (common noise cancels)', () => {
    const s = oatSummary(
      [p('/a'), p('/b'), p('/c')],
      plus(1),
      [plus(0.9), plus(3), plus(1)],
      [plus(1.1), plus(-1), plus(1)],
    );
    expect(s.parameters.map((x) => x.pointer)).toEqual(['/b', '/a', '/c']);
    const b = s.parameters[0]!;
    expect(b.swing).toBeCloseTo(-4, 12);
    // identical noise at low and high: the paired CI collapses to the swing itself
    expect(b.swingCi95![0]).toBeCloseTo(-4, 9);
    expect(b.swingCi95![1]).toBeCloseTo(-4, 9);
    expect(b.atLow.ci95![1] - b.atLow.ci95![0]).toBeGreaterThan(0.5);
  });

  test('sign: a flip inside the ranges is found and named; a clear flip needs CIs on both sides of 0', () => {
    const s = oatSummary([p('/a'), p('/b')], plus(1), [plus(1), plus(-0.05)], [plus(1), plus(2)]);
    expect(s.sign.flips).toBe(true);
    expect(s.sign.clearly).toBe(false);
    expect(s.sign.where).toEqual(['/b@low']);
    const clear = oatSummary([p('/a')], plus(2), [plus(-2)], [plus(2)]);
    expect(clear.sign).toEqual({ flips: true, clearly: true, where: ['/a@low'] });
    const none = oatSummary([p('/a')], plus(2), [plus(1.5)], [plus(3)]);
    expect(none.sign).toEqual({ flips: false, clearly: false, where: [] });
  });

  test('ties keep the declaration order; bad input is refused', () => {
    const s = oatSummary([p('/x'), p('/y')], plus(0), [plus(0), plus(0)], [plus(1), plus(1)]);
    expect(s.parameters.map((x) => x.pointer)).toEqual(['/x', '/y']);
    expect(() => oatSummary([p('/x')], plus(0), [], [])).toThrow(/1 parameters/);
    expect(() => oatSummary([p('/x')], plus(0), [[Number.NaN]], [[1]])).toThrow(/not finite/);
    expect(() => oatSummary([p('/x')], plus(0), [[1, 2]], [[1]])).toThrow(/differ in length/);
  });
});
