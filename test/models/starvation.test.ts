/** The starvation measures: unserved stretches, unmet need over time, first delivery, and fillRate = null when nothing was due. */
import { describe, expect, test } from 'vitest';
import { needMeasures, trackUnserved } from '../../models/starvation.js';
import { gini, jainIndex } from '../../sim/stats.js';
import type { CustomerState, ModelState } from '../../models/state.js';
import { customer } from './policies/helpers.js';

const cust = (id: string, weeklyNeed: number[] = [], weeklyReceived: number[] = []) =>
  ({
    id,
    weeklyNeed,
    weeklyReceived,
    weeklyResold: [],
    unservedRunWeeks: 0,
    longestUnservedWeeks: 0,
  }) as unknown as CustomerState;

describe('trackUnserved', () => {
  test('open orders and no boards extend the stretch; a board ends it; no orders leave it alone', () => {
    const a = cust('a');
    const state = { customers: [a] } as unknown as ModelState;
    const step = (q: number, got: number, left = 10) =>
      trackUnserved(state, [0], [customer('a', q)], { a: got }, 1, left);
    step(5, 0);
    step(5, 0);
    step(0, 0); // nothing open: not starving, stretch kept
    step(5, 0);
    expect(a.longestUnservedWeeks).toBe(3);
    step(5, 2);
    expect(a.unservedRunWeeks).toBe(0);
    step(5, 0);
    step(5, 0, 0.5); // the last epoch counts only up to the horizon
    expect(a.unservedRunWeeks).toBe(1.5);
    expect(a.longestUnservedWeeks).toBe(3);
  });
  test('a customer the policy did not see (export-blocked) is not counted', () => {
    const a = cust('a');
    trackUnserved({ customers: [a] } as unknown as ModelState, [0], [], {}, 1, 10);
    expect(a.longestUnservedWeeks).toBe(0);
  });
});

describe('needMeasures', () => {
  test('need 10/week for 4 weeks, 20 arriving in week 2 and 20 in week 3', () => {
    // cumulative need 10, 20, 30, 40; received 0, 0, 20, 40 → unmet 10 + 20 + 10 + 0 = 40 GPU-weeks
    const m = needMeasures(cust('a', [10, 10, 10, 10], [0, 0, 20, 20]), 0, 4);
    expect(m.unmetNeedGpuWeeks).toBe(40);
    expect(m.firstDeliveryWeek).toBe(2);
    expect(m.inHandPerNeed).toBeCloseTo(60 / 100, 12);
  });
  test('an initial backlog counts as need from week 0; no deliveries → first delivery null, in hand 0', () => {
    const m = needMeasures(cust('a', [0, 0], [0, 0]), 8, 2);
    expect(m.unmetNeedGpuWeeks).toBe(16);
    expect(m.firstDeliveryWeek).toBeNull();
    expect(m.inHandPerNeed).toBe(0);
  });
  test('no need at all → inHandPerNeed null', () => {
    expect(needMeasures(cust('a', [0], [0]), 0, 1).inHandPerNeed).toBeNull();
  });
  test('starving one of two customers shows in Jain and Gini of need fill (it did not in fill rates of 1)', () => {
    expect(jainIndex([1, 0])).toBe(0.5);
    expect(gini([1, 0])).toBe(0.5);
  });
});
