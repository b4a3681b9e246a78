/**
 * Queue mode against a real Redis: CHIPSIM_TEST_REDIS_URL (set by .ci/run), else a redis-server
 * started here on a free port; skipped with a visible message when there is none.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../experiment/helpers.js';
import {
  BIN,
  checkpointRecords,
  experimentKeys,
  freePort,
  redisAvailable,
  startRedis,
  warnIfNoRedis,
  withoutCommand,
} from './redis-helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
warnIfNoRedis('queue tests');

/** Waits (up to `ms`) until `ready` holds; false if it never did. */
async function until(ready: () => boolean | Promise<boolean>, ms = 60_000): Promise<boolean> {
  for (const t0 = performance.now(); performance.now() - t0 < ms;) {
    if (await ready()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

describe.skipIf(!redisAvailable)('queue mode on a real Redis', () => {
  let url = '';
  let server: ChildProcess | null = null;
  const workers: ChildProcess[] = [];
  // 40 reps × 2 policies: enough chunks that a worker is still busy when the kill tests freeze it
  const common = ['compare', 'toy', '--policies', 'pro-rata,favoured', '--reps', '40', '--quiet', '--format', 'json'];
  let local = '';

  beforeAll(async () => {
    ({ url, server } = await startRedis());
    const dir = tempDir();
    const r = spawnSync(process.execPath, [BIN, ...common, '--workers', '1', '--out', 'local.json'], { cwd: dir });
    expect(r.status).toBe(0);
    local = readFileSync(join(dir, 'local.json'), 'utf8');
  }, 60_000);

  afterAll(() => {
    for (const w of workers) w.kill('SIGKILL');
    server?.kill();
  });

  // each test starts the workers it needs
  afterEach(async () => {
    for (const w of workers.splice(0)) {
      if (w.exitCode !== null || w.signalCode !== null) continue;
      w.kill('SIGKILL');
      await new Promise((r) => w.on('exit', r));
    }
  });

  const startWorker = () => {
    const w = spawn(process.execPath, [BIN, 'worker', '--redis', url], { stdio: 'ignore' });
    workers.push(w);
    return w;
  };

  /**
   * Waits until `worker`, the only one running, holds a chunk of `run` with some results already in
   * its checkpoint, starts `next` (another worker, or nothing), then SIGKILLs `worker` mid-run.
   */
  async function killMidChunk(run: ChildProcess, checkpoint: string, worker: ChildProcess, next: () => void) {
    const redis = new Redis(url);
    try {
      // freeze the worker once results are in, so the run cannot finish while we look (a worker on a
      // quiet machine clears a toy queue between two polls); a stopped worker still holds its chunk
      expect(await until(() => checkpointRecords(checkpoint) >= 2)).toBe(true);
      worker.kill('SIGSTOP');
      expect(await until(async () => (await redis.llen('bull:chipsim-tasks:active')) >= 1, 5_000)).toBe(true);
      next();
      worker.kill('SIGKILL');
      await new Promise((r) => worker.on('exit', r));
      expect(run.exitCode).toBeNull();
    } finally {
      redis.disconnect();
    }
  }

  test('two worker processes, one SIGKILLed holding a chunk mid-run: the same JSON as the local run', async () => {
    const a = startWorker();
    const dir = tempDir();
    const run = spawn(process.execPath, [BIN, ...common, '--queue', url, '--chunk', '1', '--out', 'q.json'], {
      cwd: dir,
      stdio: 'ignore',
    });
    const exited = new Promise((r) => run.on('exit', r));
    await killMidChunk(run, join(dir, 'q.json.jsonl'), a, startWorker);
    expect(await exited).toBe(0);
    expect(withoutCommand(readFileSync(join(dir, 'q.json'), 'utf8'))).toBe(withoutCommand(local));
    // the finished run's jobs, results and init key are gone from Redis
    expect(await experimentKeys(url)).toEqual([]);
  }, 120_000);

  /** The toy scenario with one uncertainty range (for sensitivity), as toy-u.json in `dir`. */
  const uncertainToy = (dir: string) => {
    const scenario = JSON.parse(readFileSync(join(ROOT, 'scenarios/library/toy.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    delete scenario.$schema;
    scenario.uncertainty = { '/fab/dieYield': { low: 0.6, high: 0.9, source: 'A1' } };
    writeFileSync(join(dir, 'toy-u.json'), JSON.stringify(scenario));
  };
  const multiPoint = {
    sweep: ['sweep', 'toy', '--set', '/fab/dieYield=0.6,0.9', '--set', '/customers/0/needGpusPerWeek=100,200'],
    sensitivity: ['sensitivity', 'toy-u.json', '--metric', 'diff:fillRate', '--method', 'morris', '--samples', '2'],
  };
  const multiArgs = (kind: keyof typeof multiPoint) => [
    BIN,
    ...multiPoint[kind],
    '--policies',
    'pro-rata,favoured',
    '--reps',
    '10',
    '--quiet',
    '--format',
    'json',
  ];

  test('sweep and sensitivity through the queue == their local runs; nothing left in Redis', async () => {
    startWorker();
    startWorker();
    const dir = tempDir();
    uncertainToy(dir);
    for (const kind of ['sweep', 'sensitivity'] as const) {
      const args = multiArgs(kind);
      const l = spawnSync(process.execPath, [...args, '--workers', '1', '--out', 'local.json'], { cwd: dir });
      expect(l.status, String(l.stderr)).toBe(0);
      const q = spawnSync(process.execPath, [...args, '--queue', url, '--chunk', '2', '--out', 'q.json'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(q.status, q.stderr).toBe(0);
      expect(withoutCommand(readFileSync(join(dir, 'q.json'), 'utf8'))).toBe(
        withoutCommand(readFileSync(join(dir, 'local.json'), 'utf8')),
      );
      expect(await experimentKeys(url)).toEqual([]);
    }
  }, 120_000);

  test.each(['sweep', 'sensitivity'] as const)(
    '%s: the one worker SIGKILLed holding a chunk mid-run, a new worker finishes: the same JSON as the local run',
    async (kind) => {
      const dir = tempDir();
      uncertainToy(dir);
      const args = multiArgs(kind);
      const l = spawnSync(process.execPath, [...args, '--workers', '1', '--out', 'local.json'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(l.status, l.stderr).toBe(0);
      const a = startWorker();
      const run = spawn(process.execPath, [...args, '--queue', url, '--chunk', '1', '--out', 'q.json'], {
        cwd: dir,
        stdio: 'ignore',
      });
      const exited = new Promise((r) => run.on('exit', r));
      const redis = new Redis(url);
      try {
        await killMidChunk(run, join(dir, 'q.json.jsonl'), a, () => {});
        // the dead worker's chunk, still active: BullMQ hands it on once its lock lapses
        expect(await redis.llen('bull:chipsim-tasks:active')).toBeGreaterThanOrEqual(1);
      } finally {
        redis.disconnect();
      }
      startWorker();
      expect(await exited).toBe(0);
      // nothing lost, nothing twice: the fold of every task once is the local run's output
      expect(withoutCommand(readFileSync(join(dir, 'q.json'), 'utf8'))).toBe(
        withoutCommand(readFileSync(join(dir, 'local.json'), 'utf8')),
      );
      expect(await experimentKeys(url)).toEqual([]);
    },
    120_000,
  );

  test('a second coordinator on the same experiment exits 2 at once naming the first, which finishes unharmed', async () => {
    const seed = ['--seed', '6'];
    const [first, second] = [tempDir(), tempDir()];
    const l = spawnSync(process.execPath, [BIN, ...common, ...seed, '--workers', '1', '--out', 'local.json'], {
      cwd: first,
    });
    expect(l.status).toBe(0);
    const args = [BIN, ...common, ...seed, '--queue', url, '--out', 'q.json'];
    // no worker yet: the first coordinator waits, holding the experiment's lock
    const one = spawn(process.execPath, args, { cwd: first, stdio: 'ignore' });
    const exited = new Promise((r) => one.on('exit', r));
    const redis = new Redis(url);
    try {
      expect(await until(async () => (await redis.keys('chipsim:lock:*')).length === 1)).toBe(true);
    } finally {
      redis.disconnect();
    }
    const t0 = performance.now();
    const two = spawnSync(process.execPath, args, { cwd: second, encoding: 'utf8' });
    expect(two.status).toBe(2);
    expect(two.stderr).toMatch(
      new RegExp(`another coordinator is running this experiment \\(pid ${one.pid} on \\S+ since \\d{4}-`),
    );
    expect(two.stderr).not.toContain('    at ');
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(existsSync(join(second, 'q.json'))).toBe(false);
    startWorker();
    expect(await exited).toBe(0);
    expect(withoutCommand(readFileSync(join(first, 'q.json'), 'utf8'))).toBe(
      withoutCommand(readFileSync(join(first, 'local.json'), 'utf8')),
    );
    // the lock went with the rest
    expect(await experimentKeys(url)).toEqual([]);
  }, 120_000);

  test('the coordinator SIGKILLed and resumed: the same JSON as the local run', async () => {
    const seed = ['--seed', '5'];
    const dir = tempDir();
    const l = spawnSync(process.execPath, [BIN, ...common, ...seed, '--workers', '1', '--out', 'local.json'], {
      cwd: dir,
    });
    expect(l.status).toBe(0);
    startWorker();
    const args = [BIN, ...common, ...seed, '--queue', url, '--chunk', '1', '--out', 'q.json'];
    const first = spawn(process.execPath, args, { cwd: dir, stdio: 'ignore' });
    // killed once some results are in its checkpoint (and most are still to come)
    const checkpoint = join(dir, 'q.json.jsonl');
    for (let i = 0; i < 600; i++) {
      if (existsSync(checkpoint) && readFileSync(checkpoint, 'utf8').split('\n').length >= 3) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    first.kill('SIGKILL');
    await new Promise((r) => first.on('exit', r));
    // an unfinished run keeps its jobs and init key in Redis, for --resume; its lock (of a dead
    // process on this host) does not stop the resumed coordinator, which takes it over at once
    const left = await experimentKeys(url);
    expect(left.some((k) => k.startsWith('chipsim:init:'))).toBe(true);
    expect(left.some((k) => k.startsWith('chipsim:lock:'))).toBe(true);
    const again = spawnSync(process.execPath, [...args, '--resume'], { cwd: dir, encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(0);
    expect(withoutCommand(readFileSync(join(dir, 'q.json'), 'utf8'))).toBe(
      withoutCommand(readFileSync(join(dir, 'local.json'), 'utf8')),
    );
    // finished: the killed coordinator's leftovers went with the rest
    expect(await experimentKeys(url)).toEqual([]);
  }, 120_000);

  test('an unreachable server or a bad URL exits 2 within a few seconds', async () => {
    const port = await freePort();
    for (const [q, words] of [
      [`redis://127.0.0.1:${port}`, 'cannot reach Redis'],
      ['http://x', '--queue must be a Redis URL'],
    ] as const) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [BIN, ...common, '--queue', q, '--out', 'x.json'], {
        cwd: tempDir(),
        encoding: 'utf8',
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(words);
      expect(r.stderr).not.toContain('    at ');
      expect(performance.now() - t0).toBeLessThan(10_000);
    }
  }, 60_000);
});
