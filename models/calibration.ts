/**
 * The figures a scenario of the H100 chain is held to (DOMAIN.md A2, A5–A7, B2), each beside its
 * sourced range. Nothing in the model is set to them: they are read off finished runs, so a figure
 * outside its range is reported as such, never clipped. `chipsim calibrate`, scripts/calibration.ts
 * and test/models/calibration.test.ts all use this one function.
 */
import type { Scenario } from '../scenarios/schema.js';
import type { PolicyDefinition } from './policies/types.js';
import type { RunResult } from './result.js';
import { meanDuration } from './schedule.js';
import { simulate } from './simulate.js';

export interface CalibrationFigure {
  id: string;
  label: string;
  /** Mean over the runs. */
  value: number;
  /** Sourced bounds; null = unbounded on that side (both null: reported without a range). */
  low: number | null;
  high: number | null;
  source: string;
  /** Inside the range (and, for CoWoS, the most utilised stage); null when there is no range. */
  ok: boolean | null;
  /** What the value is measured in, for display. */
  unit: 'gpus' | 'weeks' | 'fraction';
  /** A note shown beside the figure (e.g. the next most utilised stage). */
  note?: string;
}

/**
 * Omdia's 2023 H100/H800 purchases of its twelve named buyers (DOMAIN.md B2), by customer id:
 * the validation target for the per-customer split. Microsoft's 150k include what OpenAI used.
 */
export const OMDIA_2023: Readonly<Record<string, number>> = {
  microsoft: 150_000,
  meta: 150_000,
  google: 50_000,
  amazon: 50_000,
  oracle: 50_000,
  tencent: 50_000,
  coreweave: 40_000,
  baidu: 30_000,
  alibaba: 25_000,
  bytedance: 20_000,
  lambda: 20_000,
  'tesla-xai': 15_000,
};

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** A calendar period, [from, to) as YYYY-MM-DD dates, and how the table names it. */
export interface Period {
  from: string;
  to: string;
  name: string;
}

