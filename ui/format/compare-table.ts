/**
 * The default `compare` output, a plain-text report that leads with the answer:
 *
 *  1. who gains and who loses — per customer, the fill rate under each policy and the paired
 *     difference (b − a, percentage points) with its 95 % CI, plus the mean differences in GPUs in
 *     hand (averaged over the run: more GPUs and the same GPUs sooner both count) and in mean weeks
 *     waited (GPUs received are in the JSON and HTML). Sorted and marked by GPUs in hand: ▲ = its CI lies above 0 (b
 *     serves that customer better), ▼ = below, · = no clear difference. Fill rates at the horizon
 *     can hide timing (everyone is served in the end), GPUs in hand does not. With more than two
 *     policies, one such table per policy against the first one;
 *  2. the overall metrics per policy, mean ± 95 % CI half width;
 *  3. the paired differences of the overall metrics for every pair of policies.
 *
 * Fits in 80 columns for two or three policies with customer ids up to ~16 characters.
 */
import type { ComparisonResult, PairedCustomerEstimate, PairedEstimate } from '../../models/experiment/index.js';
import type { CompareMeta } from './compare-meta.js';
import { formatDiffCi, metricFormat, padEnd, padStart, verdict } from './numbers.js';
import { compareIds } from '../../models/policies/rounding.js';

export interface CustomerRow {
  id: string;
  /** Fill rate mean per policy (same order as the policies). */
  fill: (number | null)[];
  fillDiff: PairedCustomerEstimate | undefined;
  inHandDiff: PairedCustomerEstimate | undefined;
  receivedDiff: PairedCustomerEstimate | undefined;
  waitDiff: PairedCustomerEstimate | undefined;
  mark: '▲' | '▼' | '·';
}

/** Rows of the "who gains, who loses" table for b − a, sorted by the GPUs-in-hand difference (largest gain first). */
export function customerRows(result: ComparisonResult, a: string, b: string): CustomerRow[] {
  const find = (customer: string, metric: string) =>
    result.pairedCustomers.find((d) => d.a === a && d.b === b && d.customer === customer && d.metric === metric);
  const ia = result.policies.findIndex((p) => p.policy === a);
  const ib = result.policies.findIndex((p) => p.policy === b);
  const rows = result.customerIds.map((id) => {
    const fillDiff = find(id, 'fillRate');
    const fill = [ia, ib].map((i) => result.policies[i]?.customers.find((c) => c.id === id)?.fillRate.mean ?? null);
    const inHandDiff = find(id, 'avgGpusInHand');
    return {
      id,
      fill,
      fillDiff,
      inHandDiff,
      receivedDiff: find(id, 'received'),
      waitDiff: find(id, 'meanWaitWeeks'),
      mark: verdict(inHandDiff?.ci95 ?? null),
    };
  });
  rows.sort((x, y) => {
    const dx = x.inHandDiff?.meanDiff ?? Number.NEGATIVE_INFINITY;
    const dy = y.inHandDiff?.meanDiff ?? Number.NEGATIVE_INFINITY;
    return dy - dx || compareIds(x.id, y.id);
  });
  return rows;
}

function table(rows: string[][], align: ('l' | 'r')[], gap = 2): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((r) =>
    r
      .map((c, i) => (align[i] === 'r' ? padStart(c, widths[i]!) : padEnd(c, widths[i]!)))
      .join(' '.repeat(gap))
      .trimEnd(),
  );
}

function diffCell(d: PairedEstimate | undefined, metric: string): string {
  if (!d || d.meanDiff === null) return '–';
  const { mean, ci } = formatDiffCi(d.meanDiff, d.ci95, metric);
  return `${mean} ${ci}`.trim();
}

/** Whether `ci` was cut at a bound of its metric (it is otherwise symmetric about the mean). */
function isCut(mean: number, ci: [number, number]): boolean {
  const half = (ci[1] - ci[0]) / 2;
  return Math.abs(ci[0] + half - mean) > 1e-9 * Math.max(half, Math.abs(mean), Number.MIN_VALUE);
}

/** "mean ± half width", or "mean [low, high]" when the interval was cut at the metric's bound. */
function estimateCell(mean: number | null, ci: [number, number] | null, metric: string): string {
  if (mean === null) return '–';
  const f = metricFormat(metric);
  if (!ci) return f.value(mean);
  if (isCut(mean, ci)) return `${f.value(mean)} [${f.value(ci[0])}, ${f.value(ci[1])}]`;
  return `${f.value(mean)} ± ${f.value((ci[1] - ci[0]) / 2)}`;
}

