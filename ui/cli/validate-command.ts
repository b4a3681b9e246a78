/** `chipsim validate FILE` and `chipsim scenarios`. */
import type { Command } from 'commander';
import { bundledScenarioNames, loadScenario } from '../../scenarios/index.js';
import { addPluginOptions, scenarioWithPolicyOrExit, type PluginFlags } from './load.js';

export async function validateCommand(file: string, flags: PluginFlags = {}): Promise<string> {
  // The scenario's policy as `run` would take it: a known name, or a plug-in allowed and loadable.
  const { scenario: s } = await scenarioWithPolicyOrExit(file, undefined, flags);
  const direct = s.customers.filter((c) => c.via === undefined).length;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  return `✓ ${file}: valid scenario '${s.name}' — ${s.horizonWeeks} weeks from ${s.startDate}, ${count(direct, 'customer')} (${count(s.customers.length - direct, 'end user')}), ${count(s.hbm.suppliers.length, 'HBM supplier')}, ${count(s.events.length, 'dated event')}\n`;
}

export function scenariosCommand(json: boolean): string {
  const list = bundledScenarioNames().map((name) => {
    const loaded = loadScenario(name);
    return { name, description: loaded.ok ? loaded.scenario.description : `INVALID: ${loaded.error}` };
  });
  if (json) return `${JSON.stringify(list, null, 2)}\n`;
  const width = Math.max(...list.map((s) => s.name.length));
  return list.map((s) => `${s.name.padEnd(width)}  ${s.description}`).join('\n') + '\n';
}

export function registerValidateCommands(program: Command): void {
  addPluginOptions(
    program
      .command('validate')
      .description('check a scenario file: exit 0 if valid, else 2 with every invalid field path')
      .argument('<file>', 'scenario .json file (or a bundled name)'),
  ).action(async (file: string, flags: PluginFlags) => {
    process.stdout.write(await validateCommand(file, flags));
  });
  program
    .command('scenarios')
    .description('list the bundled scenarios with a one-line description')
    .option('--json', 'print [{name, description}] as JSON')
    .action((options: { json?: boolean }) => {
      process.stdout.write(scenariosCommand(options.json === true));
    });
}
