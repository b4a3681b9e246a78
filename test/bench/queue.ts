/**
 * Benchmark of queue mode: `chipsim compare … --queue URL` with 1 and 2 local `chipsim worker`
 * processes (started fresh for each configuration but before the timer, as they are in use: their
 * process start is not counted, the local run's pool start is) against the local `--workers 2` run, whole
 * coordinator command, same run, on a redis-server this script starts on a free loopback port and
 * stops. Per-replication cost = wall time × processes running replications ÷ replications, so
 *   overhead = (queue time × queue workers) ÷ (local time × 2),
 * the queue's cost per replication relative to the local pool's (target ≤ 1.3). Also checks that
 * every queue output equals the local one apart from meta.command. Without redis-server it prints
 * a visible "skipped" line and exits 0.
 *
 *   node bin/run-ts.js test/bench/queue.ts [--reps 400] [--scenario h100-2023] [--workers 1,2] [--chunk 8] [--json]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const reps = flag('reps', '400');
const scenario = flag('scenario', 'h100-2023');
const workerCounts = flag('workers', '1,2').split(',').map(Number);
const chunks = flag('chunk', '8').split(',').map(Number);
const json = args.includes('--json');
const bin = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));
const common = ['compare', scenario, '--policies', 'pro-rata,favoured', '--reps', reps, '--quiet', '--format', 'json'];
const LOCAL_WORKERS = 2;

if (spawnSync('redis-server', ['--version']).status !== 0) {
  if (!json) console.log('queue: SKIPPED (no redis-server on PATH; apt-get install -y redis-server)');
  console.log(JSON.stringify({ bench: 'queue', skipped: 'no redis-server' }));
  process.exit(0);
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

async function waitForRedis(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      client.disconnect();
    }
  }
  throw new Error(`redis-server at ${url} did not answer within 10 s`);
}

/** A `chipsim worker`, resolved once it takes chunks. */
function startWorker(url: string): Promise<ChildProcess> {
  const w = spawn(process.execPath, [bin, 'worker', '--redis', url], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let text = '';
    w.stderr.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('taking chunks')) resolve(w);
    });
    w.on('exit', (code) => reject(new Error(`chipsim worker exited (${code}): ${text}`)));
  });
}

async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  await exited;
}

const dir = mkdtempSync(join(tmpdir(), 'chipsim-bench-queue-'));
function timed(argv: string[]): number {
  const t0 = performance.now();
  const p = spawnSync(process.execPath, [bin, ...argv], { cwd: dir, encoding: 'utf8' });
  if (p.status !== 0) throw new Error(`chipsim ${argv.join(' ')} failed: ${p.stderr}`);
  return (performance.now() - t0) / 1000;
}
const withoutCommand = (path: string) => readFileSync(join(dir, path), 'utf8').replace(/"command": ".*"/, '');

const port = await freePort();
const server = spawn(
  'redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  {
    stdio: 'ignore',
  },
);
const url = `redis://127.0.0.1:${port}`;
const rows: Record<string, number | boolean>[] = [];
let local: number;
try {
  await waitForRedis(url);
  local = timed([...common, '--workers', String(LOCAL_WORKERS), '--out', 'local.json']);
  for (const n of workerCounts)
    for (const chunk of chunks) {
      // fresh workers for every configuration: as cold as the local run's worker threads
      const workers = await Promise.all(Array.from({ length: n }, () => startWorker(url)));
      try {
        const out = `queue-${n}-${chunk}.json`;
        const t = timed([...common, '--queue', url, '--chunk', String(chunk), '--out', out]);
        rows.push({
          queue_workers: n,
          chunk,
          queue_s: t,
          per_rep_overhead: (t * n) / (local * LOCAL_WORKERS),
          identical: withoutCommand(out) === withoutCommand('local.json'),
        });
      } finally {
        await Promise.all(workers.map(stop));
      }
    }
} finally {
  await stop(server);
  rmSync(dir, { recursive: true, force: true });
}

if (!json) {
  console.log(`local --workers ${LOCAL_WORKERS}: ${local.toFixed(2)} s (${reps} reps × 2 policies of ${scenario})`);
  for (const r of rows)
    console.log(
      `queue, ${r.queue_workers} worker(s), --chunk ${r.chunk}: ${(r.queue_s as number).toFixed(2)} s, ` +
        `per-replication cost ${(r.per_rep_overhead as number).toFixed(2)}× local (target ≤ 1.3), identical: ${r.identical}`,
    );
}
console.log(
  JSON.stringify({
    bench: 'queue',
    scenario,
    reps: Number(reps),
    local_workers: LOCAL_WORKERS,
    local_s: local,
    results: rows,
  }),
);
if (rows.some((r) => !r.identical)) process.exitCode = 1;
