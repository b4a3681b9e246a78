/**
 * The terminal around the TUI, without Ink: the alternate screen, the "simulating…" line shown at
 * once (before Ink loads and while the run is simulated), and restoring the terminal on every way
 * out, signals included (SIGINT from outside, SIGTERM, SIGHUP).
 */
export const ENTER_SCREEN = '\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J';
export const LEAVE_SCREEN = '\x1b[?25h\x1b[?1049l';
export const EXIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface Screen {
  /** Leaves the alternate screen (once; later calls do nothing). */
  restore(): void;
}

/** Switches to the alternate screen and prints `line` at its top; restores it if a signal comes first. */
export function enterScreen(out: { write(s: string): unknown }, line: string): Screen & { dispose(): void } {
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    out.write(LEAVE_SCREEN);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
  };
  for (const s of EXIT_SIGNALS) process.on(s, onSignal);
  out.write(`${ENTER_SCREEN} ${line}`);
  return {
    restore,
    /** Stops watching signals (the Ink session installs its own). */
    dispose: () => {
      for (const s of EXIT_SIGNALS) process.off(s, onSignal);
    },
  };
}
