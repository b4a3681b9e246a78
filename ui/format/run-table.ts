/**
 * The table a person reads first after `chipsim run`: per customer what it ordered, got and
 * waited (and, against a baseline policy on the same seed, who gains and who loses); per stage
 * utilisation with the binding stage named (the one whose capacity limited the flow most, models/metrics.ts); then the headline KPIs and the unit ledger.
 */
import type { RunResult } from '../../models/result.js';
import { UNIT_KINDS } from '../../models/result.js';
import { metricFormat, thousands } from './numbers.js';
import { stageFacts } from '../../scenarios/stages.js';
import { compareIds } from '../../models/policies/rounding.js';

const usd = (metric: string, x: number): string => metricFormat(metric).value(x);

/** Customer names longer than this are cut with an ellipsis in the table (ids stay in JSON/CSV). */
const NAME_WIDTH = 24;
const shorten = (s: string, width: number) => ([...s].length <= width ? s : `${[...s].slice(0, width - 1).join('')}…`);
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const weeks = (x: number | null) => (x === null ? '—' : x.toFixed(1));

function pad(s: string, width: number, right = false): string {
  const len = [...s].length;
  if (len >= width) return s;
  return right ? ' '.repeat(width - len) + s : s + ' '.repeat(width - len);
}

function table(headers: string[], rows: string[][], rightAligned: boolean[]): string[] {
  const widths = headers.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i]!, rightAligned[i]))
      .join('  ')
      .trimEnd();
  // A column without a heading (a marker such as '← binding') gets no rule either.
  const rule = widths.map((w, i) => (headers[i] === '' ? '' : '─'.repeat(w)));
  return [line(headers), line(rule), ...rows.map(line)];
}

function bar(x: number, width = 10): string {
  const n = Math.max(0, Math.min(width, Math.round(x * width)));
  return '█'.repeat(n) + '·'.repeat(width - n);
}

interface Verdict {
  received: number;
  wait: number | null;
  /** +1 gains, −1 loses, 0 neither, against the baseline. */
  side: 1 | -1 | 0;
  score: number;
}

/**
 * Gains = holds more GPUs over the run on average (avgGpusInHand, so "more" and "sooner" both
 * count); loses = the reverse; within 1 % of its baseline deliveries it is neither.
 */
function verdict(c: RunResult['customers'][number], b: RunResult['customers'][number] | undefined): Verdict {
  if (!b) return { received: 0, wait: null, side: 0, score: 0 };
  const received = c.received - b.received;
  const wait = c.meanWaitWeeks !== null && b.meanWaitWeeks !== null ? c.meanWaitWeeks - b.meanWaitWeeks : null;
  const score = c.avgGpusInHand - b.avgGpusInHand;
  const threshold = Math.max(8, 0.01 * b.received);
  const side: Verdict['side'] = score > threshold ? 1 : score < -threshold ? -1 : 0;
  return { received, wait, side, score };
}

