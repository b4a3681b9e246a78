/**
 * Allocation-policy plug-ins: `--policy ./path/to/policy.js` (or `allocation.policy` in a scenario,
 * with `--allow-plugins`).
 *
 * A plug-in is a module — ESM .js/.mjs, CommonJS .cjs (or .js with module.exports), or .ts/.mts —
 * that exports one of:
 *   - a default function  `export default function (input) { return { [id]: boards } }`
 *   - a named function    `export function allocate(input) { … }`
 *   - a default object    `export default { name?, description?, allocate(input) { … } }`
 * and may declare (on the object, or as named exports) `rewardsInflation` and `rewardsSales`
 * (booleans, types.ts); without them the model probes the policy (best-response.ts).
 * `input` is an AllocationInput (types.ts); the result maps customer ids to whole boards. It must be
 * synchronous and pure (same input ⇒ same output) for runs to stay reproducible.
 *
 * It runs in its own worker thread (plugin-worker.js) with a time limit per call. The definition
 * returned here is named after the path as given (so `run --format json` reports the policy the user
 * typed), hands the plug-in a frozen JSON copy of the input's contract fields (it cannot corrupt the
 * model's state), and checks every result with validateAllocation; any failure is a PolicyError
 * naming the file.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { PolicyError } from './errors.js';
import { getPolicy, policyNames } from './registry.js';
import { describeValue, validateAllocation } from './validate.js';
import type { Allocation, AllocationInput, AllocationPolicy, PolicyDefinition } from './types.js';

/** True when `--policy` names a file rather than a built-in: it contains '/' (or '\') or ends in .js/.mjs/.cjs/.ts/.mts. */
export function isPolicyPath(nameOrPath: string): boolean {
  return /[/\\]/.test(nameOrPath) || /\.(?:[cm]?js|m?ts)$/i.test(nameOrPath);
}

/**
 * A frozen copy of the contract fields only (the model may hand over richer objects), so a plug-in
 * can neither see model internals nor change the model's state.
 */
export function pluginInput(input: AllocationInput): AllocationInput {
  return Object.freeze({
    supply: input.supply,
    week: input.week,
    customers: Object.freeze(
      input.customers.map((c) =>
        Object.freeze({
          id: c.id,
          tier: c.tier,
          weight: c.weight,
          openBoards: c.openBoards,
          orders: Object.freeze(c.orders.map((o) => Object.freeze({ week: o.week, boards: o.boards }))),
          trailingUsedBoards: c.trailingUsedBoards,
          deliveredBoards: c.deliveredBoards,
          attributes: Object.freeze({
            buildsOwnAccelerator: c.attributes.buildsOwnAccelerator,
            nvidiaInvested: c.attributes.nvidiaInvested,
            disclosesEndUsers: c.attributes.disclosesEndUsers,
            hostsDgxCloud: c.attributes.hostsDgxCloud === true,
            ...(c.attributes.ownAcceleratorFromWeek === undefined
              ? {}
              : { ownAcceleratorFromWeek: c.attributes.ownAcceleratorFromWeek }),
          }),
          ...(c.favouredWeight === undefined ? {} : { favouredWeight: c.favouredWeight }),
        }),
      ),
    ),
  });
}

export interface PluginOptions {
  /** Time limit for loading the module and for each allocate call, in milliseconds. */
  timeoutMs?: number;
  /** Where the user named the plug-in (`--policy`, `allocation.policy`, …): every message starts with it. */
  source?: string;
}

/** Default time limit of a plug-in call (and of loading it); `--plugin-timeout` changes it. */
export const DEFAULT_PLUGIN_TIMEOUT_MS = 5000;

const WORKER = new URL('./plugin-worker.js', import.meta.url);
/** Time for the worker itself to start, before the plug-in's own load time counts. */
const WORKER_START_MS = 60_000;

type Ready =
  | { type: 'ready'; name?: string; description?: string; rewardsInflation?: boolean; rewardsSales?: boolean }
  | { type: 'load-error'; message: string };
type Reply = { ok: true; json: string } | { ok: false; message: string } | { type: 'crash'; message: string };

/** The exit code plugin-worker.js ends with after an uncaught error (it posts the error first). */
const CRASH_EXIT_CODE = 70;

/** How a worker that ended (signal[1] = 1 + exit code) is described. */
function ended(signal: Int32Array): string {
  const code = Atomics.load(signal, 1) - 1;
  return code === CRASH_EXIT_CODE
    ? 'crashed'
    : `ended the process (exit code ${code}, e.g. process.exit) instead of returning`;
}

/**
 * Loads a plug-in module in its own worker thread and wraps it as a validated PolicyDefinition.
 * `allocate` stays synchronous for the model: it posts the input (as JSON) and blocks in Atomics.wait
 * until the worker answers or the time limit passes; the worker validates the result (so a value the
 * model cannot read never leaves it) and sends it back as JSON. A plug-in that loops, exits, crashes
 * or returns nonsense is a PolicyError naming the file; its worker is then stopped.
 */
