/**
 * The experiment API other commands build on (sweep, sensitivity, shards, queues): design points ×
 * replications × policies with common random numbers, stable task ids, per-point results folded in
 * (point, rep, policy) order whatever the executor, a task filter for shards, and errors as data.
 */
import { describe, expect, test } from 'vitest';
import {
  BASE_POINT,
  applyParams,
  inProcessExecutor,
  planTasks,
  runExperiment,
  type DesignPoint,
  type Executor,
  type ReplicationRecord,
} from '../../models/experiment/index.js';
import { deriveSeed } from '../../sim/seeds.js';
import { formatCompareJson } from '../../ui/format/compare-json.js';
import type { FakeScenario } from './fake-runner.js';
import { FAKE_RUNNER, FAKE_SCENARIO, runFake } from './helpers.js';

const init = { scenarioName: 'fake', scenario: FAKE_SCENARIO, policies: ['pro-rata', 'favoured'] };
const POINTS: DesignPoint[] = [
  BASE_POINT,
  { id: 'strong', params: { '/effect/1/0': 0.3 } },
  { id: 'noisy', params: { '/worldNoise': 0.2, '/effect/1/1': 0.1 } },
];
const meta = { scenario: 'fake', reps: 8, seed: 4 };
const json = (r: Parameters<typeof formatCompareJson>[0]) => formatCompareJson(r, meta);

describe('planTasks', () => {
  test('(point, rep, policy) order, stable ids, one seed per replication for every point and policy', () => {
    const tasks = planTasks({ points: POINTS, policies: ['a', 'b'], reps: 3, seed: 9 });
    expect(tasks).toHaveLength(3 * 3 * 2);
    expect(tasks.slice(0, 3).map((t) => t.id)).toEqual(['base/0/0', 'base/0/1', 'base/1/0']);
    expect(tasks[6]!.id).toBe('strong/0/0');
    expect(tasks.map((t) => t.index)).toEqual(tasks.map((_, i) => i));
    expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
    for (const t of tasks) expect(t.seed).toBe(deriveSeed(9, t.rep));
    expect(tasks[7]!.params).toEqual({ '/effect/1/0': 0.3 });
  });

  test('applyParams copies, sets by JSON Pointer (~1 and ~0 escapes), and names a bad pointer', () => {
    const base = { a: { 'x/y': 1, 'm~n': [2, 3] }, s: 'text' };
    expect(applyParams(base, { '/a/x~1y': 5, '/a/m~0n/1': 7 })).toEqual({ a: { 'x/y': 5, 'm~n': [2, 7] }, s: 'text' });
    expect(base.a['x/y']).toBe(1);
    expect(() => applyParams(base, { '/a/nope': 1 })).toThrow(/\/a\/nope: the pointer does not resolve/);
    expect(() => applyParams(base, { '/s': 1 })).toThrow(/\/s: expected a number or a schedule/);
    expect(() => applyParams(base, { 'a/x': 1 })).toThrow(/must start with '\/'/);
  });

  test('applyParams has the uncertainty semantics: a schedule is scaled on every point', () => {
    const base = {
      ramp: {
        interpolation: 'step',
        points: [
          { week: 0, value: 2 },
          { week: 5, value: 4 },
        ],
      },
    };
    expect(applyParams(base, { '/ramp': 1.5 }).ramp.points.map((p) => p.value)).toEqual([3, 6]);
    expect(base.ramp.points[0]!.value).toBe(2);
  });
});

