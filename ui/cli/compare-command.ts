/**
 * `chipsim compare [scenario] --policies A,B[,…] [--reps N] [--seed S] [--workers W]
 *                  [--format table|json|csv|html] [--out FILE] [--resume] [--checkpoint FILE | --no-checkpoint]
 *                  [--keep-checkpoint] [--quiet]`
 *
 * The flags and the words: the experiment itself (resolve, checkpoint, run, aggregate) is
 * models/experiment's `runExperimentRequest`; this maps its typed errors to exit codes and messages
 * naming the flags, checks --out before any work, and writes the outputs atomically.
 * Ctrl-C stops the workers, keeps what finished and prints how to --resume (exit 130).
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import {
  formatPart,
  partHeader,
  provenanceLine,
  runExperimentRequest,
  type Executor,
  type CheckpointPlan,
  type ComparisonResult,
  type ExperimentError,
  type LoadedScenario,
  type ReplicationRecord,
} from '../../models/experiment/index.js';
import { DEFAULT_SCENARIO } from '../../scenarios/index.js';
import { AtomicFileWriter, writeFileAtomic } from '../../sim/atomic-write.js';
import { CSV_HEADER, csvRows } from '../format/compare-csv.js';
import { formatCompareJson } from '../format/compare-json.js';
import type { CompareMeta } from '../format/compare-meta.js';
import { formatCompareTable } from '../format/compare-table.js';
import { writeParquetFile } from '../format/parquet.js';
import { tidyRowsOf, type TidyRow } from '../format/tidy.js';
import { ProgressBar, type ProgressStream } from '../format/progress.js';
import { UserError } from './errors.js';
import { pluginSettingsOrExit, pluginTimeoutOption } from './load.js';
import {
  addScaleOptions,
  parseScaleOptions,
  queueExecutorFor,
  shardHooks,
  type RawScaleOptions,
  type ScaleSettings,
} from './scale-options.js';
import { folderWritable, prepareOutPath } from './out-path.js';
import {
  eventBudgetMessage,
  formatFromOut,
  maxEventsOption,
  parseChoice,
  parseMaxEvents,
  parseCheckpointFlags,
  parseOutPath,
  parseWholeNumber,
  processCommandLine,
  shellQuote,
  wholeNumber,
} from './options.js';
import { errorCode } from '../../sim/errors.js';

export const FORMATS = ['table', 'json', 'csv', 'html', 'parquet'] as const;
export type CompareFormat = (typeof FORMATS)[number];
export const DEFAULT_REPS = 100;
export const DEFAULT_SEED = 1;
const MAX_REPS = 10_000_000;
const MAX_WORKERS = 256;

/** Raw option values as commander hands them over (strings, unparsed). */
export interface RawCompareOptions extends RawScaleOptions {
  policies?: string;
  reps?: string;
  seed?: string;
  workers?: string;
  format?: string;
  out?: string;
  resume?: boolean;
  /** A path from --checkpoint FILE, false from --no-checkpoint. */
  checkpoint?: string | boolean;
  keepCheckpoint?: boolean;
  quiet?: boolean;
  pluginTimeout?: string;
  maxEvents?: string;
}

export interface CompareSettings extends ScaleSettings {
  scenario: string;
  policies: string[];
  reps: number;
  seed: number;
  workers: number;
  format: CompareFormat;
  out: string | undefined;
  resume: boolean;
  /** undefined: beside --out (FILE.jsonl) or in .chipsim/; null: none (--no-checkpoint). */
  checkpoint?: string | null;
  /** Keep the checkpoint of a finished run (default: removed). */
  keepCheckpoint?: boolean;
  /** No notes on stderr (progress, "wrote", resuming); errors still print. */
  quiet?: boolean;
  /** Time limit of each plug-in call (--plugin-timeout). */
  pluginTimeoutMs?: number;
  /** Event budget of each replication (--max-events); absent: the default. */
  maxEvents?: number;
}

