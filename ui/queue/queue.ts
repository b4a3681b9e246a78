/**
 * Queue mode: an Executor that runs an experiment's tasks on `chipsim worker` processes through a
 * BullMQ queue on Redis, and the worker itself. models/ and sim/ know nothing of it: to them it is
 * one more Executor. Tasks go in chunks, one job per chunk, with a job id derived from the chunk's
 * content, so re-enqueueing (a restarted coordinator) adds nothing twice and finds results already
 * in Redis; each job's outcomes are accepted once. A worker killed mid-chunk loses nothing: its job
 * lock lapses and BullMQ's stalled-job check hands the chunk to another worker.
 *
 * Chunks are cut at fixed fold positions (task index ÷ chunk), not by position in the list still to
 * run, so a resumed coordinator, whose list lacks the tasks already in its checkpoint, makes the same
 * chunks (and job ids) for the rest. Redis hygiene: a job is removed as soon as its outcomes are
 * accepted (they are then in the coordinator's checkpoint); when every task is in, the leftovers of
 * this experiment (jobs of an earlier, killed coordinator) and its init key are removed too. An
 * interrupted run leaves its jobs, so `--resume` finds them. BullMQ's events stream (which nothing
 * here reads) is capped at EVENTS_MAX_LEN, and a finished run deletes its experiment's entries.
 *
 * One coordinator per experiment at a time (its end-of-run cleanup removes every job of the
 * experiment): it holds a lock key (SET NX PX, refreshed while it runs, so a killed coordinator's lock
 * lapses within COORDINATOR_LOCK_MS, at once for a coordinator resumed on its host); a second one is
 * refused at once, naming the first.
 */
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { MODEL_RUNNER_MODULE, type Executor, type TaskOutcome } from '../../models/experiment/index.js';
import { createHandler } from '../../models/experiment/worker-task.js';
import type { ReplicationTask } from '../../models/experiment/runner.js';
import { processAlive } from '../../sim/atomic-write.js';
import { isObject } from '../../sim/guards.js';
import { UserError } from '../cli/errors.js';

export const QUEUE_NAME = 'chipsim-tasks';
const INIT_KEY = (hash: string) => `chipsim:init:${hash}`;
export const LOCK_KEY = (hash: string) => `chipsim:lock:${hash}`;
/** A coordinator's lock lapses this long after its last refresh (it refreshes every third of it). */
export const COORDINATOR_LOCK_MS = 6000;
/** Approximate cap of the queue's events stream (BullMQ's default is 10,000). */
export const EVENTS_MAX_LEN = 1000;
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
    throw new UserError(
      `${flag} ${url}: cannot reach Redis (${error instanceof Error ? error.message : String(error)})`,
    );
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
      const redis = new Redis(connection(url) as object);
      const lock = await lockExperiment(redis, initHash);
      if (typeof lock === 'string') {
        redis.disconnect();
        const message =
          `--queue ${url}: another coordinator is running this experiment (${lock}); run one per experiment` +
          ` at a time (a killed coordinator's lock ${LOCK_KEY(initHash)} lapses within ${COORDINATOR_LOCK_MS / 1000} s)`;
        onOutcome({ ok: false, error: { kind: 'bad-input', message } }, 0);
        return;
      }
      const queue = new Queue<ChunkData, TaskOutcome[]>(QUEUE_NAME, {
        connection: connection(url),
        streams: { events: { maxLen: EVENTS_MAX_LEN } },
      });
      try {
        await redis.set(INIT_KEY(initHash), initText);
        // job id → positions (in job.tasks) of its tasks
        const pending = new Map<string, number[]>();
        const bulk = [];
        for (const positions of chunkPositions(job.tasks, chunk)) {
          const tasks = positions.map((i) => job.tasks[i]!);
          const id = `${initHash}-${hash(JSON.stringify(tasks))}`;
          pending.set(id, positions);
          bulk.push({ name: 'chunk', data: { init: initHash, tasks }, opts: { jobId: id } });
        }
        for (let i = 0; i < bulk.length; i += 500) await queue.addBulk(bulk.slice(i, i + 500));
        const jobs = pending.size;
        while (pending.size > 0 && !signal?.aborted) {
          if (lock.lost()) throw new Error(`lost the lock ${LOCK_KEY(initHash)} (this coordinator stalled too long)`);
          const finished = await queue.getRanges(['completed', 'failed'], 0, -1);
          for (const id of finished) {
            const positions = pending.get(id);
            if (positions === undefined) continue;
            const j = await queue.getJob(id);
            if (j === undefined) throw new Error(`queue job ${id} vanished from Redis`);
            if (j.failedReason && !Array.isArray(j.returnvalue)) {
              // removed so that a rerun (--resume) enqueues the chunk afresh
              await queue.remove(id);
              throw new Error(`queue job ${id} failed: ${j.failedReason}`);
            }
            if (!Array.isArray(j.returnvalue)) continue;
            pending.delete(id);
            j.returnvalue.forEach((o, i) => onOutcome(o, positions[i]!));
            // its outcomes are in the coordinator's checkpoint now
            await queue.remove(id);
            onProgress?.(jobs - pending.size, jobs);
          }
          if (pending.size > 0) await new Promise((r) => setTimeout(r, POLL_MS));
        }
        if (pending.size === 0) await removeExperiment(redis, queue, initHash);
      } finally {
        await queue.close();
        await lock.release();
        redis.disconnect();
      }
    },
  };
}

