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
import { App, type ExportedView } from './App.js';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../../sim/atomic-write.js';
import { ENTER_SCREEN, EXIT_SIGNALS, LEAVE_SCREEN, type Screen } from './terminal.js';

export interface TuiSession {
  scenario: Scenario;
  scenarioName: string;
  policy: PolicyDefinition;
  seed: number;
  /** The policy `d` compares against (default pro-rata). */
  baseline?: string;
  /** Where the session starts (event number; default 0). */
  position?: number;
}

/** `e`: writes the view as JSON and the screen as text in the working directory, atomically. */
export function exportView(view: ExportedView, session: TuiSession, dir = process.cwd()): string {
  const s = view.state;
  const base = join(
    dir,
    `chipsim-tui-${basename(session.scenarioName).replace(/\.json$/, '')}-${String(s['policy'])}-e${String(s['event'])}`,
  );
  writeFileAtomic(`${base}.json`, JSON.stringify(s, null, 2) + '\n');
  writeFileAtomic(`${base}.txt`, view.screen() + '\n');
  return `exported ${base}.json and ${base}.txt`;
}

/** NO_COLOR present and non-empty turns colour off (https://no-color.org). */
export function colorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env['NO_COLOR'];
  return v === undefined || v === '';
}

/** The policies `p` offers: the one given first when it is a plug-in, then every built-in. */
export function policyCycle(initial: PolicyDefinition): { names: string[]; get: (name: string) => PolicyDefinition } {
  const builtIn = policyNames();
  const names = builtIn.includes(initial.name) ? builtIn : [initial.name, ...builtIn];
  return {
    names,
    get: (name) => (name === initial.name ? initial : (getPolicy(name) ?? initial)),
  };
}

/**
 * Runs the interactive session until the user quits; returns the exit code a signal asks for (null on q). `timeline` is the run to show (built by the
 * caller, so that simulating overlaps loading Ink); `onFirstFrame` gets the time of the first frame
 * (ms since process start); `screen` is the alternate screen the caller already entered (terminal.ts).
 */
export async function runTui(
  session: TuiSession,
  timeline?: Timeline,
  onFirstFrame?: (ms: number) => void,
  screen?: Screen,
): Promise<number | null> {
  const cycle = policyCycle(session.policy);
  const build = (policy: PolicyDefinition) =>
    new Timeline({ scenario: session.scenario, scenarioName: session.scenarioName, policy, seed: session.seed });
  const first = timeline ?? build(session.policy);
  const stdout = process.stdout;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    if (screen !== undefined) screen.restore();
    else stdout.write(LEAVE_SCREEN);
  };
  // Clear the "simulating…" line; Ink draws from the top left.
  stdout.write(screen !== undefined ? '\x1b[H\x1b[2J' : ENTER_SCREEN);
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
      baseline: session.baseline ?? 'pro-rata',
      initialPosition: session.position ?? 0,
      onRedraw: () => {
        stdout.write('\x1b[H\x1b[2J');
        instance.clear();
      },
      onExport: (view: ExportedView) => exportView(view, session),
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
  // A signal ends the session like q does (terminal restored), exiting 128 + its number.
  let signalled: number | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    signalled = 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1);
    instance.unmount();
  };
  for (const s of EXIT_SIGNALS) process.on(s, onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    for (const s of EXIT_SIGNALS) process.off(s, onSignal);
    instance.cleanup();
    restore();
  }
  return signalled;
}
