/** Loading a scenario and a policy for a command: any problem becomes a UserError (exit 2). */
import { Option, type Command } from 'commander';
import { loadScenario, DEFAULT_SCENARIO, type Scenario, type UncertaintyChecks } from '../../scenarios/index.js';
import {
  DEFAULT_PLUGIN_TIMEOUT_MS,
  getPolicy,
  isPolicyPath,
  PolicyError,
  resolvePolicy,
  type PolicyDefinition,
} from '../../models/policies/index.js';
import { UserError } from './errors.js';
import { wholeNumber } from './options.js';

const MAX_PLUGIN_TIMEOUT_MS = 3_600_000;

/** The raw plug-in flags (see addPluginOptions). */
export interface PluginFlags {
  allowPlugins?: boolean;
  pluginTimeout?: string;
}

/** Parsed plug-in settings: may a scenario file name a plug-in, and each call's time limit. */
export interface PluginSettings {
  allowPlugins: boolean;
  timeoutMs: number;
}

/** `--allow-plugins`, for a command that runs a scenario's policy. */
export function allowPluginsOption(): Option {
  return new Option(
    '--allow-plugins',
    "let the scenario's allocation.policy name a plug-in file (a plug-in is code: it runs with your rights)",
  );
}

/** `--plugin-timeout <ms>`, for every command that may run a plug-in. */
export function pluginTimeoutOption(): Option {
  return new Option(
    '--plugin-timeout <ms>',
    `time limit of each plug-in call, and of loading it, in milliseconds (default ${DEFAULT_PLUGIN_TIMEOUT_MS})`,
  );
}

export function pluginSettingsOrExit(flags: PluginFlags): PluginSettings {
  let timeoutMs = DEFAULT_PLUGIN_TIMEOUT_MS;
  if (flags.pluginTimeout !== undefined) {
    const n = wholeNumber(flags.pluginTimeout);
    if (n === null || n < 1 || n > MAX_PLUGIN_TIMEOUT_MS)
      throw new UserError(
        `--plugin-timeout must be a whole number of milliseconds from 1 to ${MAX_PLUGIN_TIMEOUT_MS}, got "${flags.pluginTimeout}"`,
      );
    timeoutMs = n;
  }
  return { allowPlugins: flags.allowPlugins === true, timeoutMs };
}

/**
 * The scenario a command runs; `checks.variations: false` for a command that never varies it (the
 * uncertainty map's pointers and ranges are still checked; `validate` and the commands that vary
 * the scenario also check that every range gives a valid scenario).
 */
export function scenarioOrExit(
  nameOrPath: string | undefined,
  checks: UncertaintyChecks = {},
): { name: string; scenario: Scenario } {
  const loaded = loadScenario(nameOrPath ?? DEFAULT_SCENARIO, checks);
  if (!loaded.ok) throw new UserError(loaded.error);
  return { name: loaded.name, scenario: loaded.scenario };
}

/** A policy named by the user on the command line (`source` is the flag, e.g. `--policy`): built-in or plug-in. */
export async function policyOrExit(
  nameOrPath: string,
  source = '--policy',
  settings: Partial<PluginSettings> = {},
): Promise<PolicyDefinition> {
  try {
    return await resolvePolicy(nameOrPath, {
      source,
      ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    });
  } catch (error) {
    if (error instanceof PolicyError) throw new UserError(error.message);
    throw error;
  }
}

/**
 * The policy a run uses: `--policy` when given, else the scenario's `allocation.policy`. A scenario
 * file may name a plug-in only with --allow-plugins: otherwise opening someone else's scenario would
 * run their code.
 */
export async function runPolicyOrExit(
  flag: string | undefined,
  scenario: Scenario,
  settings: PluginSettings,
): Promise<PolicyDefinition> {
  if (flag !== undefined) return policyOrExit(flag, '--policy', settings);
  const named = scenario.allocation.policy;
  if (getPolicy(named) === undefined && isPolicyPath(named) && !settings.allowPlugins)
    throw new UserError(
      `allocation.policy names a plug-in file, ${JSON.stringify(named)}: a plug-in is code that runs with your rights, ` +
        `so a scenario file cannot start one by itself. If you trust it, pass --allow-plugins ` +
        `(or name it yourself with --policy ${named}); or use a built-in policy (chipsim policies)`,
    );
  return policyOrExit(named, 'allocation.policy', settings);
}

/** Adds --allow-plugins and --plugin-timeout: the flags of a command that loads a scenario's policy. */
export function addPluginOptions(command: Command): Command {
  return command.addOption(allowPluginsOption()).addOption(pluginTimeoutOption());
}

/** The scenario and the policy `run` would use (the flag, else the scenario's own), as the plug-in flags allow. */
export async function scenarioWithPolicyOrExit(
  scenarioArg: string | undefined,
  policyFlag: string | undefined,
  flags: PluginFlags,
  checks: UncertaintyChecks = {},
): Promise<{ name: string; scenario: Scenario; policy: PolicyDefinition }> {
  const plugins = pluginSettingsOrExit(flags);
  const { name, scenario } = scenarioOrExit(scenarioArg, checks);
  const policy = await runPolicyOrExit(policyFlag, scenario, plugins);
  return { name, scenario, policy };
}