export function customerSection(result: ComparisonResult, a: string, b: string): string[] {
  const rows = customerRows(result, a, b);
  const lines: string[] = [];
  lines.push(`Who gains, who loses under ${b} vs ${a}, by customer`);
  const diffHeader = `${b} − ${a} (pp)`;
  const header = [
    '',
    'customer',
    a,
    b,
    [...diffHeader].length <= 28 ? diffHeader : 'difference (pp)',
    'Δ in hand',
    'Δ wait',
  ];
  const body = rows.map((r) => [
    r.mark,
    r.id,
    r.fill[0] === null || r.fill[0] === undefined ? '–' : metricFormat('fillRate').value(r.fill[0]),
    r.fill[1] === null || r.fill[1] === undefined ? '–' : metricFormat('fillRate').value(r.fill[1]),
    diffCell(r.fillDiff, 'fillRate'),
    r.inHandDiff?.meanDiff === null || r.inHandDiff === undefined
      ? '–'
      : metricFormat('avgGpusInHand').diff(r.inHandDiff.meanDiff),
    r.waitDiff?.meanDiff === null || r.waitDiff === undefined
      ? '–'
      : metricFormat('meanWaitWeeks').diff(r.waitDiff.meanDiff),
  ]);
  lines.push(...table([header, ...body], ['l', 'l', 'r', 'r', 'l', 'r', 'r']));
  const gains = rows.filter((r) => r.mark === '▲').length;
  const loses = rows.filter((r) => r.mark === '▼').length;
  lines.push(
    `▲ ${gains} gain · ▼ ${loses} lose · ${rows.length - gains - loses} no clear difference in GPUs in hand (95% CI)`,
  );
  lines.push('Δ in hand: GPUs held, averaged over the run (more, or sooner);');
  lines.push('Δ wait: mean weeks from order to delivery. GPUs received: --format json.');
  return lines;
}

export function overallSection(result: ComparisonResult): string[] {
  const header = ['metric', ...result.policies.map((p) => p.policy)];
  const body = result.metricNames.map((m) => [
    metricFormat(m).label,
    ...result.policies.map((p) => estimateCell(p.metrics[m]?.mean ?? null, p.metrics[m]?.ci95 ?? null, m)),
  ]);
  const cut = result.metricNames.some((m) =>
    result.policies.some((p) => {
      const e = p.metrics[m];
      return e?.mean != null && e.ci95 !== null && isCut(e.mean, e.ci95);
    }),
  );
  return [
    'Overall, per policy (mean ± 95% CI half width)',
    ...table([header, ...body], ['l', ...result.policies.map(() => 'r' as const)]),
    ...(cut ? ["[low, high]: the 95% CI, cut where it passed a bound the metric cannot cross (a count's 0)"] : []),
  ];
}

export function pairedSection(result: ComparisonResult, a: string, b: string): string[] {
  const body = result.paired
    .filter((d) => d.a === a && d.b === b)
    .map((d) => [
      verdict(d.ci95),
      metricFormat(d.metric).label + (d.metric === 'fillRate' ? ' (pp)' : ''),
      diffCell(d, d.metric),
    ]);
  return [
    `Paired differences, ${b} − ${a}: mean [95% CI]`,
    `(▲ higher under ${b}, ▼ lower; · no clear difference)`,
    ...table([['', 'metric', 'difference'], ...body], ['l', 'l', 'l']),
  ];
}

export function formatCompareTable(result: ComparisonResult, meta: CompareMeta): string {
  const names = result.policies.map((p) => p.policy);
  const out: string[] = [];
  const partial = result.reps < meta.reps ? ` (partial: ${result.reps} of ${meta.reps} replications folded)` : '';
  out.push(
    `chipsim compare · ${meta.scenario} · ${names.join(' vs ')} · ${result.reps} replications · seed ${meta.seed}${partial}`,
  );
  out.push('Differences are b − a, paired by replication (common random numbers), 95% CI.');
  const base = names[0]!;
  for (const b of names.slice(1)) {
    out.push('');
    out.push(...customerSection(result, base, b));
  }
  out.push('');
  out.push(...overallSection(result));
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      out.push('');
      out.push(...pairedSection(result, names[i]!, names[j]!));
    }
  }
  return out.join('\n') + '\n';
}