/** Validates every flag; throws UserError (exit 2) naming the flag and the bad value. */
export function parseCompareOptions(scenarioArg: string | undefined, raw: RawCompareOptions): CompareSettings {
  const policiesRaw = raw.policies;
  if (policiesRaw === undefined)
    throw new UserError(
      '--policies is required: name at least two policies separated by commas, e.g. --policies pro-rata,favoured',
    );
  const policies = policiesRaw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (policies.length < 2)
    throw new UserError(`--policies must name at least two policies separated by commas, got "${policiesRaw}"`);
  const dup = policies.find((p, i) => policies.indexOf(p) !== i);
  if (dup !== undefined) throw new UserError(`--policies names "${dup}" twice; each policy may appear once`);

  const reps = raw.reps === undefined ? DEFAULT_REPS : wholeNumber(raw.reps);
  if (reps === null || reps < 2 || reps > MAX_REPS)
    throw new UserError(`--reps must be a whole number ≥ 2 (at most ${MAX_REPS}), got "${raw.reps}"`);

  const seed = parseWholeNumber('--seed', raw.seed, DEFAULT_SEED);

  const workers = raw.workers === undefined ? availableParallelism() : wholeNumber(raw.workers);
  if (workers === null || workers < 1 || workers > MAX_WORKERS)
    throw new UserError(`--workers must be a whole number from 1 to ${MAX_WORKERS}, got "${raw.workers}"`);

  const format = parseChoice('--format', raw.format, FORMATS, formatFromOut(raw.out, FORMATS, 'table'));
  const out = parseOutPath(raw.out);
  const checkpoint = parseCheckpointFlags(raw);
  const scale = parseScaleOptions(raw);
  if (scale.shard && out === undefined)
    throw new UserError('--shard needs --out FILE: the part file it writes (merge the parts with `chipsim merge`)');
  if (scale.shard && raw.format !== undefined)
    throw new UserError('--shard writes a part file; choose the --format when you `chipsim merge` the parts');
  return {
    ...scale,
    scenario: scenarioArg ?? DEFAULT_SCENARIO,
    policies,
    reps,
    seed,
    workers,
    format,
    out,
    resume: raw.resume === true,
    ...(checkpoint !== undefined ? { checkpoint } : {}),
    keepCheckpoint: raw.keepCheckpoint === true,
    quiet: raw.quiet === true,
    ...(raw.pluginTimeout !== undefined ? { pluginTimeoutMs: pluginSettingsOrExit(raw).timeoutMs } : {}),
    ...(raw.maxEvents !== undefined ? { maxEvents: parseMaxEvents(raw.maxEvents) } : {}),
  };
}

/** The command line that continues an interrupted run. */
export function resumeCommand(s: CompareSettings): string {
  const q = shellQuote;
  const parts = [
    'chipsim',
    'compare',
    q(s.scenario),
    '--policies',
    q(s.policies.join(',')),
    '--reps',
    String(s.reps),
    '--seed',
    String(s.seed),
  ];
  if (s.shard) parts.push('--shard', `${s.shard.k}/${s.shard.n}`);
  else if (s.format !== 'table') parts.push('--format', s.format);
  if (s.queue !== undefined) parts.push('--queue', q(s.queue));
  if (s.chunk !== undefined) parts.push('--chunk', String(s.chunk));
  if (s.out !== undefined) parts.push('--out', q(s.out));
  if (typeof s.checkpoint === 'string') parts.push('--checkpoint', q(s.checkpoint));
  if (s.keepCheckpoint) parts.push('--keep-checkpoint');
  if (s.pluginTimeoutMs !== undefined) parts.push('--plugin-timeout', String(s.pluginTimeoutMs));
  if (s.maxEvents !== undefined) parts.push('--max-events', String(s.maxEvents));
  parts.push('--resume');
  return parts.join(' ');
}

export interface CompareDeps {
  /** Runner module URL (tests inject a fake); default: the real model. */
  runnerModule?: string;
  /** Replaces the scenario loader (tests). */
  loadScenario?: (nameOrPath: string) => LoadedScenario<unknown>;
  /** Replaces policy resolution (tests); must return the policy's display name or throw PolicyError. */
  policyName?: (nameOrPath: string) => Promise<string>;
  stdout?: { write(s: string): unknown };
  stderr?: ProgressStream;
  /** Listen to SIGINT/SIGTERM (default true). */
  handleSignals?: boolean;
  /** Extra abort signal (tests). */
  signal?: AbortSignal;
  cwd?: string;
  /** Also print the table to stdout when writing another format to --out (used by `start`). */
  echoTable?: boolean;
  /** The command line for provenance (default: this process's). */
  command?: string;
  /** Where the tasks run (default: local workers; --queue: the queue executor). */
  executor?: Executor;
}

