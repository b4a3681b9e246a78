/**
 * `chipsim fit --queue` against a real Redis: CHIPSIM_TEST_REDIS_URL (set by .ci/run), else a
 * redis-server started here on a free port; skipped with a visible message when there is none.
 * Every optimiser step is one small experiment on the queue; the fit equals the local one byte for
 * byte (apart from meta.command), also when the coordinator is killed and resumed, and leaves
 * nothing of its experiments in Redis.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
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

warnIfNoRedis('fit queue tests');
const TARGET = { period: { fromWeek: 0, toWeek: 26 }, shares: { bigcloud: 3, neocloud: 1, startup: 1 } };
const ARGS = [BIN, 'fit', 'toy', '--target', 't.json', '--reps', '6', '--max-evaluations', '25', '--format', 'json'];

describe.skipIf(!redisAvailable)('chipsim fit --queue on a real Redis', () => {
  let url = '';
  let server: ChildProcess | null = null;
  const workers: ChildProcess[] = [];
  let dir = '';
  let local = '';

  beforeAll(async () => {
    ({ url, server } = await startRedis());
    for (let i = 0; i < 2; i++)
      workers.push(spawn(process.execPath, [BIN, 'worker', '--redis', url], { stdio: 'ignore' }));
    dir = tempDir('chipsim-fit-queue-');
    writeFileSync(join(dir, 't.json'), JSON.stringify(TARGET));
    const r = spawnSync(process.execPath, [...ARGS, '--workers', '1', '--out', 'local.json'], { cwd: dir });
    expect(r.status, String(r.stderr)).toBe(0);
    local = readFileSync(join(dir, 'local.json'), 'utf8');
  }, 60_000);

  afterAll(() => {
    for (const w of workers) w.kill('SIGKILL');
    server?.kill();
  });

  test('two workers: the same JSON as the local fit; nothing left in Redis', async () => {
    const q = spawnSync(process.execPath, [...ARGS, '--queue', url, '--chunk', '2', '--out', 'q.json'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(q.status, q.stderr).toBe(0);
    expect(withoutCommand(readFileSync(join(dir, 'q.json'), 'utf8'))).toBe(withoutCommand(local));
    expect(JSON.parse(local).evaluations).toBeGreaterThan(5);
    expect(await experimentKeys(url)).toEqual([]);
  }, 120_000);

  test('the coordinator SIGKILLed mid-search and resumed: the same JSON as the local fit', async () => {
    const args = [...ARGS, '--queue', url, '--chunk', '2', '--out', 'k.json'];
    const run = spawn(process.execPath, args, { cwd: dir, stdio: 'ignore' });
    const exited = new Promise((r) => run.on('exit', r));
    const checkpoint = join(dir, 'k.json.jsonl');
    // past the baselines (3 × 6 runs) and a few evaluations
    for (let t = 0; t < 2400 && checkpointRecords(checkpoint) < 18 + 3 * 6; t++)
      await new Promise((r) => setTimeout(r, 25));
    expect(checkpointRecords(checkpoint)).toBeGreaterThanOrEqual(18 + 3 * 6);
    run.kill('SIGKILL');
    await exited;
    const again = spawnSync(process.execPath, [...args, '--resume'], { cwd: dir, encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(0);
    expect(withoutCommand(readFileSync(join(dir, 'k.json'), 'utf8'))).toBe(withoutCommand(local));
    expect(existsSync(checkpoint)).toBe(false);
    expect(await experimentKeys(url)).toEqual([]);
  }, 120_000);

  test('an unreachable server exits 2 within a few seconds', async () => {
    const port = await freePort();
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [...ARGS, '--queue', `redis://127.0.0.1:${port}`, '--quiet'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--queue');
    expect(performance.now() - t0).toBeLessThan(15_000);
  }, 30_000);
});
