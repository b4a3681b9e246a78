/**
 * What the analysis scripts share: `--help`, a whole-number argument checked, and a quiet exit when
 * piped into `head`.
 */

/** With `--help` or `-h` anywhere in the arguments: prints `usage` (what it runs and its arguments) and exits 0. */
export function helpIfAsked(usage: string): void {
  if (!process.argv.slice(2).some((a) => a === '--help' || a === '-h')) return;
  process.stdout.write(`${usage.trim()}\n`);
  process.exit(0);
}

/** argv[index] as a whole number ≥ 1, or `fallback` when absent; anything else exits 2 naming it. */
export function wholeNumberArg(index: number, name: string, fallback: number): number {
  const raw = process.argv[index];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`${name}: expected a whole number ≥ 1, got ${JSON.stringify(raw)}\n`);
    process.exit(2);
  }
  return n;
}

/** A reader that stops early (`| head`) closes the pipe: stop quietly instead of a stack trace. */
export function exitQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
