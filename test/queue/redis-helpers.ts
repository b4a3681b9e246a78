/**
 * What the queue suites share: a real Redis (CHIPSIM_TEST_REDIS_URL, set by .ci/run, else a
 * redis-server started on a free loopback port; `redisAvailable` false when there is neither), the
 * CLI path, and readers of what a run leaves behind (its checkpoint, its keys in Redis).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

export const BIN = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));
const givenUrl = process.env.CHIPSIM_TEST_REDIS_URL;
export const redisAvailable = givenUrl !== undefined || spawnSync('redis-server', ['--version']).status === 0;

/** Says, visibly, that `what` is skipped when no Redis can be had here. */
export function warnIfNoRedis(what: string): void {
  if (!redisAvailable) console.warn(`SKIPPED: ${what} (no redis-server; apt-get install -y redis-server)`);
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** The given Redis, or a redis-server of the suite's own (stop it with `server?.kill()`). */
export async function startRedis(): Promise<{ url: string; server: ChildProcess | null }> {
  if (givenUrl !== undefined) return { url: givenUrl, server: null };
  const port = await freePort();
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', ''], {
    stdio: 'ignore',
  });
  await new Promise((r) => setTimeout(r, 500));
  return { url: `redis://127.0.0.1:${port}`, server };
}

/** JSON output without its `meta.command`, the one field that may differ between ways of running. */
export const withoutCommand = (text: string) => text.replace(/"command": ".*"/, '');

/** Records in a checkpoint file so far (its first line is the header). */
export const checkpointRecords = (path: string) =>
  existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l !== '').length - 1
    : 0;

/**
 * What a queue run may leave in Redis: its job keys (job id = <init hash>-<chunk hash>), init and lock
 * keys, queued or finished ids, and events-stream entries about its jobs.
 */
export async function experimentKeys(url: string): Promise<string[]> {
  const redis = new Redis(url);
  try {
    const keys = (await redis.keys('*')).filter(
      (k) =>
        k.startsWith('chipsim:init:') || k.startsWith('chipsim:lock:') || /^bull:chipsim-tasks:[0-9a-f]{20}-/.test(k),
    );
    for (const list of ['wait', 'active', 'paused', 'prioritized'])
      if ((await redis.exists(`bull:chipsim-tasks:${list}`)) === 1) keys.push(`bull:chipsim-tasks:${list}`);
    for (const set of ['completed', 'failed', 'delayed'])
      if ((await redis.zcard(`bull:chipsim-tasks:${set}`)) > 0) keys.push(`bull:chipsim-tasks:${set}`);
    // the stream keeps what no job owns (e.g. workers' "drained"), not a word about the experiment's jobs
    const events = await redis.xrange('bull:chipsim-tasks:events', '-', '+');
    for (const [id, fields] of events) {
      const jobId = fields[fields.indexOf('jobId') + 1];
      if (fields.includes('jobId') && /^[0-9a-f]{20}-/.test(jobId ?? '')) keys.push(`events ${id} ${fields.join(' ')}`);
    }
    return keys.sort();
  } finally {
    redis.disconnect();
  }
}
