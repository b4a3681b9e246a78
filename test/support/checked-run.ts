/**
 * One replication stepped through the engine's trace hook, checking after EVERY event:
 * - models/invariants.ts (ledger identity per kind, no negatives, whole units, stage counts = ledger,
 *   bill of materials, Σ received = delivered, per customer ordered = open + allocated + cancelled);
 * - per stage: started = completed + wip, wip ≥ 0, and the budget never goes below zero;
 * - at each allocation epoch, against the state just before it: the recorded allocation
 *   (state.lastAllocation) is whole boards > 0, Σ ≤ supply = finished boards on hand, each ≤ that
 *   customer's open orders, none to an export-blocked customer, and the state moved by exactly it.
 * A violation throws at once, naming the event (index, time, type) and the broken identities.
 */
import type { Scenario } from '../../scenarios/schema.js';
import type { PolicyDefinition } from '../../models/policies/index.js';
import { getPolicy } from '../../models/policies/index.js';
import { createWorld, type ModelContext, type World } from '../../models/world.js';
import { runToEnd } from '../../models/simulate.js';
import { buildResult } from '../../models/metrics.js';
import { invariantViolations } from '../../models/invariants.js';
import { total } from '../../models/cohorts.js';
import type { ModelState } from '../../models/state.js';
import type { RunResult } from '../../models/result.js';
import { CUSTOMER_METRICS } from '../../models/experiment/record.js';
import { customerMetricBounds, kpiBounds, type Bounds } from '../../models/experiment/metric-bounds.js';

export interface AllocationRecord {
  week: number;
  time: number;
  supply: number;
  open: Record<string, number>;
  boards: Record<string, number>;
}

export interface CheckedRun {
  world: World;
  ctx: ModelContext;
  result: RunResult;
  events: number;
  allocations: AllocationRecord[];
}

export interface CheckOptions {
  /** Check every invariant after every event (default true). */
  invariants?: boolean;
  /** Check each allocation against the state before it (default true). */
  allocations?: boolean;
}

export function policyOf(name: string): PolicyDefinition {
  const p = getPolicy(name);
  if (!p) throw new Error(`no policy '${name}'`);
  return p;
}

/** Stage bookkeeping beyond invariants.ts. */
export function stageViolations(state: ModelState): string[] {
  const out: string[] = [];
  for (const s of Object.values(state.stages)) {
    if (s === undefined) continue;
    if (s.started !== s.completed + s.wip)
      out.push(`stage ${s.id}: started ${s.started} ≠ completed ${s.completed} + wip ${s.wip}`);
    if (s.wip < 0) out.push(`stage ${s.id}: wip ${s.wip} < 0`);
    if (s.budget < -1e-9) out.push(`stage ${s.id}: budget ${s.budget} < 0 (started more than its capacity)`);
  }
  return out;
}

interface Before {
  supply: number;
  open: Record<string, number>;
  allocated: Record<string, number>;
  blocked: Set<string>;
}

function before(state: ModelState): Before {
  const open: Record<string, number> = {};
  const allocated: Record<string, number> = {};
  const blocked = new Set<string>();
  for (const c of state.customers) {
    open[c.id] = c.openBoards;
    allocated[c.id] = c.allocatedBoards;
    if (c.blocked) blocked.add(c.id);
  }
  return { supply: total(state.finishedBoards), open, allocated, blocked };
}

