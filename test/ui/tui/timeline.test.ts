/** The timeline: position-addressed, exact in both directions, never re-simulating from the start. */
import { describe, expect, test } from 'vitest';
import { createWorld } from '../../../models/world.js';
import { runToEnd, simulate } from '../../../models/simulate.js';
import { policy, scenario, timeline } from './helpers.js';

describe('timeline on toy', () => {
  const t = timeline('toy', { stride: 16 });

  test('stepping forward gives the same states as the engine run uninterrupted', () => {
    const { world, ctx } = createWorld(scenario('toy'), { policy: policy('pro-rata'), seed: 1 });
    t.goTo(0);
    expect(JSON.stringify(t.state)).toBe(JSON.stringify(world.state));
    for (let k = 1; k <= t.total; k++) {
      world.step();
      t.goTo(k);
      if (k < t.total) expect(JSON.stringify(t.state)).toBe(JSON.stringify(world.state));
    }
    runToEnd(world, ctx);
    expect(JSON.stringify(t.state)).toBe(JSON.stringify(world.state));
  });

  test('goTo(k) then goTo(k − 1) equals the state seen when stepping forward to k − 1', () => {
    const seen: string[] = [];
    t.goTo(0);
    for (let k = 0; k <= t.total; k++) {
      t.goTo(k);
      seen.push(JSON.stringify(t.state));
    }
    for (let k = t.total; k >= 1; k--) {
      t.goTo(k);
      t.goTo(k - 1);
      expect(JSON.stringify(t.state), `position ${k - 1}`).toBe(seen[k - 1]);
    }
    // arbitrary jumps in both directions
    for (const k of [200, 3, 130, 129, t.total, 17, 16, 15, 0, 77]) {
      t.goTo(k);
      expect(JSON.stringify(t.state), `jump to ${k}`).toBe(seen[k]);
    }
  });

  test('a step back restores one snapshot and replays less than a stride', () => {
    t.goTo(100);
    const before = { ...t.stats };
    t.goTo(99);
    expect(t.stats.restores - before.restores).toBe(1);
    expect(t.stats.steps - before.steps).toBeLessThan(t.stride);
    const mid = { ...t.stats };
    t.goTo(100);
    expect(t.stats.restores).toBe(mid.restores);
    expect(t.stats.steps - mid.steps).toBe(1);
  });

  test('the end of the timeline is what chipsim run computes', () => {
    const result = simulate(scenario('toy'), { policy: policy('pro-rata'), seed: 1, scenarioName: 'toy' });
    expect(t.result).toEqual(result);
    expect(t.total).toBe(result.events);
    t.goTo(t.total);
    expect(t.state.history).toHaveLength(t.horizon);
  });

  test('week boundaries: weekStart lands on each week’s opening event', () => {
    for (let w = 0; w < t.horizon; w++) {
      const p = t.weekStart(w);
      expect(t.weekOf(p)).toBe(w);
      expect(t.entry(p).time).toBeGreaterThanOrEqual(w);
      if (p > 1) expect(t.entry(p - 1).time).toBeLessThan(w);
    }
    expect(t.weekStart(t.horizon)).toBe(t.total);
    expect(t.positionAtTime(t.timeAt(50))).toBeGreaterThanOrEqual(50);
  });

  test('recent() lists the newest events first, filtered case-insensitively', () => {
    const last = t.recent(40, 5);
    expect(last.map((e) => e.n)).toEqual([40, 39, 38, 37, 36]);
    const allocations = t.recent(t.total, 100, 'ALLOCATED');
    expect(allocations.length).toBeGreaterThan(5);
    for (const e of allocations) expect(e.text).toMatch(/allocated/i);
    expect(t.recent(t.total, 3, 'allocated', 2)[0]!.n).toBe(allocations[2]!.n);
    expect(t.recent(0, 5)).toEqual([]);
  });
});

describe('timeline on h100-2023', () => {
  const t = timeline('h100-2023');

  test('steps back exactly across snapshot boundaries', () => {
    const probes = [1, t.stride - 1, t.stride, t.stride + 1, 3 * t.stride, Math.floor(t.total / 2), t.total - 1];
    for (const k of probes) {
      t.goTo(k - 1);
      const forward = JSON.stringify(t.state);
      t.goTo(k);
      t.goTo(k - 1);
      expect(JSON.stringify(t.state), `back to ${k - 1}`).toBe(forward);
    }
  });

  test('ends where an uninterrupted run ends', () => {
    const { world, ctx } = createWorld(scenario('h100-2023'), { policy: policy('pro-rata'), seed: 1 });
    runToEnd(world, ctx);
    t.goTo(t.total);
    expect(JSON.stringify(t.state)).toBe(JSON.stringify(world.state));
    expect(t.total).toBe(world.processed);
  });
});

describe('search and policy switch positions', () => {
  test('find moves to the next / previous matching event, by text and by kind', () => {
    const t = timeline('toy');
    const first = t.find(0, 'allocated', 1)!;
    expect(t.entry(first).text.toLowerCase()).toContain('allocated');
    for (let n = 1; n < first; n++) expect(t.entry(n).text.toLowerCase()).not.toContain('allocated');
    const second = t.find(first, 'allocated', 1)!;
    expect(second).toBeGreaterThan(first);
    expect(t.find(second, 'allocated', -1)).toBe(first);
    expect(t.find(first, 'allocated', -1)).toBeNull();
    const demand = t.find(0, '', 1, 'demand')!;
    expect(t.entry(demand).type).toBe('demand');
    expect(t.recent(t.total, 5, '', 0, 'demand').every((e) => e.type === 'demand')).toBe(true);
  });

  test('positionLike: same time and, among that time’s events, as many done (never past the time)', () => {
    const a = timeline('toy');
    const b = timeline('toy', { policy: 'favoured' });
    const doneAtTime = (t: typeof a, p: number) => p - t.positionAtTime(t.timeAt(p) - 1e-9);
    for (let p = 1; p < a.total; p += 7) {
      const q = b.positionLike(a, p);
      if (b.positionAtTime(a.timeAt(p)) === b.positionAtTime(a.timeAt(p) - 1e-9)) continue; // no event then in b
      expect(b.timeAt(q)).toBe(a.timeAt(p));
      expect(doneAtTime(b, q)).toBe(
        Math.min(doneAtTime(a, p), b.positionAtTime(a.timeAt(p)) - b.positionAtTime(a.timeAt(p) - 1e-9)),
      );
    }
    expect(b.positionLike(a, 0)).toBe(0);
    expect(b.positionLike(a, a.total)).toBe(b.total);
  });
});
