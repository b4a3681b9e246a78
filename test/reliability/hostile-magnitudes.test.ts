/**
 * Hostile magnitudes (issue 18): capacities from 0 to the schema's bound, tiny epochs, runaway
 * event counts. A valid scenario runs with a bounded number of events and a finite result; an
 * invalid one is refused naming the field; a run past its event budget exits 2 with a message.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario, parseScenario } from '../../scenarios/index.js';
import { MAX_EPOCHS, MAX_MAGNITUDE } from '../../scenarios/schema.js';
import { EventBudgetError, simulate } from '../../models/simulate.js';
import { getPolicy } from '../../models/policies/index.js';
import { MAX_LOT_GROUPS } from '../../models/production.js';
import { ledgerViolations } from '../../models/ledger.js';
import { nonFiniteValues } from '../../models/invariants.js';
import { formatRunTable } from '../../ui/format/run-table.js';

const ROOT = join(import.meta.dirname, '..', '..');
const toy = (() => {
  const l = loadScenario('toy');
  if (!l.ok) throw new Error(l.error);
  return l.scenario;
})();
const toyJson = JSON.parse(readFileSync(join(ROOT, 'scenarios', 'library', 'toy.json'), 'utf8')) as Record<string, any>;

/** Every number in `value` (depth first), with its path. */
function numbers(value: unknown, path = '$', out: [string, number][] = []): [string, number][] {
  if (typeof value === 'number') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => numbers(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) numbers(v, `${path}.${k}`, out);
  return out;
}

/** toy with every stage capacity set to `cap` (wafers, stacks, interposer wafers, packages, boards). */
function withCapacity(cap: number): unknown {
  const d = structuredClone(toyJson);
  d.fab.capacityWafersPerWeek = cap;
  d.cowos.interposerWafersPerMonth = cap;
  for (const s of d.hbm.suppliers) s.capacityStacksPerWeek = cap;
  d.test.capacityPerWeek = cap;
  d.board.capacityPerWeek = cap;
  d.ship.capacityPerWeek = cap;
  return d;
}

function run(data: unknown, seed: number) {
  const parsed = parseScenario(data, 'hostile');
  if (!parsed.ok) throw new Error(parsed.error);
  return simulate(parsed.scenario, { policy: getPolicy('pro-rata')!, seed, scenarioName: 'hostile' });
}

describe('extreme but valid magnitudes', () => {
  // Per week at most MAX_LOT_GROUPS lots (lotDone + sortDone each), 7 CoWoS shifts, and a few batch
  // starts per event that releases input: a structural bound, whatever the capacity.
  const perWeekBound = 2 * MAX_LOT_GROUPS + 200;

  test('capacities from 0 to the schema bound: bounded events, finite numbers, units conserved', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(0, 1, 1e4, 1e6, MAX_MAGNITUDE), fc.integer({ min: 0, max: MAX_MAGNITUDE })),
        fc.integer({ min: 0, max: 1000 }),
        (cap, seed) => {
          const result = run(withCapacity(cap), seed);
          expect(result.events).toBeLessThanOrEqual(toy.horizonWeeks * perWeekBound);
          const bad = numbers(result).filter(([, v]) => !Number.isFinite(v));
          expect(bad).toEqual([]);
          for (const [kind, b] of Object.entries(result.units)) {
            const { created, consumed, scrapped, wip, inventory, delivered } = b;
            expect(consumed + scrapped + wip + inventory + delivered, kind).toBe(created);
            for (const v of [created, consumed, scrapped, wip, inventory, delivered])
              expect(Number.isSafeInteger(v)).toBe(true);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  test('a capacity of 1e9 needs about the events of 1e4, not 1e5 times more', () => {
    const small = run(withCapacity(1e4), 1).events;
    const huge = run(withCapacity(1e9), 1).events;
    expect(huge).toBeLessThan(3 * small + toy.horizonWeeks * 2 * MAX_LOT_GROUPS);
  });

  test('the ledger identity holds as a check of the result too', () => {
    expect(ledgerViolations(run(withCapacity(0), 3).units as never)).toEqual([]);
  });
});

describe('magnitudes the schema refuses, naming the field', () => {
  test.each([
    ['cowos capacity 1e308', (d: any) => (d.cowos.interposerWafersPerMonth = 1e308), 'cowos.interposerWafersPerMonth'],
    ['a customer need of 1e10', (d: any) => (d.customers[0].needGpusPerWeek = 1e10), 'customers[0].needGpusPerWeek'],
    ['an epoch of 1e-9 weeks', (d: any) => (d.allocation.epochWeeks = 1e-9), 'allocation.epochWeeks'],
    ['wafer lots in process 1e7', (d: any) => (d.initial.waferLotsInProcess = 1e7), 'initial.waferLotsInProcess'],
  ])('%s', (_what, mutate, path) => {
    const d = structuredClone(toyJson);
    mutate(d);
    const r = parseScenario(d, 'hostile');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(path);
  });

  test('a literal 1e309 (JSON reads Infinity) is "number too large"; a UTF-8 BOM is named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chipsim-hostile-'));
    const big = join(dir, 'big.json');
    writeFileSync(big, JSON.stringify(toyJson).replace(/"packagesPerWafer":[0-9.]+/, '"packagesPerWafer":1e309'));
    const r = loadScenario(big);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('cowos.packagesPerWafer: number too large');
    const bom = join(dir, 'bom.json');
    writeFileSync(bom, `\uFEFF${JSON.stringify(toyJson)}`);
    const b = loadScenario(bom);
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.error).toContain('byte-order mark');
  });

  test('1e308 and 1e10 past the magnitude bound are "number too large", with the bound', () => {
    const d = structuredClone(toyJson);
    d.cowos.interposerWafersPerMonth = 1e308;
    d.customers[0].needGpusPerWeek = 1e10;
    const r = parseScenario(d, 'hostile');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain('cowos.interposerWafersPerMonth: number too large: at most 1000000000, got 1e+308');
      expect(r.error).toContain('customers[0].needGpusPerWeek: number too large: at most 1000000000, got 10000000000');
    }
  });

  test('a via self-loop is named as one, not as "is itself an end user"', () => {
    const d = structuredClone(toyJson);
    d.customers[2].via = d.customers[2].id;
    const r = parseScenario(d, 'hostile');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain(`customers[2].via: a customer cannot order through itself (a self-loop`);
      expect(r.error).not.toContain('is itself an end user');
    }
  });

  test('an epoch just above the bound is accepted, one just below it refused', () => {
    const d = structuredClone(toyJson);
    d.allocation.epochWeeks = (d.horizonWeeks / MAX_EPOCHS) * 1.000001;
    expect(parseScenario(d, 'hostile').ok).toBe(true);
    d.allocation.epochWeeks = (d.horizonWeeks / MAX_EPOCHS) * 0.99;
    expect(parseScenario(d, 'hostile').ok).toBe(false);
  });
});

