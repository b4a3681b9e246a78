/**
 * Events in words, for the terminal UI's event log: `describeEvent(event, stateAfter, ctx)` reads
 * one processed event and the state right after it and says what happened in a planner's terms
 * ("412 boards allocated — CoreWeave 96, Oracle 80 …"). Pure: nothing is changed, nothing drawn.
 *
 * A few facts are not in the state after an event alone (how many of a batch were scrapped, how
 * many orders an export control cancelled). For those, pass the optional `before` tally taken just
 * before the event (`tally(state)`, a handful of numbers); without it the text leaves them out.
 */
import type { Scheduled } from '../sim/index.js';
import type { ModelEvent } from './events.js';
import type { ModelState } from './state.js';
import type { ModelContext } from './world.js';
import { total } from './cohorts.js';
import { COWOS_SHIFTS_PER_WEEK, stageAt } from './stages.js';
import { compareIds } from './policies/rounding.js';

/** The few counters that differ across one event and that the words need (see module doc). */
export interface Tally {
  /** Units scrapped so far, per stage id. */
  readonly scrapped: Readonly<Record<string, number>>;
  /** Boards cancelled so far, per direct customer (state.customers order). */
  readonly cancelledBoards: readonly number[];
}

export function tally(state: ModelState): Tally {
  const scrapped: Record<string, number> = {};
  for (const id in state.stages) scrapped[id] = stageAt(state.stages, id)?.scrapped ?? 0;
  return { scrapped, cancelledBoards: state.customers.map((c) => c.cancelledBoards) };
}

// Made on first use: creating it loads ICU's locale data, ~25 ms of the TUI's start-up.
let enUs: Intl.NumberFormat | undefined;

/** 1234567 → "1,234,567" (whole numbers; fractions are rounded). Same text as `toLocaleString('en-US')`. */
export function fmtInt(n: number): string {
  const r = Math.round(n);
  // Safe integers (every count the model has) grouped by hand: the TUI's traced run calls this ~10⁴ times and
  // toLocaleString was its second-largest cost; by hand is ~2.4× cheaper. The rest (−0, ±∞, NaN, huge) by Intl.
  if (!Number.isSafeInteger(r) || Object.is(r, -0)) return (enUs ??= new Intl.NumberFormat('en-US')).format(r);
  const digits = String(r < 0 ? -r : r).replace(/\B(?=(\d{3})+$)/g, ',');
  return r < 0 ? `-${digits}` : digits;
}

