/**
 * The interactive session: builds the timeline, switches to the terminal's alternate screen, renders
 * the App with Ink and, however it ends (q, Ctrl-C, SIGTERM, an error), puts the terminal back.
 *
 * Import this module only after setting process.env.CI = 'false' (ui/cli/tui-command.ts does):
 * Ink reads CI once, when it is first imported, and draws nothing live under CI=true.
 */
import { createElement } from 'react';
import { render } from 'ink';
import type { Scenario } from '../../scenarios/index.js';
import type { PolicyDefinition } from '../../models/policies/index.js';
import { getPolicy, policyNames } from '../../models/policies/index.js';
import { Timeline } from './timeline.js';
import { App } from './App.js';

export interface TuiSession {
  scenario: Scenario;
  scenarioName: string;
  policy: PolicyDefinition;
  seed: number;
}

const ENTER = '\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J';
const LEAVE = '\x1b[?25h\x1b[?1049l';

/** NO_COLOR present and non-empty turns colour off (https://no-color.org). */
export function colorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env['NO_COLOR'];
  return v === undefined || v === '';
}

/** The policies `p` cycles through: the one given first when it is a plug-in, then every built-in. */
export function policyCycle(initial: PolicyDefinition): { names: string[]; get: (name: string) => PolicyDefinition } {
  const builtIn = policyNames();
  const names = builtIn.includes(initial.name) ? builtIn : [initial.name, ...builtIn];
  return {
    names,
    get: (name) => (name === initial.name ? initial : (getPolicy(name) ?? initial)),
  };
}

/**
 * Runs the interactive session until the user quits. `timeline` is the run to show (built by the
 * caller, so that simulating overlaps loading Ink); `onFirstFrame` gets the time of the first frame
 * (ms since process start).
 */
export async function runTui(
  session: TuiSession,
  timeline?: Timeline,
  onFirstFrame?: (ms: number) => void,
): Promise<void> {
  const cycle = policyCycle(session.policy);
  const build = (policy: PolicyDefinition) =>
    new Timeline({ scenario: session.scenario, scenarioName: session.scenarioName, policy, seed: session.seed });
  const first = timeline ?? build(session.policy);
  const stdout = process.stdout;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE);
  };
  stdout.write(ENTER);
  let framed = false;
  const instance = render(
    createElement(App, {
      timeline: first,
      // Re-runs in steps, so keys (q, Ctrl-C) still answer while the other policy is simulated.
      rerun: (name: string) =>
        Timeline.create({
          scenario: session.scenario,
          scenarioName: session.scenarioName,
          policy: cycle.get(name),
          seed: session.seed,
        }),
      policies: cycle.names,
      color: colorEnabled(),
    }),
    {
      exitOnCtrlC: false,
      patchConsole: true,
      // Ink draws the first update at once and throttles the rest: 60 fps keeps play smooth.
      maxFps: 60,
      onRender: () => {
        if (framed) return;
        framed = true;
        onFirstFrame?.(performance.now());
      },
    },
  );
  const onSignal = () => {
    instance.unmount();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    instance.cleanup();
    restore();
  }
}
