/**
 * The cohort queue (models/cohorts.ts): `put` appends at the tail, `putBack` returns units in born
 * order, and `take` reports the quantity-weighted born week of what it takes from the head.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { put, putBack, take, total, type Cohort } from '../../models/cohorts.js';

describe('cohort queue', () => {
  test('putBack puts returned units before younger cohorts and after older or equal ones', () => {
    const q: Cohort[] = [];
    put(q, 5, 10);
    put(q, 3, 20);
    put(q, 2, 30);
    putBack(q, 4, 15);
    putBack(q, 1, 20);
    putBack(q, 6, 40);
    putBack(q, 7, 2.5);
    expect(q).toEqual([
      { qty: 7, born: 2.5 },
      { qty: 5, born: 10 },
      { qty: 4, born: 15 },
      { qty: 4, born: 20 },
      { qty: 2, born: 30 },
      { qty: 6, born: 40 },
    ]);
    expect(take(q, 12)).toBeCloseTo((7 * 2.5 + 5 * 10) / 12, 12);
  });

  test('property: putBack into a born-ordered queue keeps it ordered and conserves units', () => {
    const cohort = fc.record({ qty: fc.integer({ min: 1, max: 50 }), born: fc.integer({ min: 0, max: 60 }) });
    fc.assert(
      fc.property(fc.array(cohort, { maxLength: 20 }), fc.array(cohort, { maxLength: 10 }), (start, returned) => {
        const q: Cohort[] = [];
        for (const c of [...start].sort((a, b) => a.born - b.born)) put(q, c.qty, c.born);
        for (const c of returned) putBack(q, c.qty, c.born);
        const all = [...start, ...returned];
        expect(total(q)).toBe(all.reduce((s, c) => s + c.qty, 0));
        for (let i = 1; i < q.length; i++) expect(q[i]!.born).toBeGreaterThan(q[i - 1]!.born);
        const bornSum = all.reduce((s, c) => s + c.qty * c.born, 0);
        const n = total(q);
        expect(take(q, n) * n).toBeCloseTo(bornSum, 6);
      }),
    );
  });
});
