/**
 * What the panels show, derived from the model state at the current position: plain, read-only
 * data for the presentational components. Pure functions of (state, context, UI state); the
 * container calls them after moving the timeline.
 */
import type { ModelState } from '../../models/state.js';
import { stageAt } from '../../models/stages.js';
import { isHbmStageId, stageFacts } from '../../scenarios/stages.js';
import type { ModelContext } from '../../models/world.js';
import { total } from '../../models/cohorts.js';
import { shortName } from '../../models/describe.js';
import type { UiState } from './state.js';
import type { CustomerWeekly } from './timeline.js';
import { fmtCompact } from './format.js';

/** Pseudo-stage between board assembly and shipping: the weekly allocation of finished boards. */
export const ALLOCATION_ROW = 'alloc';

export interface StageRow {
  readonly id: string;
  readonly name: string;
  /** Units in process and their unit word; null for the allocation row. */
  readonly wip: number | null;
  readonly unit: string;
  /** What waits in front of the stage, in words ("48k dies · 329k HBM"); '' when nothing can. */
  readonly waiting: string;
  /** Capacity this week; null = unlimited; undefined for the allocation row. */
  readonly capacity: number | null | undefined;
  /** Started this week ÷ capacity (so far this week); null without a capacity. */
  readonly utilNow: number | null;
  /** Utilisation in the last closed week; null before any. */
  readonly utilLast: number | null;
  /** Free text instead of a bar (allocation row, unqualified suppliers). */
  readonly note: string | null;
  readonly binding: boolean;
  /** At ≥ 99 % of capacity in the week the binding stage is judged on. */
  readonly full: boolean;
}

export interface JoinStatus {
  readonly level: 'starved' | 'capacity' | 'idle';
  readonly text: string;
}

export interface PipelineView {
  readonly rows: readonly StageRow[];
  readonly join: JoinStatus;
  /** Disruptions in force: outages, yield excursions, export controls. */
  readonly alerts: readonly string[];
  /** 'last week' when the binding stage is judged on the last closed week, else 'this week'. */
  readonly bindingBasis: string;
}

export interface CustomerRow {
  readonly id: string;
  readonly name: string;
  readonly tier: number;
  /** GPUs on open order (not yet allocated). */
  readonly open: number;
  /** GPUs allocated and not yet delivered. */
  readonly inTransit: number;
  readonly received: number;
  /** received ÷ (ordered − cancelled); null when nothing is due. */
  readonly fill: number | null;
  /** Mean weeks from order to delivery over delivered GPUs; null before any delivery. */
  readonly wait: number | null;
  /** Boards this customer got at the last allocation (0 = not a recipient). */
  readonly lastAlloc: number;
  readonly blocked: boolean;
}

export interface CustomersView {
  readonly rows: readonly CustomerRow[];
  /** Why the selected customer got what it got, in one line (see whyLine). */
  readonly why: string;
  /** The last allocation: its week, boards given and boards available. */
  readonly lastAllocation: { readonly week: number; readonly boards: number; readonly supply: number } | null;
}

export interface ChartView {
  readonly subject: string;
  readonly label: string;
  /** Which series of how many (for the "c: next" hint). */
  readonly index: number;
  readonly count: number;
  /** One value per closed week, weeks 0..values.length − 1. */
  readonly values: readonly number[];
  readonly percent: boolean;
  /** Several series over the whole run (the customer's "why" chart); null for a single series. */
  readonly multi: MultiSeries | null;
}

export interface MultiSeries {
  readonly labels: readonly string[];
  /** One value per week of the run, weeks 0..horizon − 1, per series. */
  readonly series: readonly (readonly number[])[];
  /** The week the timeline is at (the "now" marker). */
  readonly now: number;
}

/** Running sum. */
function cumulative(xs: readonly number[]): number[] {
  let s = 0;
  return xs.map((x) => (s += x));
}

