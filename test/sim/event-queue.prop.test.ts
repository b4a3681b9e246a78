/**
 * The EventQueue against the simplest correct model: an array kept sorted by (time, priority, seq).
 * Random sequences of push / pop / cancel / peek, with times and priorities drawn from small sets so
 * that ties at equal time and equal priority are frequent.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { EventQueue, type Stamp } from '../../sim/index.js';

interface Item extends Stamp {
  label: string;
}

type Op =
  | { op: 'push'; time: number; priority: number }
  | { op: 'pop' }
  | { op: 'cancel'; pick: number; live: boolean }
  | { op: 'peek' };

const time = fc.oneof(
  fc.constantFrom(0, 1, 1.5, 2, 3),
  fc.double({ min: 0, max: 10, noNaN: true }),
  fc.integer({ min: 0, max: 4 }),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ op: fc.constant('push' as const), time, priority: fc.constantFrom(0, 0, 1, -1, 0.5) }),
  },
  { weight: 3, arbitrary: fc.constant({ op: 'pop' as const }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat(), live: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ op: 'peek' as const }) },
);

const order = (a: Stamp, b: Stamp): number => a.time - b.time || a.priority - b.priority || a.seq - b.seq;

describe('EventQueue', () => {
  test.prop([fc.array(opArb, { maxLength: 300 })], { numRuns: 300 })(
    'behaves like a sorted array under push / pop / cancel',
    (ops) => {
      const queue = new EventQueue<Item, string>();
      let model: Item[] = [];
      let seq = 0;
      const everPushed: number[] = [];
      for (const o of ops) {
        switch (o.op) {
          case 'push': {
            const item: Item = { time: o.time, priority: o.priority, seq: seq++, label: `e${seq}` };
            queue.push(item, item.label);
            everPushed.push(item.seq);
            model.push(item);
            model.sort(order);
            break;
          }
          case 'pop': {
            const extra = queue.peekExtra();
            const got = queue.pop();
            const want = model.shift();
            expect(got).toBe(want);
            expect(extra).toBe(want?.label);
            break;
          }
          case 'cancel': {
            // Either a live seq, or one that was popped/cancelled already (or never existed).
            const target =
              o.live && model.length > 0
                ? model[o.pick % model.length]!.seq
                : everPushed.length > 0 && o.pick % 3 !== 0
                  ? everPushed[o.pick % everPushed.length]!
                  : seq + 1 + (o.pick % 5);
            const wasLive = model.some((m) => m.seq === target);
            expect(queue.cancel(target)).toBe(wasLive);
            model = model.filter((m) => m.seq !== target);
            break;
          }
          case 'peek':
            expect(queue.peek()).toBe(model[0]);
            break;
        }
        expect(queue.size).toBe(model.length);
        expect(queue.nextTime()).toBe(model.length > 0 ? model[0]!.time : Infinity);
      }
      expect(queue.toSortedArray()).toEqual(model);
      // Draining gives the rest in order.
      const drained: Item[] = [];
      for (let item = queue.pop(); item !== undefined; item = queue.pop()) drained.push(item);
      expect(drained).toEqual(model);
      expect(queue.size).toBe(0);
      expect(queue.pop()).toBeUndefined();
      expect(queue.peekExtra()).toBeUndefined();
    },
  );

  test.prop([fc.array(fc.tuple(time, fc.integer({ min: -2, max: 2 })), { maxLength: 200 })])(
    'toSortedArray lists the queue in processing order without changing it',
    (pairs) => {
      const queue = new EventQueue<Item>();
      pairs.forEach(([t, p], seq) => queue.push({ time: t, priority: p, seq, label: '' }));
      const sorted = queue.toSortedArray();
      expect(queue.toSortedArray()).toEqual(sorted);
      expect(sorted.map((s) => s.seq)).toEqual([...sorted].sort(order).map((s) => s.seq));
      const popped: Item[] = [];
      for (let item = queue.pop(); item !== undefined; item = queue.pop()) popped.push(item);
      expect(popped).toEqual(sorted);
    },
  );

  test.prop([fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 100 })])(
    'clear empties the queue and it works again afterwards',
    (times) => {
      const queue = new EventQueue<Item>();
      times.forEach((t, seq) => queue.push({ time: t, priority: 0, seq, label: '' }));
      queue.clear();
      expect(queue.size).toBe(0);
      expect(queue.nextTime()).toBe(Infinity);
      queue.push({ time: 1, priority: 0, seq: 0, label: 'x' });
      expect(queue.pop()?.label).toBe('x');
    },
  );
});