/** The worker's next answer, if one is waiting. */
function nextReply(port: MessagePort): Reply | undefined {
  // Only plugin-worker.js posts on this port, and it posts Replies (it validates before sending).
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion
  return receiveMessageOnPort(port)?.message as Reply | undefined;
}

export async function loadPolicyPlugin(path: string, options: PluginOptions = {}): Promise<PolicyDefinition> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PLUGIN_TIMEOUT_MS;
  const label = `plug-in ${path}`;
  const prefix = options.source !== undefined ? `${options.source}: ` : '';
  const error = (message: string) => new PolicyError(`${prefix}${message}`, path);
  const absolute = resolve(path);
  let isFile: boolean;
  try {
    isFile = (await stat(absolute)).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw error(`policy ${label}: file not found (looked for ${absolute})`);

  const signal = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, { workerData: { file: absolute, port: port2, signal }, transferList: [port2] });
  worker.unref();
  let dead = false;
  const stop = () => {
    dead = true;
    port1.close();
    void worker.terminate();
  };

  type Gone = { type: 'gone'; why: string };
  const ready = await new Promise<Ready | Gone>((settle) => {
    const timeout = (ms: number, why: string) => setTimeout(() => done({ type: 'gone', why }), ms);
    let timer = timeout(WORKER_START_MS, `could not be loaded: its worker did not start within ${WORKER_START_MS} ms`);
    const done = (r: Ready | Gone | { type: 'started' }) => {
      clearTimeout(timer);
      if (r.type === 'started') {
        timer = timeout(timeoutMs, `did not load within ${timeoutMs} ms (--plugin-timeout)`);
        return;
      }
      port1.off('message', done);
      worker.off('exit', onExit);
      worker.off('error', onError);
      settle(r);
    };
    const onExit = () => done({ type: 'gone', why: `could not be loaded: it ${ended(signal)} while loading` });
    const onError = (e: unknown) => done({ type: 'gone', why: `could not be loaded: ${describeValue(e)}` });
    port1.on('message', done);
    worker.on('exit', onExit);
    worker.on('error', onError);
  });
  if (ready.type !== 'ready') {
    stop();
    throw error(`policy ${label} ${ready.type === 'gone' ? ready.why : ready.message}`);
  }
  port1.unref();

  const errorName = ready.name ? `${label} (${ready.name})` : label;
  const allocate: AllocationPolicy = (input: AllocationInput): Allocation => {
    if (dead) throw error(`policy ${errorName} was stopped after an earlier failure`);
    // Between calls the worker may have crashed (a timer that throws) or exited: then that is the answer.
    let reply = nextReply(port1);
    let waited = 'ok';
    if (reply === undefined && Atomics.load(signal, 1) === 0) {
      const before = Atomics.load(signal, 0);
      port1.postMessage({ label: errorName, input: JSON.stringify(pluginInput(input)) });
      waited = Atomics.wait(signal, 0, before, timeoutMs);
      reply = nextReply(port1);
    }
    if (reply === undefined) {
      stop();
      if (waited === 'timed-out')
        throw error(
          `policy ${errorName} did not return within ${timeoutMs} ms (week ${input.week}); raise --plugin-timeout if it needs longer`,
        );
      throw error(`policy ${errorName} ${ended(signal)}`);
    }
    if ('type' in reply) {
      stop();
      throw error(`policy ${errorName} ${reply.message}`);
    }
    if (!reply.ok) {
      stop();
      throw error(reply.message);
    }
    return validateAllocation(errorName, input, JSON.parse(reply.json));
  };

  return {
    name: path,
    description: `${ready.description ?? ready.name ?? 'allocation policy'} (${label})`,
    allocate,
    ...(ready.rewardsInflation !== undefined ? { rewardsInflation: ready.rewardsInflation } : {}),
    ...(ready.rewardsSales !== undefined ? { rewardsSales: ready.rewardsSales } : {}),
  };
}

/**
 * A built-in policy by name, or a plug-in when `nameOrPath` looks like a path (see isPolicyPath).
 * Messages start with `options.source` when given.
 */
export async function resolvePolicy(nameOrPath: string, options: PluginOptions = {}): Promise<PolicyDefinition> {
  const builtIn = getPolicy(nameOrPath);
  if (builtIn) return builtIn;
  if (isPolicyPath(nameOrPath)) return loadPolicyPlugin(nameOrPath, options);
  throw new PolicyError(
    `${options.source !== undefined ? `${options.source}: ` : ''}unknown policy ${JSON.stringify(nameOrPath)}; valid names: ${policyNames().join(', ')} (or a path to a plug-in module, e.g. ./my-policy.js)`,
    nameOrPath,
  );
}
