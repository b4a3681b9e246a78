/** Builders for policy tests. */
import { expect } from 'vitest';
import {
  PolicyError,
  type AllocationInput,
  type OpenOrder,
  type PolicyCustomer,
} from '../../../models/policies/index.js';

export interface CustomerSpec {
  /** Open boards; defaults to Σ orders, or 0. */
  q?: number;
  orders?: OpenOrder[];
  tier?: number;
  weight?: number;
  history?: number;
  buildsOwnAccelerator?: boolean;
  nvidiaInvested?: boolean;
  disclosesEndUsers?: boolean;
}

export function customer(id: string, spec: CustomerSpec | number = {}): PolicyCustomer {
  const s: CustomerSpec = typeof spec === 'number' ? { q: spec } : spec;
  const orders = s.orders ?? (s.q ? [{ week: 0, boards: s.q }] : []);
  const openBoards = s.q ?? orders.reduce((t, o) => t + o.boards, 0);
  return {
    id,
    tier: s.tier ?? 0,
    weight: s.weight ?? 1,
    openBoards,
    orders,
    trailingUsedBoards: s.history ?? 0,
    deliveredBoards: s.history ?? 0,
    attributes: {
      buildsOwnAccelerator: s.buildsOwnAccelerator ?? false,
      nvidiaInvested: s.nvidiaInvested ?? false,
      disclosesEndUsers: s.disclosesEndUsers ?? false,
    },
  };
}

/** An input from `{id: spec}` (ids in the given order). */
export function input(supply: number, customers: Record<string, CustomerSpec | number>, week = 52): AllocationInput {
  return { supply, week, customers: Object.entries(customers).map(([id, s]) => customer(id, s)) };
}

/** Open boards as in the policies: q_i. */
export function openOf(i: AllocationInput): Map<string, number> {
  return new Map(i.customers.map((c) => [c.id, c.openBoards]));
}

export function sum(values: Iterable<number>): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/** The PolicyError `fn` throws (fails the test if it throws anything else or nothing). */
export function policyError(fn: () => unknown): PolicyError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return error as PolicyError;
  }
  throw new Error('expected a PolicyError');
}

/** The PolicyError `p` rejects with (fails the test otherwise). */
export async function loadError(p: Promise<unknown>): Promise<PolicyError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PolicyError);
  return error as PolicyError;
}
