/** `chipsim calibrate [scenario] [--seeds N] [--policy P] [--format table|json]`: figures against their sources. */
import type { Command } from 'commander';
import { calibrate } from '../../models/calibration.js';
import { formatCalibrationJson, formatCalibrationTable } from '../format/calibration-table.js';
import { parseChoice, parseWholeNumber } from './options.js';
import { policyOrExit, scenarioOrExit } from './load.js';
import { UserError } from './errors.js';
import { contentHash, provenance } from '../../models/experiment/index.js';
import { processCommandLine } from './options.js';

const FORMATS = ['table', 'json'] as const;
const DEFAULT_SEEDS = 20;

interface CalibrateOptions {
  seeds?: string | undefined;
  policy?: string | undefined;
  format?: string | undefined;
}

export async function calibrateCommand(scenarioArg: string | undefined, options: CalibrateOptions): Promise<string> {
  const seeds = parseWholeNumber('--seeds', options.seeds, DEFAULT_SEEDS);
  if (seeds < 1) throw new UserError(`--seeds must be at least 1, got "${options.seeds}"`);
  const format = parseChoice('--format', options.format, FORMATS, 'table');
  const { name, scenario } = scenarioOrExit(scenarioArg);
  const policy = await policyOrExit(options.policy ?? 'pro-rata');
  const report = calibrate(name, scenario, policy, seeds);
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
    .action(async (scenario: string | undefined, options: CalibrateOptions) => {
      process.stdout.write(await calibrateCommand(scenario, options));
    });
}