export interface CompareOutcome {
  result: ComparisonResult;
  meta: CompareMeta;
  /** Where the checkpoint was (removed after success unless --keep-checkpoint); null without one. */
  checkpoint: string | null;
  out: string | undefined;
  elapsedMs: number;
  workers: number;
}

/** CSV rows streamed as they are folded: to a temp file renamed over --out at the end, or to stdout. */
export class CsvSink {
  private readonly file: AtomicFileWriter | null;

  constructor(
    out: string | undefined,
    private readonly stdout: { write(s: string): unknown },
  ) {
    this.file = out !== undefined ? new AtomicFileWriter(out) : null;
  }

  write(s: string): void {
    if (this.file) this.file.write(s);
    else this.stdout.write(s);
  }

  header(provenance: string): void {
    this.write(`# ${provenance}\n${CSV_HEADER}\n`);
  }

  record(r: ReplicationRecord): void {
    this.write(csvRows(r).join('\n') + '\n');
  }

  commit(): void {
    this.file?.commit();
  }

  discard(): void {
    this.file?.discard();
  }
}

/** The table, JSON or HTML text of a comparison. */
export async function renderCompare(
  format: Exclude<CompareFormat, 'csv' | 'parquet'>,
  result: ComparisonResult,
  meta: CompareMeta,
): Promise<string> {
  if (format === 'table') return formatCompareTable(result, meta);
  if (format === 'json') return formatCompareJson(result, meta);
  // Observable Plot and linkedom take a noticeable time to load: only when a report is asked for.
  return (await import('../report/compare-html.js')).formatCompareHtml(result, meta);
}

/**
 * Where the checkpoint goes, from the flags; null (with a note) when nobody asked and the folder is
 * read-only. In the default folder its name starts with `experiment` (the command).
 */
export function checkpointPlan(
  settings: Pick<CompareSettings, 'resume' | 'checkpoint' | 'keepCheckpoint'> & Partial<CompareSettings>,
  outPath: string | undefined,
  cwd: string,
  note: (s: string) => void,
  experiment = 'compare',
): CheckpointPlan | null {
  const common = { resume: settings.resume, keep: settings.keepCheckpoint === true };
  if (settings.checkpoint === null) return null;
  if (settings.checkpoint !== undefined)
    return { ...common, place: { file: prepareOutPath('--checkpoint', settings.checkpoint, cwd) } };
  if (outPath !== undefined) return { ...common, place: { file: `${outPath}.jsonl` } };
  if (folderWritable(cwd)) return { ...common, place: { folder: join(cwd, '.chipsim'), experiment } };
  if (settings.resume)
    throw new UserError(
      `--resume: the working folder ${cwd} is not writable, so there is no checkpoint here; use --checkpoint FILE`,
    );
  note(`the working folder is not writable: running without a checkpoint (use --checkpoint FILE to keep one)`);
  return null;
}

/** The exit code and words for an experiment error; internal errors are rethrown (exit 1). */
function userErrorFor(error: ExperimentError, settings: CompareSettings, stoppedBy: NodeJS.Signals | null): UserError {
  switch (error.kind) {
    case 'policy':
      return new UserError(error.message.startsWith('--policies') ? error.message : `--policies: ${error.message}`);
    case 'interrupted':
      return new UserError(
        error.checkpoint !== null ? `${error.message}\ncontinue with: ${resumeCommand(settings)}` : error.message,
        stoppedBy === 'SIGTERM' ? 143 : 130,
      );
    case 'event-budget':
      return new UserError(eventBudgetMessage(error.message, error.checkpoint));
    case 'internal':
      throw new Error(error.detail ?? error.message);
    default:
      return new UserError(error.message);
  }
}

