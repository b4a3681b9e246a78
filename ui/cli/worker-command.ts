/** `chipsim worker --redis URL [--concurrency C]`: runs experiment chunks from the queue (ui/queue) until stopped. */
import type { Command } from 'commander';
import { UserError } from './errors.js';
import { wholeNumber } from './options.js';
import { parseRedisUrl } from './scale-options.js';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'run replications from a Redis queue (for `chipsim compare|sweep|sensitivity … --queue URL`) until stopped',
    )
    .requiredOption('--redis <url>', 'the Redis server of the queue, e.g. redis://127.0.0.1:6379')
    .option('--concurrency <n>', 'chunks run at once (default 1; start one worker process per core)')
    .action(async (raw: { redis: string; concurrency?: string }) => {
      const url = parseRedisUrl('--redis', raw.redis);
      const c = raw.concurrency === undefined ? 1 : wholeNumber(raw.concurrency);
      if (c === null || c < 1 || c > 256)
        throw new UserError(`--concurrency must be a whole number from 1 to 256, got "${raw.concurrency}"`);
      const { runWorker } = await import('../queue/queue.js');
      await runWorker(url, c, (s) => process.stderr.write(`chipsim: ${s}\n`));
    });
}
