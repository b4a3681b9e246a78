/**
 * The scale-out flags every experiment command shares: `--shard K/N` (run one shard, write a part
 * file for `chipsim merge`) and `--queue redis://HOST:PORT` (run the tasks on `chipsim worker`s).
 * Commands add them with addScaleOptions and read them with parseScaleOptions.
 */
import type { Command } from 'commander';
import {
  inShard,
  shardProblem,
  type Executor,
  type ReplicationRecord,
  type Shard,
} from '../../models/experiment/index.js';
import { UserError } from './errors.js';
import { wholeNumber } from './options.js';

export interface RawScaleOptions {
  shard?: string;
  queue?: string;
  chunk?: string;
}

export interface ScaleSettings {
  shard?: Shard;
  /** Redis URL of the queue. */
  queue?: string;
  /** Tasks per queue job. */
  chunk?: number;
}

export const DEFAULT_CHUNK = 8;

export function addScaleOptions(command: Command): Command {
  return command
    .option('--shard <K/N>', 'run only shard K of N (1-based) and write a part file to --out, for `chipsim merge`')
    .option('--queue <url>', 'run the tasks on `chipsim worker`s through Redis at URL, e.g. redis://127.0.0.1:6379')
    .option('--chunk <n>', `tasks per queue job with --queue (default ${DEFAULT_CHUNK})`);
}

export function parseShard(raw: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  const shard = m ? { k: Number(m[1]), n: Number(m[2]) } : null;
  const problem = shard ? shardProblem(shard) : 'expected K/N, e.g. 2/8';
  if (problem !== null) throw new UserError(`--shard must be K/N with 1 ≤ K ≤ N: ${problem} (got "${raw}")`);
  return shard!;
}

/** A redis:// or rediss:// URL with a host; the message names `flag`. */
export function parseRedisUrl(flag: string, raw: string): string {
  let url: URL | null = null;
  try {
    url = new URL(raw.trim());
  } catch {
    /* reported below */
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '')
    throw new UserError(`${flag} must be a Redis URL like redis://HOST:PORT, got "${raw}"`);
  return url.href;
}

export function parseScaleOptions(raw: RawScaleOptions): ScaleSettings {
  const shard = raw.shard !== undefined ? parseShard(raw.shard) : undefined;
  const queue = raw.queue !== undefined ? parseRedisUrl('--queue', raw.queue) : undefined;
  let chunk: number | undefined;
  if (raw.chunk !== undefined) {
    const n = wholeNumber(raw.chunk);
    if (n === null || n < 1 || n > 100_000)
      throw new UserError(`--chunk must be a whole number from 1 to 100000, got "${raw.chunk}"`);
    if (queue === undefined) throw new UserError('--chunk needs --queue (it sets the tasks per queue job)');
    chunk = n;
  }
  if (shard && queue !== undefined)
    throw new UserError('--shard and --queue cannot be combined: the queue already spreads the tasks over its workers');
  return {
    ...(shard ? { shard } : {}),
    ...(queue !== undefined ? { queue } : {}),
    ...(chunk !== undefined ? { chunk } : {}),
  };
}

/** The queue executor for --queue (BullMQ loads only then); exits 2 fast when Redis does not answer. */
export async function queueExecutorFor(scale: ScaleSettings): Promise<Executor | undefined> {
  if (scale.queue === undefined) return undefined;
  const queue = await import('../queue/queue.js');
  await queue.checkRedis('--queue', scale.queue);
  return queue.queueExecutor(scale.queue, scale.chunk ?? DEFAULT_CHUNK);
}

/** The experiment-request hooks of a shard run; `records` collects the shard's records (resumed and new) for its part file. */
export function shardHooks(shard: Shard) {
  const records: ReplicationRecord[] = [];
  return {
    records,
    request: {
      select: inShard(shard),
      onRecord: (r: ReplicationRecord) => records.push(r),
      onResume: (done: readonly ReplicationRecord[]) => records.push(...done),
    },
  };
}
