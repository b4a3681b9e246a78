/**
 * The one place units move between buckets. Each function keeps, per kind,
 *   created = consumed + scrapped + wip + inventory + delivered
 * by construction; the property tests check it (and the stage-level counts) after every event.
 */
import type { Buckets, UnitKind } from './result.js';
import { UNIT_KINDS } from './result.js';

export type Ledger = Record<UnitKind, Buckets>;
export type Holding = 'wip' | 'inventory';

export function emptyLedger(): Ledger {
  const ledger = {} as Ledger;
  for (const kind of UNIT_KINDS) {
    ledger[kind] = { created: 0, consumed: 0, scrapped: 0, wip: 0, inventory: 0, delivered: 0 };
  }
  return ledger;
}

// Holdings are named fields, not computed keys: these run several times per event, and a keyed
// access with many different keys is far slower than a named one.
function add(b: Buckets, holding: Holding, n: number): void {
  if (holding === 'wip') b.wip += n;
  else b.inventory += n;
}

export function create(ledger: Ledger, kind: UnitKind, n: number, into: Holding): void {
  const b = ledger[kind];
  b.created += n;
  add(b, into, n);
}

export function move(ledger: Ledger, kind: UnitKind, n: number, from: Holding, to: Holding): void {
  const b = ledger[kind];
  add(b, from, -n);
  add(b, to, n);
}

export function consume(ledger: Ledger, kind: UnitKind, n: number, from: Holding): void {
  const b = ledger[kind];
  add(b, from, -n);
  b.consumed += n;
}

export function scrap(ledger: Ledger, kind: UnitKind, n: number, from: Holding): void {
  const b = ledger[kind];
  add(b, from, -n);
  b.scrapped += n;
}

export function deliver(ledger: Ledger, kind: UnitKind, n: number, from: Holding): void {
  const b = ledger[kind];
  add(b, from, -n);
  b.delivered += n;
}

/** Human-readable violations of the conservation identity (empty when it holds). */
export function ledgerViolations(ledger: Ledger): string[] {
  const out: string[] = [];
  for (const kind of UNIT_KINDS) {
    const b = ledger[kind];
    const accounted = b.consumed + b.scrapped + b.wip + b.inventory + b.delivered;
    if (accounted !== b.created) out.push(`${kind}: created ${b.created} ≠ accounted ${accounted}`);
    for (const key of ['consumed', 'scrapped', 'wip', 'inventory', 'delivered', 'created'] as const) {
      if (b[key] < 0) out.push(`${kind}.${key} is negative (${b[key]})`);
      if (!Number.isInteger(b[key])) out.push(`${kind}.${key} is not a whole number (${b[key]})`);
    }
  }
  return out;
}

/**
 * Who holds a delivered board: what Nvidia delivered to it, and what it sold and bought on the
 * secondary market (models/market/resale.ts). A resale moves delivered units between holders, never
 * between buckets: the board (and its GPUs) stays `delivered`, so Σ holdings = delivered always.
 */
export interface Holder {
  receivedBoards: number;
  soldBoards: number;
  boughtBoards: number;
}

/** Delivered boards a customer holds now. */
export function heldBoards(h: Holder): number {
  return h.receivedBoards - h.soldBoards + h.boughtBoards;
}

/** Moves `boards` delivered boards from `seller` to `buyer`; throws rather than create or lose one. */
export function resell(seller: Holder, buyer: Holder, boards: number): void {
  if (!Number.isInteger(boards) || boards <= 0) throw new Error(`internal error: resale of ${boards} boards`);
  if (boards > heldBoards(seller))
    throw new Error(`internal error: resale of ${boards} boards by a holder of ${heldBoards(seller)}`);
  seller.soldBoards += boards;
  buyer.boughtBoards += boards;
}