export interface DiffRow {
  readonly name: string;
  readonly receivedA: number;
  readonly receivedB: number;
  readonly fillA: number | null;
  readonly fillB: number | null;
  readonly waitA: number | null;
  readonly waitB: number | null;
  /** End of run: received under B − under A. */
  readonly endDelta: number;
}

export interface DiffView {
  readonly a: string;
  readonly b: string;
  readonly week: number;
  readonly rows: readonly DiffRow[];
}

/** Pipeline rows in flow order: fab, sort, HBM suppliers, CoWoS, test, board, allocation, ship. */
export function pipelineIds(ctx: ModelContext): string[] {
  const ids: string[] = [...ctx.stageIds];
  const at = ids.indexOf('ship');
  ids.splice(at < 0 ? ids.length : at, 0, ALLOCATION_ROW);
  return ids;
}

/** Customer indices in display order: by tier (0 first), then as the scenario lists them. */
export function customerOrder(state: ModelState): number[] {
  return state.customers.map((_, i) => i).sort((a, b) => state.customers[a]!.tier - state.customers[b]!.tier || a - b);
}

function waitingFor(id: string, state: ModelState): string {
  switch (id) {
    case 'cowos':
      return `${fmtCompact(total(state.dieBank))} dies·${fmtCompact(state.hbmBank)} HBM`;
    case 'test':
      return `${fmtCompact(total(state.stages.test.queue))} pkgs`;
    case 'board':
      return `${fmtCompact(total(state.gpuPool))} GPUs`;
    case ALLOCATION_ROW:
      return `${fmtCompact(total(state.finishedBoards))} boards`;
    case 'ship':
      return `${fmtCompact(state.shipQueue.reduce((s, x) => s + x.boards, 0))} boards`;
    default:
      return '';
  }
}

export function pipelineView(state: ModelState, ctx: ModelContext): PipelineView {
  const last = state.history[state.history.length - 1];
  const ids = pipelineIds(ctx);
  const basisLast = last !== undefined;
  // The binding stage, judged on the last closed week (this week before any closed): the most
  // downstream stage at capacity (it caps what comes out of the chain), else the busiest one.
  const judged: Record<string, number> = {};
  let bindingId: string | null = null;
  let best = 0;
  for (const id of ctx.stageIds) {
    if (stageFacts(id)?.limited === false) continue;
    const s = stageAt(state.stages, id)!;
    const u = basisLast
      ? (last.utilization[id] ?? 0)
      : s.capacity !== null && s.capacity > 0
        ? s.startedThisWeek / s.capacity
        : 0;
    judged[id] = u;
    if (u > best + 1e-9) {
      best = u;
      bindingId = id;
    }
  }
  for (const id of ctx.stageIds) if ((judged[id] ?? 0) >= 0.99) bindingId = id;
  const rows: StageRow[] = ids.map((id) => {
    if (id === ALLOCATION_ROW) {
      const a = state.lastAllocation;
      const given = a === null ? 0 : Object.values(a.boards).reduce((s, n) => s + n, 0);
      const note =
        a === null
          ? 'none yet'
          : a.week === state.week
            ? `${fmtCompact(given)} this week`
            : `${fmtCompact(given)} in wk${a.week}`;
      return {
        id,
        name: 'Allocation (weekly)',
        wip: null,
        unit: 'boards',
        waiting: waitingFor(id, state),
        capacity: undefined,
        utilNow: null,
        utilLast: null,
        note,
        binding: false,
        full: false,
      };
    }
    const s = stageAt(state.stages, id)!;
    const unit = stageFacts(id)?.unit ?? 'units';
    const cap = s.capacity;
    const utilNow = cap !== null && cap > 0 ? s.startedThisWeek / cap : null;
    const utilLast = last === undefined || cap === null ? null : (last.utilization[id] ?? null);
    const hbmIdle = isHbmStageId(id) && cap === 0;
    return {
      id,
      name: s.name,
      wip: s.wip,
      unit,
      waiting: waitingFor(id, state),
      capacity: cap,
      utilNow,
      utilLast,
      note: hbmIdle ? 'no capacity' : null,
      binding: id === bindingId,
      full: (judged[id] ?? 0) >= 0.99,
    };
  });
  return {
    rows,
    join: joinStatus(state, ctx),
    alerts: alerts(state, ctx),
    bindingBasis: basisLast ? 'last week' : 'this week',
  };
}

