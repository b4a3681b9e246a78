/**
 * Exact event-order tests in the style of SimPy's test suite: each test runs a small scenario and
 * asserts the whole log of (name, time) pairs, so any change in order, timing or count shows up.
 */
import { describe, expect, test } from 'vitest';
import { Simulation, type Scheduled } from '../../sim/index.js';

type Ev =
  | { type: 'log'; name: string }
  /** Logs, then schedules `then` after `delay` with `priority`. */
  | { type: 'chain'; name: string; delay: number; priority?: number; then: string }
  /** Logs, then cancels the pending event with seq `target`. */
  | { type: 'cancel'; name: string; target: number };

interface State {
  log: [string, number][];
}

function makeSim(trace?: (e: Scheduled<Ev>) => void): Simulation<Ev, State> {
  return new Simulation<Ev, State>({
    state: { log: [] },
    handlers: {
      log: (e, sim) => {
        sim.state.log.push([e.name, sim.now]);
      },
      chain: (e, sim) => {
        sim.state.log.push([e.name, sim.now]);
        sim.schedule({ type: 'log', name: e.then }, e.delay, e.priority ?? 0);
      },
      cancel: (e, sim) => {
        sim.state.log.push([`${e.name}:${sim.cancel(e.target)}`, sim.now]);
      },
    },
    ...(trace ? { trace: (e) => trace(e) } : {}),
  });
}

const log = (name: string): Ev => ({ type: 'log', name });

describe('event order', () => {
  test('events run in time order, whatever the order they were scheduled in', () => {
    const sim = makeSim();
    sim.schedule(log('c'), 3);
    sim.schedule(log('a'), 1);
    sim.schedule(log('d'), 4.5);
    sim.schedule(log('b'), 2);
    sim.schedule(log('zero'), 0);
    expect(sim.run()).toEqual({ events: 5, stoppedBy: 'empty' });
    expect(sim.state.log).toEqual([
      ['zero', 0],
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4.5],
    ]);
    expect(sim.now).toBe(4.5);
  });

  test('ties at equal time run FIFO, in the order scheduled (by seq)', () => {
    const sim = makeSim();
    for (const name of ['t1', 't2', 't3', 't4', 't5']) sim.schedule(log(name), 5);
    sim.scheduleAt(log('t6'), 5);
    sim.schedule(log('early'), 4);
    sim.scheduleAt(log('t7'), 5);
    sim.run();
    expect(sim.state.log).toEqual([
      ['early', 4],
      ['t1', 5],
      ['t2', 5],
      ['t3', 5],
      ['t4', 5],
      ['t5', 5],
      ['t6', 5],
      ['t7', 5],
    ]);
  });

  test('at equal time a lower priority value runs first; equal priorities stay FIFO', () => {
    const sim = makeSim();
    sim.schedule(log('p0-a'), 2, 0);
    sim.schedule(log('p1-a'), 2, 1);
    sim.schedule(log('pm1'), 2, -1);
    sim.schedule(log('p0-b'), 2);
    sim.schedule(log('p1-b'), 2, 1);
    sim.schedule(log('p0.5'), 2, 0.5);
    sim.schedule(log('earlier-p9'), 1, 9);
    sim.run();
    expect(sim.state.log).toEqual([
      ['earlier-p9', 1],
      ['pm1', 2],
      ['p0-a', 2],
      ['p0-b', 2],
      ['p0.5', 2],
      ['p1-a', 2],
      ['p1-b', 2],
    ]);
  });

  test('an event scheduled with delay 0 from a handler runs after the events already due now', () => {
    const sim = makeSim();
    sim.schedule({ type: 'chain', name: 'c', delay: 0, then: 'child' }, 1);
    sim.schedule(log('sibling'), 1);
    sim.schedule({ type: 'chain', name: 'urgent', delay: 0, priority: -1, then: 'urgent-child' }, 1, -1);
    sim.run();
    expect(sim.state.log).toEqual([
      ['urgent', 1],
      // scheduled now with priority -1, it runs before the priority-0 events already due now
      ['urgent-child', 1],
      ['c', 1],
      ['sibling', 1],
      // scheduled by c at delay 0: after the sibling that was already queued for now
      ['child', 1],
    ]);
  });

  test('chained events advance the clock by their delays', () => {
    const sim = makeSim();
    sim.schedule({ type: 'chain', name: 'a', delay: 2.5, then: 'b' }, 1);
    sim.schedule({ type: 'chain', name: 'x', delay: 0.5, then: 'y' }, 3);
    sim.run();
    expect(sim.state.log).toEqual([
      ['a', 1],
      ['x', 3],
      ['b', 3.5],
      ['y', 3.5],
    ]);
  });

  test('scheduleAt uses absolute times, from now on', () => {
    const sim = makeSim();
    sim.scheduleAt(log('at7'), 7);
    sim.schedule(log('d2'), 2);
    sim.run({ until: 3 });
    sim.scheduleAt(log('at3'), 3); // exactly now is allowed
    sim.scheduleAt(log('at5'), 5);
    sim.schedule(log('d2-from-3'), 2);
    sim.run();
    expect(sim.state.log).toEqual([
      ['d2', 2],
      ['at3', 3],
      ['at5', 5],
      ['d2-from-3', 5],
      ['at7', 7],
    ]);
  });

  test('schedule returns the event stamped with time, priority and seq', () => {
    const sim = makeSim();
    sim.run({ until: 10 });
    const a = sim.schedule(log('a'), 1.5, 3);
    const b = sim.scheduleAt(log('b'), 20);
    expect(a).toEqual({ type: 'log', name: 'a', time: 11.5, priority: 3, seq: 0 });
    expect(b).toEqual({ type: 'log', name: 'b', time: 20, priority: 0, seq: 1 });
    expect(sim.pending).toBe(2);
    expect(sim.peek()).toBe(11.5);
  });
});

