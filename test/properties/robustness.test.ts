/**
 * Robustness of scenario input (issue 7): arbitrary JSON and mutated valid scenarios (a field
 * dropped, a value of the wrong type, a negative number, an unknown key, a bad id reference, any JSON
 * value anywhere) fed to the loader never throw: the answer is a scenario, or an error whose every
 * line names a field path — and for a mutation that must be rejected, a path on the way to the
 * mutated field. Then a handful of such files through the real CLI (`chipsim validate FILE`): exit 0
 * or exit 2 with the path on stderr, never a stack trace, and always the loader's verdict.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { parseScenario, loadScenario } from '../../scenarios/loader.js';
import { scenarioInputArb } from '../support/arbitraries.js';
import { PATH_SYNTAX, formatPath, mutationArb, reportedPaths, type Mutation } from '../support/mutations.js';
import { propParams, runs } from '../support/params.js';

/** The loader's answer, checked for shape: never throws; an error lists ≥ 1 well-formed path. */
function verdict(input: unknown): { ok: true } | { ok: false; paths: string[]; error: string } {
  const r = parseScenario(input, 'input.json');
  if (r.ok) return { ok: true };
  expect(r.error.startsWith('input.json is not a valid scenario:\n'), r.error).toBe(true);
  const paths = reportedPaths(r.error);
  const lines = r.error.split('\n').slice(1);
  expect(paths.length, r.error).toBeGreaterThan(0);
  expect(paths.length, `every line names a path:\n${r.error}`).toBe(lines.filter((l) => l.startsWith('  ✖ ')).length);
  for (const p of paths) expect(p, r.error).toMatch(PATH_SYNTAX);
  return { ok: false, paths, error: r.error };
}

/** The mutated path and every path above it, as the loader prints them. */
function pathsAbove(m: Mutation): Set<string> {
  const out = new Set<string>();
  for (let n = m.path.length; n >= 1; n--) out.add(formatPath(m.path.slice(0, n)));
  if (m.path.length === 1) out.add('(root)');
  return out;
}

describe('robustness of the scenario loader', () => {
  test.prop([fc.jsonValue()], propParams(runs(0.5)))(
    'arbitrary JSON never throws: a scenario or field paths',
    (value) => {
      verdict(value);
    },
  );

  test.prop([scenarioInputArb, fc.jsonValue({ maxDepth: 3 })], propParams(runs(0.1)))(
    'a valid scenario with arbitrary JSON under an unknown top-level key is rejected at (root)',
    (input, junk) => {
      const v = verdict({ ...input, extraField: junk });
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.paths).toContain('(root)');
    },
  );

  test.prop([mutationArb], propParams(runs(1)))(
    'mutated valid scenarios never throw; the rejected ones name the mutated path (or one above it)',
    (m) => {
      const v = verdict(m.input);
      if (m.expect === 'pass') expect(v.ok ? 'ok' : v.error, m.note).toBe('ok');
      if (m.expect === 'fail') {
        expect(v.ok, `${m.kind}: ${m.note} was accepted`).toBe(false);
        if (!v.ok) {
          const above = pathsAbove(m);
          expect(
            v.paths.some((p) => above.has(p)),
            `${m.note}: reported ${v.paths.join(', ')}`,
          ).toBe(true);
        }
      }
    },
  );
});

// ---------------------------------------------------------------- the CLI

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'chipsim.js');

function validate(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'validate', file], { cwd: ROOT, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('chipsim validate FILE (robustness through the real CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chipsim-robust-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // A fixed sample (seed 7) of each kind, so the handful of spawns is the same every run.
  const mutated = fc.sample(mutationArb, { seed: 7, numRuns: 60 });
  const kinds = ['drop', 'wrongType', 'negative', 'unknownKey', 'badReference', 'anyValue'] as const;
  const files: { name: string; text: string }[] = [
    { name: 'valid-generated.json', text: JSON.stringify(fc.sample(scenarioInputArb, { seed: 7, numRuns: 1 })[0]) },
    ...kinds.map((k) => {
      const m = mutated.find((x) => x.kind === k)!;
      return { name: `mutated-${k}.json`, text: JSON.stringify(m.input) };
    }),
    { name: 'json-number.json', text: '3' },
    { name: 'json-array.json', text: JSON.stringify(fc.sample(fc.jsonValue(), { seed: 7, numRuns: 5 })) },
    { name: 'truncated.json', text: '{"name": "x", "customers": [' },
  ];
  for (const f of files) writeFileSync(join(dir, f.name), f.text);

  it('exits 0 (valid) or 2 (invalid: field paths on stderr), never a stack trace, agreeing with the loader', async () => {
    const outcomes = await Promise.all(files.map(async (f) => ({ f, out: await validate(join(dir, f.name)) })));
    outcomes.push({ f: { name: 'missing.json', text: '' }, out: await validate(join(dir, 'missing.json')) });
    for (const { f, out } of outcomes) {
      const label = `${f.name}: exit ${out.code}\n${out.stderr}`;
      expect(out.stderr + out.stdout, label).not.toContain('    at ');
      expect([0, 2], label).toContain(out.code);
      const loaded = loadScenario(join(dir, f.name));
      expect(out.code, label).toBe(loaded.ok ? 0 : 2);
      if (out.code === 2) {
        expect(out.stderr.length, label).toBeGreaterThan(0);
        if (!loaded.ok && loaded.error.includes('is not a valid scenario')) {
          // Every path the loader reports appears on stderr.
          for (const p of reportedPaths(loaded.error)) expect(out.stderr, label).toContain(`✖ ${p}: `);
        }
      }
    }
    expect(outcomes.filter((o) => o.out.code === 0).length, 'the valid file passes').toBeGreaterThanOrEqual(1);
  }, 120_000);
});
