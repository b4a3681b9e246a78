/**
 * The package as a user gets it: `npm pack` (which builds), install the tarball into a scratch folder
 * (--prefer-offline: dependencies from the npm cache where it has them; npm ci caches tarballs but
 * not always their registry metadata, so a strict --offline can fail), then the CLI through npx and a TypeScript script of the
 * library API, type-checked by tsc against the shipped .d.ts and run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const scratch = mkdtempSync(join(tmpdir(), 'chipsim-pack-'));
const app = join(scratch, 'app');
let tarball = '';

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: 'true' },
  });

beforeAll(() => {
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', scratch], ROOT)) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarball = join(scratch, packed[0]!.filename);
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], app);
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('the tarball ships what runs: dist, bin, README, LICENSE; no sources or tests', () => {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
  expect(files).toContain('package/dist/ui/api.js');
  expect(files).toContain('package/dist/ui/api.d.ts');
  expect(files).toContain('package/dist/scenarios/library/toy.json');
  expect(files).toContain('package/bin/chipsim.js');
  expect(files).toContain('package/LICENSE');
  expect(files.filter((f) => f.startsWith('package/test/') || /\.tsx?$/.test(f.replace(/\.d\.ts$/, '')))).toEqual([]);
});

test('npx chipsim run toy works from the installed package', () => {
  const r = spawnSync('npx', ['--no-install', 'chipsim', 'run', 'toy', '--format', 'json'], {
    cwd: app,
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const result = JSON.parse(r.stdout) as { scenario: string; events: number };
  expect(result.scenario).toBe('toy');
  expect(result.events).toBeGreaterThan(0);
});

test('a TypeScript script of the API type-checks and runs (simulate, compare on 2 workers)', () => {
  writeFileSync(
    join(app, 'main.ts'),
    `import { loadScenario, simulate, compare, policyNames, type RunResult, type ComparisonResult } from 'chipsim';
const loaded = loadScenario('toy');
if (!loaded.ok) throw new Error(loaded.error);
const run: RunResult = await simulate(loaded.scenario, { policy: 'favoured', seed: 3 });
const cmp: ComparisonResult = await compare(loaded.scenario, { policies: ['pro-rata', 'favoured'], reps: 4, seed: 1, workers: 2 });
// @ts-expect-error: reps is required
void compare(loaded.scenario, { policies: ['pro-rata'], seed: 1 });
console.log(JSON.stringify({ policy: run.policy, fill: run.kpis.fillRate, reps: cmp.reps, policies: cmp.policies.map((p) => p.policy), names: policyNames().length }));
`,
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        outDir: 'out',
        // The .d.ts name Node types (URL, AbortSignal): a Node user has @types/node; borrow ours.
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules/@types')],
        skipLibCheck: false,
        lib: ['ES2023', 'DOM'],
      },
      files: ['main.ts'],
    }),
  );
  const tsc = spawnSync(process.execPath, [TSC, '-p', '.'], { cwd: app, encoding: 'utf8' });
  expect(tsc.stdout + tsc.stderr).toBe('');
  const r = spawnSync(process.execPath, ['out/main.js'], { cwd: app, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout) as { policy: string; fill: number; reps: number; policies: string[]; names: number };
  expect(out).toMatchObject({ policy: 'favoured', reps: 4, policies: ['pro-rata', 'favoured'] });
  expect(out.fill).toBeGreaterThan(0);
  expect(out.names).toBeGreaterThan(2);
  expect(readdirSync(app)).not.toContain('.chipsim');
});
