/** Queue chunks are cut at fixed fold positions, so a resumed coordinator re-creates the same chunks (and job ids). */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { planTasks } from '../../models/experiment/index.js';
import { chunkPositions } from '../../ui/queue/queue.js';

const design = { points: [{ id: 'base', params: {} }], policies: ['a', 'b', 'c'], reps: 7, seed: 3 };

describe('chunkPositions', () => {
  test('chunks of the full plan: consecutive runs of `chunk` tasks', () => {
    const plan = planTasks(design);
    expect(chunkPositions(plan, 8).map((c) => c.length)).toEqual([8, 8, 5]);
    expect(chunkPositions(plan, 8)[1]).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
  });

  test('after any tasks are done, each chunk of the rest is a whole chunk of the full plan or a part of one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.boolean(), { minLength: 21, maxLength: 21 }),
        (chunk, done) => {
          const plan = planTasks(design);
          const full = chunkPositions(plan, chunk).map((c) => c.map((i) => plan[i]!.id));
          const rest = plan.filter((_, i) => !done[i]);
          const resumed = chunkPositions(rest, chunk).map((c) => c.map((i) => rest[i]!.id));
          const expected = full.map((c) => c.filter((id) => rest.some((t) => t.id === id))).filter((c) => c.length > 0);
          expect(resumed).toEqual(expected);
        },
      ),
    );
  });
});
