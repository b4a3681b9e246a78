/**
 * Queue mode: an Executor that runs an experiment's tasks on `chipsim worker` processes through a
 * BullMQ queue on Redis, and the worker itself. models/ and sim/ know nothing of it: to them it is
 * one more Executor. Tasks go in chunks, one job per chunk, with a job id derived from the chunk's
 * content, so re-enqueueing (a restarted coordinator) adds nothing twice and finds results already
 * in Redis; each job's outcomes are accepted once. A worker killed mid-chunk loses nothing: its job
 * lock lapses and BullMQ's stalled-job check hands the chunk to another worker.
 */
import { createHash } from 'node:crypto';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { MODEL_RUNNER_MODULE, type Executor, type TaskOutcome } from '../../models/experiment/index.js';
import { createHandler } from '../../models/experiment/worker-task.js';
import type { ReplicationTask, RunnerInit } from '../../models/experiment/runner.js';
import { UserError } from '../cli/errors.js';
import { errorMessage } from '../../sim/errors.js';

export const QUEUE_NAME = 'chipsim-tasks';
const INIT_KEY = (hash: string) => `chipsim:init:${hash}`;
const POLL_MS = 100;
/** A worker's lock on a chunk; a dead worker's chunk is retried after about this long. */
export const LOCK_MS = 4000;

interface ChunkData {
  init: string;
  tasks: ReplicationTask[];
}

export function connection(url: string): ConnectionOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/** Fails fast (UserError, exit 2) when Redis at `url` does not answer within `timeoutMs`. */
export async function checkRedis(flag: string, url: string, timeoutMs = 3000): Promise<void> {
  const client = new Redis({
    ...(connection(url) as object),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), timeoutMs).unref()),
    ]);
  } catch (error) {
    throw new UserError(`${flag} ${url}: cannot reach Redis (${errorMessage(error)})`);
  } finally {
    client.disconnect();
  }
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 20);

export function queueExecutor(
  url: string,
  chunk: number,
  onProgress?: (jobsDone: number, jobs: number) => void,
): Executor {
  return {
    name: `queue ${url}`,
    parallelism: () => 1,
    async run(job, onOutcome, signal) {
      if (job.tasks.length === 0 || signal?.aborted) return;
      const runner = job.runnerModule === MODEL_RUNNER_MODULE ? 'model' : job.runnerModule;
      const initText = JSON.stringify({ runner, init: job.runnerInit });
      const initHash = hash(initText);
      const queue = new Queue<ChunkData, TaskOutcome[]>(QUEUE_NAME, { connection: connection(url) });
      const redis = new Redis(connection(url) as object);
      try {
        await redis.set(INIT_KEY(initHash), initText);
        const pending = new Map<string, number>();
        const bulk = [];
        for (let start = 0; start < job.tasks.length; start += chunk) {
          const tasks = job.tasks.slice(start, start + chunk);
          const id = `${initHash}-${hash(JSON.stringify(tasks))}`;
          pending.set(id, start);
          bulk.push({ name: 'chunk', data: { init: initHash, tasks }, opts: { jobId: id } });
        }
        for (let i = 0; i < bulk.length; i += 500) await queue.addBulk(bulk.slice(i, i + 500));
        const jobs = pending.size;
        while (pending.size > 0 && !signal?.aborted) {
          for (const [id, start] of [...pending]) {
            const j = await queue.getJob(id);
            if (j === undefined) throw new Error(`queue job ${id} vanished from Redis`);
            if (j.failedReason && j.finishedOn) throw new Error(`queue job ${id} failed: ${j.failedReason}`);
            if (!j.finishedOn || !Array.isArray(j.returnvalue)) continue;
            pending.delete(id);
            j.returnvalue.forEach((o, i) => onOutcome(o, start + i));
            onProgress?.(jobs - pending.size, jobs);
          }
          if (pending.size > 0) await new Promise((r) => setTimeout(r, POLL_MS));
        }
      } finally {
        redis.disconnect();
        await queue.close();
      }
    },
  };
}

/** `chipsim worker`: runs chunks from the queue until stopped (SIGINT/SIGTERM). */
export async function runWorker(url: string, concurrency: number, log: (s: string) => void): Promise<void> {
  await checkRedis('--redis', url);
  const handlers = new Map<string, Promise<(t: ReplicationTask) => TaskOutcome>>();
  const conn = connection(url);
  const redis = new Redis(conn as object);
  const handlerFor = (initHash: string) => {
    let h = handlers.get(initHash);
    if (!h) {
      h = redis.get(INIT_KEY(initHash)).then((text) => {
        if (text === null) throw new Error(`experiment ${initHash} is not in Redis`);
        // What the submitting side stored above: its runner and RunnerInit, as JSON.
        // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion
        const { runner, init } = JSON.parse(text) as { runner: string; init: RunnerInit };
        return createHandler({ runnerModule: runner === 'model' ? MODEL_RUNNER_MODULE : runner, runnerInit: init });
      });
      handlers.set(initHash, h);
    }
    return h;
  };
  const worker = new Worker<ChunkData, TaskOutcome[]>(
    QUEUE_NAME,
    async (job) => {
      const handle = await handlerFor(job.data.init);
      const outcomes: TaskOutcome[] = [];
      for (const task of job.data.tasks) {
        outcomes.push(handle(task));
        // lets BullMQ renew the job's lock between replications
        await new Promise((r) => setImmediate(r));
      }
      return outcomes;
    },
    { connection: conn, concurrency, lockDuration: LOCK_MS, stalledInterval: LOCK_MS / 2, maxStalledCount: 100 },
  );
  log(`worker: taking chunks from ${url} (concurrency ${concurrency})`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await worker.close();
  redis.disconnect();
}
