/**
 * `chipsim compare [scenario] --policies A,B[,…] [--reps N] [--seed S] [--workers W]
 *                  [--format table|json|csv|html] [--out FILE] [--resume]`
 *
 * A paired experiment with common random numbers: replication r of every policy runs with seed
 * deriveSeed(seed, r). Output is byte-identical for any --workers. Every finished replication is
 * appended to a JSONL checkpoint (`<out>.jsonl`, or `.chipsim/compare-<hash>.jsonl` without --out);
 * Ctrl-C stops the workers, keeps what finished and prints how to --resume (exit 130).
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import {
  CHECKPOINT_KIND,
  CHECKPOINT_VERSION,
  CheckpointError,
  CheckpointWriter,
  contentHash,
  defaultCheckpointPath,
  readCheckpoint,
  type CheckpointHeader,
} from '../../models/experiment/checkpoint.js';
import { runExperiment, type ComparisonResult, type ReplicationRecord } from '../../models/experiment/index.js';
import { WorkerTaskError } from '../../sim/pool.js';
import { resolvePolicy, PolicyError } from '../../models/policies/index.js';
import { loadScenario, DEFAULT_SCENARIO } from '../../scenarios/index.js';
import { CSV_HEADER, csvRows } from '../format/compare-csv.js';
import { formatCompareJson } from '../format/compare-json.js';
import type { CompareMeta } from '../format/compare-meta.js';
import { formatCompareTable } from '../format/compare-table.js';
import { ProgressBar, type ProgressStream } from '../format/progress.js';
import { writeFileAtomic } from './atomic-write.js';
import { UserError } from './errors.js';
import { formatFromOut, parseChoice, parseOutPath, parseWholeNumber, wholeNumber } from './options.js';
import { pluginSettingsOrExit, pluginTimeoutOption } from './load.js';

export const FORMATS = ['table', 'json', 'csv', 'html'] as const;
export type CompareFormat = (typeof FORMATS)[number];
export const DEFAULT_REPS = 100;
export const DEFAULT_SEED = 1;
const MAX_REPS = 10_000_000;
const MAX_WORKERS = 256;

/** Raw option values as commander hands them over (strings, unparsed). */
export interface RawCompareOptions {
  policies?: string;
  reps?: string;
  seed?: string;
  workers?: string;
  format?: string;
  out?: string;
  resume?: boolean;
  pluginTimeout?: string;
}

export interface CompareSettings {
  scenario: string;
  policies: string[];
  reps: number;
  seed: number;
  workers: number;
  format: CompareFormat;
  out: string | undefined;
  resume: boolean;
  /** Time limit of each plug-in call (--plugin-timeout). */
  pluginTimeoutMs?: number;
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
  return {
    scenario: scenarioArg ?? DEFAULT_SCENARIO,
    policies,
    reps,
    seed,
    workers,
    format,
    out,
    resume: raw.resume === true,
    ...(raw.pluginTimeout !== undefined ? { pluginTimeoutMs: pluginSettingsOrExit(raw).timeoutMs } : {}),
  };
}

function pluginTimeout(settings: CompareSettings): { timeoutMs?: number } {
  return settings.pluginTimeoutMs !== undefined ? { timeoutMs: settings.pluginTimeoutMs } : {};
}

