/**
 * kpis.orderInflation (Σ orders placed in the run ÷ Σ orderable need) stays a finite number: a need
 * below one GPU (generated scenarios draw denormal needs such as 5e-324) counts as one GPU, so the
 * KPI cannot overflow to Infinity, which JSON would print as null.
 */
import { describe, expect, test } from 'vitest';
import { buildResult } from '../../models/metrics.js';
import { createWorld } from '../../models/world.js';
import { policyOf } from '../support/checked-run.js';
import { bundled } from '../support/toy-variants.js';

function inflationWith(needGpus: number[], orderedBoards: number[]): number {
  const { world, ctx } = createWorld(bundled('toy'), { policy: policyOf('pro-rata'), seed: 1 });
  world.state.customers.forEach((c, i) => {
    c.orderableNeedGpus = needGpus[i] ?? 0;
    c.orderedInRunBoards = orderedBoards[i] ?? 0;
  });
  return buildResult(ctx, world.state, { scenario: 'toy', seed: 1, events: 0 }).kpis.orderInflation;
}

describe('kpis.orderInflation', () => {
  test('is orders over need when the need is at least one GPU', () => {
    // toy has 8 GPUs per board: 3 boards = 24 GPUs over a need of 20
    expect(inflationWith([10, 10, 0], [2, 1, 0])).toBeCloseTo(24 / 20, 6);
  });

  test('stays finite when the need is denormal: a need below one GPU counts as one', () => {
    const k = inflationWith([5e-324, 0, 0], [1, 0, 0]);
    expect(Number.isFinite(k)).toBe(true);
    expect(k).toBe(8);
    expect(inflationWith([5e-324, 0, 0], [0, 0, 0])).toBe(0);
  });

  test('is 1 when there was no orderable need at all', () => {
    expect(inflationWith([0, 0, 0], [0, 0, 0])).toBe(1);
  });
});
