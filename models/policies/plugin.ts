/**
 * Allocation-policy plug-ins: `--policy ./path/to/policy.js`.
 *
 * A plug-in is an ES module (plain .js/.mjs, or .ts when run through the chipsim bin, which registers
 * tsx) that exports one of:
 *   - a default function  `export default function (input) { return { [id]: boards } }`
 *   - a named function    `export function allocate(input) { … }`
 *   - a default object    `export default { name?, description?, allocate(input) { … } }`
 * `input` is an AllocationInput (types.ts); the result maps customer ids to whole boards. It must be
 * synchronous and pure (same input ⇒ same output) for runs to stay reproducible.
 *
 * The definition returned here is named after the path as given (so `run --format json` reports the
 * policy the user typed), gets a frozen copy of the input's contract fields on each call (a plug-in cannot corrupt the
 * model's state), and checks every result with validateAllocation; any failure is a PolicyError
 * naming the file.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PolicyError } from './errors.js';
import { getPolicy, policyNames } from './registry.js';
import { validateAllocation } from './validate.js';
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

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Loads a plug-in module and wraps it as a validated PolicyDefinition. */
export async function loadPolicyPlugin(path: string): Promise<PolicyDefinition> {
  const label = `plug-in ${path}`;
  const absolute = resolve(path);
  let isFile = false;
  try {
    isFile = (await stat(absolute)).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw new PolicyError(`policy ${label}: file not found (looked for ${absolute})`, path);

  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (error) {
    throw new PolicyError(`policy ${label} could not be loaded: ${describeError(error)}`, path, { cause: error });
  }

  const def = mod['default'];
  let fn: unknown;
  let declared: { name?: unknown; description?: unknown } = {};
  if (typeof def === 'function') {
    fn = def;
  } else if (
    typeof def === 'object' &&
    def !== null &&
    typeof (def as { allocate?: unknown }).allocate === 'function'
  ) {
    declared = def as typeof declared;
    fn = (def as { allocate: (input: AllocationInput) => unknown }).allocate.bind(def);
  } else if (typeof mod['allocate'] === 'function') {
    fn = mod['allocate'];
    declared = { name: mod['name'], description: mod['description'] };
  } else {
    throw new PolicyError(
      `policy ${label} exports no allocation function: expected a default function, a named \`allocate\` function, or a default object { allocate }`,
      path,
    );
  }
  const plugin = fn as (input: AllocationInput) => unknown;
  const declaredName =
    typeof declared.name === 'string' && declared.name.trim() !== '' ? declared.name.trim() : undefined;
  const declaredDescription =
    typeof declared.description === 'string' && declared.description.trim() !== ''
      ? declared.description.trim().split('\n')[0]!
      : undefined;
  const errorName = declaredName ? `${label} (${declaredName})` : label;

  const allocate: AllocationPolicy = (input: AllocationInput): Allocation => {
    let output: unknown;
    try {
      output = plugin(pluginInput(input));
    } catch (error) {
      throw new PolicyError(`policy ${errorName} threw: ${describeError(error)}`, path, { cause: error });
    }
    if (typeof (output as { then?: unknown } | null)?.then === 'function') {
      throw new PolicyError(`policy ${errorName} returned a Promise; allocate must be synchronous`, path);
    }
    try {
      return validateAllocation(errorName, input, output);
    } catch (error) {
      if (error instanceof PolicyError) throw new PolicyError(error.message, path);
      throw error;
    }
  };

  return {
    name: path,
    description: `${declaredDescription ?? declaredName ?? 'allocation policy'} (${label})`,
    allocate,
  };
}

/** A built-in policy by name, or a plug-in when `nameOrPath` looks like a path (see isPolicyPath). */
export async function resolvePolicy(nameOrPath: string): Promise<PolicyDefinition> {
  const builtIn = getPolicy(nameOrPath);
  if (builtIn) return builtIn;
  if (isPolicyPath(nameOrPath)) return loadPolicyPlugin(nameOrPath);
  throw new PolicyError(
    `unknown policy ${JSON.stringify(nameOrPath)}; valid names: ${policyNames().join(', ')} (or a path to a plug-in module, e.g. ./my-policy.js)`,
    nameOrPath,
  );
}
