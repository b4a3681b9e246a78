/**
 * Figures that h100-2023 is calibrated against (DOMAIN.md A5–A7): wafer-start-to-delivery time,
 * 2023 deliveries, 2023 utilisation per stage, and order-to-delivery waits by when orders were placed.
 */
import type { RunResult } from './result.js';

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** GPU-weighted mean order-to-delivery wait of orders placed in weeks [from, to). */
function waitOfOrdersPlaced(r: RunResult, from: number, to: number): number {
  let gpus = 0;
  let weeks = 0;
  for (let w = from; w < to; w++) {
    const n = r.series.deliveredByOrderWeek[w] ?? 0;
    gpus += n;
    weeks += n * (r.series.meanWaitByOrderWeek[w] ?? 0);
  }
  return weeks / gpus;
}

/** The calibration figures of a set of runs of h100-2023 (means over the runs). */
export function calibrationFigures(runs: RunResult[]) {
  const deliveredBy = (r: RunResult, week: number) =>
    Object.values(r.series.deliveredCumulative).reduce((s, arr) => s + (arr[week] ?? 0), 0);
  const util2023 = (r: RunResult, id: string) => mean(r.series.utilization[id]!.slice(0, 52));
  const stageIds = Object.keys(runs[0]!.series.utilization).filter((id) => id !== 'sort');
  const meanUtil = Object.fromEntries(stageIds.map((id) => [id, mean(runs.map((r) => util2023(r, id)))]));
  return {
    medianCycleWeeks: mean(runs.map((r) => r.kpis.medianCycleWeeks)),
    delivered2023: mean(runs.map((r) => deliveredBy(r, 51))),
    util2023: meanUtil,
    waitH2_2023: mean(runs.map((r) => waitOfOrdersPlaced(r, 26, 52))),
    waitQ2_2024: mean(runs.map((r) => waitOfOrdersPlaced(r, 65, 78))),
  };
}
