// The worker thread an allocation-policy plug-in runs in (see plugin.ts). Plain JavaScript, and no
// global TypeScript loader: the plug-in file is imported exactly as named (ESM .js/.mjs, CommonJS
// .cjs or .js with module.exports, as Node decides). Only a .ts/.mts plug-in and the contract check
// (validate.ts) go through tsx, scoped with tsImport.
//
// workerData = { file, port, signal }. The worker posts { type: 'started' } when it is ready to
// import the plug-in, then, once the module is loaded,
// { type: 'ready', name?, description?, rewardsInflation?, rewardsSales? } (or { type: 'load-error', message }) on `port`. Then each
// { label, input } (input as JSON) is answered with { ok: true, json } (the validated allocation) or
// { ok: false, message }, and signal[0] is incremented and notified so the caller blocked in
// Atomics.wait wakes up. If the worker ends (process.exit, an uncaught error), signal[1] holds
// 1 + exit code, and signal[0] is bumped as well.
import { workerData } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';

const { file, port, signal } = workerData;
const isTypeScript = /\.m?ts$/i.test(file);

function wake() {
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

/** A message for anything thrown, even by a value whose own properties throw. */
function describe(error) {
  try {
    if (error instanceof Error) return error.message;
    if (typeof error === 'bigint') return `${error}n`;
    return String(error);
  } catch {
    return 'a value that cannot be printed';
  }
}

process.on('exit', (code) => {
  Atomics.store(signal, 1, 1 + (Number.isInteger(code) ? code : 0));
  wake();
});
process.on('uncaughtException', (error) => {
  port.postMessage({ type: 'crash', message: `crashed: ${describe(error)}` });
  wake();
  process.exit(70); // CRASH_EXIT_CODE in plugin.ts
});

const tsx = () => import('tsx/esm/api');

async function load() {
  const href = pathToFileURL(file).href;
  if (isTypeScript) return (await tsx()).tsImport(href, import.meta.url);
  return import(href);
}

function pick(mod) {
  const def = mod.default;
  if (typeof def === 'function') return { fn: def, declared: mod };
  if (typeof def === 'object' && def !== null && typeof def.allocate === 'function')
    return { fn: def.allocate.bind(def), declared: def };
  if (typeof mod.allocate === 'function') return { fn: mod.allocate, declared: mod };
  // A transpiled ES module loaded as CommonJS (exports.default = …, e.g. a .ts file outside any package).
  if (typeof def === 'object' && def !== null && 'default' in def && def !== mod) return pick(def);
  return null;
}

function text(value) {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function deepFreeze(value) {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

let plugin;
let validateAllocation;
try {
  // From dist/ the validator is compiled beside this file; from sources it is TypeScript (tsx, dev only).
  const compiled = new URL('./validate.js', import.meta.url);
  const validate = existsSync(fileURLToPath(compiled))
    ? await import(compiled.href)
    : await (await tsx()).tsImport(new URL('./validate.ts', import.meta.url).href, import.meta.url);
  validateAllocation = validate.validateAllocation;
  // The plug-in's own load time (what the time limit covers) starts now.
  port.postMessage({ type: 'started' });
  const mod = await load();
  plugin = pick(mod);
  if (plugin === null) {
    port.postMessage({
      type: 'load-error',
      message:
        'exports no allocation function: expected a default function, a named `allocate` function, or a default object { allocate }',
    });
  } else {
    const ready = { type: 'ready' };
    try {
      ready.name = text(plugin.declared.name);
      ready.description = text(plugin.declared.description)?.split('\n')[0];
      for (const key of ['rewardsInflation', 'rewardsSales'])
        if (typeof plugin.declared[key] === 'boolean') ready[key] = plugin.declared[key];
    } catch {
      /* a throwing getter on a declaration: the plug-in just declares less */
    }
    port.postMessage(ready);
  }
} catch (error) {
  port.postMessage({ type: 'load-error', message: `could not be loaded: ${describe(error)}` });
}

function call(label, json) {
  const input = deepFreeze(JSON.parse(json));
  let output;
  try {
    output = plugin.fn(input);
  } catch (error) {
    return { ok: false, message: `policy ${label} threw: ${describe(error)}` };
  }
  try {
    if (typeof output?.then === 'function')
      return { ok: false, message: `policy ${label} returned a Promise; allocate must be synchronous` };
    return { ok: true, json: JSON.stringify(validateAllocation(label, input, output)) };
  } catch (error) {
    return { ok: false, message: describe(error) };
  }
}

if (plugin) {
  port.on('message', ({ label, input }) => {
    port.postMessage(call(label, input));
    wake();
  });
}
