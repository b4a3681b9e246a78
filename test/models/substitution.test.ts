/** Substitution: overdue H100 orders move to an alternative after its patience, up to its supply, from its date. */
import { describe, expect, test } from 'vitest';
import { substitute } from '../../models/market/substitution.js';
import type { CustomerState } from '../../models/state.js';
import type { CustomerSpec } from '../../scenarios/schema.js';
import { parseScenario } from '../../scenarios/loader.js';
import { readFileSync } from 'node:fs';

const START = '2023-01-02';
function buyer(lines: { week: number; boards: number }[]): CustomerState {
  const open = lines.reduce((s, l) => s + l.boards, 0);
  return {
    lines: lines.map((l) => ({ ...l })),
    openBoards: open,
    cancelledBoards: 0,
    substitutedGpus: 0,
    substituteCarry: [0],
  } as unknown as CustomerState;
}
const spec = (alt: Partial<CustomerSpec['alternatives'][number]>) =>
  ({
    alternatives: [
      { id: 'mi300', fromDate: START, supplyGpusPerWeek: 1000, patienceWeeks: 4, shareOfOverdue: 0.5, ...alt },
    ],
  }) as CustomerSpec;

describe('substitute', () => {
  test('half of the overdue boards move, oldest first; young lines stay', () => {
    const c = buyer([
      { week: 0, boards: 6 },
      { week: 1, boards: 4 },
      { week: 9, boards: 5 },
    ]);
    // week 10, patience 4: lines of weeks 0 and 1 are overdue (10 boards) → 5 move
    expect(substitute(c, spec({}), START, 10, 8)).toBe(40);
    expect(c.lines).toEqual([
      { week: 0, boards: 1 },
      { week: 1, boards: 4 },
      { week: 9, boards: 5 },
    ]);
    expect(c.openBoards).toBe(10);
    expect(c.cancelledBoards).toBe(5);
    expect(c.substitutedGpus).toBe(40);
  });
  test('capped by the alternative’s supply that week (16 GPUs = 2 boards)', () => {
    const c = buyer([{ week: 0, boards: 10 }]);
    expect(substitute(c, spec({ supplyGpusPerWeek: 16, shareOfOverdue: 1 }), START, 10, 8)).toBe(16);
  });
  test('nothing before its date, nothing within the patience', () => {
    const c = buyer([{ week: 0, boards: 10 }]);
    expect(substitute(c, spec({ fromDate: '2023-06-05' }), START, 10, 8)).toBe(0);
    expect(substitute(c, spec({ patienceWeeks: 20 }), START, 10, 8)).toBe(0);
    expect(c.openBoards).toBe(10);
  });
  test('fractions carry: a share of 0.25 of 2 overdue boards moves one board every second week', () => {
    const c = buyer(
      [
        { week: 0, boards: 2 },
        { week: 0, boards: 100 },
      ].slice(0, 1),
    );
    const s = spec({ shareOfOverdue: 0.25 });
    expect(substitute(c, s, START, 10, 8)).toBe(0);
    expect(substitute(c, s, START, 11, 8)).toBe(8);
  });
});

test('bad alternative data names the field path', () => {
  const toy = JSON.parse(readFileSync('scenarios/library/toy.json', 'utf8'));
  toy.customers[1].alternatives = [
    { id: 'mi300', fromDate: '2023-10-01', supplyGpusPerWeek: 10, patienceWeeks: 4, shareOfOverdue: 2 },
  ];
  const r = parseScenario(toy, 'toy');
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error).toContain('customers[1].alternatives[0].shareOfOverdue');
});
