/**
 * `chipsim fit [scenario] --target FILE [--family weighted] [--policy-base A,B,…] [--reps N]
 *              [--seed S] [--workers W] [--max-evaluations E] [--format table|json] [--out FILE]
 *              [--resume] [--checkpoint FILE | --no-checkpoint] [--keep-checkpoint] [--queue URL [--chunk N]] [--quiet]`
 *
 * Reads and checks the target (fields named on error, exit 2), then models/optimise/fit.ts does the
 * search; this prints the fitted factors beside the baselines' distances. Checkpoints as compare's
 * (default `<out>.jsonl` or `.chipsim/fit-<key>.jsonl`); --shard is refused: the optimiser's
 * evaluations depend on each other, so there is no fixed task list to partition.
 */
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_FIT_BASELINES, runFit, targetPeriodProblem, type FitResult } from '../../models/optimise/fit.js';
import { parseAllocationTarget, type AllocationTarget } from '../../models/optimise/distance.js';
import { FIT_FAMILIES, type FitFamily } from '../../models/optimise/weighted-family.js';
import { DEFAULT_SCENARIO, loadScenario } from '../../scenarios/index.js';
import { writeFileAtomic } from '../../sim/atomic-write.js';
import { formatFitTable } from '../format/fit-table.js';
import { ProgressBar } from '../format/progress.js';
import { errorCode } from '../../sim/errors.js';
import { UserError } from './errors.js';
import { StopSignals } from './stop-signals.js';
import { prepareOutPath } from './out-path.js';
import {
  formatFromOut,
  parseCheckpointFlags,
  parseChoice,
  parseOutPath,
  processCommandLine,
  shellQuote,
  wholeNumber,
} from './options.js';
import { checkpointPlan } from './compare-command.js';
import { addScaleOptions, parseScaleOptions, queueExecutorFor, type RawScaleOptions } from './scale-options.js';

export const FIT_FORMATS = ['table', 'json'] as const;
const DEFAULT_FIT_REPS = 20;
const DEFAULT_MAX_EVALUATIONS = 120;

export interface RawFitOptions extends RawScaleOptions {
  target?: string;
  family?: string;
  policyBase?: string;
  reps?: string;
  seed?: string;
  workers?: string;
  maxEvaluations?: string;
  format?: string;
  out?: string;
  quiet?: boolean;
  resume?: boolean;
  /** A path from --checkpoint FILE, false from --no-checkpoint. */
  checkpoint?: string | boolean;
  keepCheckpoint?: boolean;
}

export interface FitSettings {
  scenario: string;
  target: string;
  family: FitFamily;
  baselines: string[];
  reps: number;
  seed: number;
  workers: number;
  maxEvaluations: number;
  format: (typeof FIT_FORMATS)[number];
  out: string | undefined;
  quiet: boolean;
  resume: boolean;
  /** undefined: beside --out (FILE.jsonl) or in .chipsim/; null: none (--no-checkpoint). */
  checkpoint?: string | null;
  keepCheckpoint: boolean;
  /** Redis URL from --queue, and its --chunk. */
  queue?: string;
  chunk?: number;
}

