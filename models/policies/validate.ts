/**
 * Checking an allocation against the policy contract (types.ts): an object mapping known customer
 * ids to whole boards, each ≥ 0 and ≤ that customer's open boards, summing to ≤ supply.
 * Plug-ins are checked on every call; built-ins are held to the same rules by the property tests.
 */
import { PolicyError } from './errors.js';
import { compareIds } from './rounding.js';
import type { Allocation, AllocationInput } from './types.js';

export { PolicyError } from './errors.js';

const MAX_LISTED = 5;

/** A short description of any value for a message; never throws (BigInt, circular, Proxy, throwing getters). */
export function describeValue(value: unknown): string {
  try {
    if (typeof value === 'bigint') return `${value}n (a BigInt)`;
    if (typeof value === 'number') return String(value);
    const json = JSON.stringify(value);
    return json ?? typeof value;
  } catch {
    return `${typeof value === 'object' && value !== null ? 'an object' : typeof value} that cannot be printed as JSON`;
  }
}

function describeError(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'an error that cannot be printed';
  }
}

/**
 * Returns a clean copy of `output` (every customer id present, missing ones at 0, in id order), or
 * throws a PolicyError naming `policyName` and listing what is wrong (up to five problems).
 * A Map from id to boards is accepted as well as a plain object. A value that cannot even be read
 * (a getter or Proxy trap that throws) is a PolicyError too, never another exception.
 */
export function validateAllocation(policyName: string, input: AllocationInput, output: unknown): Allocation {
  try {
    return check(policyName, input, output);
  } catch (error) {
    if (error instanceof PolicyError) throw error;
    throw new PolicyError(
      `policy ${policyName} returned an invalid allocation: it could not be read (${describeError(error)})`,
      policyName,
    );
  }
}

function check(policyName: string, input: AllocationInput, output: unknown): Allocation {
  const fail = (what: string): never => {
    throw new PolicyError(`policy ${policyName} returned an invalid allocation: ${what}`, policyName);
  };
  let entries: [string, unknown][];
  if (output instanceof Map) {
    entries = [...output.entries()].map(([k, v]) => [String(k), v]);
  } else if (typeof output === 'object' && output !== null && !Array.isArray(output)) {
    entries = Object.entries(output);
  } else {
    return fail(
      `expected an object mapping customer ids to boards, got ${Array.isArray(output) ? 'an array' : output === null ? 'null' : typeof output}`,
    );
  }

  const open = new Map(input.customers.map((c) => [c.id, c.openBoards]));
  const problems: string[] = [];
  const given = new Map<string, number>();
  let sum = 0;
  let sumIsNumber = true;
  for (const [id, value] of entries) {
    if (!open.has(id)) {
      problems.push(`unknown customer id ${JSON.stringify(id)}`);
      continue;
    }
    const name = `customer ${JSON.stringify(id)}`;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push(`${name} gets ${describeValue(value)}, not a number of boards`);
      sumIsNumber = false;
      continue;
    }
    given.set(id, value);
    if (!Number.isInteger(value)) problems.push(`${name} gets ${value} boards, not a whole number`);
    if (value < 0) problems.push(`${name} gets ${value} boards, negative`);
    const cap = open.get(id)!;
    if (value > cap) problems.push(`${name} gets ${value} boards, over its ${cap} open boards`);
    sum += value;
  }
  if (sumIsNumber && sum > input.supply) problems.push(`the total ${sum} boards is over the supply of ${input.supply}`);
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_LISTED).join('; ');
    const more = problems.length > MAX_LISTED ? `; and ${problems.length - MAX_LISTED} more` : '';
    fail(shown + more);
  }

  const clean: Allocation = {};
  for (const id of [...open.keys()].sort(compareIds)) clean[id] = given.get(id) ?? 0;
  return clean;
}
