/**
 * A one-line progress bar for long runs, drawn on a TTY stream with carriage returns:
 *   [██████████░░░░░░░░░░]  1,234/2,000 reps  52%  310/s  ETA 0:03
 * Redraws at most every `intervalMs`; prints nothing when the stream is not a TTY.
 */
import { thousands } from './numbers.js';

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–:––';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** The text of the bar (pure; `rate` in records per second, `width` the bar's cells). */
export function progressLine(done: number, total: number, rate: number, width = 20, unit = 'runs'): string {
  const frac = total > 0 ? Math.min(1, done / total) : 1;
  const full = Math.round(frac * width);
  const bar = '█'.repeat(full) + '░'.repeat(width - full);
  const eta = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
  return `[${bar}] ${thousands(done)}/${thousands(total)} ${unit}  ${Math.floor(frac * 100)}%  ${rate >= 10 ? Math.round(rate) : rate.toFixed(1)}/s  ETA ${clock(eta)}`;
}

export class ProgressBar {
  private last = Number.NEGATIVE_INFINITY;
  private startedAt: number | null = null;
  private startDone = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly unit = 'runs',
    private readonly intervalMs = 100,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  update(done: number, total: number): void {
    if (!this.enabled) return;
    const t = this.now();
    if (this.startedAt === null) {
      this.startedAt = t;
      this.startDone = done;
    }
    if (done < total && t - this.last < this.intervalMs) return;
    this.last = t;
    const elapsed = (t - this.startedAt) / 1000;
    const rate = elapsed > 0 ? (done - this.startDone) / elapsed : 0;
    const width = Math.max(10, Math.min(30, (this.stream.columns ?? 80) - 55));
    this.stream.write(`\r${progressLine(done, total, rate, width, this.unit)}\x1b[K`);
    this.drawn = true;
  }

  /** Ends the line so later output starts clean. */
  done(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
