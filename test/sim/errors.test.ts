/** Misuse of the engine throws a typed error whose message says what was wrong, and changes nothing. */
import { describe, expect, test } from 'vitest';
import {
  ScheduleError,
  SimError,
  Simulation,
  SnapshotError,
  UnknownEventTypeError,
  type SimSnapshot,
} from '../../sim/index.js';

type Ev = { type: 'tick'; n: number } | { type: 'tock' };

function makeSim(): Simulation<Ev, { n: number }> {
  return new Simulation<Ev, { n: number }>({
    seed: 7,
    state: { n: 0 },
    handlers: {
      tick: (e, sim) => {
        sim.state.n += e.n;
        sim.rng.stream('s').random();
      },
      tock: () => {},
    },
  });
}

/** Asserts that `fn` throws an instance of `type` whose message matches every pattern. */
function expectThrow(fn: () => unknown, type: new (...a: never[]) => Error, ...patterns: RegExp[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(type);
  expect(caught).toBeInstanceOf(SimError);
  const message = (caught as Error).message;
  for (const p of patterns) expect(message).toMatch(p);
  expect((caught as Error).name).toBe(type.name);
}

describe('scheduling errors', () => {
  test.each([
    [-1, /delay -1/],
    [-1e-9, /delay -1e-9/],
    [Number.NaN, /delay NaN/],
    [Infinity, /delay Infinity/],
    [-Infinity, /delay -Infinity/],
  ])('delay %s throws ScheduleError and queues nothing', (delay, pattern) => {
    const sim = makeSim();
    expectThrow(
      () => sim.schedule({ type: 'tick', n: 1 }, delay),
      ScheduleError,
      /'tick'/,
      pattern,
      /finite number ≥ 0/,
    );
    expect(sim.pending).toBe(0);
  });

  test('a delay that is not a number throws ScheduleError', () => {
    const sim = makeSim();
    expectThrow(() => sim.schedule({ type: 'tock' }, '5' as unknown as number), ScheduleError, /delay 5/);
    expect(sim.pending).toBe(0);
  });

  test('scheduleAt in the past throws ScheduleError naming now', () => {
    const sim = makeSim();
    sim.run({ until: 10 });
    expectThrow(() => sim.scheduleAt({ type: 'tock' }, 9.5), ScheduleError, /'tock'/, /time 9\.5/, /now \(10\)/);
    expectThrow(() => sim.scheduleAt({ type: 'tock' }, Number.NaN), ScheduleError, /time NaN/);
    expectThrow(() => sim.scheduleAt({ type: 'tock' }, Infinity), ScheduleError, /time Infinity/);
    expect(sim.pending).toBe(0);
    sim.scheduleAt({ type: 'tock' }, 10); // now itself is fine
    expect(sim.pending).toBe(1);
  });

  test.each([Number.NaN, Infinity, -Infinity])('priority %s throws ScheduleError', (priority) => {
    const sim = makeSim();
    expectThrow(
      () => sim.schedule({ type: 'tock' }, 1, priority),
      ScheduleError,
      /priority/,
      new RegExp(String(priority)),
    );
    expect(sim.pending).toBe(0);
  });

  test('an unknown event type throws UnknownEventTypeError naming it and the known types', () => {
    const sim = makeSim();
    const bogus = { type: 'tik' } as unknown as Ev;
    expectThrow(() => sim.schedule(bogus, 1), UnknownEventTypeError, /'tik'/, /tick, tock/);
    expectThrow(() => sim.scheduleAt(bogus, 1), UnknownEventTypeError, /'tik'/);
    // Names on Object.prototype are not handlers either.
    expectThrow(() => sim.schedule({ type: 'toString' } as unknown as Ev, 1), UnknownEventTypeError, /'toString'/);
    expect(sim.pending).toBe(0);
    // The failed calls consumed no seq.
    expect(sim.schedule({ type: 'tock' }, 1).seq).toBe(0);
  });

  test('run with until in the past or NaN, or a negative maxEvents, throws ScheduleError', () => {
    const sim = makeSim();
    sim.run({ until: 5 });
    expectThrow(() => sim.run({ until: 4 }), ScheduleError, /until 4/, /now \(5\)/);
    expectThrow(() => sim.run({ until: Number.NaN }), ScheduleError, /until NaN/);
    expectThrow(() => sim.run({ maxEvents: -1 }), ScheduleError, /maxEvents -1/);
    expectThrow(() => sim.run({ maxEvents: Number.NaN }), ScheduleError, /maxEvents NaN/);
    expect(sim.now).toBe(5);
  });

  test('a handler that is not a function is refused when the simulation is built', () => {
    expect(
      () => new Simulation<Ev, null>({ state: null, handlers: { tick: () => {}, tock: 3 as unknown as () => void } }),
    ).toThrow(/'tock' is not a function/);
  });
});

describe('restore errors', () => {
  function goodSnapshot(): SimSnapshot<Ev, { n: number }> {
    const sim = makeSim();
    sim.schedule({ type: 'tick', n: 2 }, 1);
    sim.schedule({ type: 'tick', n: 3 }, 2);
    sim.schedule({ type: 'tock' }, 3);
    sim.step();
    return JSON.parse(JSON.stringify(sim.snapshot())) as SimSnapshot<Ev, { n: number }>;
  }

  const garbage: [string, (good: SimSnapshot<Ev, { n: number }>) => unknown, RegExp][] = [
    ['null', () => null, /got null/],
    ['a number', () => 42, /got number/],
    ['a string', (g) => JSON.stringify(g), /got string/],
    ['an empty object', () => ({}), /version/],
    ['another version', (g) => ({ ...g, version: 2 }), /version is 2/],
    ['a queue that is not an array', (g) => ({ ...g, queue: {} }), /queue is not an array/],
    ['a missing now', (g) => ({ ...g, now: undefined }), /now is undefined/],
    ['a NaN now', (g) => ({ ...g, now: Number.NaN }), /now is NaN/],
    ['a negative seq', (g) => ({ ...g, seq: -1 }), /seq is -1/],
    ['a fractional processed', (g) => ({ ...g, processed: 1.5 }), /processed is 1\.5/],
    ['no state', (g) => omit(g, 'state'), /state is missing/],
    ['no rng', (g) => omit(g, 'rng'), /rng is not an object/],
    ['a broken rng state', (g) => ({ ...g, rng: { s: { c: 1, s0: 'x' } } }), /rng stream 's'/],
    ['a null event', (g) => ({ ...g, queue: [null] }), /queue\[0\] is not an event/],
    ['an event of unknown type', (g) => ({ ...g, queue: [{ ...g.queue[0], type: 'boom' }] }), /queue\[0\].*"boom"/],
    ['an event in the past', (g) => ({ ...g, queue: [{ ...g.queue[0], time: 0.5 }] }), /queue\[0\] has time 0\.5/],
    ['an event without priority', (g) => ({ ...g, queue: [omit(g.queue[0]!, 'priority')] }), /priority/],
    ['a duplicate seq', (g) => ({ ...g, queue: [g.queue[0], { ...g.queue[1], seq: g.queue[0]!.seq }] }), /seq/],
    ['a seq from the future', (g) => ({ ...g, queue: [{ ...g.queue[0], seq: 99 }] }), /seq 99/],
  ];

  test.each(garbage)('restoring %s throws SnapshotError and leaves the simulation as it was', (_, make, pattern) => {
    const sim = makeSim();
    sim.schedule({ type: 'tick', n: 5 }, 4);
    sim.rng.stream('s').random();
    const before = sim.snapshot();
    expectThrow(
      () => sim.restore(make(goodSnapshot()) as SimSnapshot<Ev, { n: number }>),
      SnapshotError,
      /restore/,
      pattern,
    );
    expect(sim.snapshot()).toEqual(before);
  });

  test('the unmodified snapshot restores (the garbage cases above differ from it in one field)', () => {
    const sim = makeSim();
    sim.restore(goodSnapshot());
    expect(sim.now).toBe(1);
    expect(sim.pending).toBe(2);
    sim.run();
    expect(sim.state.n).toBe(5);
  });
});

function omit<T extends object>(o: T, key: string): T {
  const copy = { ...o } as Record<string, unknown>;
  delete copy[key];
  return copy as T;
}