/** Short customer name: "Tencent (H800)" → "Tencent"; "Enterprise & OEMs (Dell, …)" → "Enterprise & OEMs". */
export function shortName(name: string): string {
  const cut = name.replace(/\s*\(.*\)\s*$/, '').trim();
  return cut === '' ? name : cut;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtInt(n)} ${Math.round(n) === 1 ? one : many}`;
}

function weeksText(w: number): string {
  const r = Math.round(w);
  return `${r} wk${r === 1 ? '' : 's'}`;
}

/** The event's simulated time as "week 31" (the week it falls in). */
export function weekLabel(time: number): string {
  return `week ${Math.floor(time + 1e-9)}`;
}

function customerName(ctx: ModelContext, index: number): string {
  const spec = ctx.direct[index];
  return spec ? shortName(spec.name) : `customer ${index}`;
}

function stageLabel(ctx: ModelContext, state: ModelState, id: string): string {
  return stageAt(state.stages, id)?.name ?? id;
}

/** "CoreWeave 96, Oracle 80 … +3 more": boards per recipient, biggest first, at most `max` names. */
export function allocationList(ctx: ModelContext, boards: Readonly<Record<string, number>>, max = 4): string {
  const rows = Object.entries(boards)
    .filter(([, n]) => n > 0)
    .map(([id, n]) => {
      const i = ctx.direct.findIndex((c) => c.id === id);
      return { name: i >= 0 ? customerName(ctx, i) : id, n };
    })
    .sort((a, b) => b.n - a.n || compareIds(a.name, b.name));
  const shown = rows.slice(0, max).map((r) => `${r.name} ${fmtInt(r.n)}`);
  const more = rows.length - shown.length;
  return shown.join(', ') + (more > 0 ? ` … +${more} more` : '');
}

const LIMIT_NOTES: Partial<Record<ModelState['cowosLimit'], string>> = {
  hbm: ', short of HBM',
  dies: ', short of dies',
  orders: ', all that open orders need (built to order)',
};

function cowosLimitNote(limit: ModelState['cowosLimit']): string {
  return LIMIT_NOTES[limit] ?? '';
}

/** What one processed event did, in words. `stateAfter` is the state right after it. */
export function describeEvent(
  event: Scheduled<ModelEvent>,
  stateAfter: ModelState,
  ctx: ModelContext,
  before?: Tally,
): string {
  const state = stateAfter;
  const scenario = ctx.scenario;
  const perBoard = ctx.gpusPerBoard;
  const scrappedNow = (id: string): number | null =>
    before === undefined ? null : (stageAt(state.stages, id)?.scrapped ?? 0) - (before.scrapped[id] ?? 0);

  switch (event.type) {
    case 'plan': {
      const st = state.stages;
      const hbmStarted = ctx.hbmStageIds.reduce((s, id) => s + (st[id]?.startedThisWeek ?? 0), 0);
      const cowos = st.cowos;
      const cap = cowos.capacity ?? 0;
      const limit = cowosLimitNote(state.cowosLimit);
      return (
        `new week: CoWoS ${fmtInt(cap)} packages in ${COWOS_SHIFTS_PER_WEEK} shifts, ${fmtInt(cowos.startedThisWeek)} started in the first${limit} · ` +
        `N4 ${plural(st.fab.startedThisWeek, 'wafer')} · HBM ${plural(hbmStarted, 'stack')}`
      );
    }
    case 'cowosShift': {
      const cowos = state.stages.cowos;
      const limit = cowosLimitNote(state.cowosLimit);
      // Budget left over from last week can start a few more than this week's capacity: say so instead of "16,476 of 16,475".
      const cap = cowos.capacity ?? 0;
      const over = Math.round(cowos.startedThisWeek) > Math.round(cap) ? ' (with budget carried over)' : '';
      return `CoWoS shift: ${fmtInt(cowos.startedThisWeek)} of ${plural(cap, 'package')} capacity started this week${over}${limit}`;
    }
    case 'demand': {
      const w = state.week;
      let need = 0;
      let orders = 0;
      let open = 0;
      let pushed = 0;
      for (const c of state.customers) {
        need += c.weeklyNeed[w] ?? 0;
        orders += c.weeklyOrders[w] ?? 0;
        open += c.openBoards * perBoard;
        for (const line of c.lines)
          if (line.week === w && line.pushShare !== undefined) pushed += line.boards * perBoard;
      }
      const push = pushed > 0 ? ` (${fmtInt(pushed)} pushed past need to earn share)` : '';
      return `orders: ${fmtInt(orders)} GPUs${push} for ${fmtInt(need)} GPUs of need; ${fmtInt(open)} GPUs on open order`;
    }
    case 'allocate': {
      const a = state.lastAllocation;
      if (a === null || a.supply <= 0) {
        let open = 0;
        for (const c of state.customers) open += c.openBoards * perBoard;
        return `allocation: no finished boards to allocate; ${fmtInt(open)} GPUs wait on open order`;
      }
      const given = Object.values(a.boards).reduce((s, n) => s + n, 0);
      if (given === 0) return `allocation: ${plural(a.supply, 'board')} finished but no open orders to fill`;
      const left = a.supply - given;
      const rest = left > 0 ? ` (${fmtInt(left)} left over)` : '';
      return `${plural(given, 'board')} allocated — ${allocationList(ctx, a.boards)}${rest}`;
    }
    case 'lotDone': {
      const dies = event.wafers * scenario.fab.grossDiesPerWafer;
      return `${stageLabel(ctx, state, 'fab')}: lot of ${plural(event.wafers, 'wafer')} out → ${fmtInt(dies)} dies to sort`;
    }
    case 'sortDone':
      return `wafer sort: ${fmtInt(event.good)} good dies of ${fmtInt(event.dies)} → die bank ${fmtInt(total(state.dieBank))}`;
    case 'hbmDone': {
      const id = ctx.hbmStageIds[event.supplier] ?? `hbm:${event.supplier}`;
      const bad = scrappedNow(id);
      const what =
        bad === null
          ? plural(event.stacks, 'stack')
          : `${fmtInt(event.stacks - bad)} good of ${plural(event.stacks, 'stack')}`;
      return `${stageLabel(ctx, state, id)}: ${what} → ${fmtInt(state.hbmBank)} on hand`;
    }
    case 'cowosDone': {
      const bad = scrappedNow('cowos');
      const what =
        bad === null
          ? plural(event.packages, 'package')
          : `${fmtInt(event.packages - bad)} good of ${plural(event.packages, 'package')}`;
      return `CoWoS: ${what} → final test`;
    }
    case 'testDone': {
      const bad = scrappedNow('test');
      const what =
        bad === null
          ? plural(event.packages, 'package')
          : `${fmtInt(event.packages - bad)} good of ${plural(event.packages, 'package')}`;
      return `final test: ${what} → ${plural(total(state.gpuPool), 'GPU')} wait for boards`;
    }
    case 'boardDone':
      return `board assembly: ${plural(event.boards, 'HGX board')} built → ${fmtInt(total(state.finishedBoards))} await allocation`;
    case 'shipDone': {
      const name = customerName(ctx, event.customer);
      const weeks = event.lines.map((l) => l.week);
      const lo = Math.min(...weeks);
      const hi = Math.max(...weeks);
      const l = Math.floor(lo);
      const h = Math.floor(hi);
      const when =
        h < 0 ? 'before the start' : l < 0 ? `before the start to wk ${h}` : l === h ? `wk ${l}` : `wk ${l}–${h}`;
      const waited =
        Math.round(event.time - hi) === Math.round(event.time - lo)
          ? weeksText(event.time - lo)
          : `${Math.round(event.time - hi)}–${weeksText(event.time - lo)}`;
      const ordered = weeks.length === 0 ? '' : ` (ordered ${when}, waited ${waited})`;
      return `delivered ${fmtInt(event.boards * perBoard)} GPUs to ${name}${ordered}`;
    }
    case 'shockStart':
    case 'shockEnd': {
      const shock = scenario.events[event.index];
      const starts = event.type === 'shockStart';
      if (shock === undefined || shock.type === 'exportControl')
        return starts ? 'disruption starts' : 'disruption ends';
      const where = stageLabel(ctx, state, shock.stage);
      const note = starts && shock.note ? ` — ${shock.note}` : '';
      if (shock.type === 'outage') {
        const factor = shock.capacityFactor === 0 ? 'down' : `capacity ×${shock.capacityFactor}`;
        return starts ? `${where} outage starts: ${factor}${note}` : `${where} outage ends: capacity restored`;
      }
      return starts
        ? `${where} yield excursion starts: yield ×${shock.yieldFactor}${note}`
        : `${where} yield excursion ends: yield restored`;
    }
    case 'cowosToolsArrive':
      return `CoWoS tools ordered earlier start running: +${fmtInt(event.wafersPerMonth)} interposer wafers/month`;
    case 'hbmToolsArrive': {
      const supplier = scenario.hbm.suppliers[event.supplier];
      return `${supplier?.name ?? 'HBM'} capacity ordered earlier starts running: +${fmtInt(event.stacksPerWeek)} stacks/week`;
    }
    case 'exportControl': {
      const shock = scenario.events[event.index];
      const regions = shock?.type === 'exportControl' ? shock.regions : [];
      const hit = ctx.direct
        .map((spec, i) => ({ spec, i }))
        .filter(({ spec }) => regions.includes(spec.region))
        .map(({ i }) => i);
      const names = hit.map((i) => customerName(ctx, i));
      let cancelled: string;
      if (before === undefined) cancelled = 'their open orders are cancelled';
      else {
        const boards = hit.reduce(
          (s, i) => s + (state.customers[i]!.cancelledBoards - (before.cancelledBoards[i] ?? 0)),
          0,
        );
        cancelled = `${fmtInt(boards * perBoard)} GPUs of orders cancelled`;
      }
      const who = names.length > 0 ? ` (${names.join(', ')})` : '';
      return `export control: ${regions.join(', ')} customers cut off, ${cancelled}${who}`;
    }
  }
}

/** `describeEvent` prefixed with the event's week: "week 31: 412 boards allocated — …". */
export function describeEventWithTime(
  event: Scheduled<ModelEvent>,
  stateAfter: ModelState,
  ctx: ModelContext,
  before?: Tally,
): string {
  return `${weekLabel(event.time)}: ${describeEvent(event, stateAfter, ctx, before)}`;
}
