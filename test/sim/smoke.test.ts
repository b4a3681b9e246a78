import { expect, test } from 'vitest';
import { Simulation } from '../../sim/index.js';

test('an empty simulation runs to its end time', () => {
  const sim = new Simulation<{ type: 'tick' }, null>({ state: null, handlers: { tick: () => {} } });
  expect(sim.run({ until: 5 })).toEqual({ events: 0, stoppedBy: 'empty' });
  expect(sim.now).toBe(5);
});