describe('design points', () => {
  test('each point equals a one-point experiment on its varied scenario (common random numbers), any worker count', async () => {
    const folded: string[] = [];
    const multi = await runFake({
      runnerInit: init,
      points: POINTS,
      reps: 8,
      seed: 4,
      workers: 1,
      onFold: (r, point) => {
        folded.push(`${point.id}/${r.rep}/${r.policy}`);
      },
    });
    expect(multi.complete).toBe(true);
    expect(multi.points.map((p) => p.point.id)).toEqual(['base', 'strong', 'noisy']);
    expect(folded).toEqual(
      planTasks({ points: POINTS, policies: init.policies, reps: 8, seed: 4 }).map(
        (t) => `${t.pointId}/${t.rep}/${init.policies[t.policyIndex]}`,
      ),
    );
    for (const { point, result } of multi.points) {
      const single = await runFake({
        runnerInit: { ...init, scenario: applyParams(FAKE_SCENARIO, point.params) },
        reps: 8,
        seed: 4,
        workers: 1,
      });
      expect(json(result)).toBe(json(single.result));
    }
    expect(json(multi.points[1]!.result)).not.toBe(json(multi.points[0]!.result));
    const pooled = await runFake({ runnerInit: init, points: POINTS, reps: 8, seed: 4, workers: 2 });
    expect(pooled.points.map((p) => json(p.result))).toEqual(multi.points.map((p) => json(p.result)));
  });

  test('duplicate point ids are bad input, as data', async () => {
    const o = await runExperiment<FakeScenario>({
      runnerModule: FAKE_RUNNER,
      runnerInit: init,
      points: [BASE_POINT, BASE_POINT],
      reps: 2,
      seed: 1,
      workers: 1,
    });
    expect(o).toEqual({ ok: false, error: { kind: 'bad-input', message: 'design point id "base" appears twice' } });
  });
});

describe('executors and shards', () => {
  test('any executor gives the same bytes: one that runs the tasks backwards', async () => {
    const inner = inProcessExecutor();
    const backwards: Executor = {
      name: 'backwards',
      parallelism: () => 1,
      run: (job, onOutcome, signal) => {
        const n = job.tasks.length;
        const reversed = { ...job, tasks: [...job.tasks].reverse() };
        return inner.run(reversed, (outcome, i) => onOutcome(outcome, n - 1 - i), signal);
      },
    };
    const a = await runFake({ runnerInit: init, points: POINTS, reps: 6, seed: 2, workers: 1 });
    const b = await runFake({ runnerInit: init, points: POINTS, reps: 6, seed: 2, executor: backwards });
    expect(b.points.map((p) => json(p.result))).toEqual(a.points.map((p) => json(p.result)));
  });

  test('two shards (select) and their records as `done` give the unsharded result', async () => {
    const records: ReplicationRecord[] = [];
    const shard0 = await runFake({
      runnerInit: init,
      points: POINTS,
      reps: 6,
      seed: 2,
      workers: 1,
      select: (t) => t.index % 2 === 0,
      onRecord: (r) => {
        records.push(structuredClone(r));
      },
    });
    expect(shard0.complete).toBe(false);
    expect(shard0.computed).toBe(shard0.total / 2);
    const merged = await runFake({
      runnerInit: init,
      points: POINTS,
      reps: 6,
      seed: 2,
      workers: 1,
      done: records,
      select: (t) => t.index % 2 === 1,
    });
    expect(merged.complete).toBe(true);
    expect(merged.resumed).toBe(records.length);
    const full = await runFake({ runnerInit: init, points: POINTS, reps: 6, seed: 2, workers: 1 });
    expect(merged.points.map((p) => json(p.result))).toEqual(full.points.map((p) => json(p.result)));
  });

  test('the real model: an invalid design point is bad input naming the pointer', async () => {
    const { loadScenario } = await import('../../scenarios/index.js');
    const toy = loadScenario('toy');
    if (!toy.ok) throw new Error(toy.error);
    const base = { scenarioName: 'toy', scenario: toy.scenario, policies: ['pro-rata'] };
    const bad = await runExperiment({
      runnerInit: base,
      points: [{ id: 'x', params: { '/nope': 1 } }],
      reps: 2,
      seed: 1,
      workers: 1,
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.error).toMatchObject({
        kind: 'bad-input',
        message: expect.stringMatching(/\/nope: the pointer does not resolve/),
      });
    const invalid = await runExperiment({
      runnerInit: base,
      points: [{ id: 'x', params: { '/horizonWeeks': -3 } }],
      reps: 2,
      seed: 1,
      workers: 1,
    });
    expect(invalid.ok).toBe(false);
    if (!invalid.ok)
      expect(invalid.error).toMatchObject({ kind: 'bad-input', message: expect.stringMatching(/horizonWeeks/) });
  });
});
