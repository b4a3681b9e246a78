/**
 * newEvent (models/events.ts): each constructor gives the event its type, every argument in the
 * field of the same name, and the engine's stamp fields first (so stamping keeps the object's
 * shape); scheduling then stamps them in place, on the same object.
 */
import { expect, test } from 'vitest';
import { newEvent, type ModelEventType } from '../../models/events.js';
import { Simulation } from '../../sim/index.js';

const STAMP = ['time', 'priority', 'seq'];
/** Each constructor with distinct arguments, and the payload it must give (in field order). */
const cases: { [K in ModelEventType]: [ReturnType<(typeof newEvent)[K]>, Record<string, unknown>] } = {
  plan: [newEvent.plan(), {}],
  cowosShift: [newEvent.cowosShift(), {}],
  demand: [newEvent.demand(), {}],
  allocate: [newEvent.allocate(), {}],
  lotDone: [newEvent.lotDone(1, 2), { wafers: 1, born: 2 }],
  sortDone: [newEvent.sortDone(1, 2, 3, 4), { dies: 1, good: 2, born: 3, started: 4 }],
  hbmDone: [newEvent.hbmDone(1, 2, 3), { supplier: 1, stacks: 2, started: 3 }],
  cowosDone: [newEvent.cowosDone(1, 2, 3), { packages: 1, born: 2, started: 3 }],
  testDone: [newEvent.testDone(1, 2, 3), { packages: 1, born: 2, started: 3 }],
  boardDone: [newEvent.boardDone(1, 2, 3), { boards: 1, born: 2, started: 3 }],
  shipDone: [
    newEvent.shipDone(1, 2, 3, 4, [{ week: 5, boards: 2 }]),
    { customer: 1, boards: 2, born: 3, started: 4, lines: [{ week: 5, boards: 2 }] },
  ],
  shockStart: [newEvent.shockStart(7), { index: 7 }],
  shockEnd: [newEvent.shockEnd(7), { index: 7 }],
  exportControl: [newEvent.exportControl(7), { index: 7 }],
  cowosToolsArrive: [newEvent.cowosToolsArrive(1.5), { wafersPerMonth: 1.5 }],
  hbmToolsArrive: [newEvent.hbmToolsArrive(1, 2.5), { supplier: 1, stacksPerWeek: 2.5 }],
};

test.each(Object.entries(cases))(
  '%s: type, arguments in their named fields, stamp fields first',
  (type, [event, payload]) => {
    expect(Object.keys(event)).toEqual([...STAMP, 'type', ...Object.keys(payload)]);
    expect(event).toEqual({ time: 0, priority: 0, seq: 0, type, ...payload });
  },
);

test('every model event type has a constructor', () => {
  expect(Object.keys(newEvent).sort()).toEqual(Object.keys(cases).sort());
});

test('scheduling stamps the same object in place, its fields keeping their order', () => {
  const sim = new Simulation({ handlers: { lotDone: () => {} }, state: {} });
  sim.run({ until: 2 });
  const event = newEvent.lotDone(25, 1);
  const scheduled = sim.schedule(event, 0.5, 3);
  expect(scheduled).toBe(event);
  expect(Object.keys(scheduled)).toEqual([...STAMP, 'type', 'wafers', 'born']);
  expect(scheduled).toMatchObject({ time: 2.5, priority: 3, seq: 0 });
});