/** Disruptions in force, in a few words each. */
export function alerts(state: ModelState, ctx: ModelContext): string[] {
  const out: string[] = [];
  for (const index of state.activeShocks) {
    const shock = ctx.scenario.events[index];
    if (shock === undefined || shock.type === 'exportControl') continue;
    const stage = stageAt(state.stages, shock.stage)?.name ?? shock.stage;
    out.push(
      shock.type === 'outage'
        ? `${stage} outage (capacity ×${shock.capacityFactor}, until wk ${shock.toWeek})`
        : `${stage} yield ×${shock.yieldFactor} until wk ${shock.toWeek}`,
    );
  }
  if (state.blockedRegions.length > 0) out.push(`${state.blockedRegions.join(', ')} cut off by export control`);
  return out;
}

/** Why CoWoS could not start more: its capacity, or starvation at the die/HBM join. */
export function joinStatus(state: ModelState, ctx: ModelContext): JoinStatus {
  const last = state.history[state.history.length - 1];
  const live = state.cowosLimit !== 'idle';
  const limit = live ? state.cowosLimit : (last?.cowosLimit ?? 'idle');
  const when = live ? '' : ' (last week)';
  const dies = total(state.dieBank);
  const hbm = state.hbmBank;
  const spp = ctx.scenario.hbm.stacksPerPackage;
  if ((limit === 'hbm' || limit === 'dies') && dies === 0 && hbm < spp) {
    return { level: 'starved', text: `CoWoS starved${when}: no dies and no HBM on hand` };
  }
  switch (limit) {
    case 'hbm':
      return {
        level: 'starved',
        text: `CoWoS starved${when}: waiting for HBM — ${fmtCompact(dies)} dies idle, ${fmtCompact(hbm)} HBM stacks on hand (${spp} per package)`,
      };
    case 'dies':
      return {
        level: 'starved',
        text: `CoWoS starved${when}: waiting for dies — ${fmtCompact(hbm)} HBM stacks idle, ${fmtCompact(dies)} dies in the bank`,
      };
    case 'orders':
      return {
        level: 'idle',
        text: `CoWoS waits for orders${when} (built to order) — it has started all that open orders need; ${fmtCompact(dies)} dies and ${fmtCompact(hbm)} HBM stacks on hand`,
      };
    case 'capacity':
      return {
        level: 'capacity',
        text: `CoWoS at capacity${when} — ${fmtCompact(dies)} dies and ${fmtCompact(hbm)} HBM stacks wait for a CoWoS slot`,
      };
    default:
      return {
        level: 'idle',
        text: `CoWoS has started nothing yet — ${fmtCompact(dies)} dies and ${fmtCompact(hbm)} HBM stacks on hand`,
      };
  }
}

/** One customer's numbers at this moment (GPUs and weeks). */
export function customerRow(state: ModelState, ctx: ModelContext, i: number): CustomerRow {
  const c = state.customers[i]!;
  const spec = ctx.direct[i]!;
  const perBoard = ctx.gpusPerBoard;
  const received = c.receivedBoards * perBoard;
  const due = (c.orderedBoards - c.cancelledBoards) * perBoard;
  return {
    id: c.id,
    name: shortName(spec.name),
    tier: c.tier,
    open: c.openBoards * perBoard,
    inTransit: (c.allocatedBoards - c.receivedBoards) * perBoard,
    received,
    fill: due > 0 ? received / due : null,
    wait: received > 0 ? c.waitSum / received : null,
    lastAlloc: state.lastAllocation?.boards[c.id] ?? 0,
    blocked: c.blocked,
  };
}

