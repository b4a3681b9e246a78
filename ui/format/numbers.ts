/**
 * Number formatting for compare output, per metric: percentages for rates (differences in
 * percentage points), thousands separators for GPU counts, $B for revenue, weeks to one decimal.
 */
import { fmtInt } from '../../models/describe.js';

export interface MetricFormat {
  /** Human label. */
  label: string;
  /** Formats a value (or a CI bound). */
  value: (x: number) => string;
  /** Formats a difference (signed), with `extra` more decimals than usual. */
  diff: (x: number, extra?: number) => string;
  /** Unit of a difference, shown in headers (e.g. "pp"). */
  diffUnit: string;
  /**
   * Extra decimals (0 or 1; always 0 for counts) so a CI of this half width (in the metric's own
   * units) shows one more significant digit when it is narrow.
   */
  extraDigits: (halfWidth: number) => number;
}

const MINUS = '−';

/** Prefixes + or − by the sign of x; a value that prints as zero (e.g. "0.0") gets no sign. */
export function signed(s: string, x: number): string {
  if (!/[1-9]/.test(s)) return s.replace(/^[-−+]/, '');
  if (x > 0) return `+${s}`;
  if (x < 0) return `${MINUS}${s.replace(/^-/, '')}`;
  return s.replace(/^-/, '');
}

function fixed(digits: number): (x: number) => string {
  return (x) => {
    const s = Math.abs(x).toFixed(digits);
    return x < 0 && /[1-9]/.test(s) ? `${MINUS}${s}` : s;
  };
}

/** 1234567 → "1,234,567". */
export function thousands(x: number): string {
  const r = Math.round(x);
  const s = fmtInt(Math.abs(r));
  return r < 0 ? `${MINUS}${s}` : s;
}

type Kind = 'count' | 'pct' | 'dec' | 'usdB';

function make(label: string, kind: Kind, digits: number, diffUnit: string): MetricFormat {
  const scale = kind === 'pct' ? 100 : kind === 'usdB' ? 1e-9 : 1;
  const num = (x: number, d: number) => fixed(d)(x * scale);
  const value = (x: number): string => {
    if (kind === 'count') return thousands(x);
    if (kind === 'pct') return `${num(x, digits)}%`;
    if (kind === 'usdB') return x < 0 ? `${MINUS}$${num(-x, digits)}B` : `$${num(x, digits)}B`;
    return num(x, digits);
  };
  const diff = (x: number, extra = 0): string => {
    if (kind === 'count') return signed(thousands(Math.abs(x)), Math.round(x));
    const body = num(Math.abs(x), digits + extra);
    return signed(kind === 'usdB' ? `$${body}B` : body, x);
  };
  const extraDigits = (halfWidth: number): number => {
    if (kind === 'count' || !(halfWidth > 0) || !Number.isFinite(halfWidth)) return 0;
    const need = Math.ceil(-Math.log10(halfWidth * scale));
    return Math.max(0, Math.min(1, need - digits));
  };
  return { label, value, diff, diffUnit, extraDigits };
}

