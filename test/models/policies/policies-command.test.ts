/** `chipsim policies [--json]` (ui/cli/policies-command.ts), run in-process. */
import { Command } from 'commander';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { policyNames, getPolicy } from '../../../models/policies/index.js';
import { formatPolicyTable, registerPoliciesCommand } from '../../../ui/cli/policies-command.js';

async function run(args: string[]): Promise<string> {
  const program = new Command('chipsim').exitOverride();
  registerPoliciesCommand(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('chipsim policies', () => {
  test('lists every policy with its description, descriptions aligned', async () => {
    const out = await run(['policies']);
    const lines = out.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(policyNames());
    const column = lines[0]!.indexOf(getPolicy(policyNames()[0]!)!.description);
    for (const [i, name] of policyNames().entries()) {
      expect(lines[i]!.indexOf(getPolicy(name)!.description)).toBe(column);
    }
    expect(column).toBe('turn-and-earn'.length + 2);
  });
  test('--json prints [{name, description}]', async () => {
    const parsed = JSON.parse(await run(['policies', '--json'])) as unknown;
    expect(parsed).toEqual(policyNames().map((name) => ({ name, description: getPolicy(name)!.description })));
  });
  test('formatPolicyTable pads names to the longest', () => {
    expect(
      formatPolicyTable([
        { name: 'a', description: 'x' },
        { name: 'abc', description: 'y' },
      ]),
    ).toBe('a    x\nabc  y\n');
    expect(formatPolicyTable([])).toBe('');
  });
});
