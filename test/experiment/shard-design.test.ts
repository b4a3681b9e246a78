/**
 * `--shard K/N` on the multi-point experiments (sweep, sensitivity) and `chipsim merge` of their
 * parts: the merged output equals the unsharded run's apart from meta.command; parts of another
 * experiment, missing and duplicated tasks are refused, named. Real model, on the toy scenario
 * (with two uncertainty ranges added for sensitivity), few replications.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { UserError } from '../../ui/cli/errors.js';
import { runMerge } from '../../ui/cli/merge-command.js';
import { parseSensitivityOptions, runSensitivity } from '../../ui/cli/sensitivity-command.js';
import { parseSweepOptions, runSweep } from '../../ui/cli/sweep-command.js';
import { Capture, tempDir } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));
const TOY = fileURLToPath(new URL('../../scenarios/library/toy.json', import.meta.url));

/** The toy scenario with two uncertainty ranges, written into `dir`. */
function uncertainToy(dir: string): string {
  const scenario = JSON.parse(readFileSync(TOY, 'utf8')) as Record<string, unknown>;
  delete scenario.$schema;
  scenario.uncertainty = {
    '/fab/dieYield': { low: 0.6, high: 0.9, source: 'A1' },
    '/cowos/yield': { low: 0.85, high: 0.99, source: 'A1' },
  };
  const path = join(dir, 'toy-uncertain.json');
  writeFileSync(path, JSON.stringify(scenario));
  return path;
}

const quiet = { quiet: true, workers: '1', checkpoint: false as const };
const deps = (dir: string, stdout = new Capture()) => ({ cwd: dir, stdout, command: 'run' });
const sweepRaw = {
  policies: 'pro-rata,favoured',
  set: ['/fab/dieYield=0.6,0.8', '/customers/0/needGpusPerWeek=100,200'],
  reps: '3',
  seed: '4',
};
const sensitivityRaw = { policies: 'pro-rata,favoured', metric: 'diff:fillRate', reps: '3', seed: '4' };

type Kind = 'sweep' | 'sensitivity';

async function run(kind: Kind, dir: string, raw: Record<string, unknown>, scenario: string): Promise<void> {
  if (kind === 'sweep') await runSweep(parseSweepOptions(scenario, { ...quiet, ...sweepRaw, ...raw }), deps(dir));
  else await runSensitivity(parseSensitivityOptions(scenario, { ...quiet, ...sensitivityRaw, ...raw }), deps(dir));
}

async function parts(kind: Kind, dir: string, n: number, scenario: string, raw = {}): Promise<string[]> {
  const paths: string[] = [];
  for (let k = 1; k <= n; k++) {
    const out = join(dir, `${kind}-${k}-of-${n}.jsonl`);
    await run(kind, dir, { ...raw, shard: `${k}/${n}`, out }, scenario);
    paths.push(out);
  }
  return paths;
}