describe('cancel', () => {
  test('a cancelled event never runs; cancel by event or by seq; false when not pending', () => {
    const sim = makeSim();
    const a = sim.schedule(log('a'), 1);
    const b = sim.schedule(log('b'), 2);
    const c = sim.schedule(log('c'), 3);
    const d = sim.schedule(log('d'), 3);
    expect(sim.cancel(b)).toBe(true);
    expect(sim.cancel(b)).toBe(false); // already cancelled
    expect(sim.cancel(c.seq)).toBe(true);
    expect(sim.cancel(12345)).toBe(false); // never scheduled
    expect(sim.pending).toBe(2);
    sim.run();
    expect(sim.cancel(a)).toBe(false); // already processed
    expect(sim.cancel(d)).toBe(false);
    expect(sim.state.log).toEqual([
      ['a', 1],
      ['d', 3],
    ]);
  });

  test('a handler can cancel an event due at the same time, and one due later', () => {
    const sim = makeSim();
    const same = sim.schedule(log('same-time'), 4); // seq 0
    sim.schedule(log('other'), 4); // seq 1
    const later = sim.schedule(log('later'), 9); // seq 2
    sim.schedule({ type: 'cancel', name: 'cancel-same', target: same.seq }, 4, -1);
    sim.schedule({ type: 'cancel', name: 'cancel-later', target: later.seq }, 5);
    sim.schedule({ type: 'cancel', name: 'cancel-again', target: later.seq }, 6);
    sim.run();
    expect(sim.state.log).toEqual([
      ['cancel-same:true', 4],
      ['other', 4],
      ['cancel-later:true', 5],
      ['cancel-again:false', 6],
    ]);
  });

  test('cancelling the earliest event moves peek() to the next one', () => {
    const sim = makeSim();
    const first = sim.schedule(log('first'), 1);
    sim.schedule(log('second'), 2);
    expect(sim.peek()).toBe(1);
    sim.cancel(first);
    expect(sim.peek()).toBe(2);
    sim.cancel(1);
    expect(sim.peek()).toBe(Infinity);
    expect(sim.pending).toBe(0);
    expect(sim.run()).toEqual({ events: 0, stoppedBy: 'empty' });
  });
});