/**
 * The starvation KPIs of customer i over the whole run, when the run's result has them
 * (`needFillRate`, `longestUnservedWeeks`: optional fields of models/result.ts), in words; '' if not.
 */
export function starvationNote(result: { customers: readonly object[] } | undefined, i: number): string {
  const c = result?.customers[i] as { needFillRate?: unknown; longestUnservedWeeks?: unknown } | undefined;
  if (c === undefined) return '';
  const parts: string[] = [];
  if (typeof c.needFillRate === 'number') parts.push(`need filled ${Math.round(c.needFillRate * 100)}%`);
  if (typeof c.longestUnservedWeeks === 'number')
    parts.push(`longest unserved ${c.longestUnservedWeeks} wk${c.longestUnservedWeeks === 1 ? '' : 's'}`);
  return parts.length === 0 ? '' : ` · whole run: ${parts.join(', ')}`;
}

export function customersView(
  state: ModelState,
  ctx: ModelContext,
  selected = 0,
  result?: { customers: readonly object[] },
): CustomersView {
  const order = customerOrder(state);
  const rows = order.map((i) => customerRow(state, ctx, i));
  const a = state.lastAllocation;
  const pick = order[Math.max(0, Math.min(selected, order.length - 1))];
  return {
    rows,
    why: pick === undefined ? '' : whyLine(state, ctx, pick) + starvationNote(result, pick),
    lastAllocation:
      a === null
        ? null
        : { week: a.week, supply: a.supply, boards: Object.values(a.boards).reduce((s, n) => s + n, 0) },
  };
}

/**
 * One line on why customer i got what it got at the last allocation: its boards and share, its share
 * of the open orders now, what it pushed past need (push buyers), and the policy's rule. Only
 * numbers the state holds exactly.
 */
export function whyLine(state: ModelState, ctx: ModelContext, i: number): string {
  const c = state.customers[i]!;
  const name = `${shortName(ctx.direct[i]!.name)} (t${c.tier})`;
  const rule = `${ctx.policy.name}: ${ctx.policy.description}`;
  if (c.blocked) return `${name}: cut off by export control; its open orders were cancelled`;
  const a = state.lastAllocation;
  if (a === null) return `${name}: no allocation yet · ${rule}`;
  const given = Object.values(a.boards).reduce((s, n) => s + n, 0);
  const got = a.boards[c.id] ?? 0;
  let open = 0;
  for (const x of state.customers) open += x.openBoards;
  const pct = (x: number, of: number) => (of > 0 ? `${Math.round((100 * x) / of)}%` : '—');
  const gotText =
    given === 0
      ? `nothing allocated at wk ${a.week}`
      : `${fmtCompact(got)} of ${fmtCompact(given)} boards at wk ${a.week} (${pct(got, given)})`;
  // A push buyer earning its share: what it has pushed past need so far.
  const pushed =
    c.pushOrderedGpus > 0 ? ` · pushed ${fmtCompact(c.pushReceivedGpus)} GPUs past need to earn share` : '';
  return `${name}: ${gotText}, ${pct(c.openBoards, open)} of open orders${pushed} · ${rule}`;
}

interface SeriesDef {
  label: string;
  values: number[];
  percent?: boolean;
  multi?: MultiSeries;
}