const withoutCommand = (text: string) => text.replace(/"command": ".*"/, '').replace(/^# .*\n/, '');

async function mergeError(paths: string[]): Promise<string> {
  try {
    await runMerge(paths, { format: 'json' }, { stdout: new Capture(), command: 'chipsim merge' });
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  throw new Error('expected merge to fail');
}

describe.each(['sweep', 'sensitivity'] as const)('%s --shard K/N and merge', (kind) => {
  const scenarioFor = (dir: string) => (kind === 'sweep' ? 'toy' : uncertainToy(dir));

  test.each([1, 3])(
    '%i shard(s), merged in any order == the unsharded run (json and csv)',
    async (n) => {
      const dir = tempDir();
      const scenario = scenarioFor(dir);
      await run(kind, dir, { out: join(dir, 'full.json') }, scenario);
      await run(kind, dir, { out: join(dir, 'full.csv') }, scenario);
      const paths = await parts(kind, dir, n, scenario);
      const full = readFileSync(join(dir, 'full.json'), 'utf8');
      const stdout = new Capture();
      await runMerge([...paths].reverse(), { format: 'json' }, { stdout, command: 'chipsim merge …', cwd: dir });
      expect(JSON.parse(stdout.text).meta.command).toBe('chipsim merge …');
      expect(withoutCommand(stdout.text)).toBe(withoutCommand(full));
      await runMerge(paths, { out: join(dir, 'merged.csv') }, { command: 'chipsim merge …', cwd: dir });
      const csv = readFileSync(join(dir, 'merged.csv'), 'utf8');
      expect(csv.split('\n').length).toBeGreaterThan(10);
      expect(withoutCommand(csv)).toBe(withoutCommand(readFileSync(join(dir, 'full.csv'), 'utf8')));
    },
    60_000,
  );

  test('missing and duplicated tasks are named; so are parts of another experiment', async () => {
    const dir = tempDir();
    const scenario = scenarioFor(dir);
    const three = await parts(kind, dir, 3, scenario);
    expect(await mergeError([three[0]!, three[2]!])).toMatch(
      /task\(s\) are missing: .*\(shard 2\/3 of the parts' split\)/,
    );
    expect(await mergeError([...three, three[1]!])).toMatch(/appear in more than one part: .* \(.*-2-of-3\.jsonl and/);
    const otherSeed = join(dir, 'other-seed.jsonl');
    await run(kind, dir, { seed: '5', shard: '2/3', out: otherSeed }, scenario);
    expect(await mergeError([three[0]!, otherSeed, three[2]!])).toContain('--seed 5, not 4');
    const otherMetric = join(dir, 'other-metric.jsonl');
    await run(kind, dir, { metric: 'fillRate:bigcloud', shard: '2/3', out: otherMetric }, scenario);
    expect(await mergeError([three[0]!, otherMetric, three[2]!])).toMatch(/another experiment .*options/);
  }, 60_000);
});

test('sensitivity --method morris: 2 shards merged == the unsharded table', async () => {
  const dir = tempDir();
  const scenario = uncertainToy(dir);
  const raw = { method: 'morris', samples: '2' };
  const full = new Capture();
  await runSensitivity(parseSensitivityOptions(scenario, { ...quiet, ...sensitivityRaw, ...raw }), deps(dir, full));
  const paths = await parts('sensitivity', dir, 2, scenario, raw);
  const merged = new Capture();
  await runMerge(paths, {}, { stdout: merged, command: 'chipsim merge', cwd: dir });
  expect(full.text).toContain('μ*');
  expect(merged.text).toBe(full.text);
}, 60_000);

describe('merge refuses mixed commands and altered parts', () => {
  test('a compare part with a sweep part; a part whose stored scenario was changed', async () => {
    const dir = tempDir();
    const [sweepPart, secondPart] = await parts('sweep', dir, 2, 'toy', { set: ['/fab/dieYield=0.7'] });
    const compareArgs = ['compare', 'toy', '--policies', 'pro-rata,favoured', '--reps', '3', '--seed', '4'];
    const c = spawnSync(process.execPath, [BIN, ...compareArgs, '--shard', '2/2', '--out', 'c.jsonl', '--quiet'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(c.status, c.stderr).toBe(0);
    const mixed = spawnSync(process.execPath, [BIN, 'merge', sweepPart!, 'c.jsonl'], { cwd: dir, encoding: 'utf8' });
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toContain('c.jsonl is a part of another experiment');
    expect(mixed.stderr).not.toContain('    at ');

    const lines = readFileSync(sweepPart!, 'utf8').split('\n');
    const header = JSON.parse(lines[0]!) as { view: { scenario: { horizonWeeks: number } } };
    header.view.scenario.horizonWeeks += 1;
    const altered = join(dir, 'altered.jsonl');
    writeFileSync(altered, [JSON.stringify(header), ...lines.slice(1)].join('\n'));
    expect(await mergeError([altered, secondPart!])).toContain('does not match its hash');
    expect(await mergeError([secondPart!, altered])).toContain('does not match its hash');
  }, 60_000);

  test('--shard on sweep: --format is refused (chosen at merge), --out is required, --queue cannot join it', () => {
    const sweep = ['sweep', 'toy', '--policies', 'pro-rata,favoured', '--set', '/fab/dieYield=0.7', '--reps', '2'];
    for (const [extra, words] of [
      [['--shard', '1/2', '--out', 'p.jsonl', '--format', 'json'], 'choose the --format when you `chipsim merge`'],
      [['--shard', '1/2'], '--shard needs --out FILE'],
      [['--shard', '1/2', '--out', 'p.jsonl', '--queue', 'redis://127.0.0.1:1'], '--shard and --queue cannot'],
      [['--shard', '3/2', '--out', 'p.jsonl'], '--shard must be K/N'],
    ] as const) {
      const r = spawnSync(process.execPath, [BIN, ...sweep, ...extra], { cwd: tempDir(), encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(words);
    }
  }, 60_000);
});