test('nonFiniteValues finds NaN and Infinity anywhere in a result, and nothing in a finite one', () => {
  expect(nonFiniteValues({ a: [1, { b: NaN }], c: Infinity, d: null, e: 'x' })).toEqual([
    '$.a[1].b = NaN',
    '$.c = Infinity',
  ]);
  expect(nonFiniteValues(run(withCapacity(1e4), 1))).toEqual([]);
});

describe('event budget', () => {
  test('simulate throws EventBudgetError past maxEvents, and not at the exact need', () => {
    const need = simulate(toy, { policy: getPolicy('pro-rata')!, seed: 1, scenarioName: 'toy' }).events;
    expect(() =>
      simulate(toy, { policy: getPolicy('pro-rata')!, seed: 1, scenarioName: 'toy', maxEvents: need - 1 }),
    ).toThrow(EventBudgetError);
    expect(
      simulate(toy, { policy: getPolicy('pro-rata')!, seed: 1, scenarioName: 'toy', maxEvents: need }).events,
    ).toBe(need);
  });

  test('run --max-events: exit 2, one message naming the flag, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chipsim-hostile-'));
    const out = join(dir, 'r.json');
    const scenario = join(dir, 'huge.json');
    writeFileSync(scenario, JSON.stringify(withCapacity(MAX_MAGNITUDE)));
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'chipsim.js'), 'run', scenario, '--max-events', '100', '--out', out],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--max-events');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });
});

test('validate runs the checks run does: an unknown policy in the scenario is exit 2 for both', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chipsim-hostile-'));
  const file = join(dir, 'bad-policy.json');
  const d = structuredClone(toyJson);
  d.allocation.policy = 'no-such-policy';
  writeFileSync(file, JSON.stringify(d));
  for (const command of ['validate', 'run']) {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'chipsim.js'), command, file], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status, command).toBe(2);
    expect(r.stderr, command).toContain('unknown policy "no-such-policy"');
    expect(r.stdout, command).toBe('');
  }
});

test('zero capacity: the run table shows "—" for waits and cycle times, which have no data', () => {
  const result = run(withCapacity(0), 1);
  expect(result.kpis.gpusDelivered).toBe(0);
  const line = formatRunTable(result)
    .split('\n')
    .find((l) => l.startsWith('GPUs delivered'))!;
  expect(line).toContain('mean wait — (p95 —)');
  expect(line).toContain('median —');
  expect(line).not.toMatch(/NaN|Infinity/);
});