/** Runs a comparison end to end. Throws UserError for bad input and for interruption (exit 130/143). */
export async function runCompare(settings: CompareSettings, deps: CompareDeps = {}): Promise<CompareOutcome> {
  const started = performance.now();
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const cwd = deps.cwd ?? process.cwd();
  const note = (s: string) => {
    if (!settings.quiet) stderr.write(`chipsim: ${s}\n`);
  };

  // Every output path is checked before any work.
  const outPath = settings.out !== undefined ? prepareOutPath('--out', settings.out, cwd) : undefined;
  const checkpoint = checkpointPlan(settings, outPath, cwd, note);
  const csv = settings.format === 'csv' && !settings.shard ? new CsvSink(outPath, stdout) : null;
  if (settings.format === 'parquet' && outPath === undefined) throw new UserError('--format parquet needs --out FILE');
  const tidy: TidyRow[] | null = settings.format === 'parquet' && !settings.shard ? [] : null;
  const executor = deps.executor ?? (await queueExecutorFor(settings));
  const shard = settings.shard;
  const sharded = shard ? shardHooks(shard) : null;

  const bar = settings.quiet ? null : new ProgressBar(stderr, 'reps');
  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (stoppedBy !== null) {
      // Second Ctrl-C: the user means it. Everything finished is already on disk.
      process.exit(sig === 'SIGINT' ? 130 : 143);
    }
    stoppedBy = sig;
    controller.abort();
  };
  const handleSignals = deps.handleSignals ?? true;
  if (handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  const onExtraAbort = () => controller.abort();
  deps.signal?.addEventListener('abort', onExtraAbort, { once: true });
  if (deps.signal?.aborted) controller.abort();

  const P = settings.policies.length;
  let outcome;
  try {
    outcome = await runExperimentRequest<unknown>({
      ...(deps.runnerModule !== undefined ? { runnerModule: deps.runnerModule } : {}),
      ...(deps.loadScenario ? { loadScenario: deps.loadScenario } : {}),
      ...(deps.policyName ? { policyName: deps.policyName } : {}),
      scenario: settings.scenario,
      policies: settings.policies,
      ...(settings.pluginTimeoutMs !== undefined ? { pluginTimeoutMs: settings.pluginTimeoutMs } : {}),
      ...(settings.maxEvents !== undefined ? { maxEvents: settings.maxEvents } : {}),
      reps: settings.reps,
      seed: settings.seed,
      workers: settings.workers,
      ...(executor ? { executor } : {}),
      ...(sharded?.request ?? {}),
      checkpoint,
      command: deps.command ?? processCommandLine(),
      onStart: (meta) => csv?.header(provenanceLine(meta)),
      ...(csv ? { onFold: (r: ReplicationRecord) => csv.record(r) } : {}),
      ...(tidy
        ? {
            onFold: (r: ReplicationRecord) =>
              tidy.push(...tidyRowsOf(r, { experiment: 'compare', point: 0, parameters: [] })),
          }
        : {}),
      onProgress: (p) => bar?.update(Math.floor(p.done / P), settings.reps),
      onNotice: note,
      signal: controller.signal,
    });
  } finally {
    bar?.done();
    if (handleSignals) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    deps.signal?.removeEventListener('abort', onExtraAbort);
  }
  if (!outcome.ok) {
    csv?.discard();
    throw userErrorFor(outcome.error, settings, stoppedBy);
  }

  const success = outcome.value;
  const result: ComparisonResult = success.result;
  const meta: CompareMeta = {
    scenario: settings.scenario,
    reps: settings.reps,
    seed: settings.seed,
    provenance: success.meta,
  };
  try {
    let text: string | null = null;
    if (shard) {
      text = formatPart(partHeader(shard, success.header), sharded!.records);
    } else if (settings.format !== 'csv' && settings.format !== 'parquet')
      text = await renderCompare(settings.format, result, meta);

    if (csv) csv.commit();
    else if (tidy)
      writeParquetFile(
        outPath!,
        { parameterNames: [], rows: tidy },
        Object.fromEntries(Object.entries(success.meta).map(([k, v]) => [k, String(v)])),
      );
    else if (outPath !== undefined) writeFileAtomic(outPath, text!);
    else stdout.write(text!);
  } catch (error) {
    csv?.discard();
    const code = errorCode(error);
    if (code !== undefined && outPath !== undefined)
      throw new UserError(
        `--out ${settings.out}: cannot write (${code}); the finished runs are kept in ${success.checkpoint}`,
      );
    throw error;
  }
  success.finish();

  if (deps.echoTable && !(settings.format === 'table' && outPath === undefined))
    stdout.write(formatCompareTable(result, meta));
  if (outPath !== undefined) note(`wrote ${settings.out} (${settings.format})`);
  return {
    result,
    meta,
    checkpoint: success.checkpoint,
    out: outPath,
    elapsedMs: performance.now() - started,
    workers: success.workers,
  };
}

