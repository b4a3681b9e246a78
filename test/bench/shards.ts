/**
 * Benchmark of sharding: the unsharded `chipsim compare` against the same experiment as N shards
 * run one after another (N = 1, 2, 4) plus `chipsim merge`, whole commands, same run. Ratios:
 * shards+merge / unsharded (what splitting costs: N process starts and the merge) and merge alone /
 * unsharded; and a check that every merged output equals the unsharded one apart from meta.command.
 *
 *   node bin/run-ts.js test/bench/shards.ts [--reps 200] [--scenario h100-2023] [--shards 1,2,4] [--json]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const reps = flag('reps', '200');
const scenario = flag('scenario', 'h100-2023');
const shardCounts = flag('shards', '1,2,4').split(',').map(Number);
const bin = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'chipsim-bench-shards-'));
const common = ['compare', scenario, '--policies', 'pro-rata,favoured', '--reps', reps, '--workers', '1', '--quiet'];

function timed(argv: string[]): number {
  const t0 = performance.now();
  const p = spawnSync(process.execPath, [bin, ...argv], { cwd: dir, encoding: 'utf8' });
  if (p.status !== 0) throw new Error(`chipsim ${argv.join(' ')} failed: ${p.stderr}`);
  return (performance.now() - t0) / 1000;
}
const withoutCommand = (path: string) => readFileSync(path, 'utf8').replace(/"command": ".*"/, '');

const base = timed([...common, '--format', 'json', '--out', 'full.json']);
const rows = shardCounts.map((n) => {
  let shards = 0;
  const parts: string[] = [];
  for (let k = 1; k <= n; k++) {
    parts.push(`p${n}-${k}.jsonl`);
    shards += timed([...common, '--shard', `${k}/${n}`, '--out', parts[k - 1]!]);
  }
  const merge = timed(['merge', ...parts, '--format', 'json', '--out', `merged-${n}.json`]);
  return {
    shards: n,
    shards_s: shards,
    merge_s: merge,
    total_vs_unsharded: (shards + merge) / base,
    merge_vs_unsharded: merge / base,
    identical: withoutCommand(join(dir, `merged-${n}.json`)) === withoutCommand(join(dir, 'full.json')),
  };
});
rmSync(dir, { recursive: true, force: true });
if (!args.includes('--json')) {
  console.log(`unsharded: ${base.toFixed(2)} s (${reps} reps × 2 policies of ${scenario}, 1 worker)`);
  for (const r of rows)
    console.log(
      `${r.shards} shard(s) in turn ${r.shards_s.toFixed(2)} s + merge ${r.merge_s.toFixed(2)} s = ` +
        `${r.total_vs_unsharded.toFixed(2)}× unsharded (merge ${r.merge_vs_unsharded.toFixed(3)}×), identical: ${r.identical}`,
    );
}
console.log(JSON.stringify({ bench: 'shards', scenario, reps: Number(reps), unsharded_s: base, results: rows }));
if (rows.some((r) => !r.identical)) process.exitCode = 1;