/**
 * Positions in `tasks` grouped by fixed fold position: task index ÷ `chunk` (tasks without an index,
 * e.g. from a custom caller, by their position), in order of first appearance.
 */
export function chunkPositions(tasks: readonly ReplicationTask[], chunk: number): number[][] {
  const groups = new Map<number, number[]>();
  tasks.forEach((task, i) => {
    const index = 'index' in task && typeof task.index === 'number' ? task.index : i;
    const key = Math.floor(index / chunk);
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  return [...groups.values()];
}

interface ExperimentLock {
  /** True once a refresh found the lock gone or held by another coordinator. */
  lost(): boolean;
  release(): Promise<void>;
}

// Refresh and release only the lock this coordinator holds (its token), never another's.
const REFRESH = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

interface LockHolder {
  token: string;
  pid: number;
  host: string;
  since: string;
}

const holderOf = (text: string | null): LockHolder | null => {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text ?? '');
  } catch {
    /* not a chipsim lock */
  }
  return isObject(parsed) &&
    typeof parsed.token === 'string' &&
    typeof parsed.pid === 'number' &&
    typeof parsed.host === 'string' &&
    typeof parsed.since === 'string'
    ? { token: parsed.token, pid: parsed.pid, host: parsed.host, since: parsed.since }
    : null;
};

// Replaces the lock only if it still holds the value read (a dead coordinator's).
const TAKE_OVER = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) else return false end`;

/**
 * Takes the experiment's coordinator lock, or returns who holds it ("pid P on HOST since T"). A lock
 * of a dead process on this host (a coordinator killed here, now resumed) is taken over at once.
 */
async function lockExperiment(redis: Redis, initHash: string): Promise<ExperimentLock | string> {
  const key = LOCK_KEY(initHash);
  const me: LockHolder = { token: randomUUID(), pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const value = JSON.stringify(me);
  if ((await redis.set(key, value, 'PX', COORDINATOR_LOCK_MS, 'NX')) !== 'OK') {
    const text = await redis.get(key);
    const other = holderOf(text);
    const dead = other !== null && other.host === me.host && !processAlive(other.pid);
    if (!dead || (await redis.eval(TAKE_OVER, 1, key, text!, value, COORDINATOR_LOCK_MS)) !== 'OK')
      return other ? `pid ${other.pid} on ${other.host} since ${other.since}` : `lock value ${JSON.stringify(text)}`;
  }
  let lost = false;
  const timer = setInterval(() => {
    redis.eval(REFRESH, 1, key, value, COORDINATOR_LOCK_MS).then(
      (n) => {
        if (n === 0) lost = true;
      },
      () => {}, // Redis unreachable for a moment: the next refresh tries again
    );
  }, COORDINATOR_LOCK_MS / 3);
  timer.unref();
  return {
    lost: () => lost,
    async release() {
      clearInterval(timer);
      await redis.eval(RELEASE, 1, key, value).catch(() => {});
    },
  };
}

/** Deletes the events-stream entries of the experiment's jobs (BullMQ writes one per job state change). */
async function removeEvents(redis: Redis, queue: Queue, initHash: string): Promise<void> {
  const stream = queue.toKey('events');
  let start = '-';
  for (;;) {
    const entries = await redis.xrange(stream, start, '+', 'COUNT', 1000);
    const ours = entries
      .filter(([, fields]) => {
        const at = fields.indexOf('jobId');
        return at >= 0 && at % 2 === 0 && fields[at + 1]!.startsWith(`${initHash}-`);
      })
      .map(([id]) => id);
    if (ours.length > 0) await redis.xdel(stream, ...ours);
    if (entries.length < 1000) return;
    start = `(${entries[entries.length - 1]![0]}`;
  }
}

/** Removes every job of the experiment `initHash` left in the queue (e.g. by a killed coordinator), its events and init key. */
async function removeExperiment(redis: Redis, queue: Queue, initHash: string): Promise<void> {
  const prefix = `${queue.toKey('')}${initHash}-`;
  const ids = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) ids.add(key.slice(queue.toKey('').length).split(':')[0]!);
  } while (cursor !== '0');
  for (const id of ids) await queue.remove(id);
  await removeEvents(redis, queue, initHash);
  await redis.del(INIT_KEY(initHash));
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
        const { runner, init } = JSON.parse(text) as { runner: string; init: never };
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
