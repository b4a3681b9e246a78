/**
 * `chipsim tui [scenario] [--policy P] [--seed N]`: the interactive timeline explorer (ui/tui/).
 * Needs a terminal on both stdin and stdout; otherwise exits 2 and points to `chipsim run`.
 * Ink is imported only here, dynamically, after CI is switched off (CONTRIBUTING.md §T1 and §T4).
 */
import type { Command } from 'commander';
import { DEFAULT_SCENARIO, type Scenario } from '../../scenarios/index.js';
import type { PolicyDefinition } from '../../models/policies/index.js';
import { Timeline } from '../tui/timeline.js';
import { UserError } from './errors.js';
import { parseWholeNumber, shellQuote } from './options.js';
import {
  allowPluginsOption,
  pluginSettingsOrExit,
  pluginTimeoutOption,
  runPolicyOrExit,
  scenarioOrExit,
  type PluginFlags,
} from './load.js';

export const TUI_DEFAULT_SEED = 1;

export interface RawTuiOptions extends PluginFlags {
  policy?: string;
  seed?: string;
}

export interface TuiSettings {
  scenario: Scenario;
  scenarioName: string;
  policy: PolicyDefinition;
  seed: number;
}

/** Validates the arguments; throws UserError (exit 2) naming what is wrong. */
export async function parseTuiOptions(scenarioArg: string | undefined, raw: RawTuiOptions): Promise<TuiSettings> {
  const scenarioName = scenarioArg ?? DEFAULT_SCENARIO;
  const { scenario } = scenarioOrExit(scenarioName);
  const seed = parseWholeNumber('--seed', raw.seed, TUI_DEFAULT_SEED);
  const policy = await runPolicyOrExit(raw.policy, scenario, pluginSettingsOrExit(raw));
  return { scenario, scenarioName, policy, seed };
}

/** Null when both ends are terminals, else the message to exit with. */
export function terminalProblem(
  stdin: { isTTY?: boolean },
  stdout: { isTTY?: boolean },
  settings: { scenarioName: string; policyName: string; seed: number },
): string | null {
  const missing = [stdin.isTTY ? null : 'stdin', stdout.isTTY ? null : 'stdout'].filter((x) => x !== null);
  if (missing.length === 0) return null;
  const args = [settings.scenarioName, '--policy', settings.policyName, '--seed', String(settings.seed)]
    .map(shellQuote)
    .join(' ');
  return (
    `tui needs an interactive terminal, but ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not a TTY.\n` +
    `For the same run as text, JSON or CSV use: chipsim run ${args} [--format table|json|csv]`
  );
}

export function registerTuiCommand(program: Command): void {
  program
    .command('tui')
    .description('interactive timeline explorer: step a run forward and back, see where units wait and who gets what')
    .argument('[scenario]', `bundled scenario name or path to a scenario JSON file (default ${DEFAULT_SCENARIO})`)
    .option(
      '--policy <name>',
      "allocation policy: a built-in name (see `chipsim policies`) or a plug-in path; default: the scenario's",
    )
    .option('--seed <n>', `run seed, a whole number (default ${TUI_DEFAULT_SEED})`)
    .addOption(allowPluginsOption())
    .addOption(pluginTimeoutOption())
    .addHelpText(
      'after',
      '\nKeys: →/l ←/h event · ]/[ week · }/{ month · Home/End · space play · +/- speed · Tab ↑↓ select ·\n' +
        '      c chart series · p next policy (same seed) · d diff · / filter log · ? help · q quit\n' +
        'Needs a terminal (stdin and stdout TTYs); for batch output use `chipsim run`.',
    )
    .action(async (scenarioArg: string | undefined, raw: RawTuiOptions) => {
      const marks: [string, number][] = [['command started', performance.now()]];
      const settings = await parseTuiOptions(scenarioArg, raw);
      const problem = terminalProblem(process.stdin, process.stdout, {
        scenarioName: settings.scenarioName,
        policyName: settings.policy.name,
        seed: settings.seed,
      });
      if (problem !== null) throw new UserError(problem);
      marks.push(['arguments checked', performance.now()]);
      // Ink decides once, at import, whether it is in CI (and then draws nothing until exit). Remove
      // CI rather than set it to 'false': chalk turns colour off whenever CI is present at all.
      delete process.env['CI'];
      delete process.env['CONTINUOUS_INTEGRATION'];
      // React's production build: the development one checks and times every render, ~2× slower.
      process.env['NODE_ENV'] ??= 'production';
      // Start loading Ink (its WebAssembly layout engine compiles off the main thread) while the run is simulated.
      const loading = import('../tui/run.js');
      const timeline = await Timeline.create({ ...settings });
      marks.push(['run simulated', performance.now()]);
      const { runTui } = await loading;
      marks.push(['ink loaded', performance.now()]);
      await runTui(settings, timeline, (ms) => marks.push(['first frame', ms]));
      if (process.env['CHIPSIM_TUI_TIMING']) {
        process.stderr.write(marks.map(([what, ms]) => `${what}: ${ms.toFixed(0)} ms after process start\n`).join(''));
      }
    });
}
