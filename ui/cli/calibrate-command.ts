/** `chipsim calibrate [scenario] [--seeds N] [--policy P] [--format table|json]`: figures against their sources. */
import type { Command } from 'commander';
import { calibrate } from '../../models/calibration.js';
import { formatCalibrationJson, formatCalibrationTable } from '../format/calibration-table.js';
import {
  eventBudgetMessage,
  maxEventsOption,
  parseChoice,
  parseMaxEvents,
  parseWholeNumber,
  processCommandLine,
} from './options.js';
import { EventBudgetError } from '../../models/simulate.js';
import { policyOrExit, scenarioOrExit } from './load.js';
import { UserError } from './errors.js';
import { contentHash, provenance } from '../../models/experiment/index.js';

const FORMATS = ['table', 'json'] as const;
export const DEFAULT_SEEDS = 20;

interface CalibrateOptions {
  seeds?: string | undefined;
  policy?: string | undefined;
  format?: string | undefined;
  maxEvents?: string | undefined;
}

export async function calibrateCommand(scenarioArg: string | undefined, options: CalibrateOptions): Promise<string> {
  const seeds = parseWholeNumber('--seeds', options.seeds, DEFAULT_SEEDS);
  if (seeds < 1) throw new UserError(`--seeds must be at least 1, got "${options.seeds}"`);
  const format = parseChoice('--format', options.format, FORMATS, 'table');
  const maxEvents = parseMaxEvents(options.maxEvents);
  const { name, scenario } = scenarioOrExit(scenarioArg, { variations: false });
  const policy = await policyOrExit(options.policy ?? 'pro-rata');
  let report;
  try {
    report = calibrate(name, scenario, policy, seeds, { maxEvents });
  } catch (error) {
    if (error instanceof EventBudgetError) throw new UserError(eventBudgetMessage(error.message));
    throw error;
  }
  if (format === 'table') return formatCalibrationTable(report);
  return formatCalibrationJson(report, provenance(contentHash(scenario), processCommandLine()));
}

export function registerCalibrateCommand(program: Command): void {
  program
    .command('calibrate')
    .description('run seeds 1…N and print each calibration figure beside its sourced range (DOMAIN.md)')
    .argument('[scenario]', 'bundled scenario name or path to a scenario .json', 'h100-2023')
    .option('--seeds <n>', 'replications (seeds 1…N)', String(DEFAULT_SEEDS))
    .option('--policy <name|file>', 'allocation policy', 'pro-rata')
    .option('--format <format>', 'table (Markdown) or json', 'table')
    .addOption(maxEventsOption())
    .action(async (scenario: string | undefined, options: CalibrateOptions) => {
      process.stdout.write(await calibrateCommand(scenario, options));
    });
}
