/** models/describe.ts: every event type in words, with the numbers the state and tally give. */
import { describe, expect, test } from 'vitest';
import { createWorld } from '../../../models/world.js';
import {
  describeEvent,
  describeEventWithTime,
  fmtInt,
  shortName,
  tally,
  allocationList,
} from '../../../models/describe.js';
import type { ModelEventType } from '../../../models/events.js';
import { policy, scenario } from './helpers.js';

function transcript(name: string, checkPure = false, policyName = 'pro-rata') {
  const { world, ctx } = createWorld(scenario(name), { policy: policy(policyName), seed: 1 });
  const out: { type: ModelEventType; text: string; withTime: string; cancelledDelta: number }[] = [];
  while (world.peek() < ctx.scenario.horizonWeeks) {
    const before = tally(world.state);
    const event = world.step()!;
    const snapshot = checkPure ? JSON.stringify(world.state) : '';
    const text = describeEvent(event, world.state, ctx, before);
    if (checkPure) expect(JSON.stringify(world.state)).toBe(snapshot); // pure: reads only
    const cancelledDelta =
      world.state.customers.reduce((s, c, i) => s + c.cancelledBoards - before.cancelledBoards[i]!, 0) *
      ctx.gpusPerBoard;
    out.push({
      type: event.type,
      text,
      withTime: describeEventWithTime(event, world.state, ctx, before),
      cancelledDelta,
    });
  }
  return out;
}

