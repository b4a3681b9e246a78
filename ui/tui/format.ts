/** Fixed-width text pieces for the terminal UI: numbers, bars, sparklines, padding, dates. */

export { fmtInt } from '../../models/describe.js';

/** Compact count: 950 → "950", 1234 → "1.2k", 45678 → "45.7k", 345678 → "346k", 1.2e6 → "1.2M". */
export function fmtCompact(n: number): string {
  const a = Math.abs(n);
  const sign = n < 0 ? '-' : '';
  if (a < 1000) return sign + String(Math.round(a));
  if (a < 99_950) return sign + (a / 1000).toFixed(1).replace(/\.0$/, '') + 'k';
  if (a < 999_500) return sign + Math.round(a / 1000) + 'k';
  if (a < 99_950_000) return sign + (a / 1e6).toFixed(1).replace(/\.0$/, '') + 'M';
  return sign + Math.round(a / 1e6) + 'M';
}

/** 0.984 → "98%"; null → "—". */
export function fmtPct(x: number | null): string {
  return x === null || !Number.isFinite(x) ? '—' : `${Math.round(x * 100)}%`;
}

/** Weeks with one decimal: 18.23 → "18.2w"; null → "—". */
export function fmtWeeks(x: number | null): string {
  return x === null || !Number.isFinite(x) ? '—' : `${x.toFixed(1)}w`;
}

/** Signed compact difference: +1.2k, −350, 0. */
export function fmtDelta(n: number): string {
  if (Math.round(n) === 0) return '0';
  return (n > 0 ? '+' : '−') + fmtCompact(Math.abs(n));
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A horizontal bar of `width` cells for a fraction 0..1 (eighth-cell resolution). */
export function bar(fraction: number | null, width: number): string {
  if (width <= 0) return '';
  if (fraction === null || !Number.isFinite(fraction)) return ' '.repeat(width);
  const f = Math.max(0, Math.min(1, fraction));
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const part = EIGHTHS[eighths % 8]!;
  const used = full + (part === '' ? 0 : 1);
  return '█'.repeat(full) + part + '░'.repeat(Math.max(0, width - used));
}

const SPARKS = '▁▂▃▄▅▆▇█';

/** A one-line sparkline of `values`, resampled to at most `width` cells (min at 0). */
export function sparkline(values: readonly number[], width: number): string {
  if (values.length === 0 || width <= 0) return '';
  const cells = resample(values, Math.min(width, values.length));
  const max = Math.max(...cells);
  const min = Math.min(0, ...cells);
  const span = max - min;
  return cells
    .map((v) => (span <= 0 ? SPARKS[0]! : SPARKS[Math.min(7, Math.floor(((v - min) / span) * 7.999))]!))
    .join('');
}

/** Resamples a series to `n` points by averaging equal-width buckets (n ≥ length: unchanged). */
export function resample(values: readonly number[], n: number): number[] {
  if (n >= values.length) return [...values];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const from = Math.floor((i * values.length) / n);
    const to = Math.max(from + 1, Math.floor(((i + 1) * values.length) / n));
    let s = 0;
    for (let k = from; k < to; k++) s += values[k]!;
    out.push(s / (to - from));
  }
  return out;
}

/** Cuts `s` to `width` cells, ending in "…" when cut. */
export function truncate(s: string, width: number): string {
  if (width <= 0) return '';
  if (s.length <= width) return s;
  return width === 1 ? '…' : s.slice(0, width - 1) + '…';
}

/** Left-aligned in exactly `width` cells. */
export function padEnd(s: string, width: number): string {
  const t = truncate(s, width);
  return t + ' '.repeat(Math.max(0, width - t.length));
}

/** Right-aligned in exactly `width` cells. */
export function padStart(s: string, width: number): string {
  const t = truncate(s, width);
  return ' '.repeat(Math.max(0, width - t.length)) + t;
}

/** The calendar date `weeks` after an ISO start date, as YYYY-MM-DD. */
export function dateAt(startDate: string, weeks: number): string {
  const start = Date.parse(`${startDate}T00:00:00Z`);
  if (!Number.isFinite(start)) return '';
  return new Date(start + Math.floor(weeks * 7) * 86_400_000).toISOString().slice(0, 10);
}
