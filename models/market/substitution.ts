/**
 * Substitution: a customer with `alternatives` (AMD MI300, its own chip) moves part of its overdue
 * H100 orders to them. Each week, for each alternative already on sale (week ≥ fromDate): of the
 * open boards ordered more than `patienceWeeks` ago, `shareOfOverdue` moves (fractions carried to
 * later weeks), at most the alternative's supply for this customer that week. Moved boards are
 * cancelled at Nvidia (oldest lines first) and counted in `substitutedGpus`; no unit moves, so the
 * ledger is untouched. Alternatives are tried in the order the scenario lists them.
 */
import type { CustomerSpec } from '../../scenarios/schema.js';
import type { CustomerState } from '../state.js';
import { valueAt } from '../schedule.js';
import { cancelOldest } from '../customers/ordering.js';
import { weeksBetween } from '../customer-attributes.js';

/** Boards on open lines placed before `olderThan`. */
function overdueBoards(c: CustomerState, olderThan: number): number {
  let n = 0;
  for (const line of c.lines) {
    if (line.week >= olderThan) break;
    n += line.boards;
  }
  return n;
}

/** Moves this week's share of overdue orders to the alternatives; returns the GPUs moved. */
export function substitute(
  c: CustomerState,
  spec: CustomerSpec,
  startDate: string,
  week: number,
  gpusPerBoard: number,
): number {
  let moved = 0;
  spec.alternatives.forEach((alt, k) => {
    if (week < weeksBetween(startDate, alt.fromDate)) return;
    const olderThan = week - alt.patienceWeeks;
    const overdue = overdueBoards(c, olderThan);
    if (overdue === 0) return;
    const supplyBoards = Math.max(0, valueAt(alt.supplyGpusPerWeek, week)) / gpusPerBoard;
    c.substituteCarry[k]! += Math.min(alt.shareOfOverdue * overdue, supplyBoards);
    const boards = Math.min(Math.floor(c.substituteCarry[k]! + 1e-9), overdue);
    c.substituteCarry[k]! -= boards;
    if (boards > 0) moved += cancelOldest(c, boards, olderThan) * gpusPerBoard;
  });
  c.substitutedGpus += moved;
  return moved;
}
