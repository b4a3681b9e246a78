/**
 * One half of compare.ts's concurrent pass: two of these processes, started together, each run
 * every other task of the command (`--half 0|1`) in-process once the clock reaches `--start-at`
 * (epoch ms, so start-up and loading are not timed), and print {"wall_ms","cpu_ms","tasks"}. The
 * longer of the two walls is what this machine's two cores do with the work when both are busy,
 * with no pool, messages or fold.
 *
 *   node bin/run-ts.js test/bench/in-process-half.ts --scenario S --policies a,b --reps N --seed K
 *        --half 0|1 --start-at MS
 */
import { runPass } from './in-process-pass.js';

const args = process.argv.slice(2);
const flag = (name: string): string => {
  const i = args.indexOf(`--${name}`);
  if (i < 0 || args[i + 1] === undefined) throw new Error(`--${name} is required`);
  return args[i + 1]!;
};
const half = Number(flag('half'));
const spec = {
  scenario: flag('scenario'),
  policies: flag('policies'),
  reps: Number(flag('reps')),
  seed: Number(flag('seed')),
};
const t = await runPass(spec, (i) => i % 2 === half, Number(flag('start-at')));
process.stdout.write(JSON.stringify({ wall_ms: t.wallMs, cpu_ms: t.cpuMs, tasks: t.tasks }) + '\n');