/** The chart for the selected stage or customer: series from state.history, up to now. */
export function chartView(
  state: ModelState,
  ctx: ModelContext,
  ui: Pick<UiState, 'chartSubject' | 'selection' | 'chartSeries'>,
  customerBacklog: readonly (readonly number[])[],
  /** Whole-run weekly series per customer (the Timeline's); with them a customer's first chart is the "why" chart. */
  customerWeekly?: readonly CustomerWeekly[],
): ChartView {
  const h = state.history;
  const weeks = h.length;
  let subject: string;
  let defs: SeriesDef[];
  if (ui.chartSubject === 'pipeline') {
    const ids = pipelineIds(ctx);
    const id = ids[Math.min(ui.selection.pipeline, ids.length - 1)]!;
    if (id === ALLOCATION_ROW) {
      subject = 'Allocation';
      defs = [
        { label: 'boards allocated per week', values: h.map((r) => r.allocatedBoards) },
        { label: 'finished boards waiting at week end', values: h.map((r) => r.finishedBoards) },
        { label: 'quoted lead time, weeks', values: h.map((r) => r.quotedLeadWeeks) },
      ];
    } else {
      const s = stageAt(state.stages, id)!;
      subject = s.name;
      const unit = stageFacts(id)?.unit ?? 'units';
      defs = [
        { label: 'utilisation, % of capacity', values: h.map((r) => (r.utilization[id] ?? 0) * 100), percent: true },
        { label: `in process at week end, ${unit}`, values: h.map((r) => r.wip[id] ?? 0) },
      ];
      if (id === 'cowos') {
        defs.push(
          { label: 'die bank at week end, dies', values: h.map((r) => r.dieBank) },
          { label: 'HBM on hand at week end, stacks', values: h.map((r) => r.hbmBank) },
        );
      }
    }
  } else {
    const order = customerOrder(state);
    const i = order[Math.min(ui.selection.customers, order.length - 1)]!;
    const c = state.customers[i]!;
    subject = shortName(ctx.direct[i]!.name);
    const whole = customerWeekly?.[i];
    const why: SeriesDef[] =
      whole === undefined
        ? []
        : [
            {
              label: 'the whole run, GPUs: need, orders, allocated (cumulative) and backlog',
              values: cumulative(whole.allocated).slice(0, weeks),
              multi: {
                labels: ['need Σ', 'orders Σ', 'allocated Σ', 'backlog'],
                series: [
                  cumulative(whole.need),
                  cumulative(whole.orders),
                  cumulative(whole.allocated),
                  customerBacklog[i] ?? [],
                ].map((xs) => xs.slice(0, ctx.scenario.horizonWeeks)),
                now: state.week,
              },
            },
          ];
    defs = [
      ...why,
      { label: 'GPUs delivered, cumulative', values: h.map((r) => r.deliveredCumulative[c.id] ?? 0) },
      { label: 'backlog at week end, GPUs', values: (customerBacklog[i] ?? []).slice(0, weeks) },
      { label: 'GPUs delivered per week', values: c.weeklyReceived.slice(0, weeks) },
      { label: 'GPUs ordered per week', values: c.weeklyOrders.slice(0, weeks) },
    ];
  }
  const index = ((ui.chartSeries % defs.length) + defs.length) % defs.length;
  const def = defs[index]!;
  return {
    subject,
    label: def.label,
    index,
    count: defs.length,
    values: def.values,
    percent: def.percent === true,
    multi: def.multi ?? null,
  };
}

/** Per customer, policy A (baseline) against B (current), both at the same simulated time. */
export function diffView(
  a: { policy: string; state: ModelState; ctx: ModelContext; endReceived: readonly number[] },
  b: { policy: string; state: ModelState; ctx: ModelContext; endReceived: readonly number[] },
): DiffView {
  const rows = customerOrder(b.state).map((i) => {
    const ra = customerRow(a.state, a.ctx, i);
    const rb = customerRow(b.state, b.ctx, i);
    return {
      name: rb.name,
      receivedA: ra.received,
      receivedB: rb.received,
      fillA: ra.fill,
      fillB: rb.fill,
      waitA: ra.wait,
      waitB: rb.wait,
      endDelta: (b.endReceived[i] ?? 0) - (a.endReceived[i] ?? 0),
    };
  });
  return { a: a.policy, b: b.policy, week: b.state.week, rows };
}