export function registerCompareCommand(program: Command): void {
  const command = program
    .command('compare')
    .description('paired experiment: several allocation policies on the same random numbers, with 95% CIs')
    .argument('[scenario]', `bundled scenario name or path to a scenario JSON file (default: ${DEFAULT_SCENARIO})`)
    .option('--policies <list>', 'comma-separated policy names or plug-in paths (at least two), e.g. pro-rata,favoured')
    .option('--reps <n>', `replications per policy (≥ 2; default ${DEFAULT_REPS})`)
    .option('--seed <n>', `base seed; replication r of every policy uses deriveSeed(seed, r) (default ${DEFAULT_SEED})`)
    .option(
      '--workers <n>',
      `worker threads (default: available CPUs, here ${availableParallelism()}); output is identical for any value`,
    )
    .addOption(
      new Option(
        '--format <format>',
        `table, json, csv, html or parquet (the tidy table; needs --out) (default: from the --out extension, else table)`,
      ),
    )
    .option(
      '--out <file>',
      'write the output to FILE (atomically) instead of stdout; the checkpoint goes to FILE.jsonl',
    )
    .option('--resume', 'continue an interrupted run from its checkpoint (same scenario, policies and seed)')
    .option('--checkpoint <file>', 'write the checkpoint to FILE (default: FILE.jsonl beside --out, else .chipsim/)')
    .option('--no-checkpoint', 'keep no checkpoint (an interrupted run cannot be resumed)')
    .option('--keep-checkpoint', 'keep the checkpoint after the run finishes (default: removed)')
    .option('--quiet', 'no progress bar and no notes on stderr (errors still print)')
    .addOption(maxEventsOption())
    .addOption(pluginTimeoutOption())
    .addHelpText(
      'after',
      `
Outputs:
  table  who gains and who loses (per-customer fill rate, paired difference with 95% CI, ▲/▼),
         then overall metrics per policy and their paired differences
  json   { scenario, reps, seed, policies[{policy, metrics{m:{mean,ci95}}, customers[…]}],
           paired[{a, b, metric, meanDiff, ci95}], …, meta{chipsimVersion, …} }  (differences: b − a)
  csv    a "# chipsim <version> · …" provenance line, then policy,replication,seed,metric,value —
         one row per run and metric; per-customer metrics are named fillRate:<id>, received:<id>, …
  html   a self-contained report (inline SVG charts, no JavaScript)

Checkpoint: every finished run is appended to FILE.jsonl beside --out (or --checkpoint FILE;
without either: .chipsim/compare-<hash>.jsonl in the working folder, if it is writable).
It is REMOVED when the run finishes, unless --keep-checkpoint. Ctrl-C stops the workers and
keeps what finished; the same command with --resume continues it (the same chipsim version,
scenario content, policies and seed; --reps may grow, not shrink). One run at a time per
checkpoint: a second one exits 2 naming the first by PID. A progress bar shows on a terminal.

Examples:
  chipsim compare --policies pro-rata,favoured
  chipsim compare h100-2023 --policies pro-rata,favoured,uniform --reps 1000 --out out/cmp.html
  chipsim compare --policies pro-rata,favoured --reps 1000 --out out/cmp.json --resume`,
    )
    .action(async (scenario: string | undefined, raw: RawCompareOptions) => {
      const settings = parseCompareOptions(scenario, raw);
      await runCompare(settings);
    });
  addScaleOptions(command);
}