export function formatRunTable(result: RunResult, baseline?: RunResult): string {
  const out: string[] = [];
  const startYear = result.startDate;
  out.push(
    `chipsim run · ${result.scenario} · policy ${result.policy} · seed ${result.seed} · ${result.horizonWeeks} weeks from ${startYear} · ${thousands(result.events)} events`,
    '',
  );
  const base = new Map((baseline?.customers ?? []).map((c) => [c.id, c]));
  const headers = ['customer', 'tier', 'ordered', 'received', 'fill', 'mean wait', 'lost'];
  if (baseline) headers.push(`Δ received`, 'Δ wait');
  const verdicts = result.customers.map((c) => verdict(c, base.get(c.id)));
  const rows = result.customers.map((c, i) => {
    const row = [
      shorten(c.name, NAME_WIDTH),
      String(c.tier),
      thousands(c.ordered),
      thousands(c.received),
      pct(c.fillRate),
      weeks(c.meanWaitWeeks),
      thousands(c.lostDemand),
    ];
    if (baseline) {
      const v = verdicts[i]!;
      row.push(v.received === 0 ? '=' : `${v.received > 0 ? '▲ +' : '▼ −'}${thousands(Math.abs(v.received))}`);
      row.push(
        v.wait === null || Math.abs(v.wait) < 0.05
          ? '='
          : `${v.wait < 0 ? '▲ ' : '▼ +'}${v.wait.toFixed(1).replace('-', '−')} wk`,
      );
    }
    return row;
  });
  out.push(...table(headers, rows, [false, true, true, true, true, true, true, true, true]));
  if (baseline) {
    const names = (sign: 1 | -1) =>
      result.customers
        .map((c, i) => ({ c, v: verdicts[i]! }))
        .filter(({ v }) => v.side === sign)
        .sort((a, b) => sign * (b.v.score - a.v.score) || compareIds(a.c.id, b.c.id))
        .map(({ c }) => c.name);
    const winners = names(1);
    const losers = names(-1);
    out.push(
      '',
      `Against ${baseline.policy} on the same seed (more GPUs in hand on average over the run — more, or sooner):`,
      `  gain: ${winners.length ? winners.join(', ') : 'nobody'}`,
      `  lose: ${losers.length ? losers.join(', ') : 'nobody'}`,
    );
  }
  out.push('', 'Stages');
  const stageRows = result.stages.map((s) => [
    s.name,
    stageFacts(s.id)?.limited === false ? '  (no capacity limit)' : `${bar(s.utilization)} ${pct(s.utilization)}`,
    thousands(s.meanWip),
    s.meanFlowWeeks === null ? '—' : s.meanFlowWeeks.toFixed(1),
    s.id === result.bindingStage ? '← binding' : '',
  ]);
  out.push(
    ...table(['stage', 'utilisation', 'mean WIP', 'weeks in stage', ''], stageRows, [false, false, true, true, false]),
  );
  const limits = result.series.cowosLimit;
  const starved = (what: string) => limits.filter((l) => l === what).length;
  out.push(
    `CoWoS held back by its own capacity ${starved('capacity')} weeks, by a shortage of HBM ${starved('hbm')} weeks, of dies ${starved('dies')} weeks${starved('orders') > 0 ? `, by the order book ${starved('orders')} weeks` : ''} (of ${limits.length})`,
  );
  const k = result.kpis;
  // Waits and cycle times are means over delivered GPUs: with none delivered there is no data.
  const overDelivered = (x: number) => (k.gpusDelivered > 0 ? `${x.toFixed(1)} wk` : '—');
  out.push(
    '',
    `GPUs delivered ${thousands(k.gpusDelivered)} · fill rate ${pct(k.fillRate)} · mean wait ${overDelivered(k.meanWaitWeeks)} (p95 ${overDelivered(k.p95WaitWeeks)}) · wafer start → delivery median ${overDelivered(k.medianCycleWeeks)}`,
    `Jain ${k.jainIndex.toFixed(3)} · Gini ${k.gini.toFixed(3)} · order inflation ${k.orderInflation.toFixed(2)}× · bullwhip ${k.bullwhip.toFixed(2)} · lost demand ${thousands(k.lostDemand)} GPUs · revenue $${(k.revenue / 1e9).toFixed(1)}B`,
    ...(k.chainProfitUsd === undefined
      ? []
      : [
          `profit: Nvidia ${usd('supplierProfitUsd', k.supplierProfitUsd!)} · buyers ${usd('buyersProfitUsd', k.buyersProfitUsd!)} · chain ${usd('chainProfitUsd', k.chainProfitUsd)} · GPUs pushed past need ${thousands(k.pushedGpus ?? 0)}`,
        ]),
    ...(k.resoldGpus === undefined ? [] : [resaleLine(result)]),
    '',
    'Units (created = consumed + scrapped + wip + inventory + delivered)',
  );
  const unitRows = UNIT_KINDS.map((kind) => {
    const b = result.units[kind];
    return [kind, ...[b.created, b.consumed, b.scrapped, b.wip, b.inventory, b.delivered].map(thousands)];
  });
  out.push(
    ...table(['unit', 'created', 'consumed', 'scrapped', 'wip', 'inventory', 'delivered'], unitRows, [
      false,
      true,
      true,
      true,
      true,
      true,
      true,
    ]),
  );
  return out.join('\n') + '\n';
}

/** The secondary market in one line: volume, and the price range of the weeks with a trade. */
function resaleLine(result: RunResult): string {
  const prices = (result.series.resalePriceUsd ?? []).filter((p): p is number => p !== null);
  if (prices.length === 0)
    return 'secondary market: no trades (no buyer held more than its need plus the cover it keeps)';
  const price = (x: number) => `$${thousands(Math.round(x))}`;
  return `secondary market: ${thousands(result.kpis.resoldGpus ?? 0)} GPUs resold in ${prices.length} weeks at ${price(Math.min(...prices))}–${price(Math.max(...prices))} per GPU (list $${thousands(result.kpis.revenue / Math.max(1, result.kpis.gpusDelivered))})`;
}
