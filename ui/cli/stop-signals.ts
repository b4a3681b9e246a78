/**
 * SIGINT and SIGTERM abort `signal` while this listens (from construction to `close()`);
 * `stoppedBy` is the first of them that came, so a command can exit 130 or 143.
 */
export class StopSignals {
  private readonly controller = new AbortController();
  stoppedBy: NodeJS.Signals | null = null;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.stoppedBy ??= signal;
    this.controller.abort();
  };

  constructor() {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Aborts as a signal would, for another source of cancellation (a caller's AbortSignal). */
  readonly abort = (): void => this.controller.abort();

  close(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }
}
