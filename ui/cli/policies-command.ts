/**
 * `chipsim policies [--json]`: the built-in allocation policies with their one-line descriptions.
 * Table: one line per policy, name and description in aligned columns (no header, easy to grep/awk).
 * JSON: [{ "name": str, "description": str }] in registry order.
 */
import type { Command } from 'commander';
import { policies } from '../../models/policies/index.js';

export interface PolicyListing {
  readonly name: string;
  readonly description: string;
}

export function listPolicies(): PolicyListing[] {
  return [...policies.values()].map((p) => ({ name: p.name, description: p.description }));
}

/** The aligned two-column table `chipsim policies` prints, ending with a newline. */
export function formatPolicyTable(rows: readonly PolicyListing[]): string {
  const width = Math.max(0, ...rows.map((r) => r.name.length));
  return rows.map((r) => `${r.name.padEnd(width)}  ${r.description}\n`).join('');
}

export function registerPoliciesCommand(program: Command): void {
  program
    .command('policies')
    .description('list the allocation policies with one-line descriptions')
    .option('--json', 'print [{name, description}] as JSON')
    .addHelpText(
      'after',
      '\nBesides these names, --policy accepts a plug-in module path (e.g. ./my-policy.js) exporting a\n' +
        'default function, a named `allocate` function, or a default object { name?, description?, allocate }.',
    )
    .action((options: { json?: boolean }) => {
      const rows = listPolicies();
      process.stdout.write(options.json ? JSON.stringify(rows, null, 2) + '\n' : formatPolicyTable(rows));
    });
}
