/**
 * `chipsim tui [scenario] [--policy P] [--seed N]`: the interactive timeline explorer (ui/tui/).
 * Needs a terminal on both stdin and stdout; otherwise exits 2 and points to `chipsim run`.
 * Ink is imported only here, dynamically, after CI is switched off (CONTRIBUTING.md §T1 and §T4).
 */
import type { Command } from 'commander';
import { DEFAULT_SCENARIO, type Scenario } from '../../scenarios/index.js';
import { policyNames, type PolicyDefinition } from '../../models/policies/index.js';
import { Timeline } from '../tui/timeline.js';
import { enterScreen } from '../tui/terminal.js';
import { UserError } from './errors.js';
import { parseWholeNumber, shellQuote } from './options.js';
import { allowPluginsOption, pluginTimeoutOption, scenarioWithPolicyOrExit, type PluginFlags } from './load.js';

export const TUI_DEFAULT_SEED = 1;

export interface RawTuiOptions extends PluginFlags {
  policy?: string;
  seed?: string;
  baseline?: string;
  week?: string;
  event?: string;
}

export interface TuiSettings {
  scenario: Scenario;
  scenarioName: string;
  policy: PolicyDefinition;
  seed: number;
  /** The policy `d` compares against. */
  baseline: string;
  /** Where to start: a week's opening event, or an event number (checked against the run). */
  start: { week: number } | { event: number } | null;
}

/** The start position the settings ask for in this run; throws UserError when --event is past its end. */
export function startPosition(settings: TuiSettings, t: Timeline): number {
  const s = settings.start;
  if (s === null) return 0;
  if ('week' in s) return s.week === 0 ? 0 : t.weekStart(s.week);
  if (s.event > t.total) throw new UserError(`--event ${s.event}: this run has ${t.total} events (0..${t.total})`);
  return s.event;
}

/** Validates the arguments; throws UserError (exit 2) naming what is wrong. */
export async function parseTuiOptions(scenarioArg: string | undefined, raw: RawTuiOptions): Promise<TuiSettings> {
  const scenarioName = scenarioArg ?? DEFAULT_SCENARIO;
  const { scenario, policy } = await scenarioWithPolicyOrExit(scenarioName, raw.policy, raw, { variations: false });
  const seed = parseWholeNumber('--seed', raw.seed, TUI_DEFAULT_SEED);
  const baseline = raw.baseline ?? 'pro-rata';
  if (baseline !== policy.name && !policyNames().includes(baseline))
    throw new UserError(`--baseline: unknown policy "${baseline}" (a built-in: ${policyNames().join(', ')})`);
  if (raw.week !== undefined && raw.event !== undefined) throw new UserError('give --week or --event, not both');
  let start: TuiSettings['start'] = null;
  if (raw.week !== undefined) {
    const week = parseWholeNumber('--week', raw.week, 0);
    if (week >= scenario.horizonWeeks)
      throw new UserError(`--week ${week}: the scenario runs weeks 0..${scenario.horizonWeeks - 1}`);
    start = { week };
  } else if (raw.event !== undefined) start = { event: parseWholeNumber('--event', raw.event, 0) };
  return { scenario, scenarioName, policy, seed, baseline, start };
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
    .option('--baseline <policy>', 'the policy `d` compares the shown run with (default pro-rata)')
    .option('--week <n>', "start at week N's opening event")
    .option('--event <n>', 'start at event N (0 = before the first)')
    .addHelpText(
      'after',
      '\nKeys: →/l ←/h event · ]/[ week · }/{ month · Home/End · : go to (w30, e1496) · space play · +/- speed ·\n' +
        '      Tab ↑↓ select · c chart series · p pick policy · d diff vs baseline · / search, n/N next/prev ·\n' +
        "      f event kind · m mark, ' jump · e export view · Ctrl-L redraw · ? help · q quit\n" +
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
      const screen = enterScreen(
        process.stdout,
        `simulating ${settings.scenarioName} with ${settings.policy.name} (seed ${settings.seed})…`,
      );
      const loading = import('../tui/run.js');
      let timeline: Timeline;
      let runTui: (typeof import('../tui/run.js'))['runTui'];
      let position: number;
      try {
        timeline = await Timeline.create({ ...settings });
        position = startPosition(settings, timeline);
        marks.push(['run simulated', performance.now()]);
        ({ runTui } = await loading);
        marks.push(['ink loaded', performance.now()]);
      } catch (error) {
        screen.restore();
        throw error;
      } finally {
        screen.dispose();
      }
      const signalled = await runTui(
        { ...settings, position },
        timeline,
        (ms) => {
          marks.push(['first frame', ms]);
          const cpu = process.cpuUsage();
          // CPU time is what a loaded machine cannot inflate: wall − CPU is time spent waiting for a core.
          marks.push(['CPU used (user + system) by the first frame', (cpu.user + cpu.system) / 1000]);
        },
        screen,
      );
      if (process.env['CHIPSIM_TUI_TIMING']) {
        process.stderr.write(
          marks
            .map(
              ([what, ms]) => `${what}: ${ms.toFixed(0)} ms${what.startsWith('CPU') ? '' : ' after process start'}\n`,
            )
            .join(''),
        );
      }
      // Killed by a signal: the terminal is back; exit 128 + its number, as a shell expects.
      if (signalled !== null) process.exit(signalled);
    });
}
