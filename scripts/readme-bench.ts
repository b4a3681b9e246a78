/**
 * `node bin/run-ts.js scripts/readme-bench.ts [--from FILE] [bench args…]`: runs `npm run bench --
 * --json` (or reads saved JSON lines with --from) and rewrites the README's benchmark table between
 * its markers, with today's date and this machine, so the README never quotes stale figures. It
 * refuses (exit 2) when SimPy did not run, unless `--no-simpy` says to leave it out.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../sim/atomic-write.js';
import { benchTable, replaceBenchTable, simpyRan } from './bench-table.js';
import { engineWorkloads } from '../test/bench/engine-workloads.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(
    'usage: npm run readme-bench [-- --from FILE] [bench options…]\n' +
      "  runs npm run bench -- --json (its options: npm run bench -- --help) and rewrites the README's table\n" +
      '  --from FILE  read saved bench JSON lines instead of running the bench\n' +
      '  --no-simpy   write the table without SimPy (otherwise it refuses when SimPy did not run)\n',
  );
  process.exit(0);
}
const from = args.indexOf('--from');

let output: string;
if (from >= 0) {
  const file = args[from + 1];
  if (file === undefined) {
    process.stderr.write('--from: expected a file of bench JSON lines\n');
    process.exit(2);
  }
  output = readFileSync(file, 'utf8');
} else {
  const bench = spawnSync(process.execPath, ['bin/run-ts.js', 'test/bench/index.ts', '--json', ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (bench.status !== 0) {
    process.stderr.write(`readme-bench: npm run bench exited ${bench.status}; README left as it was\n`);
    // A bad bench option is the caller's (2); anything else the bench's failure.
    process.exit(bench.status === 2 ? 2 : 1);
  }
  output = bench.stdout;
}

const withSimpy = engineWorkloads.filter((w) => w.simpy !== undefined).map((w) => w.name);
// The table compares with SimPy; a machine without it would silently drop those columns.
if (!args.includes('--no-simpy') && !simpyRan(output, withSimpy)) {
  process.stderr.write(
    'readme-bench: SimPy did not run (apt-get install -y python3-simpy3), so the table would lose its SimPy ' +
      'columns; pass --no-simpy to write it without them. README left as it was\n',
  );
  process.exit(2);
}

const cpu = cpus();
const machine = `node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB`;
const table = benchTable(output.split('\n'), new Date().toISOString().slice(0, 10), machine);
writeFileAtomic(readmePath, replaceBenchTable(readFileSync(readmePath, 'utf8'), table));
process.stderr.write('readme-bench: rewrote the README benchmark table\n');