function allocationViolations(prev: Before, state: ModelState): string[] {
  const out: string[] = [];
  const la = state.lastAllocation;
  if (la === null) return ['no lastAllocation recorded after an allocate event'];
  if (la.week !== state.week) out.push(`lastAllocation.week ${la.week} ≠ week ${state.week}`);
  if (la.supply !== prev.supply)
    out.push(`lastAllocation.supply ${la.supply} ≠ finished boards on hand ${prev.supply}`);
  let sum = 0;
  for (const [id, boards] of Object.entries(la.boards)) {
    sum += boards;
    if (!Number.isInteger(boards) || boards <= 0) out.push(`${id}: allocated ${boards} (not a whole number > 0)`);
    if (!(id in prev.open)) out.push(`${id}: allocated to an unknown customer`);
    else if (boards > prev.open[id]!) out.push(`${id}: allocated ${boards} > open orders ${prev.open[id]}`);
    if (prev.blocked.has(id)) out.push(`${id}: allocated ${boards} while export-blocked`);
  }
  if (sum > prev.supply) out.push(`Σ allocated ${sum} > supply ${prev.supply}`);
  for (const c of state.customers) {
    const a = la.boards[c.id] ?? 0;
    if (c.openBoards !== prev.open[c.id]! - a)
      out.push(`${c.id}: open ${prev.open[c.id]} → ${c.openBoards}, allocated ${a}`);
    if (c.allocatedBoards !== prev.allocated[c.id]! + a)
      out.push(`${c.id}: allocatedBoards ${prev.allocated[c.id]} → ${c.allocatedBoards}, allocated ${a}`);
  }
  return out;
}

/**
 * Builds the world for (scenario, policy, seed), runs it to the horizon exactly as `simulate` does
 * (runToEnd), checking as described above, and folds the result.
 */
export function runChecked(
  scenario: Scenario,
  policyName: string,
  seed: number,
  options: CheckOptions = {},
): CheckedRun {
  const checkInvariants = options.invariants ?? true;
  const checkAllocations = options.allocations ?? true;
  const { world, ctx } = createWorld(scenario, { policy: policyOf(policyName), seed });
  const allocations: AllocationRecord[] = [];
  const fail = (where: string, problems: string[]): never => {
    throw new Error(
      `${where}: ${problems.slice(0, 8).join('; ')}${problems.length > 8 ? ` (+${problems.length - 8} more)` : ''}`,
    );
  };
  if (checkInvariants) {
    const v = [...invariantViolations(ctx, world.state), ...stageViolations(world.state)];
    if (v.length > 0) fail('before the first event', v);
  }
  let prev = before(world.state);
  world.trace = (event, sim) => {
    const where = () => `after event #${sim.processed} '${event.type}' at t=${event.time}`;
    if (checkInvariants) {
      const v = [...invariantViolations(ctx, sim.state), ...stageViolations(sim.state)];
      if (v.length > 0) fail(where(), v);
    }
    if (checkAllocations) {
      if (event.type === 'allocate') {
        const v = allocationViolations(prev, sim.state);
        if (v.length > 0) fail(where(), v);
        const la = sim.state.lastAllocation!;
        allocations.push({
          week: la.week,
          time: sim.now,
          supply: la.supply,
          open: prev.open,
          boards: { ...la.boards },
        });
      }
      prev = before(sim.state);
    }
  };
  runToEnd(world, ctx);
  world.trace = null;
  const result = buildResult(ctx, world.state, { scenario: scenario.name, seed, events: world.processed });
  return { world, ctx, result, events: world.processed, allocations };
}

