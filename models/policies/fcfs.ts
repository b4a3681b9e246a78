/**
 * fcfs — first come, first served (Nvidia's stated rule, DOMAIN.md B4).
 *   All customers' open order lines are queued by order week (oldest first; equal weeks by customer
 *   id, then by the line's place in that customer's list) and filled in that order; the line where
 *   supply runs out is filled in part. a_i = Σ of what customer i's lines received.
 * Orders vs openBoards: a customer's lines are counted only up to its openBoards (oldest lines
 * first); open boards not covered by any line queue as one line placed at the current week.
 * Σ a = min(K, Σ q).
 */
import { compareIds } from './rounding.js';
import { prepare, wholeBoards, zeros } from './common.js';
import type { Allocation, AllocationInput, PolicyDefinition } from './types.js';

interface Line {
  readonly id: string;
  readonly week: number;
  readonly index: number;
  readonly boards: number;
}

/** A customer's open lines, oldest first, trimmed or topped up so they sum to `q`. */
export function linesOf(
  id: string,
  q: number,
  orders: readonly { week: number; boards: number }[],
  now: number,
): Line[] {
  const lines = orders
    .map((o, index) => ({ id, index, week: Number.isFinite(o.week) ? o.week : now, boards: wholeBoards(o.boards) }))
    .sort((a, b) => a.week - b.week || a.index - b.index);
  const out: Line[] = [];
  let left = q;
  for (const line of lines) {
    const boards = Math.min(line.boards, left);
    if (boards > 0) out.push({ ...line, boards });
    left -= boards;
  }
  if (left > 0) out.push({ id, index: orders.length, week: Number.isFinite(now) ? now : 0, boards: left });
  return out;
}

export function fcfs(input: AllocationInput): Allocation {
  const p = prepare(input);
  const out = zeros(p);
  const queue = p.customers
    .flatMap((c) => linesOf(c.id, c.q, c.customer.orders, input.week))
    .sort((a, b) => a.week - b.week || compareIds(a.id, b.id) || a.index - b.index);
  let left = p.supply;
  for (const line of queue) {
    if (left <= 0) break;
    const boards = Math.min(line.boards, left);
    out[line.id] = (out[line.id] ?? 0) + boards;
    left -= boards;
  }
  return out;
}

export const fcfsPolicy: PolicyDefinition = {
  name: 'fcfs',
  description: 'first come, first served: oldest open order line first, across all customers',
  allocate: fcfs,
  rewardsInflation: true,
  rewardsSales: false,
};
