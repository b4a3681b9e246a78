/**
 * The `chipsim` command line. Exit codes: 0 ok · 2 bad input (message names the field or flag) ·
 * 1 internal error.
 */
import { Command, CommanderError } from 'commander';
import { UserError } from './errors.js';
import { PolicyError } from '../../models/policies/errors.js';
import { registerCommands } from './commands.js';
import { packageVersion } from './version.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('chipsim')
    .description('Discrete-event simulator of the AI-accelerator (H100) supply chain and its allocation policies')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');
  registerCommands(program);
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
    if (error instanceof UserError || error instanceof PolicyError) {
      process.stderr.write(`chipsim: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(
      `chipsim: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
