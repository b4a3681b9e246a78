/** Parsing of flags shared by several commands; every error names the flag and the bad value. */
import { Option, type Command } from 'commander';
import { DEFAULT_MAX_EVENTS } from '../../models/simulate.js';
import { fmtInt } from '../../models/describe.js';
import { UserError } from './errors.js';

/** The whole number `raw` spells (0 to 2^53 − 1, surrounding blanks allowed), or null. */
export function wholeNumber(raw: string | undefined): number | null {
  const text = raw?.trim() ?? '';
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(n) ? n : null;
}

/** A whole number from 0 to 2^53 − 1 (seeds, counts); `fallback` when the flag is absent. */
export function parseWholeNumber(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = wholeNumber(raw);
  if (n === null)
    throw new UserError(`${flag} must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got "${raw}"`);
  return n;
}

/** `--max-events <n>`: the event budget of each replication (run, compare, sweep, sensitivity, calibrate). */
export function maxEventsOption(): Option {
  return new Option(
    '--max-events <n>',
    `event budget of each run (replication); past it: exit 2 (default ${fmtInt(DEFAULT_MAX_EVENTS)})`,
  );
}

/** The --max-events value: a whole number ≥ 1, DEFAULT_MAX_EVENTS when absent. */
export function parseMaxEvents(raw: string | undefined): number {
  const n = parseWholeNumber('--max-events', raw, DEFAULT_MAX_EVENTS);
  if (n < 1) throw new UserError(`--max-events must be at least 1, got "${raw}"`);
  return n;
}

/** The one-line message for a run past its event budget (`detail`: what the model says); `kept`: the checkpoint. */
export function eventBudgetMessage(detail: string, kept?: string | null): string {
  const saved = kept ? `; the finished runs are kept in ${kept} (--resume continues them)` : '';
  return `--max-events: ${detail}; raise --max-events or check the scenario's magnitudes${saved}`;
}

/** True when `value` is one of `choices` (narrows it to the choices' type). */
function isChoice<T extends string>(choices: readonly T[], value: string): value is T {
  return (choices as readonly string[]).includes(value);
}

export function parseChoice<T extends string>(
  flag: string,
  raw: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  if (raw === undefined) return fallback;
  const value = raw.trim().toLowerCase();
  if (!isChoice(choices, value)) throw new UserError(`${flag} must be one of ${choices.join(', ')}, got "${raw}"`);
  return value;
}

/** The output format an --out file's extension implies (.json, .csv, .html/.htm), if it is one of `choices`. */
export function formatFromOut<T extends string>(out: string | undefined, choices: readonly T[], fallback: T): T {
  const ext = out?.toLowerCase().match(/\.(html?|json|csv|parquet)$/)?.[1];
  const format = ext === 'htm' ? 'html' : ext;
  return format !== undefined && isChoice(choices, format) ? format : fallback;
}

export function parseOutPath(raw: string | undefined, flag = '--out'): string | undefined {
  if (raw !== undefined && raw.trim() === '') throw new UserError(`${flag} must be a file path, got ""`);
  return raw;
}

/**
 * The checkpoint flags of every experiment command: `--checkpoint FILE` (a path), `--no-checkpoint`
 * (null) or neither (undefined: the default place); `--resume` and `--keep-checkpoint` need one.
 */
export function parseCheckpointFlags(raw: {
  checkpoint?: string | boolean;
  resume?: boolean;
  keepCheckpoint?: boolean;
}): string | null | undefined {
  const checkpoint =
    raw.checkpoint === false
      ? null
      : typeof raw.checkpoint === 'string'
        ? parseOutPath(raw.checkpoint, '--checkpoint')
        : undefined;
  if (checkpoint === null && raw.resume === true)
    throw new UserError('--resume needs a checkpoint to continue from; it cannot be combined with --no-checkpoint');
  if (checkpoint === null && raw.keepCheckpoint === true)
    throw new UserError('--keep-checkpoint cannot be combined with --no-checkpoint');
  return checkpoint;
}

/** One word for a POSIX shell: as is when it is safe, else single-quoted. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `chipsim <args…>` as a user could type it again. */
export function commandLine(args: readonly string[]): string {
  return ['chipsim', ...args.map(shellQuote)].join(' ');
}

/** The command line of this process (for provenance). */
export function processCommandLine(): string {
  return commandLine(process.argv.slice(2));
}

/** The checkpoint, quiet and event-budget flags that sweep and sensitivity share (after their own). */
export function addExperimentRunOptions(command: Command): Command {
  return command
    .option('--resume', 'continue an interrupted run from its checkpoint')
    .option('--checkpoint <file>', 'write the checkpoint to FILE')
    .option('--no-checkpoint', 'keep no checkpoint')
    .option('--keep-checkpoint', 'keep the checkpoint after the run finishes')
    .option('--quiet', 'no progress bar and no notes on stderr')
    .addOption(maxEventsOption());
}
