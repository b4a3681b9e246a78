/** ui/cli/load.ts: --plugin-timeout, consent for a scenario's plug-in, and messages naming where a policy was named. */
import { describe, expect, test } from 'vitest';
import { DEFAULT_PLUGIN_TIMEOUT_MS, getPolicy } from '../../models/policies/index.js';
import { UserError } from '../../ui/cli/errors.js';
import { pluginSettingsOrExit, policyOrExit, runPolicyOrExit, scenarioOrExit } from '../../ui/cli/load.js';

async function userError(p: Promise<unknown> | (() => unknown)): Promise<UserError> {
  const error = await (typeof p === 'function' ? Promise.resolve().then(p) : p).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  expect((error as UserError).exitCode).toBe(2);
  return error as UserError;
}

const withPolicy = (policy: string) => {
  const { scenario } = scenarioOrExit('toy');
  return { ...scenario, allocation: { ...scenario.allocation, policy } };
};
const defaults = { allowPlugins: false, timeoutMs: DEFAULT_PLUGIN_TIMEOUT_MS };

describe('--plugin-timeout', () => {
  test('default, and a whole number of ms', () => {
    expect(pluginSettingsOrExit({})).toEqual(defaults);
    expect(pluginSettingsOrExit({ pluginTimeout: '250', allowPlugins: true })).toEqual({
      allowPlugins: true,
      timeoutMs: 250,
    });
  });
  test.each(['0', '-1', '1.5', 'abc', '', '3600001'])('%j is refused naming the flag', async (raw) => {
    const e = await userError(() => pluginSettingsOrExit({ pluginTimeout: raw }));
    expect(e.message).toBe(`--plugin-timeout must be a whole number of milliseconds from 1 to 3600000, got "${raw}"`);
  });
});

describe('the policy of a run', () => {
  test("the scenario's built-in policy needs no consent; --policy wins", async () => {
    expect(await runPolicyOrExit(undefined, withPolicy('uniform'), defaults)).toBe(getPolicy('uniform'));
    expect(await runPolicyOrExit('fcfs', withPolicy('uniform'), defaults)).toBe(getPolicy('fcfs'));
  });
  test('an unknown name is reported against the field or flag the user wrote', async () => {
    expect((await userError(runPolicyOrExit(undefined, withPolicy('pro_rata'), defaults))).message).toMatch(
      /^allocation\.policy: unknown policy "pro_rata"; valid names: pro-rata, /,
    );
    expect((await userError(runPolicyOrExit('pro_rata', withPolicy('uniform'), defaults))).message).toMatch(
      /^--policy: unknown policy "pro_rata"/,
    );
    expect((await userError(policyOrExit('nope', '--baseline'))).message).toMatch(/^--baseline: unknown policy "nope"/);
  });
  test('a plug-in path in the scenario is refused without consent, before anything is loaded', async () => {
    // The file does not even exist: the refusal comes first, so it is not a file-not-found error.
    const e = await userError(runPolicyOrExit(undefined, withPolicy('./no/such.js'), defaults));
    expect(e.message).toMatch(/^allocation\.policy names a plug-in file, "\.\/no\/such\.js": .* pass --allow-plugins/);
    const allowed = await userError(
      runPolicyOrExit(undefined, withPolicy('./no/such.js'), { ...defaults, allowPlugins: true }),
    );
    expect(allowed.message).toMatch(/^allocation\.policy: policy plug-in \.\/no\/such\.js: file not found/);
  });
});
