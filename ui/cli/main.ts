/**
 * The `chipsim` command line. Exit codes: 0 ok · 2 bad input (message names the field or flag) ·
 * 130/143 interrupted · 1 internal error. A closed stdout (`chipsim … | head`) ends quietly with 0.
 */
import { Command, CommanderError } from 'commander';
import { UserError } from './errors.js';
import { PolicyError } from '../../models/policies/errors.js';
import { chipsimVersion } from '../../models/experiment/provenance.js';

/** The reader went away (e.g. `| head`): nothing more to say to anyone, and not a failure. */
function exitQuietlyOnEpipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

/**
 * `chipsim --version` (or `-V`) first: commander answers it before looking at anything that follows, so
 * the subcommands — and the model, zod, parquet… they import — need not be loaded for it.
 */
function asksVersionFirst(argv: string[]): boolean {
  return argv[0] === '--version' || argv[0] === '-V';
}

type Register = (program: Command) => void;

/**
 * `chipsim <command> …` runs only that command, so only its module (and what it imports) is loaded:
 * the others cost ~110 ms of start-up (issue #11). Its help and errors are the same, as the same
 * function registers it; anything else (`--help`, `help`, a misspelt name, `start`) registers all.
 */
const SINGLE_COMMANDS: Record<string, () => Promise<Register>> = {
  tui: async () => (await import('./tui-command.js')).registerTuiCommand,
  run: async () => (await import('./run-command.js')).registerRunCommand,
  validate: async () => (await import('./validate-command.js')).registerValidateCommands,
  scenarios: async () => (await import('./validate-command.js')).registerValidateCommands,
  policies: async () => (await import('./policies-command.js')).registerPoliciesCommand,
  compare: async () => (await import('./compare-command.js')).registerCompareCommand,
  calibrate: async () => (await import('./calibrate-command.js')).registerCalibrateCommand,
  sensitivity: async () => (await import('./sensitivity-command.js')).registerSensitivityCommand,
  sweep: async () => (await import('./sweep-command.js')).registerSweepCommand,
  merge: async () => (await import('./merge-command.js')).registerMergeCommand,
  worker: async () => (await import('./worker-command.js')).registerWorkerCommand,
  fit: async () => (await import('./fit-command.js')).registerFitCommand,
};

export async function main(argv: string[]): Promise<number> {
  const program = new Command('chipsim')
    .description('Discrete-event simulator of the AI-accelerator (H100) supply chain and its allocation policies')
    .version(chipsimVersion())
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');
  if (!asksVersionFirst(argv)) {
    const one = argv[0] !== undefined && Object.hasOwn(SINGLE_COMMANDS, argv[0]) ? SINGLE_COMMANDS[argv[0]] : undefined;
    if (one !== undefined) (await one())(program);
    else (await import('./commands.js')).registerCommands(program);
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    if (error instanceof UserError) {
      process.stderr.write(`chipsim: ${error.message}\n`);
      return error.exitCode;
    }
    // a policy that fails outside an experiment (e.g. a plug-in during `run`) is bad input
    if (error instanceof PolicyError) {
      process.stderr.write(`chipsim: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(
      `chipsim: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

exitQuietlyOnEpipe(process.stdout);
exitQuietlyOnEpipe(process.stderr);
const code = await main(process.argv.slice(2));
process.exitCode = code;