function whole(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = wholeNumber(raw);
  if (n === null || n < min || n > max)
    throw new UserError(`${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

export function parseFitOptions(scenarioArg: string | undefined, raw: RawFitOptions): FitSettings {
  if (raw.target === undefined || raw.target.trim() === '')
    throw new UserError('--target FILE is required, e.g. --target scenarios/targets/omdia-2023.json');
  const baselines = (raw.policyBase ?? DEFAULT_FIT_BASELINES.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (baselines.length === 0)
    throw new UserError(`--policy-base must name at least one policy, got "${raw.policyBase}"`);
  const dup = baselines.find((p, i) => baselines.indexOf(p) !== i);
  if (dup !== undefined) throw new UserError(`--policy-base names "${dup}" twice`);
  if (raw.shard !== undefined)
    throw new UserError(
      '--shard does not apply to fit: each optimiser step depends on the last, so there is no fixed set of tasks to split; use --queue URL to spread each step over workers',
    );
  const scale = parseScaleOptions(raw);
  const checkpoint = parseCheckpointFlags(raw);
  return {
    scenario: scenarioArg ?? DEFAULT_SCENARIO,
    target: raw.target,
    family: parseChoice('--family', raw.family, FIT_FAMILIES, 'weighted'),
    baselines,
    reps: whole('--reps', raw.reps, DEFAULT_FIT_REPS, 2, 100_000),
    seed: whole('--seed', raw.seed, 1, 0, Number.MAX_SAFE_INTEGER),
    workers: whole('--workers', raw.workers, availableParallelism(), 1, 256),
    maxEvaluations: whole('--max-evaluations', raw.maxEvaluations, DEFAULT_MAX_EVALUATIONS, 7, 100_000),
    format: parseChoice('--format', raw.format, FIT_FORMATS, formatFromOut(raw.out, FIT_FORMATS, 'table')),
    out: parseOutPath(raw.out),
    quiet: raw.quiet === true,
    resume: raw.resume === true,
    ...(checkpoint !== undefined ? { checkpoint } : {}),
    keepCheckpoint: raw.keepCheckpoint === true,
    ...scale,
  };
}

/** The target file, parsed and checked against the scenario; UserError naming the field otherwise. */
export function readTarget(
  file: string,
  customerIds: readonly string[],
  horizonWeeks: number,
  cwd: string,
): AllocationTarget {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = errorCode(error);
    throw new UserError(`--target ${file}: ${code === 'ENOENT' ? 'no such file' : 'cannot be read'}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`--target ${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = parseAllocationTarget(data, customerIds, `--target ${file}`);
  if (!parsed.ok) throw new UserError(parsed.error);
  const period = targetPeriodProblem(parsed.target, horizonWeeks, `--target ${file}`);
  if (period !== null) throw new UserError(period);
  return parsed.target;
}

export interface FitDeps {
  stdout?: { write(s: string): unknown };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  cwd?: string;
  command?: string;
}

/** The command line that continues an interrupted fit. */
export function fitResumeCommand(s: FitSettings): string {
  const q = shellQuote;
  const parts = ['chipsim', 'fit', q(s.scenario), '--target', q(s.target)];
  parts.push('--policy-base', q(s.baselines.join(',')), '--reps', String(s.reps), '--seed', String(s.seed));
  parts.push('--max-evaluations', String(s.maxEvaluations));
  if (s.format !== 'table') parts.push('--format', s.format);
  if (s.queue !== undefined) parts.push('--queue', q(s.queue));
  if (s.chunk !== undefined) parts.push('--chunk', String(s.chunk));
  if (s.out !== undefined) parts.push('--out', q(s.out));
  if (typeof s.checkpoint === 'string') parts.push('--checkpoint', q(s.checkpoint));
  if (s.keepCheckpoint) parts.push('--keep-checkpoint');
  parts.push('--resume');
  return parts.join(' ');
}

export async function runFitCommand(s: FitSettings, deps: FitDeps = {}): Promise<FitResult> {
  const cwd = deps.cwd ?? process.cwd();
  const stderr = deps.stderr ?? process.stderr;
  const note = (m: string) => {
    if (!s.quiet) stderr.write(`chipsim: ${m}\n`);
  };
  const loaded = loadScenario(s.scenario);
  if (!loaded.ok) throw new UserError(loaded.error);
  const scenario = loaded.scenario;
  const target = readTarget(
    s.target,
    scenario.customers.map((c) => c.id),
    scenario.horizonWeeks,
    cwd,
  );
  const outPath = s.out !== undefined ? prepareOutPath('--out', s.out, cwd) : undefined;
  const checkpoint = checkpointPlan(s, outPath, cwd, note, 'fit');
  const executor = await queueExecutorFor(s);
  const bar = s.quiet ? null : new ProgressBar(stderr, 'runs');
  const stop = new StopSignals();
  let outcome;
  try {
    outcome = await runFit(
      {
        scenario: s.scenario,
        target,
        family: s.family,
        baselines: s.baselines,
        reps: s.reps,
        seed: s.seed,
        workers: s.workers,
        maxEvaluations: s.maxEvaluations,
        command: deps.command ?? processCommandLine(),
        onProgress: (p) => bar?.update(p.done, p.total),
        signal: stop.signal,
        checkpoint,
        ...(executor ? { executor } : {}),
        onNotice: note,
      },
      scenario,
      loaded.name,
    );
  } finally {
    bar?.done();
    stop.close();
  }
  if (!outcome.ok) {
    const e = outcome.error;
    if (e.kind === 'interrupted')
      throw new UserError(
        e.checkpoint !== null ? `${e.message}\ncontinue with: ${fitResumeCommand(s)}` : e.message,
        stop.stoppedBy === 'SIGTERM' ? 143 : 130,
      );
    if (e.kind === 'internal') throw new Error(e.detail ?? e.message);
    throw new UserError(e.kind === 'policy' ? `--policy-base: ${e.message}` : e.message);
  }
  const { result } = outcome.value;
  const text =
    s.format === 'json'
      ? `${JSON.stringify(result, null, 2)}\n`
      : formatFitTable(result, { scenario: s.scenario, target: s.target, reps: s.reps });
  if (outPath !== undefined) {
    writeFileAtomic(outPath, text);
    if (!s.quiet) stderr.write(`chipsim: wrote ${s.out} (${s.format})\n`);
  } else (deps.stdout ?? process.stdout).write(text);
  outcome.value.finish();
  return result;
}

export function registerFitCommand(program: Command): void {
  const command = program
    .command('fit')
    .description('fit a policy family to an observed allocation (total-variation distance, common random numbers)')
    .argument('[scenario]', 'bundled scenario name or path', DEFAULT_SCENARIO)
    .option('--target <file>', 'observed allocation: { period: {fromWeek, toWeek}, units | shares: {<customer>: n} }')
    .option('--family <name>', 'policy family to fit: weighted (favoured rule, per-attribute factors)')
    .option('--policy-base <list>', `baselines to compare with (default ${DEFAULT_FIT_BASELINES.join(',')})`)
    .option('--reps <n>', `replications per evaluation, the same seeds everywhere (default ${DEFAULT_FIT_REPS})`)
    .option('--seed <n>', 'base seed: replication r uses deriveSeed(seed, r)')
    .option('--workers <n>', 'worker threads; output is identical for any value')
    .option('--max-evaluations <n>', `largest number of optimiser evaluations (default ${DEFAULT_MAX_EVALUATIONS})`)
    .option('--format <format>', 'table or json (default: from the --out extension, else table)')
    .option('--out <file>', 'write the output to FILE (atomically)')
    .option('--resume', 'continue an interrupted fit from its checkpoint (replays the finished evaluations)')
    .option('--checkpoint <file>', 'write the checkpoint to FILE')
    .option('--no-checkpoint', 'keep no checkpoint')
    .option('--keep-checkpoint', 'keep the checkpoint after the fit finishes')
    .option('--quiet', 'no progress bar and no notes on stderr');
  addScaleOptions(command);
  command.action(async (scenario: string | undefined, raw: RawFitOptions) => {
    await runFitCommand(parseFitOptions(scenario, raw));
  });
}
