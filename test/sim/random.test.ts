/**
 * Named random streams: each stream's numbers depend only on (run seed, stream name), so drawing
 * from one stream, or creating streams in another order, never shifts another stream (the basis of
 * common random numbers across policies). Snapshots restore streams in place.
 */
import seedrandom from 'seedrandom';
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { RandomStream, RandomStreams, Simulation, streamSeed } from '../../sim/index.js';

const seedArb = fc.oneof(fc.integer(), fc.string({ maxLength: 10 }));
const nameArb = fc.constantFrom('a', 'b', 'demand', 'yield', 'leadTime');

function draw(streams: RandomStreams, name: string, n: number): number[] {
  const s = streams.stream(name);
  return Array.from({ length: n }, () => s.random());
}

describe('RandomStreams', () => {
  test.prop([seedArb, fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 5 })), { maxLength: 40 })])(
    "drawing from stream 'a' does not change stream 'b''s numbers",
    (seed, script) => {
      // Interleave draws from a and b as the script says; b's numbers must equal b drawn alone.
      const mixed = new RandomStreams(seed);
      const bMixed: number[] = [];
      for (const [fromA, n] of script) {
        if (fromA) draw(mixed, 'a', n);
        else bMixed.push(...draw(mixed, 'b', n));
      }
      const alone = new RandomStreams(seed);
      expect(bMixed).toEqual(draw(alone, 'b', bMixed.length));
    },
  );

  test.prop([seedArb, fc.shuffledSubarray(['a', 'b', 'c', 'd', 'e'], { minLength: 1 }), nameArb])(
    'stream values depend only on (seed, name): not on which streams exist or their creation order',
    (seed, others, name) => {
      const first = new RandomStreams(seed);
      const expected = draw(first, name, 20);
      const crowded = new RandomStreams(seed);
      for (const o of others) if (o !== name) draw(crowded, o, 7);
      expect(draw(crowded, name, 20)).toEqual(expected);
      // …and they are seedrandom's Alea seeded with streamSeed(seed, name), exactly.
      const alea = seedrandom.alea(streamSeed(seed, name));
      expect(Array.from({ length: 20 }, () => alea())).toEqual(expected);
    },
  );

  test.prop([seedArb, seedArb, nameArb])('a different seed or name gives different numbers', (s1, s2, name) => {
    fc.pre(String(s1) !== String(s2));
    expect(draw(new RandomStreams(s1), name, 5)).not.toEqual(draw(new RandomStreams(s2), name, 5));
    expect(draw(new RandomStreams(s1), name, 5)).not.toEqual(draw(new RandomStreams(s1), `${name}2`, 5));
  });

  test('the same name gives the same stream object', () => {
    const streams = new RandomStreams(1);
    expect(streams.stream('x')).toBe(streams.stream('x'));
    expect(streams.stream('x')).not.toBe(streams.stream('y'));
  });

  test.prop([seedArb, fc.nat({ max: 50 }), fc.nat({ max: 50 })])(
    'snapshot/restore rewinds streams in place: a stream object the model holds stays valid',
    (seed, before, after) => {
      const streams = new RandomStreams(seed);
      const held = streams.stream('demand');
      draw(streams, 'demand', before);
      const snap = streams.snapshot();
      const expected = draw(streams, 'demand', after + 5);
      draw(streams, 'other', 3); // created after the snapshot: goes back to its start on restore
      streams.restore(JSON.parse(JSON.stringify(snap)));
      expect(Array.from({ length: after + 5 }, () => held.random())).toEqual(expected);
      expect(draw(streams, 'other', 3)).toEqual(draw(new RandomStreams(seed), 'other', 3));
    },
  );

  test('a restored stream that was not created yet picks its state up on first use', () => {
    const a = new RandomStreams('run');
    draw(a, 'late', 4);
    const snap = a.snapshot();
    const next = draw(a, 'late', 3);
    const b = new RandomStreams('run');
    b.restore(snap);
    expect(draw(b, 'late', 3)).toEqual(next);
    expect(b.snapshot()).toEqual(a.snapshot());
  });

  test('values are in [0, 1) and every distribution method draws from the stream it is called on', () => {
    const streams = new RandomStreams(9);
    const s = streams.stream('s');
    for (let i = 0; i < 10_000; i++) {
      const u = s.random();
      expect(u >= 0 && u < 1).toBe(true);
    }
    const samplers: ((r: RandomStream) => number)[] = [
      (r) => r.uniform(1, 2),
      (r) => r.exponential(2),
      (r) => r.normal(0, 1),
      (r) => r.lognormal(0, 0.5),
      (r) => r.triangular(0, 1, 3),
      (r) => r.poisson(4),
      (r) => r.poisson(400),
      (r) => r.binomial(10, 0.3),
      (r) => r.binomial(1625, 0.8),
    ];
    for (const f of samplers) {
      const x = new RandomStreams(5);
      const before = x.stream('other').state();
      f(x.stream('s'));
      expect(x.stream('s').state()).not.toEqual(new RandomStreams(5).stream('s').state());
      expect(x.stream('other').state()).toEqual(before);
    }
  });

  test('restoring a malformed stream state throws a TypeError naming the stream', () => {
    const streams = new RandomStreams(1);
    expect(() => streams.restore({ a: { c: 1, s0: 0.5, s1: 0.5 } as never })).toThrow(/stream 'a'/);
  });
});

describe('streams inside a Simulation', () => {
  test('a stream a handler holds on to is rewound by Simulation.restore', () => {
    type Ev = { type: 'draw' };
    const make = (): Simulation<Ev, number[]> => {
      let held: RandomStream | undefined;
      const sim = new Simulation<Ev, number[]>({
        seed: 11,
        state: [],
        handlers: {
          draw: (e, sim) => {
            held ??= sim.rng.stream('held'); // cached once, as a model might do
            sim.state.push(held.random());
            sim.schedule(e, 1);
          },
        },
      });
      sim.schedule({ type: 'draw' }, 0);
      return sim;
    };
    const whole = make();
    whole.run({ until: 10 });
    const sim = make();
    sim.run({ until: 4 });
    const snap = sim.snapshot();
    sim.run({ until: 7 });
    sim.restore(snap);
    sim.run({ until: 10 });
    expect(sim.state).toEqual(whole.state);
  });
});
