import type { Command } from 'commander';
import { registerPoliciesCommand } from './policies-command.js';
import { registerRunCommand } from './run-command.js';
import { registerValidateCommands } from './validate-command.js';
import { registerCompareCommand } from './compare-command.js';
import { registerTuiCommand } from './tui-command.js';
import { runStart } from './start-command.js';
import { registerCalibrateCommand } from './calibrate-command.js';
import { registerSensitivityCommand } from './sensitivity-command.js';
import { registerSweepCommand } from './sweep-command.js';
import { registerMergeCommand } from './merge-command.js';
import { registerWorkerCommand } from './worker-command.js';
import { registerFitCommand } from './fit-command.js';

/** Adds every chipsim subcommand to the program. */
export function registerCommands(program: Command): void {
  program
    .command('start', { hidden: true })
    .description('the main job (npm start)')
    .action(async () => {
      await runStart();
    });
  registerRunCommand(program);
  registerValidateCommands(program);
  registerPoliciesCommand(program);
  registerCompareCommand(program);
  registerTuiCommand(program);
  registerCalibrateCommand(program);
  registerSensitivityCommand(program);
  registerSweepCommand(program);
  registerMergeCommand(program);
  registerWorkerCommand(program);
  registerFitCommand(program);
}
