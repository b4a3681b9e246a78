/**
 * The observed allocation `fit` reproduces, and the total-variation distance to it.
 *
 * Target file: `{ "period": { "fromWeek": 0, "toWeek": 52 }, "units": { "<customer id>": n, … } }`
 * or with `"shares"` instead of `"units"`. Only the customers named in the target count: both the
 * target and the simulated allocation are turned into shares over those customers, so the distance
 * compares how the same set of buyers split what they got, whatever else the run shipped.
 */
import { z } from 'zod';

export const allocationTargetSchema = z
  .object({
    period: z
      .object({
        fromWeek: z.number().min(0).describe('First week of the period (inclusive)'),
        toWeek: z.number().min(0).describe('End of the period (exclusive), weeks since the scenario start'),
      })
      .strict()
      .refine((p) => p.fromWeek < p.toWeek, { message: 'expected fromWeek < toWeek', path: ['toWeek'] }),
    units: z.record(z.string(), z.number().min(0)).optional().describe('GPUs received per customer id'),
    shares: z.record(z.string(), z.number().min(0)).optional().describe('Share of GPUs per customer id'),
    source: z.string().optional().describe('Where the numbers come from'),
  })
  .strict()
  .refine((t) => (t.units === undefined) !== (t.shares === undefined), {
    message: 'give exactly one of "units" or "shares"',
    path: ['units'],
  });

export type AllocationTarget = z.output<typeof allocationTargetSchema>;

export type TargetResult = { ok: true; target: AllocationTarget } | { ok: false; error: string };

/**
 * Validates a parsed target file against the scenario's customer ids; the error names the field
 * (`units.<id>`, `period.toWeek`, …). The amounts must not all be zero.
 */
export function parseAllocationTarget(data: unknown, customerIds: readonly string[], label: string): TargetResult {
  const parsed = allocationTargetSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
    return { ok: false, error: `${label}: ${path}: ${issue.message}` };
  }
  const field = parsed.data.units !== undefined ? 'units' : 'shares';
  const amounts = targetAmounts(parsed.data);
  const known = new Set(customerIds);
  for (const id of Object.keys(amounts))
    if (!known.has(id))
      return { ok: false, error: `${label}: ${field}.${id}: no customer with this id in the scenario` };
  if (Object.values(amounts).every((v) => v === 0))
    return { ok: false, error: `${label}: ${field}: at least one amount must be positive` };
  return { ok: true, target: parsed.data };
}

function targetAmounts(target: AllocationTarget): Record<string, number> {
  return (target.units ?? target.shares)!;
}

/** Amounts per customer turned into shares over `ids` (missing ids count 0; all zero → all 0). */
export function sharesOver(amounts: Readonly<Record<string, number>>, ids: readonly string[]): number[] {
  const values = ids.map((id) => amounts[id] ?? 0);
  const total = values.reduce((a, b) => a + b, 0);
  return total > 0 ? values.map((v) => v / total) : values.map(() => 0);
}

/** Total-variation distance ½ Σ |p_i − q_i| between two share vectors over the same customers; in [0, 1]. */
export function totalVariation(p: readonly number[], q: readonly number[]): number {
  if (p.length !== q.length) throw new RangeError(`total variation: ${p.length} vs ${q.length} shares`);
  let s = 0;
  for (let i = 0; i < p.length; i++) s += Math.abs(p[i]! - q[i]!);
  return s / 2;
}

/**
 * Distance between a simulated allocation (units per customer id over the target's period) and the
 * target, over the target's customers only. A run that delivered nothing to them is at distance
 * ½ Σ target shares = ½ (all its shares 0): not a minimum, so the optimiser moves away from it.
 */
export function allocationDistance(simulatedUnits: Readonly<Record<string, number>>, target: AllocationTarget): number {
  const amounts = targetAmounts(target);
  const ids = Object.keys(amounts).sort();
  return totalVariation(sharesOver(simulatedUnits, ids), sharesOver(amounts, ids));
}
