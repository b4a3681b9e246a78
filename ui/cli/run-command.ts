/**
 * `chipsim run [scenario] [--policy P] [--seed N] [--format table|json|csv] [--out FILE] [--quiet]`:
 * one replication. --out is checked before the run; notes go to stderr.
 */
import type { Command } from 'commander';
import { EventBudgetError, simulate, type SimulateOptions } from '../../models/simulate.js';
import type { Scenario } from '../../scenarios/schema.js';
import type { RunResult } from '../../models/result.js';
import { contentHash } from '../../models/experiment/checkpoint.js';
import { provenance, provenanceLine, type Provenance } from '../../models/experiment/provenance.js';
import { formatRunTable } from '../format/run-table.js';
import { formatRunCsv } from '../format/run-csv.js';
import { writeFileAtomic } from '../../sim/atomic-write.js';
import { UserError } from './errors.js';
import {
  eventBudgetMessage,
  formatFromOut,
  maxEventsOption,
  parseChoice,
  parseMaxEvents,
  parseOutPath,
  parseWholeNumber,
  processCommandLine,
} from './options.js';
import { prepareOutPath } from './out-path.js';
import {
  allowPluginsOption,
  pluginSettingsOrExit,
  pluginTimeoutOption,
  policyOrExit,
  runPolicyOrExit,
  scenarioOrExit,
  type PluginFlags,
} from './load.js';

const FORMATS = ['table', 'json', 'csv'] as const;
const DEFAULT_RUN_SEED = 1;

interface RunOptions extends PluginFlags {
  policy?: string;
  seed?: string;
  format?: string;
  out?: string;
  baseline?: string;
  quiet?: boolean;
  maxEvents?: string;
}

/** `simulate`, with a run past its event budget reported as a --max-events error (exit 2). */
function simulateOrExit(scenario: Scenario, options: SimulateOptions): RunResult {
  try {
    return simulate(scenario, options);
  } catch (error) {
    if (!(error instanceof EventBudgetError)) throw error;
    throw new UserError(eventBudgetMessage(error.message));
  }
}

/**
 * The JSON of one run (docs/ARCHITECTURE.md#contracts-other-tools-read): stable key order, two-space indent; with `meta`
 * (provenance) as the last key when given (the goldens hold the run without it).
 */
export function formatRunJson(result: RunResult, meta?: Provenance): string {
  return `${JSON.stringify(meta ? { ...result, meta } : result, null, 2)}\n`;
}

/** Extensions of formats some command writes; naming one `run` cannot write is an error, not a table. */
const KNOWN_EXTENSIONS = /\.(html?|parquet|json|csv)$/i;

export interface RunIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  cwd?: string;
  command?: string;
}

export async function runCommand(
  scenarioArg: string | undefined,
  options: RunOptions,
  io: RunIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<void> {
  const seed = parseWholeNumber('--seed', options.seed, DEFAULT_RUN_SEED);
  const format = parseChoice('--format', options.format, FORMATS, formatFromOut(options.out, FORMATS, 'table'));
  const out = parseOutPath(options.out);
  if (out !== undefined && options.format === undefined && KNOWN_EXTENSIONS.test(out) && format === 'table') {
    const ext = out.slice(out.lastIndexOf('.') + 1);
    throw new UserError(`--out ${out}: run cannot write .${ext} files (formats: ${FORMATS.join(', ')}); use --format`);
  }
  const outPath = out !== undefined ? prepareOutPath('--out', out, io.cwd) : undefined;
  const plugins = pluginSettingsOrExit(options);
  const { name, scenario } = scenarioOrExit(scenarioArg, { variations: false });
  const maxEvents = parseMaxEvents(options.maxEvents);
  const policy = await runPolicyOrExit(options.policy, scenario, plugins);
  const result = simulateOrExit(scenario, { policy, seed, scenarioName: name, maxEvents });
  const meta = () => provenance(contentHash(scenario), io.command ?? processCommandLine());
  let text: string;
  if (format === 'json') text = formatRunJson(result, meta());
  else if (format === 'csv') text = `# ${provenanceLine(meta())}\n${formatRunCsv(result)}`;
  else {
    const baselineName = options.baseline ?? (policy.name === 'pro-rata' ? 'favoured' : 'pro-rata');
    const baseline =
      baselineName === 'none'
        ? undefined
        : simulateOrExit(scenario, {
            policy: await policyOrExit(baselineName, '--baseline', plugins),
            seed,
            scenarioName: name,
            maxEvents,
          });
    text = formatRunTable(result, baseline);
  }
  if (outPath !== undefined) {
    writeFileAtomic(outPath, text);
    if (!options.quiet) io.stderr.write(`chipsim: wrote ${out} (${format})\n`);
  } else {
    io.stdout.write(text);
  }
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run one replication of a scenario and report customers, stages and units')
    .argument('[scenario]', 'bundled scenario name or path to a scenario .json', 'h100-2023')
    .option('--policy <name|file>', "allocation policy or plug-in file (default: the scenario's)")
    .option('--seed <n>', 'run seed (whole number)', String(DEFAULT_RUN_SEED))
    .option('--format <format>', 'table, json or csv (default: from --out, else table)')
    .option('--out <file>', 'write the output to a file (atomically) instead of stdout; checked before the run')
    .option('--quiet', 'no notes on stderr (errors still print)')
    .addOption(maxEventsOption())
    .option(
      '--baseline <policy>',
      'table view: compare each customer with this policy on the same seed ("none" to skip)',
    )
    .addOption(allowPluginsOption())
    .addOption(pluginTimeoutOption())
    .addHelpText(
      'after',
      '\nExamples:\n  chipsim run                                 # h100-2023 under its default policy\n  chipsim run h100-2023 --policy favoured      # who gains and who loses against pro-rata\n  chipsim run toy --format json --out toy.json',
    )
    .action(async (scenario: string | undefined, options: RunOptions) => {
      await runCommand(scenario, options);
    });
}