const FORMATS: Record<string, MetricFormat> = {
  gpusDelivered: make('GPUs delivered', 'count', 0, 'GPUs'),
  gpusProduced: make('GPUs produced', 'count', 0, 'GPUs'),
  fillRate: make('fill rate', 'pct', 1, 'pp'),
  meanWaitWeeks: make('mean wait (weeks)', 'dec', 1, 'weeks'),
  p95WaitWeeks: make('p95 wait (weeks)', 'dec', 1, 'weeks'),
  jainIndex: make("Jain's fairness index", 'dec', 3, ''),
  gini: make('Gini of fill rates', 'dec', 3, ''),
  orderInflation: make('order inflation (×)', 'dec', 2, '×'),
  bullwhip: make('bullwhip (var ratio)', 'dec', 2, ''),
  lostDemand: make('lost demand (GPUs)', 'count', 0, 'GPUs'),
  substitutedGpus: make('GPUs to alternatives', 'count', 0, 'GPUs'),
  nvidiaLostRevenueUsd: make('revenue lost to alternatives', 'usdB', 2, '$'),
  revenue: make('revenue', 'usdB', 2, '$'),
  medianCycleWeeks: make('median cycle (weeks)', 'dec', 1, 'weeks'),
  supplierProfitUsd: make('Nvidia profit', 'usdB', 3, '$'),
  buyersProfitUsd: make('buyers’ profit', 'usdB', 3, '$'),
  chainProfitUsd: make('chain profit', 'usdB', 3, '$'),
  pushedGpus: make('GPUs pushed past need', 'count', 0, 'GPUs'),
  resoldGpus: make('GPUs resold (secondary market)', 'count', 0, 'GPUs'),
  received: make('GPUs received', 'count', 0, 'GPUs'),
  avgGpusInHand: make('GPUs in hand, run average', 'count', 0, 'GPUs'),
  meanWaitWeeksCustomer: make('mean wait (weeks)', 'dec', 1, 'weeks'),
  needJainIndex: make("Jain's index of need fill", 'dec', 3, ''),
  needGini: make('Gini of need fill', 'dec', 3, ''),
  inHandJainIndex: make("Jain's index of in hand ÷ need", 'dec', 3, ''),
  inHandGini: make('Gini of in hand ÷ need', 'dec', 3, ''),
  needFillRate: make('need fill rate', 'pct', 1, 'pp'),
  unmetNeedGpuWeeks: make('unmet need (GPU-weeks)', 'count', 0, 'GPU-weeks'),
  longestUnservedWeeks: make('longest unserved (weeks)', 'dec', 1, 'weeks'),
  firstDeliveryWeek: make('first delivery (week)', 'dec', 1, 'weeks'),
};

function generic(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  const s = a >= 1000 ? thousands(a) : a >= 1 ? a.toFixed(2) : a.toPrecision(3);
  return x < 0 ? `${MINUS}${s}` : s;
}

/** Whether `metric` has a format of its own (a label and digits), rather than the generic one. */
export function hasMetricFormat(metric: string): boolean {
  return Object.hasOwn(FORMATS, metric);
}

/** The format of a `--metric` spec (`fillRate`, `needFillRate:meta`, `diff:…`): that of its metric name. */
export function metricSpecFormat(spec: string): MetricFormat {
  return metricFormat(spec.replace(/^diff:/, '').split(':')[0]!);
}

/** The format of a metric; unknown metrics get a generic 3-significant-digit one. */
export function metricFormat(metric: string): MetricFormat {
  return (
    FORMATS[metric] ?? {
      label: metric,
      value: generic,
      diff: (x) => signed(generic(Math.abs(x)), x),
      diffUnit: '',
      extraDigits: () => 0,
    }
  );
}

/** "+1.23 [+0.45, +2.01]": a difference with its CI, with enough decimals to show the CI's width. */
export function formatDiffCi(
  meanDiff: number | null,
  ci: [number, number] | null,
  metric: string,
): { mean: string; ci: string } {
  if (meanDiff === null) return { mean: '–', ci: '' };
  const f = metricFormat(metric);
  let extra = ci ? f.extraDigits((ci[1] - ci[0]) / 2) : 0;
  // When the CI excludes 0 (▲/▼), neither bound may print as 0: add decimals until it shows.
  const zeroLike = (x: number) => x !== 0 && !/[1-9]/.test(f.diff(x, extra));
  const excludesZero = ci !== null && (ci[0] > 0 || ci[1] < 0);
  while (excludesZero && extra < 4 && (zeroLike(ci[0]) || zeroLike(ci[1]))) extra++;
  const d = (x: number) => f.diff(x, extra);
  return { mean: d(meanDiff), ci: ci ? `[${d(ci[0])}, ${d(ci[1])}]` : '' };
}

/** "[lo, hi]" with the given bound formatter, or "" without a CI. */
export function formatCi(ci: [number, number] | null, f: (x: number) => string): string {
  return ci ? `[${f(ci[0])}, ${f(ci[1])}]` : '';
}

/** ▲ when the CI lies above 0, ▼ below, · when it straddles 0 (or is missing). */
export function verdict(ci: [number, number] | null): '▲' | '▼' | '·' {
  if (!ci) return '·';
  if (ci[0] > 0) return '▲';
  if (ci[1] < 0) return '▼';
  return '·';
}

/** Pads to a display width, counting code points (the marks and − are one column each). */
export function padEnd(s: string, width: number): string {
  const len = [...s].length;
  return len >= width ? s : s + ' '.repeat(width - len);
}

export function padStart(s: string, width: number): string {
  const len = [...s].length;
  return len >= width ? s : ' '.repeat(width - len) + s;
}