describe('describeEvent', () => {
  const toy = transcript('toy', true);

  test('every event of a run gets one line of words, no placeholders', () => {
    for (const e of toy) {
      expect(e.text.length).toBeGreaterThan(10);
      expect(e.text).not.toMatch(/undefined|NaN|\[object/);
      expect(e.text).not.toContain('\n');
      expect(e.withTime).toMatch(/^week \d+: /);
    }
    const types = new Set(toy.map((e) => e.type));
    for (const t of [
      'plan',
      'demand',
      'allocate',
      'lotDone',
      'sortDone',
      'hbmDone',
      'cowosDone',
      'testDone',
      'boardDone',
      'shipDone',
    ] as const) {
      expect(types.has(t), t).toBe(true);
    }
  });

  test('allocations name the recipients, biggest first', () => {
    const allocated = toy.filter((e) => e.type === 'allocate' && /allocated/.test(e.text));
    expect(allocated.length).toBeGreaterThan(5);
    for (const e of allocated) {
      const m = /^([\d,]+) boards? allocated — (.*)$/.exec(e.text)!;
      expect(m, e.text).not.toBeNull();
      const parts = m[2]!
        .replace(/ \(.*\)$/, '')
        .split(', ')
        .map((p) => Number(/(\d[\d,]*)$/.exec(p)![1]!.replace(/,/g, '')));
      expect(parts.reduce((a, b) => a + b, 0)).toBe(Number(m[1]!.replace(/,/g, '')));
      expect([...parts].sort((a, b) => b - a)).toEqual(parts);
    }
  });

  test('lots, sort and deliveries read like the brief', () => {
    expect(toy.find((e) => e.type === 'lotDone')!.text).toMatch(
      /^N4 wafer fab: lot of 5 wafers out → 325 dies to sort$/,
    );
    expect(toy.find((e) => e.type === 'sortDone')!.text).toMatch(
      /^wafer sort: [\d,]+ good dies of 325 → die bank [\d,]+$/,
    );
    expect(toy.find((e) => e.type === 'shipDone')!.text).toMatch(
      /^delivered [\d,]+ GPUs to (Big Cloud|Neo Cloud|AI Startup) \(ordered (wk \d+|before the start).*, waited \d/,
    );
    expect(toy.find((e) => e.type === 'cowosDone')!.text).toMatch(
      /^CoWoS: [\d,]+ good of [\d,]+ packages → final test$/,
    );
    expect(toy.find((e) => e.type === 'hbmDone')!.text).toMatch(
      /^HBM3 SK hynix: [\d,]+ good of [\d,]+ stacks → [\d,]+ on hand$/,
    );
    expect(toy.find((e) => e.type === 'plan')!.text).toMatch(
      /^new week: CoWoS [\d,]+ packages in 7 shifts, [\d,]+ started in the first/,
    );
  });

  test('sales push and make to order in words: pushed orders, CoWoS starting all that open orders need', () => {
    const waves = transcript('turn-and-earn-waves', false, 'turn-and-earn');
    expect(
      waves.some(
        (e) =>
          e.type === 'demand' &&
          /^orders: [\d,]+ GPUs \([\d,]+ pushed past need to earn share\) for [\d,]+ GPUs of need/.test(e.text),
      ),
    ).toBe(true);
    expect(
      waves.some((e) => e.type === 'cowosShift' && /, all that open orders need \(built to order\)$/.test(e.text)),
    ).toBe(true);
  });

  test('export control names the customers cut off and the GPUs of orders cancelled', () => {
    const h100 = transcript('h100-2023');
    const cut = h100.find((e) => e.type === 'exportControl')!;
    expect(cut.text).toMatch(
      /^export control: CN customers cut off, [\d,]+ GPUs of orders cancelled \(Tencent, Baidu, Alibaba, ByteDance\)$/,
    );
    const n = Number(/off, ([\d,]+) GPUs/.exec(cut.text)![1]!.replace(/,/g, ''));
    expect(n).toBe(cut.cancelledDelta);
    expect(n).toBeGreaterThan(0);
  });

  test('without a tally the words leave out what only a tally knows', () => {
    const { world, ctx } = createWorld(scenario('toy'), { policy: policy('pro-rata'), seed: 1 });
    let text = '';
    while (world.peek() < ctx.scenario.horizonWeeks) {
      const e = world.step()!;
      if (e.type === 'cowosDone') {
        text = describeEvent(e, world.state, ctx);
        break;
      }
    }
    expect(text).toMatch(/^CoWoS: [\d,]+ packages → final test$/);
  });

  test('outages and yield excursions start and end in words', () => {
    const base = scenario('toy');
    const shocked = {
      ...base,
      events: [
        { type: 'outage' as const, stage: 'cowos', fromWeek: 5, toWeek: 8, capacityFactor: 0.5, note: 'earthquake' },
        { type: 'yieldExcursion' as const, stage: 'fab', fromWeek: 10, toWeek: 12, yieldFactor: 0.8 },
      ],
    };
    const { world, ctx } = createWorld(shocked, { policy: policy('pro-rata'), seed: 1 });
    const texts: string[] = [];
    while (world.peek() < ctx.scenario.horizonWeeks) {
      const e = world.step()!;
      if (e.type === 'shockStart' || e.type === 'shockEnd') texts.push(describeEventWithTime(e, world.state, ctx));
    }
    expect(texts).toEqual([
      'week 5: CoWoS-S packaging outage starts: capacity ×0.5 — earthquake',
      'week 8: CoWoS-S packaging outage ends: capacity restored',
      'week 10: N4 wafer fab yield excursion starts: yield ×0.8',
      'week 12: N4 wafer fab yield excursion ends: yield restored',
    ]);
  });

  test('names and lists', () => {
    expect(shortName('Tencent (H800)')).toBe('Tencent');
    expect(shortName('Enterprise & OEMs (Dell, HPE, Lenovo, Supermicro)')).toBe('Enterprise & OEMs');
    expect(shortName('Meta')).toBe('Meta');
    const { ctx } = createWorld(scenario('h100-2023'), { policy: policy('pro-rata'), seed: 1 });
    expect(allocationList(ctx, { coreweave: 96, oracle: 80, meta: 0 })).toBe('CoreWeave 96, Oracle Cloud 80');
    expect(allocationList(ctx, { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 }, 4)).toBe('f 6, e 5, d 4, c 3 … +2 more');
  });
});

describe('fmtInt', () => {
  test("groups digits exactly as toLocaleString('en-US') does, rounding first", () => {
    const values = [0, -0, -0.4, 0.5, -0.5, 1, 999, 1000, -1000, 999_999.5, 1_234_567.6, -98_765];
    values.push(2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 1e21, NaN, Infinity, -Infinity);
    for (let e = 0; e <= 16; e++) for (const m of [1, 3.7, 9.99]) values.push(m * 10 ** e, -m * 10 ** e);
    for (const n of values) expect(fmtInt(n), String(n)).toBe(Math.round(n).toLocaleString('en-US'));
    expect(fmtInt(1_234_567)).toBe('1,234,567');
  });
});
