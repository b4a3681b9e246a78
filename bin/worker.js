// Worker-thread bootstrap for sim/pool.ts. workerData = { module, init } or, for a worker started
// ahead of its init, { module, deferred: true, preload }: imports the task module (and, deferred,
// the preload modules, while the parent prepares the init it then posts as { type: 'init', init }),
// awaits its createHandler(init), then answers { id, task } messages with results. Compiled task modules (dist/) load as they are; a .ts task (tests,
// development) or a TypeScript plug-in (CHIPSIM_TSX, set by bin/chipsim.js) needs tsx registered
// in the worker itself first (CONTRIBUTING.md §T5), and tsx is only a dev dependency.
import { parentPort, workerData } from 'node:worker_threads';

const port = parentPort;
if (!port) throw new Error('bin/worker.js must run in a worker thread');
// listening before anything is awaited, so the init message cannot go by unheard
const initMessage = workerData.deferred ? new Promise((resolve) => port.once('message', resolve)) : null;

if (process.env.CHIPSIM_TSX === '1' || /\.[cm]?tsx?$/.test(new URL(workerData.module).pathname))
  (await import('tsx/esm/api')).register();

const describe = (error) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

let handler;
try {
  // a preload that fails is the task module's to report, when createHandler loads it
  const preloads = (workerData.preload ?? []).map((href) => import(href).catch(() => undefined));
  const mod = await import(workerData.module);
  await Promise.all(preloads);
  const init = initMessage ? (await initMessage).init : workerData.init;
  handler = await mod.createHandler(init);
} catch (error) {
  await initMessage; // a deferred worker answers only once asked
  port.postMessage({ type: 'init-error', error: describe(error) });
}

if (handler) {
  port.on('message', async ({ id, task }) => {
    try {
      const result = await handler(task);
      port.postMessage({ type: 'result', id, ok: true, result });
    } catch (error) {
      port.postMessage({
        type: 'result',
        id,
        ok: false,
        error: describe(error),
        name: error instanceof Error ? error.name : undefined,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  });
  port.postMessage({ type: 'ready' });
}