/** The calendar month `yyyyMm` ("2023-11") as a period. */
export function month(yyyyMm: string): Period {
  const y = Number(yyyyMm.slice(0, 4));
  const m = Number(yyyyMm.slice(5, 7));
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${yyyyMm}-01`, to: `${next}-01`, name: yyyyMm };
}

const YEAR_2023: Period = { from: '2023-01-01', to: '2024-01-01', name: '2023' };
const H1_2023: Period = { from: '2023-01-01', to: '2023-07-01', name: 'H1 2023' };
const H2_2023: Period = { from: '2023-07-01', to: '2024-01-01', name: 'H2 2023' };
const YEAR_2024: Period = { from: '2024-01-01', to: '2025-01-01', name: '2024' };

const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

/**
 * The run's weeks whose first day falls in `period`; null when the run does not cover the period to
 * within a week at each end (it starts a week or more after the period starts, or ends a week or
 * more before it ends), so a figure of a period the run misses is not measured rather than taken
 * from part of it. A run of 104 weeks from 2023-01-02 covers 2023 (weeks 0–51) and 2024 (52–103).
 */
export function weeksIn(startDate: string, horizon: number, period: Period): number[] | null {
  const start = dayMs(startDate);
  const from = dayMs(period.from);
  const to = dayMs(period.to);
  if (!(start < from + WEEK_MS && start + horizon * WEEK_MS > to - WEEK_MS)) return null;
  const weeks: number[] = [];
  for (let w = 0; w < horizon; w++) {
    const t = start + w * WEEK_MS;
    if (t >= from && t < to) weeks.push(w);
  }
  return weeks;
}

/** weeksIn for the run of `r`. */
function runWeeksIn(r: RunResult, period: Period): number[] | null {
  return weeksIn(r.startDate, r.horizonWeeks, period);
}

/** GPUs delivered to customer `id` in the weeks of `period`; NaN when the run does not cover it. */
function deliveredToIn(r: RunResult, id: string, period: Period): number {
  const weeks = runWeeksIn(r, period);
  if (weeks === null || weeks.length === 0) return NaN;
  const cumulative = r.series.deliveredCumulative[id] ?? [];
  const by = (w: number) => (w < 0 ? 0 : (cumulative[Math.min(w, cumulative.length - 1)] ?? 0));
  return by(weeks[weeks.length - 1]!) - by(weeks[0]! - 1);
}

/** GPUs delivered to all customers in the weeks of `period`; NaN when the run does not cover it. */
function deliveredIn(r: RunResult, period: Period): number {
  if (runWeeksIn(r, period) === null) return NaN;
  let sum = 0;
  for (const id of Object.keys(r.series.deliveredCumulative)) sum += deliveredToIn(r, id, period);
  return sum;
}

/** GPU-weighted mean order-to-delivery wait of orders placed in the weeks of `period`. */
function waitOfOrdersPlaced(r: RunResult, period: Period): number {
  let gpus = 0;
  let weeks = 0;
  for (const w of runWeeksIn(r, period) ?? []) {
    const n = r.series.deliveredByOrderWeek[w] ?? 0;
    gpus += n;
    weeks += n * (r.series.meanWaitByOrderWeek[w] ?? 0);
  }
  return gpus > 0 ? weeks / gpus : NaN;
}

/**
 * The lead time Nvidia would quote in a month: open orders ÷ recent allocation rate (what buyers
 * watch, models/allocation.ts) plus the server build and shipping that follow allocation, averaged
 * over the weeks starting in that month.
 */
function quotedLeadTime(r: RunResult, yyyyMm: string, shipWeeks: number): number {
  const weeks = runWeeksIn(r, month(yyyyMm)) ?? [];
  return mean(weeks.map((w) => (r.series.quotedLeadWeeks[w] ?? NaN) + shipWeeks));
}

/** Mean utilisation of a stage over the weeks of `period`; NaN when the run does not cover it. */
function utilisationIn(r: RunResult, id: string, period: Period): number {
  const weeks = runWeeksIn(r, period) ?? [];
  return mean(weeks.map((w) => r.series.utilization[id]![w]!));
}

/** Total-variation distance between the 2023 split of deliveries over Omdia's buyers and Omdia's split. */
function omdiaShareDistance(r: RunResult): number {
  const ids = Object.keys(OMDIA_2023).filter((id) => r.series.deliveredCumulative[id] !== undefined);
  const got = ids.map((id) => deliveredToIn(r, id, YEAR_2023));
  const want = ids.map((id) => OMDIA_2023[id]!);
  const gotSum = got.reduce((a, b) => a + b, 0);
  const wantSum = want.reduce((a, b) => a + b, 0);
  if (!(gotSum > 0) || wantSum <= 0) return NaN; // not covered (NaN), or nothing delivered
  return ids.reduce((d, _, i) => d + Math.abs(got[i]! / gotSum - want[i]! / wantSum), 0) / 2;
}

function figure(
  id: string,
  label: string,
  value: number,
  unit: CalibrationFigure['unit'],
  low: number | null,
  high: number | null,
  source: string,
  extra: { ok?: boolean; note?: string | undefined } = {},
): CalibrationFigure {
  const ranged = low !== null || high !== null;
  const inside =
    Number.isFinite(value) && (low === null || value >= low) && (high === null || value <= high) && extra.ok !== false;
  const f: CalibrationFigure = { id, label, value, low, high, source, ok: ranged ? inside : null, unit };
  if (extra.note !== undefined) f.note = extra.note;
  return f;
}

/**
 * The calibration figures of a set of runs of one scenario under one policy (means over the runs).
 * Calendar figures are read off the run's own dates (weeksIn): a figure of a period the run does not
 * cover is not a number, is not inside its range, and says why. `shipWeeks` is the scenario's mean
 * server-build-and-ship time, added to the quote.
 */
export function calibrationFigures(runs: readonly RunResult[], shipWeeks: number): CalibrationFigure[] {
  if (runs.length === 0) throw new Error('calibrationFigures: no runs');
  const policy = runs[0]!.policy;
  const stageIds = runs[0]!.stages.map((s) => s.id).filter((id) => id !== 'sort');
  const utilByStage = stageIds.map((id) => ({ id, u: mean(runs.map((r) => utilisationIn(r, id, YEAR_2023))) }));
  const cowos = utilByStage.find((s) => s.id === 'cowos')?.u ?? NaN;
  const next = utilByStage.filter((s) => s.id !== 'cowos').sort((a, b) => b.u - a.u)[0];
  const over = (f: (r: RunResult) => number) => mean(runs.map(f));
  // Every run of the set has the scenario's dates, so the first says which periods are covered.
  const covered = (p: Period) => runWeeksIn(runs[0]!, p) !== null;
  const missing = (p: Period) => (covered(p) ? {} : { note: `the run does not cover ${p.name}` });
  return [
    figure(
      'gpus-delivered-2023',
      'H100 + H800 delivered in 2023',
      over((r) => deliveredIn(r, YEAR_2023)),
      'gpus',
      500_000,
      750_000,
      'A5: FT ~550k (low 500k); Omdia’s named buyers 650k incl. H800',
      missing(YEAR_2023),
    ),
    figure(
      'gpus-delivered-2023-h1',
      'delivered in H1 2023',
      over((r) => deliveredIn(r, H1_2023)),
      'gpus',
      150_000,
      null,
      'A5: Omdia ~300k H100 shipped in Q2 2023 alone',
      missing(H1_2023),
    ),
    figure(
      'gpus-delivered-2024',
      'delivered in 2024',
      over((r) => deliveredIn(r, YEAR_2024)),
      'gpus',
      1_500_000,
      2_000_000,
      'A5: FT Aug 2023, 1.5–2.0M planned for 2024',
      missing(YEAR_2024),
    ),
    figure(
      'median-wafer-to-delivery-weeks',
      'median wafer start → delivery',
      over((r) => r.kpis.medianCycleWeeks),
      'weeks',
      22,
      30,
      'A7: ~26.5 weeks, sum of stage times',
    ),
    figure(
      'cowos-utilisation-2023',
      'CoWoS utilisation 2023 (highest stage)',
      cowos,
      'fraction',
      0.9,
      null,
      'A2, A7: CoWoS binding 2023–mid 2024',
      covered(YEAR_2023)
        ? {
            ok: next === undefined || cowos > next.u,
            note: next === undefined ? undefined : `next: ${next.id} ${next.u.toFixed(3)}`,
          }
        : missing(YEAR_2023),
    ),
    figure(
      'quoted-lead-time-weeks-2023-11',
      'quoted lead time, Nov 2023',
      over((r) => quotedLeadTime(r, '2023-11', shipWeeks)),
      'weeks',
      36,
      52,
      'A6: Omdia, H100 servers 36–52 weeks',
      missing(month('2023-11')),
    ),
    figure(
      'quoted-lead-time-weeks-2024-02',
      'quoted lead time, Feb 2024',
      over((r) => quotedLeadTime(r, '2024-02', shipWeeks)),
      'weeks',
      null,
      20,
      'A6: 3–4 months (13–17 weeks)',
      missing(month('2024-02')),
    ),
    figure(
      'quoted-lead-time-weeks-2024-04',
      'quoted lead time, Apr 2024',
      over((r) => quotedLeadTime(r, '2024-04', shipWeeks)),
      'weeks',
      null,
      20,
      'A6: 8–12 weeks (Dell), ~20 weeks (HPE)',
      missing(month('2024-04')),
    ),
    figure(
      'realised-wait-weeks-orders-2023-h2',
      'realised wait of orders placed H2 2023',
      over((r) => waitOfOrdersPlaced(r, H2_2023)),
      'weeks',
      null,
      null,
      'A6 (no range: delivered during the 2024 collapse, not the quote)',
      missing(H2_2023),
    ),
    figure(
      `omdia-2023-share-distance-${policy}`,
      `2023 split vs Omdia, total variation (${policy})`,
      over(omdiaShareDistance),
      'fraction',
      null,
      null,
      'B2: Omdia’s 2023 purchases of 12 named buyers (validation, not input)',
      missing(YEAR_2023),
    ),
  ];
}

export interface CalibrationReport {
  scenario: string;
  seeds: number;
  policy: string;
  figures: CalibrationFigure[];
}

/** Seeds 1…N of `scenario` under `policy`, folded into the calibration figures. */
export function calibrate(
  name: string,
  scenario: Scenario,
  policy: PolicyDefinition,
  seeds: number,
  options: { maxEvents?: number } = {},
): CalibrationReport {
  const runs = Array.from({ length: seeds }, (_, i) =>
    simulate(scenario, { policy, seed: i + 1, scenarioName: name, ...options }),
  );
  const figures = calibrationFigures(runs, meanDuration(scenario.ship.cycleTimeWeeks));
  return { scenario: name, seeds, policy: policy.name, figures };
}