/** End-of-run identities of the RunResult (the `run --format json` contract). */
export function resultViolations(ctx: ModelContext, state: ModelState, result: RunResult): string[] {
  const out: string[] = [];
  const perBoard = ctx.gpusPerBoard;
  let received = 0;
  for (const c of result.customers) {
    received += c.received;
    if (c.ordered !== c.received + c.backlog + c.cancelled) {
      out.push(
        `${c.id}: ordered ${c.ordered} ≠ received ${c.received} + backlog ${c.backlog} + cancelled ${c.cancelled}`,
      );
    }
    const s = state.customers.find((x) => x.id === c.id);
    if (!s) {
      out.push(`${c.id}: not in the state`);
      continue;
    }
    // backlog = open orders + allocated boards not yet delivered: this is what makes the identity non-trivial.
    const backlog = (s.openBoards + s.allocatedBoards - s.receivedBoards) * perBoard;
    if (c.backlog !== backlog)
      out.push(`${c.id}: backlog ${c.backlog} ≠ (open + allocated − received) × GPUs/board = ${backlog}`);
    for (const k of ['ordered', 'received', 'backlog', 'cancelled', 'need', 'lostDemand'] as const) {
      if (!(c[k] >= 0) || !Number.isInteger(c[k])) out.push(`${c.id}.${k} = ${c[k]}`);
    }
    if (c.fillRate === null ? c.ordered - c.cancelled > 0 : !(c.fillRate >= 0 && c.fillRate <= 1))
      out.push(`${c.id}.fillRate = ${c.fillRate} with ${c.ordered - c.cancelled} GPUs due`);
    if ((c.firstDeliveryWeek === null) !== (c.received === 0))
      out.push(`${c.id}.firstDeliveryWeek = ${c.firstDeliveryWeek} with ${c.received} received`);
    if (!(c.longestUnservedWeeks >= 0 && c.longestUnservedWeeks <= result.horizonWeeks))
      out.push(`${c.id}.longestUnservedWeeks = ${c.longestUnservedWeeks}`);
    if (c.needFillRate === null ? c.need > 0 : !(c.needFillRate >= 0))
      out.push(`${c.id}.needFillRate = ${c.needFillRate}`);
    if (!(c.unmetNeedGpuWeeks >= 0)) out.push(`${c.id}.unmetNeedGpuWeeks = ${c.unmetNeedGpuWeeks}`);
  }
  out.push(...boundViolations(result));
  if (received !== result.units.gpu.delivered)
    out.push(`Σ customers received ${received} ≠ units.gpu.delivered ${result.units.gpu.delivered}`);
  if (ctx.scenario.market?.resale) {
    // Secondary market: what was sold was bought, and the KPI and the weekly series agree with both.
    const sold = result.customers.reduce((a, c) => a + (c.resaleSoldGpus ?? NaN), 0);
    const bought = result.customers.reduce((a, c) => a + (c.resaleBoughtGpus ?? NaN), 0);
    const weekly = (result.series.resoldGpus ?? [NaN]).reduce((a, b) => a + b, 0);
    if (!(sold === bought && sold === result.kpis.resoldGpus && sold === weekly))
      out.push(`resale: sold ${sold}, bought ${bought}, kpis.resoldGpus ${result.kpis.resoldGpus}, weekly Σ ${weekly}`);
    result.series.resalePriceUsd?.forEach((p, w) => {
      if ((p === null) !== (result.series.resoldGpus![w] === 0)) out.push(`resale price ${p} in week ${w}`);
    });
  } else if (result.kpis.resoldGpus !== undefined) out.push('kpis.resoldGpus without a secondary market');
  if (result.kpis.gpusDelivered !== result.units.gpu.delivered)
    out.push(`kpis.gpusDelivered ${result.kpis.gpusDelivered} ≠ units.gpu.delivered`);
  if (result.units.gpu.delivered !== perBoard * result.units.board.delivered)
    out.push('GPUs delivered ≠ GPUs/board × boards delivered');
  if (result.series.week.length !== result.horizonWeeks)
    out.push(`series has ${result.series.week.length} weeks, horizon ${result.horizonWeeks}`);
  for (const s of result.stages) {
    if (!(s.utilization >= 0 && s.utilization <= 1 + 1e-9)) out.push(`stage ${s.id}: utilization ${s.utilization}`);
    if (!(s.meanWip >= 0)) out.push(`stage ${s.id}: meanWip ${s.meanWip}`);
  }
  for (const [id, cum] of Object.entries(result.series.deliveredCumulative)) {
    for (let w = 1; w < cum.length; w++)
      if (cum[w]! < cum[w - 1]!) out.push(`${id}: cumulative deliveries fall in week ${w}`);
  }
  return out;
}

/** KPIs and customer metrics outside the range compare cuts their CIs to (models/experiment/metric-bounds.ts). */
function boundViolations(result: RunResult): string[] {
  const out: string[] = [];
  const outside = (v: number | null | undefined, [min, max]: Bounds) =>
    typeof v === 'number' && !(v >= min && v <= max);
  for (const [k, v] of Object.entries(result.kpis)) {
    if (outside(v, kpiBounds(k))) out.push(`kpis.${k} = ${v}, outside [${kpiBounds(k).join(', ')}]`);
  }
  for (const c of result.customers) {
    for (const m of CUSTOMER_METRICS) {
      const b = customerMetricBounds(m);
      if (outside(c[m], b)) out.push(`${c.id}.${m} = ${c[m]}, outside [${b.join(', ')}]`);
    }
  }
  return out;
}
