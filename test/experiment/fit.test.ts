/**
 * `fit`: the weighted family at equal weights is pro-rata to the bit, the fitted distance is never
 * above pro-rata's, a target the family can reach is approached, the result is the same for any
 * --workers, and bad target files exit 2 naming the field.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { runFit, type FitResult } from '../../models/optimise/fit.js';
import { parseAllocationTarget, type AllocationTarget } from '../../models/optimise/distance.js';
import { familyPolicy, factorsAt, EQUAL_WEIGHTS_X, xOf } from '../../models/optimise/weighted-family.js';
import { FAVOURED_FACTORS, favoured, proRata, type AllocationInput } from '../../models/policies/index.js';
import { loadScenario, type Scenario } from '../../scenarios/index.js';
import { parseFitOptions, runFitCommand } from '../../ui/cli/fit-command.js';
import { Capture, tempDir } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));

function toy(): Scenario {
  const loaded = loadScenario('toy');
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.scenario;
}

const target = (shares: Record<string, number>): AllocationTarget => {
  const parsed = parseAllocationTarget({ period: { fromWeek: 0, toWeek: 26 }, shares }, Object.keys(shares), 't');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.target;
};

const fit = (t: AllocationTarget, workers: number, maxEvaluations = 30) =>
  runFit(
    { scenario: 'toy', target: t, family: 'weighted', reps: 3, seed: 5, workers, maxEvaluations, command: 'test' },
    toy(),
    'toy',
  ).then((o) => {
    if (!o.ok) throw new Error(o.error.message);
    return o.value.result;
  });

const baseline = (r: FitResult, policy: string) => r.baselines.find((b) => b.policy === policy)!;

describe('the weighted family', () => {
  const input: AllocationInput = {
    supply: 97,
    week: 10,
    customers: ['a', 'b', 'c'].map((id, i) => ({
      id,
      tier: 0,
      weight: 1,
      openBoards: 40 + 13 * i,
      orders: [],
      trailingUsedBoards: 0,
      deliveredBoards: 100 * i,
      attributes: { buildsOwnAccelerator: i === 0, nvidiaInvested: i === 1, disclosesEndUsers: i > 0 },
    })),
  };
  test('equal weights is pro-rata itself; the default factors are favoured', () => {
    expect(familyPolicy(factorsAt(EQUAL_WEIGHTS_X)).allocate).toBe(proRata);
    expect(familyPolicy(factorsAt(xOf(FAVOURED_FACTORS))).allocate(input)).toEqual(favoured(input));
    expect(familyPolicy(factorsAt(xOf(FAVOURED_FACTORS))).allocate(input)).not.toEqual(proRata(input));
  });
});

describe('runFit on toy', () => {
  test('never above pro-rata; approaches a reachable target; the same for 1 and 2 workers', async () => {
    // toy's neocloud is Nvidia-invested and discloses: a target favouring it is inside the family
    const t = target({ bigcloud: 0.3, neocloud: 0.5, startup: 0.2 });
    const one = await fit(t, 1);
    const two = await fit(t, 2);
    expect({ ...two, meta: { ...two.meta, command: '' } }).toEqual({ ...one, meta: { ...one.meta, command: '' } });
    expect(one.distance).toBeLessThanOrEqual(baseline(one, 'pro-rata').distance);
    expect(one.distance).toBeLessThan(baseline(one, 'pro-rata').distance / 4);
    expect(one.params.nvidiaInvested! * one.params.disclosesEndUsers!).toBeGreaterThan(1);
    expect(one.ci95![0]).toBeLessThanOrEqual(one.distance);
    expect(baseline(one, 'priority').ci95).toHaveLength(2);
  }, 60_000);

  test('with only the start simplex, or an even-split target, the fit is no worse than pro-rata (it starts there, keeps its best)', async () => {
    const proRataRun = await fit(target({ bigcloud: 0.3, neocloud: 0.5, startup: 0.2 }), 1, 1);
    // budget 1: only the start simplex is evaluated; its best vertex is at most the start = pro-rata
    expect(proRataRun.distance).toBeLessThanOrEqual(baseline(proRataRun, 'pro-rata').distance);
    const equal = await runFit(
      {
        scenario: 'toy',
        target: target({ bigcloud: 1, neocloud: 1, startup: 1 }),
        family: 'weighted',
        reps: 3,
        seed: 5,
        workers: 1,
        maxEvaluations: 20,
        command: 'test',
      },
      toy(),
      'toy',
    );
    if (!equal.ok) throw new Error(equal.error.message);
    expect(equal.value.result.distance).toBeLessThanOrEqual(baseline(equal.value.result, 'pro-rata').distance);
  }, 60_000);
});

describe('chipsim fit: bad targets exit 2 naming the field', () => {
  const dir = tempDir('chipsim-fit-');
  const write = (name: string, body: unknown) => {
    const p = join(dir, name);
    writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
    return p;
  };
  const run = (file: string) =>
    spawnSync(process.execPath, [BIN, 'fit', 'toy', '--target', file, '--reps', '2', '--quiet'], {
      cwd: dir,
      encoding: 'utf8',
    });
  const period = { fromWeek: 0, toWeek: 26 };
  test.each([
    ['unknown customer', { period, units: { bigcloud: 1, nobody: 2 } }, /units\.nobody: no customer with this id/],
    [
      'period past the horizon',
      { period: { fromWeek: 0, toWeek: 99 }, units: { bigcloud: 1 } },
      /period\.toWeek: 99 is past/,
    ],
    [
      'reversed period',
      { period: { fromWeek: 9, toWeek: 3 }, units: { bigcloud: 1 } },
      /period\.toWeek: expected fromWeek < toWeek/,
    ],
    [
      'fractional week',
      { period: { fromWeek: 0.5, toWeek: 3 }, units: { bigcloud: 1 } },
      /period\.fromWeek: expected a whole week/,
    ],
    ['both units and shares', { period, units: { bigcloud: 1 }, shares: { bigcloud: 1 } }, /units: give exactly one/],
    ['negative amount', { period, shares: { bigcloud: -1 } }, /shares\.bigcloud: /],
    ['not JSON', '{ nope', /not valid JSON/],
  ])('%s', (name, body, message) => {
    const r = run(write(`${name.replace(/ /g, '-')}.json`, body));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });
  test('a missing file and a missing --target', () => {
    const r = run(join(dir, 'absent.json'));
    expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(/--target .*absent\.json: no such file/)]);
    const none = spawnSync(process.execPath, [BIN, 'fit', 'toy'], { cwd: dir, encoding: 'utf8' });
    expect([none.status, none.stderr]).toEqual([2, expect.stringMatching(/--target FILE is required/)]);
  });
});

describe('chipsim fit: progress on a terminal only', () => {
  const dir = tempDir('chipsim-fit-bar-');
  const file = join(dir, 't.json');
  writeFileSync(file, JSON.stringify({ period: { fromWeek: 0, toWeek: 26 }, shares: { bigcloud: 1, neocloud: 1 } }));
  const run = async (isTTY: boolean) => {
    const stderr = Object.assign(new Capture(), { isTTY });
    const stdout = new Capture();
    const settings = parseFitOptions('toy', { target: file, reps: '2', workers: '1', maxEvaluations: '7' });
    await runFitCommand(settings, { stdout, stderr: stderr as never, cwd: dir, command: 'chipsim fit toy' });
    return { stderr: stderr.text, stdout: stdout.text };
  };
  test('a bar on a TTY, nothing when piped; the table names the fitted family and every baseline', async () => {
    const tty = await run(true);
    expect(tty.stderr).toMatch(/\[█+░*\] [\d,]+\/[\d,]+ runs/);
    const piped = await run(false);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toBe(tty.stdout);
    for (const row of ['weighted (fitted)', 'pro-rata', 'priority', 'favoured', 'nvidiaInvested', 'pastVolume'])
      expect(piped.stdout).toContain(row);
  }, 60_000);
});