/** The command line that continues an interrupted run. */
export function resumeCommand(s: CompareSettings): string {
  const q = (x: string) => (/^[\w@%+=:,./-]+$/.test(x) ? x : `'${x.replace(/'/g, `'\\''`)}'`);
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
  if (s.format !== 'table') parts.push('--format', s.format);
  if (s.out !== undefined) parts.push('--out', q(s.out));
  if (s.pluginTimeoutMs !== undefined) parts.push('--plugin-timeout', String(s.pluginTimeoutMs));
  parts.push('--resume');
  return parts.join(' ');
}

export interface CompareDeps {
  /** Runner module URL (tests inject a fake); default: the real model. */
  runnerModule?: string;
  /** Replaces the scenario loader (tests). */
  loadScenario?: (nameOrPath: string) => { ok: true; name: string; scenario: unknown } | { ok: false; error: string };
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
}

export interface CompareOutcome {
  result: ComparisonResult;
  meta: CompareMeta;
  checkpoint: string;
  out: string | undefined;
  elapsedMs: number;
  workers: number;
}

/** A CSV sink that streams rows to a temp file renamed over --out at the end, or to stdout. */
class CsvSink {
  private fd: number | null = null;
  private tmp: string | null = null;
  private buffer: string[] = [];

  constructor(
    private readonly out: string | undefined,
    private readonly stdout: { write(s: string): unknown },
  ) {
    if (out !== undefined) {
      mkdirSync(dirname(resolve(out)), { recursive: true });
      this.tmp = join(dirname(resolve(out)), `.${basename(out)}.${process.pid}.tmp`);
      this.fd = openSync(this.tmp, 'w');
    }
    this.write(CSV_HEADER + '\n');
  }

  private write(s: string): void {
    if (this.fd !== null) {
      this.buffer.push(s);
      if (this.buffer.length >= 256) this.flush();
    } else {
      this.stdout.write(s);
    }
  }

  private flush(): void {
    if (this.fd !== null && this.buffer.length > 0) {
      writeSync(this.fd, this.buffer.join(''));
      this.buffer = [];
    }
  }

  record(r: ReplicationRecord): void {
    this.write(csvRows(r).join('\n') + '\n');
  }

  commit(): void {
    this.flush();
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
      renameSync(this.tmp!, resolve(this.out!));
    }
  }

  discard(): void {
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
      rmSync(this.tmp!, { force: true });
    }
  }
}

/** Runs a comparison end to end. Throws UserError for bad input and for interruption (exit 130/143). */
export async function runCompare(settings: CompareSettings, deps: CompareDeps = {}): Promise<CompareOutcome> {
  const started = performance.now();
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const cwd = deps.cwd ?? process.cwd();

  const loaded = (deps.loadScenario ?? loadScenario)(settings.scenario);
  if (!loaded.ok) throw new UserError(loaded.error);

  const labels: string[] = [];
  for (const spec of settings.policies) {
    try {
      labels.push(
        deps.policyName
          ? await deps.policyName(spec)
          : (await resolvePolicy(spec, { source: '--policies', ...pluginTimeout(settings) })).name,
      );
    } catch (error) {
      if (error instanceof PolicyError)
        throw new UserError(error.message.startsWith('--policies') ? error.message : `--policies: ${error.message}`);
      throw error;
    }
  }
  const dup = labels.find((p, i) => labels.indexOf(p) !== i);
  if (dup !== undefined) throw new UserError(`--policies names policy "${dup}" twice`);

  const meta: CompareMeta = { scenario: settings.scenario, reps: settings.reps, seed: settings.seed };
  const header: CheckpointHeader = {
    kind: CHECKPOINT_KIND,
    version: CHECKPOINT_VERSION,
    scenario: settings.scenario,
    scenarioHash: contentHash(loaded.scenario),
    policies: labels,
    seed: settings.seed,
    reps: settings.reps,
  };
  const checkpointPath =
    settings.out !== undefined
      ? defaultCheckpointPath(resolve(cwd, settings.out), header)
      : defaultCheckpointPath(undefined, header, cwd);
  const outPath = settings.out !== undefined ? resolve(cwd, settings.out) : undefined;

  let done: ReplicationRecord[] = [];
  if (settings.resume) {
    try {
      const c = readCheckpoint(checkpointPath, header);
      done = c.records;
    } catch (error) {
      if (error instanceof CheckpointError) throw new UserError(error.message);
      throw error;
    }
  }
  if (!settings.resume && existsSync(checkpointPath)) {
    // Starting afresh over an unfinished run of the same experiment: say how to keep it instead.
    try {
      const old = readCheckpoint(checkpointPath, header);
      if (old.records.length < settings.reps * labels.length) {
        stderr.write(
          `chipsim: replacing the unfinished checkpoint ${checkpointPath} (${old.records.length} runs); --resume would have continued it\n`,
        );
      }
    } catch {
      /* another experiment's or unreadable: replaced silently */
    }
  }
  const writer = CheckpointWriter.create(checkpointPath, header, done);
  if (settings.resume)
    stderr.write(
      `chipsim: resuming from ${checkpointPath}: ${done.length} of ${settings.reps * labels.length} runs already done\n`,
    );

  const csv = settings.format === 'csv' ? new CsvSink(outPath, stdout) : null;
  const bar = new ProgressBar(stderr, 'reps');
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

  const P = labels.length;
  let outcome;
  try {
    outcome = await runExperiment({
      ...(deps.runnerModule !== undefined ? { runnerModule: deps.runnerModule } : {}),
      runnerInit: {
        scenarioName: loaded.name,
        scenario: loaded.scenario,
        policies: settings.policies,
        ...(settings.pluginTimeoutMs !== undefined ? { pluginTimeoutMs: settings.pluginTimeoutMs } : {}),
      },
      policyLabels: labels,
      reps: settings.reps,
      seed: settings.seed,
      workers: settings.workers,
      done,
      onRecord: (r) => writer.append(r),
      ...(csv ? { onFold: (r: ReplicationRecord) => csv.record(r) } : {}),
      onProgress: (p) => bar.update(Math.floor(p.done / P), settings.reps),
      signal: controller.signal,
    });
  } catch (error) {
    csv?.discard();
    // A policy that fails during a run (a plug-in returning an invalid allocation) is bad input,
    // wherever it ran: exit 2 with its message, as in-process.
    if (error instanceof WorkerTaskError && error.remoteName === 'PolicyError' && error.remoteMessage !== undefined) {
      throw new UserError(error.remoteMessage);
    }
    throw error;
  } finally {
    bar.done();
    writer.close();
    if (handleSignals) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    deps.signal?.removeEventListener('abort', onExtraAbort);
  }

  if (!outcome.complete) {
    csv?.discard();
    const finished = outcome.computed + outcome.resumed;
    throw new UserError(
      `interrupted: ${finished} of ${settings.reps * P} runs (replication × policy) are saved in ${checkpointPath}\n` +
        `continue with: ${resumeCommand(settings)}`,
      stoppedBy === 'SIGTERM' ? 143 : 130,
    );
  }

  const { result } = outcome;
  let text: string | null = null;
  if (settings.format === 'table') text = formatCompareTable(result, meta);
  else if (settings.format === 'json') text = formatCompareJson(result, meta);
  // Observable Plot and linkedom take a noticeable time to load: only when a report is asked for.
  else if (settings.format === 'html')
    text = (await import('../report/compare-html.js')).formatCompareHtml(result, meta);

  if (csv) csv.commit();
  else if (outPath !== undefined) writeFileAtomic(outPath, text!);
  else stdout.write(text!);

  if (deps.echoTable && !(settings.format === 'table' && outPath === undefined))
    stdout.write(formatCompareTable(result, meta));
  if (outPath !== undefined) stderr.write(`chipsim: wrote ${settings.out} (${settings.format})\n`);
  return {
    result,
    meta,
    checkpoint: checkpointPath,
    out: outPath,
    elapsedMs: performance.now() - started,
    workers: outcome.workers,
  };
}

export function registerCompareCommand(program: Command): void {
  program
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
      new Option('--format <format>', `table, json, csv or html (default: from the --out extension, else table)`),
    )
    .option(
      '--out <file>',
      'write the output to FILE (atomically) instead of stdout; the checkpoint goes to FILE.jsonl',
    )
    .option('--resume', 'continue an interrupted run from its checkpoint (same scenario, policies and seed)')
    .addOption(pluginTimeoutOption())
    .addHelpText(
      'after',
      `
Outputs:
  table  who gains and who loses (per-customer fill rate, paired difference with 95% CI, ▲/▼),
         then overall metrics per policy and their paired differences
  json   { scenario, reps, seed, policies[{policy, metrics{m:{mean,ci95}}, customers[…]}],
           paired[{a, b, metric, meanDiff, ci95}], … }  (differences are b − a)
  csv    policy,replication,seed,metric,value — one row per run and metric; per-customer
         metrics are named fillRate:<id>, received:<id>, meanWaitWeeks:<id>
  html   a self-contained report (inline SVG charts, no JavaScript)

Checkpoint: every finished run is appended to FILE.jsonl (without --out:
.chipsim/compare-<hash>.jsonl). Ctrl-C stops the workers and keeps what finished;
the same command with --resume continues it. A progress bar shows on a terminal.

Examples:
  chipsim compare --policies pro-rata,favoured
  chipsim compare h100-2023 --policies pro-rata,favoured,uniform --reps 1000 --out out/cmp.html
  chipsim compare --policies pro-rata,favoured --reps 1000 --out out/cmp.json --resume`,
    )
    .action(async (scenario: string | undefined, raw: RawCompareOptions) => {
      const settings = parseCompareOptions(scenario, raw);
      await runCompare(settings);
    });
}
