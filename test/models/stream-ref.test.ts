/**
 * StreamRef (models/stream-ref.ts): the model holds its random streams instead of looking them up by
 * name per draw. Held or looked up, the draws must be the same, and a context used with a second
 * simulation must not keep drawing from the first one's stream.
 */
import { describe, expect, test } from 'vitest';
import { Simulation } from '../../sim/index.js';
import { StreamRef } from '../../models/stream-ref.js';
import type { World } from '../../models/context.js';

// StreamRef reads only `rng`; a bare simulation stands in for a model World.
const world = (seed: number) => new Simulation({ handlers: {}, state: {}, seed }) as unknown as World;

describe('StreamRef', () => {
  test('is the stream of that name, created at first use, and held', () => {
    const sim = world(7);
    const ref = new StreamRef('leadTime/test');
    expect(sim.rng.snapshot()).toEqual({});
    const s = ref.of(sim);
    expect(Object.keys(sim.rng.snapshot())).toEqual(['leadTime/test']);
    expect(s).toBe(sim.rng.stream('leadTime/test'));
    expect(ref.of(sim)).toBe(s);
  });

  test('draws the same numbers as looking the stream up by name each time', () => {
    const held = world(3);
    const byName = world(3);
    const ref = new StreamRef('yield/fab');
    const a = Array.from({ length: 5 }, () => ref.of(held).random());
    const b = Array.from({ length: 5 }, () => byName.rng.stream('yield/fab').random());
    expect(a).toEqual(b);
  });

  test('used with another simulation, it draws from that simulation’s stream', () => {
    const first = world(1);
    const second = world(2);
    const ref = new StreamRef('demand/x');
    ref.of(first).random();
    expect(ref.of(second)).toBe(second.rng.stream('demand/x'));
    expect(ref.of(second)).not.toBe(first.rng.stream('demand/x'));
  });

  test('a restore rewinds the held stream in place', () => {
    const sim = world(5);
    const ref = new StreamRef('leadTime/ship/a');
    const before = sim.snapshot();
    const x = ref.of(sim).random();
    sim.restore(before);
    expect(ref.of(sim).random()).toBe(x);
  });
});
