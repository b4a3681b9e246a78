/** `chipsim run [scenario] [--policy P] [--seed N] [--format table|json|csv] [--out FILE]`: one replication. */
import type { Command } from 'commander';
import { DEFAULT_MAX_EVENTS, EventBudgetError, simulate, type SimulateOptions } from '../../models/simulate.js';
import type { Scenario } from '../../scenarios/schema.js';
import { UserError } from './errors.js';
import type { RunResult } from '../../models/result.js';
import { formatRunTable } from '../format/run-table.js';
import { formatRunCsv } from '../format/run-csv.js';
import { writeFileAtomic } from './atomic-write.js';
import { formatFromOut, parseChoice, parseOutPath, parseWholeNumber } from './options.js';
import { policyOrExit, scenarioOrExit } from './load.js';

const FORMATS = ['table', 'json', 'csv'] as const;
const DEFAULT_RUN_SEED = 1;

interface RunOptions {
  policy?: string;
  seed?: string;
  format?: string;
  out?: string;
  baseline?: string;
  maxEvents?: string;
}

/** `simulate`, with a run past its event budget reported as a --max-events error (exit 2). */
function simulateOrExit(scenario: Scenario, options: SimulateOptions): RunResult {
  try {
    return simulate(scenario, options);
  } catch (error) {
    if (!(error instanceof EventBudgetError)) throw error;
    throw new UserError(`--max-events: ${error.message}; raise --max-events or check the scenario's magnitudes`);
  }
}

/** The JSON of one run (ARCHITECTURE.md §6): stable key order, two-space indent. */
export function formatRunJson(result: RunResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

export async function runCommand(scenarioArg: string | undefined, options: RunOptions): Promise<string> {
  const seed = parseWholeNumber('--seed', options.seed, DEFAULT_RUN_SEED);
  const format = parseChoice('--format', options.format, FORMATS, formatFromOut(options.out, FORMATS, 'table'));
  const out = parseOutPath(options.out);
  const { name, scenario } = scenarioOrExit(scenarioArg);
  const maxEvents = parseWholeNumber('--max-events', options.maxEvents, DEFAULT_MAX_EVENTS);
  const policy = await policyOrExit(options.policy ?? scenario.allocation.policy);
  const result = simulateOrExit(scenario, { policy, seed, scenarioName: name, maxEvents });
  let text: string;
  if (format === 'json') text = formatRunJson(result);
  else if (format === 'csv') text = formatRunCsv(result);
  else {
    const baselineName = options.baseline ?? (policy.name === 'pro-rata' ? 'favoured' : 'pro-rata');
    const baseline =
      baselineName === 'none'
        ? undefined
        : simulateOrExit(scenario, { policy: await policyOrExit(baselineName), seed, scenarioName: name, maxEvents });
    text = formatRunTable(result, baseline);
  }
  if (out !== undefined) {
    writeFileAtomic(out, text);
    return `wrote ${out}\n`;
  }
  return text;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run one replication of a scenario and report customers, stages and units')
    .argument('[scenario]', 'bundled scenario name or path to a scenario .json', 'h100-2023')
    .option('--policy <name|file>', "allocation policy or plug-in file (default: the scenario's)")
    .option('--seed <n>', 'run seed (whole number)', String(DEFAULT_RUN_SEED))
    .option('--format <format>', 'table, json or csv (default: from --out, else table)')
    .option('--out <file>', 'write the output to a file (atomically) instead of stdout')
    .option(
      '--max-events <n>',
      `event budget of a run; past it: exit 2 (default ${DEFAULT_MAX_EVENTS.toLocaleString('en')})`,
    )
    .option(
      '--baseline <policy>',
      'table view: compare each customer with this policy on the same seed ("none" to skip)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  chipsim run                                 # h100-2023 under its default policy\n  chipsim run h100-2023 --policy favoured      # who gains and who loses against pro-rata\n  chipsim run toy --format json --out toy.json',
    )
    .action(async (scenario: string | undefined, options: RunOptions) => {
      process.stdout.write(await runCommand(scenario, options));
    });
}
