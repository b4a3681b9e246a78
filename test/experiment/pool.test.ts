import { describe, expect, test } from 'vitest';
import { Reorder, WorkerPool } from '../../sim/pool.js';

const bootstrap = new URL('../../bin/worker.js', import.meta.url);
const module = new URL('./pool-task.ts', import.meta.url).href;
type Task = { x: number };
type Result = { y: number };

function start(size: number, init: { offset: number; slowEvery?: number; failOn?: number }) {
  return WorkerPool.start<typeof init, Task, Result>({ bootstrap, module, init, size });
}

describe('WorkerPool', () => {
  test('runs every task once; Reorder hands results back in index order', async () => {
    const pool = await start(2, { offset: 1, slowEvery: 7 });
    try {
      const tasks = Array.from({ length: 60 }, (_, x) => ({ x }));
      const arrival: number[] = [];
      const ordered: number[] = [];
      const reorder = new Reorder<Result>((r) => ordered.push(r.y));
      const outcome = await pool.run(
        tasks,
        (r, i) => {
          arrival.push(i);
          reorder.put(i, r);
        },
        { maxAhead: 8 },
      );
      expect(outcome).toEqual({ completed: 60, aborted: false });
      expect([...arrival].sort((a, b) => a - b)).toEqual(tasks.map((t) => t.x));
      expect(ordered).toEqual(tasks.map((t) => t.x * t.x + 1));
      expect(reorder.buffered).toBe(0);
      // the pool is reusable
      const again: number[] = [];
      await pool.run([{ x: 3 }], (r) => again.push(r.y));
      expect(again).toEqual([10]);
    } finally {
      await pool.close();
    }
  });

  test('never runs ahead of the lowest unfinished task by more than maxAhead', async () => {
    const pool = await start(2, { offset: 0, slowEvery: 10 });
    try {
      const tasks = Array.from({ length: 80 }, (_, x) => ({ x }));
      const done = new Set<number>();
      let worst = 0;
      await pool.run(
        tasks,
        (_r, i) => {
          done.add(i);
          let lowest = 0;
          while (done.has(lowest)) lowest++;
          worst = Math.max(worst, i - lowest);
        },
        { maxAhead: 6 },
      );
      expect(worst).toBeLessThan(6);
    } finally {
      await pool.close();
    }
  });

  test('a task error rejects with the worker stack; an init error rejects start', async () => {
    const pool = await start(2, { offset: 0, failOn: 5 });
    await expect(
      pool.run(
        Array.from({ length: 10 }, (_, x) => ({ x })),
        () => {},
      ),
    ).rejects.toThrow(/task 5 failed in a worker: Error: cannot do 5/);
    await expect(
      WorkerPool.start({ bootstrap, module: new URL('./no-such-module.ts', import.meta.url).href, init: {}, size: 1 }),
    ).rejects.toThrow(/worker failed to start/);
  });

  test('abort stops the workers and reports what finished', async () => {
    const pool = await start(2, { offset: 0, slowEvery: 1 });
    const controller = new AbortController();
    let got = 0;
    const outcome = await pool.run(
      Array.from({ length: 500 }, (_, x) => ({ x })),
      () => {
        if (++got === 5) controller.abort();
      },
      { signal: controller.signal },
    );
    expect(outcome.aborted).toBe(true);
    expect(outcome.completed).toBeGreaterThanOrEqual(5);
    expect(outcome.completed).toBeLessThan(500);
    await expect(pool.run([{ x: 1 }], () => {})).rejects.toThrow(/closed/);
  });
});

describe('WorkerPool: workers started ahead of their init', () => {
  const taskModule = new URL('./pool-task.ts', import.meta.url).href;
  const tasks = Array.from({ length: 40 }, (_, x) => ({ x }));
  const results = async (pool: WorkerPool<Task, Result>) => {
    const out: Result[] = [];
    await pool.run(tasks, (r, i) => (out[i] = r));
    return out;
  };

  test('prestart: the init posted later is the one used; fewer workers than started may be taken', async () => {
    const pending = WorkerPool.prestart<Task, Result>({
      bootstrap,
      module: taskModule,
      size: 3,
      // a preload that fails is ignored (createHandler reports its own imports)
      preload: [new URL('./pool-task.ts', import.meta.url).href, new URL('./no-such-module.ts', import.meta.url).href],
    });
    expect(pending.size).toBe(3);
    const pool = await pending.start({ offset: 7 }, 2);
    try {
      expect(pool.size).toBe(2);
      expect((await results(pool)).map((r) => r.y)).toEqual(tasks.map((t) => t.x * t.x + 7));
      await expect(pending.start({ offset: 1 })).rejects.toThrow(/already started/);
    } finally {
      await pool.close();
    }
  });

  test('prestart: a task module that fails to load rejects start; close() without start stops the workers', async () => {
    const bad = WorkerPool.prestart({
      bootstrap,
      module: new URL('./no-such-module.ts', import.meta.url).href,
      size: 2,
    });
    await expect(bad.start({})).rejects.toThrow(/worker failed to start/);
    const unused = WorkerPool.prestart<Task, Result>({ bootstrap, module: taskModule, size: 2 });
    await unused.close();
    await unused.close();
    await expect(unused.start({ offset: 0 })).rejects.toThrow(/already started or closed/);
  });
});

describe('Reorder', () => {
  test('emits in index order whatever the arrival order', () => {
    const out: string[] = [];
    const r = new Reorder<string>((v, i) => out.push(`${i}:${v}`));
    r.put(2, 'c');
    r.put(0, 'a');
    expect(out).toEqual(['0:a']);
    expect(r.buffered).toBe(1);
    r.put(1, 'b');
    expect(out).toEqual(['0:a', '1:b', '2:c']);
    expect(() => r.put(1, 'x')).toThrow(/twice/);
  });
});