describe('run({until}) and run({maxEvents})', () => {
  test('events at time >= until stay pending and the clock ends at until', () => {
    const sim = makeSim();
    for (const t of [1, 2, 3, 3, 4]) sim.schedule(log(`e${t}`), t);
    expect(sim.run({ until: 3 })).toEqual({ events: 2, stoppedBy: 'until' });
    expect(sim.now).toBe(3);
    expect(sim.pending).toBe(3);
    expect(sim.state.log).toEqual([
      ['e1', 1],
      ['e2', 2],
    ]);
    // The events at exactly 3 run in the next call.
    expect(sim.run({ until: 3.5 })).toEqual({ events: 2, stoppedBy: 'until' });
    expect(sim.now).toBe(3.5);
    expect(sim.run({ until: 10 })).toEqual({ events: 1, stoppedBy: 'empty' });
    expect(sim.now).toBe(10); // the queue ran dry, but the clock still ends at until
    expect(sim.state.log.map(([, t]) => t)).toEqual([1, 2, 3, 3, 4]);
  });

  test('run({until: now}) processes nothing, even events due now', () => {
    const sim = makeSim();
    sim.schedule(log('now'), 0);
    expect(sim.run({ until: 0 })).toEqual({ events: 0, stoppedBy: 'until' });
    expect(sim.now).toBe(0);
    expect(sim.run()).toEqual({ events: 1, stoppedBy: 'empty' });
  });

  test('an empty simulation runs to its end time', () => {
    const sim = makeSim();
    expect(sim.run({ until: 5 })).toEqual({ events: 0, stoppedBy: 'empty' });
    expect(sim.now).toBe(5);
  });

  test('run() with no limit leaves the clock at the last event', () => {
    const sim = makeSim();
    sim.schedule(log('a'), 2);
    sim.schedule(log('b'), 7);
    expect(sim.run()).toEqual({ events: 2, stoppedBy: 'empty' });
    expect(sim.now).toBe(7);
  });

  test('maxEvents stops after exactly that many events; the clock stays at the last one', () => {
    const sim = makeSim();
    for (let i = 1; i <= 6; i++) sim.schedule(log(`e${i}`), i);
    expect(sim.run({ maxEvents: 2 })).toEqual({ events: 2, stoppedBy: 'maxEvents' });
    expect(sim.now).toBe(2);
    expect(sim.run({ maxEvents: 0 })).toEqual({ events: 0, stoppedBy: 'maxEvents' });
    expect(sim.now).toBe(2);
    // Both limits: maxEvents first, with until beyond.
    expect(sim.run({ until: 100, maxEvents: 3 })).toEqual({ events: 3, stoppedBy: 'maxEvents' });
    expect(sim.now).toBe(5);
    // Both limits: until first.
    expect(sim.run({ until: 5.5, maxEvents: 3 })).toEqual({ events: 0, stoppedBy: 'until' });
    expect(sim.now).toBe(5.5);
    expect(sim.run({ maxEvents: 10 })).toEqual({ events: 1, stoppedBy: 'empty' });
    expect(sim.processed).toBe(6);
    expect(sim.state.log.map(([n]) => n)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
  });
});

describe('step()', () => {
  test('processes one event at a time and returns it; undefined on an empty queue', () => {
    const sim = makeSim();
    expect(sim.step()).toBeUndefined();
    expect(sim.now).toBe(0);
    sim.schedule(log('b'), 2);
    sim.schedule(log('a'), 1);
    expect(sim.step()).toEqual({ type: 'log', name: 'a', time: 1, priority: 0, seq: 1 });
    expect(sim.now).toBe(1);
    expect(sim.step()).toMatchObject({ name: 'b', time: 2 });
    expect(sim.now).toBe(2);
    expect(sim.step()).toBeUndefined();
    expect(sim.now).toBe(2);
    expect(sim.processed).toBe(2);
    expect(sim.state.log).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  test('step and run interleave into the same order as one run', () => {
    const build = (): Simulation<Ev, State> => {
      const sim = makeSim();
      sim.schedule({ type: 'chain', name: 'a', delay: 1, then: 'a2' }, 1);
      sim.schedule({ type: 'chain', name: 'b', delay: 0, then: 'b2' }, 1);
      sim.schedule(log('c'), 1.5);
      return sim;
    };
    const whole = build();
    whole.run();
    const pieces = build();
    pieces.step();
    pieces.run({ maxEvents: 1 });
    pieces.step();
    pieces.run();
    expect(pieces.state.log).toEqual(whole.state.log);
    expect(whole.state.log).toEqual([
      ['a', 1],
      ['b', 1],
      ['b2', 1],
      ['c', 1.5],
      ['a2', 2],
    ]);
  });
});

describe('trace hook', () => {
  test('sees every processed event, after its handler ran, with the clock at its time', () => {
    const seen: [string, number, number][] = [];
    const sim = makeSim();
    sim.trace = (e, s) => seen.push([e.type, e.time, s.state.log.length]);
    sim.schedule({ type: 'chain', name: 'a', delay: 1, then: 'b' }, 1);
    sim.run();
    expect(seen).toEqual([
      ['chain', 1, 1],
      ['log', 2, 2],
    ]);
  });

  test('can be passed to the constructor', () => {
    const seqs: number[] = [];
    const sim = makeSim((e) => seqs.push(e.seq));
    sim.schedule(log('x'), 2);
    sim.schedule(log('y'), 1);
    sim.run();
    expect(seqs).toEqual([1, 0]);
  });
});
