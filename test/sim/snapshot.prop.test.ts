/**
 * Snapshots: a run snapshotted at a random point, restored (into itself, into a fresh Simulation,
 * or through JSON) and continued, produces exactly the trace and state of the uninterrupted run.
 * And determinism: the same seed gives the same trace; a different seed a different one.
 *
 * The model is small but exercises everything a snapshot must carry: RNG draws in every handler
 * from several streams (one first used late), events spawned and ended, priorities and ties at
 * equal time, and cancellation of pending timeouts tracked by seq in the state.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { Simulation, type SimSnapshot } from '../../sim/index.js';

type Ev = { type: 'job'; id: number } | { type: 'timeout'; id: number };

interface State {
  live: number;
  nextId: number;
  /** seqs of pending timeouts, oldest first */
  timeouts: number[];
  log: [number, number, number][];
}

const UNTIL = 25;

function build(seed: number | string): Simulation<Ev, State> {
  const sim = new Simulation<Ev, State>({
    seed,
    state: { live: 0, nextId: 0, timeouts: [], log: [] },
    handlers: {
      job: (e, sim) => {
        const s = sim.state;
        const stream = sim.rng.stream(`job${e.id % 3}`);
        const u = stream.random();
        s.log.push([e.id, sim.now, u]);
        if (u < 0.08) {
          s.live--; // this job ends
        } else {
          // delay 0 (a tie with now), an integer delay (ties between jobs) or a continuous one
          const delay = u < 0.15 ? 0 : u < 0.35 ? Math.floor(stream.uniform(0, 3)) : stream.exponential(1);
          sim.schedule(e, delay, Math.floor(stream.uniform(-1, 2)));
        }
        if (u > 0.7 && s.live < 25) {
          s.live++;
          sim.schedule({ type: 'job', id: s.nextId++ }, sim.rng.stream('spawn').exponential(2));
        }
        if (u > 0.55 && u < 0.65) {
          const t = sim.schedule({ type: 'timeout', id: e.id }, sim.rng.stream('timeout').triangular(0, 1, 4));
          s.timeouts.push(t.seq);
        }
        if (u > 0.45 && u < 0.5 && s.timeouts.length > 0) {
          const seq = s.timeouts.shift()!;
          if (!sim.cancel(seq)) throw new Error(`timeout ${seq} should have been pending`);
        }
        if (sim.now > 12) s.log.push([-1, sim.now, sim.rng.stream('late').normal(0, 1)]);
      },
      timeout: (e, sim) => {
        const s = sim.state;
        s.timeouts.splice(s.timeouts.indexOf(e.seq), 1);
        s.log.push([-2, sim.now, sim.rng.stream('timeout').poisson(3)]);
      },
    },
  });
  const init = sim.rng.stream('init');
  for (let i = 0; i < 4; i++) {
    sim.state.live++;
    sim.schedule({ type: 'job', id: sim.state.nextId++ }, init.exponential(1), i % 2);
  }
  return sim;
}

type Rec = [number, string, number, number];

/** Runs `sim` with `options` and returns the (seq, type, time, priority) of every event it processed. */
function traced(sim: Simulation<Ev, State>, options: { until?: number; maxEvents?: number }): Rec[] {
  const out: Rec[] = [];
  sim.trace = (e) => out.push([e.seq, e.type, e.time, e.priority]);
  sim.run(options);
  sim.trace = null;
  return out;
}

const seedArb = fc.oneof(fc.integer(), fc.string({ maxLength: 8 }));

describe('snapshot and restore', () => {
  test.prop([seedArb, fc.nat({ max: 400 })], { numRuns: 60 })(
    'snapshot at a random point + restore + continue equals the uninterrupted run',
    (seed, k) => {
      const whole = build(seed);
      const full = traced(whole, { until: UNTIL });
      const end = whole.snapshot();

      const first = build(seed);
      const prefix = traced(first, { until: UNTIL, maxEvents: k });
      const snap = first.snapshot();
      const frozen = JSON.stringify(snap);
      const rest = traced(first, { until: UNTIL });
      expect([...prefix, ...rest]).toEqual(full);
      expect(first.snapshot()).toEqual(end);
      expect(JSON.stringify(snap)).toBe(frozen); // the snapshot is a copy, untouched by the run

      // Restored into a fresh Simulation (same handlers and seed; its own start is overwritten).
      const fresh = build(seed);
      fresh.restore(snap);
      expect(fresh.snapshot()).toEqual(snap);
      expect(traced(fresh, { until: UNTIL })).toEqual(rest);
      expect(fresh.snapshot()).toEqual(end);
      expect(fresh.state).toEqual(whole.state);

      // Through JSON.
      const viaJson = build(seed);
      viaJson.restore(JSON.parse(frozen) as SimSnapshot<Ev, State>);
      expect(traced(viaJson, { until: UNTIL })).toEqual(rest);
      expect(viaJson.snapshot()).toEqual(end);

      // Rewound: the finished simulation goes back to the snapshot and replays the same future.
      first.restore(snap);
      expect(first.now).toBe(snap.now);
      expect(traced(first, { until: UNTIL })).toEqual(rest);
      expect(first.snapshot()).toEqual(end);
    },
  );

  test.prop([seedArb, fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 5 })], { numRuns: 30 })(
    'many snapshot/restore round trips along the way change nothing',
    (seed, chunks) => {
      const whole = build(seed);
      const full = traced(whole, { until: UNTIL });
      let sim = build(seed);
      const got: Rec[] = [];
      for (const n of chunks) {
        got.push(...traced(sim, { until: UNTIL, maxEvents: n }));
        const snap = JSON.parse(JSON.stringify(sim.snapshot())) as SimSnapshot<Ev, State>;
        sim = build(seed);
        sim.restore(snap);
      }
      got.push(...traced(sim, { until: UNTIL }));
      expect(got).toEqual(full);
      expect(sim.state).toEqual(whole.state);
    },
  );

  test('a snapshot of a stepped run restores to the same clock, seq, processed count and queue', () => {
    const sim = build(3);
    sim.run({ maxEvents: 17 });
    const snap = sim.snapshot();
    expect(snap.version).toBe(1);
    expect(snap.now).toBe(sim.now);
    expect(snap.processed).toBe(17);
    expect(snap.queue.map((e) => e.time)).toEqual([...snap.queue.map((e) => e.time)].sort((a, b) => a - b));
    expect(snap.seed).toBe(3);
    expect(() => build('other').restore(snap)).toThrow(/taken with seed 3, this simulation has seed "other"/);
    const other = build(3);
    other.restore(snap);
    expect(other.now).toBe(sim.now);
    expect(other.processed).toBe(17);
    expect(other.pending).toBe(sim.pending);
    expect(other.peek()).toBe(sim.peek());
  });
});

describe('determinism', () => {
  test.prop([seedArb], { numRuns: 30 })('the same seed gives the same trace and state', (seed) => {
    const a = build(seed);
    const b = build(seed);
    expect(traced(a, { until: UNTIL })).toEqual(traced(b, { until: UNTIL }));
    expect(a.state).toEqual(b.state);
  });

  test.prop([seedArb, seedArb], { numRuns: 30 })('different seeds give different traces', (s1, s2) => {
    fc.pre(String(s1) !== String(s2)); // stream seeds are derived from the seed's string form
    const a = build(s1);
    const b = build(s2);
    const ta = traced(a, { until: UNTIL });
    const tb = traced(b, { until: UNTIL });
    expect(ta).not.toEqual(tb);
    expect(a.state.log).not.toEqual(b.state.log);
  });
});
