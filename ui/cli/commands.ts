import type { Command } from 'commander';
import { registerPoliciesCommand } from './policies-command.js';

/** Adds every chipsim subcommand to the program. */
export function registerCommands(program: Command): void {
  program
    .command('start', { hidden: true })
    .description('the main job (npm start)')
    .action(() => {
      program.outputHelp();
    });
  registerPoliciesCommand(program);
}
