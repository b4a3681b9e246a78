/**
 * Conservation checks over a model state. Empty result ⇔ every unit is accounted for:
 * per kind created = consumed + scrapped + wip + inventory + delivered; the stage and inventory
 * counts agree with the ledger; the bill of materials holds; every customer's orders add up; and
 * the secondary market moved delivered boards between customers without making or losing any.
 * The tests call this after every event.
 */
import type { ModelState } from './state.js';
import type { ModelContext } from './world.js';
import { heldBoards, ledgerViolations } from './ledger.js';
import { total } from './cohorts.js';
import { initialGpus } from './initial-state.js';

export function invariantViolations(ctx: ModelContext, state: ModelState): string[] {
  const out = ledgerViolations(state.ledger);
  const u = state.ledger;
  const st = state.stages;
  const perBoard = ctx.gpusPerBoard;
  const spp = ctx.scenario.hbm.stacksPerPackage;
  const expect = (what: string, actual: number, expected: number) => {
    if (actual !== expected) out.push(`${what}: ${actual} ≠ ${expected}`);
  };
  const shipQueueBoards = state.shipQueue.reduce((s, x) => s + x.boards, 0);
  const hbmWip = ctx.hbmStageIds.reduce((s, id) => s + st[id]!.wip, 0);

  expect('wafers in the fab', u.wafer.wip, st.fab!.wip);
  expect('wafers never sit in inventory', u.wafer.inventory, 0);
  expect('dies at sort', u.die.wip, st.sort!.wip);
  expect('dies in the die bank', u.die.inventory, total(state.dieBank));
  expect('HBM stacks in process', u.hbmStack.wip, hbmWip);
  expect('HBM stacks on hand', u.hbmStack.inventory, state.hbmBank);
  expect('packages in CoWoS and test', u.package.wip, st.cowos!.wip + st.test!.wip);
  expect('packages waiting for test', u.package.inventory, total(st.test!.queue));
  expect('boards in assembly and shipping', u.board.wip, st.board!.wip + st.ship!.wip);
  expect('boards finished or allocated', u.board.inventory, total(state.finishedBoards) + shipQueueBoards);
  expect('GPUs on boards in process', u.gpu.wip, perBoard * u.board.wip);
  expect('GPUs loose or on waiting boards', u.gpu.inventory, total(state.gpuPool) + perBoard * u.board.inventory);
  expect('GPUs delivered on boards', u.gpu.delivered, perBoard * u.board.delivered);
  // Bill of materials: one die + `spp` stacks → one package; one good package → one GPU.
  // A warm start's packages, GPUs and boards were made before the run (models/initial-state.ts).
  const warmPackages = ctx.scenario.initial.cowosPackagesInProcess + ctx.scenario.initial.testPackagesInProcess;
  expect('packages made = dies consumed', u.package.created - warmPackages, u.die.consumed);
  expect(
    'HBM stacks consumed = packages × stacks per package',
    u.hbmStack.consumed,
    spp * (u.package.created - warmPackages),
  );
  expect('GPUs made = packages passed test', u.gpu.created - initialGpus(ctx), u.package.consumed);
  expect(
    'dies made = wafers consumed × gross dies',
    u.die.created - initialDies(ctx),
    u.wafer.consumed * ctx.scenario.fab.grossDiesPerWafer,
  );
  for (const kind of ['wafer', 'die', 'hbmStack', 'package'] as const)
    expect(`${kind}s delivered`, u[kind].delivered, 0);
  expect('GPUs are never consumed (boards carry them)', u.gpu.consumed, 0);

  let received = 0;
  let held = 0;
  let sold = 0;
  let bought = 0;
  state.customers.forEach((c) => {
    received += c.receivedBoards;
    held += heldBoards(c);
    sold += c.soldBoards;
    bought += c.boughtBoards;
    if (heldBoards(c) < 0) out.push(`${c.id}: holds ${heldBoards(c)} boards`);
    for (const [what, n] of [
      ['sold', c.soldBoards],
      ['bought', c.boughtBoards],
    ] as const)
      if (!(n >= 0) || !Number.isInteger(n)) out.push(`${c.id}: ${what} ${n} boards on the secondary market`);
    const lines = c.lines.reduce((s, l) => s + l.boards, 0);
    expect(`${c.id}: open boards = Σ order lines`, c.openBoards, lines);
    expect(
      `${c.id}: ordered = open + allocated + cancelled`,
      c.orderedBoards,
      c.openBoards + c.allocatedBoards + c.cancelledBoards,
    );
    if (c.receivedBoards > c.allocatedBoards)
      out.push(`${c.id}: received ${c.receivedBoards} > allocated ${c.allocatedBoards}`);
    for (const l of c.lines)
      if (!(l.boards > 0) || !Number.isInteger(l.boards)) out.push(`${c.id}: order line of ${l.boards} boards`);
    // Pushed GPUs: ordered ≥ received + lapsed + still on order (the rest is allocated, on its way); a part of all received.
    const pushOpen = c.lines.reduce((s, l) => s + (l.pushShare === undefined ? 0 : l.boards), 0) * perBoard;
    if (c.pushReceivedGpus + c.pushLapsedGpus + pushOpen > c.pushOrderedGpus) {
      out.push(
        `${c.id}: pushed GPUs received ${c.pushReceivedGpus} + lapsed ${c.pushLapsedGpus} + open ${pushOpen} > ordered ${c.pushOrderedGpus}`,
      );
    }
    if (c.pushReceivedGpus > c.receivedBoards * perBoard)
      out.push(`${c.id}: pushed GPUs received ${c.pushReceivedGpus} > all received`);
  });
  expect('Σ customers received = boards delivered', received, u.board.delivered);
  expect('boards resold: Σ sold = Σ bought', sold, bought);
  expect('Σ boards held = boards delivered', held, u.board.delivered);
  return out;
}

function initialDies(ctx: ModelContext): number {
  return ctx.scenario.initial.dieBank;
}

/**
 * Paths of numbers in a result that are not finite (NaN, ±Infinity): an internal error, since the
 * schema's magnitude bounds keep every count and sum finite. Empty when all are finite.
 */
export function nonFiniteValues(value: unknown, path = '$', out: string[] = []): string[] {
  findNonFinite(value, [path], out);
  return out;
}

/**
 * The walk behind nonFiniteValues. `path` is the stack of path segments, joined into a string only
 * for a value it reports: a run result holds thousands of numbers, and building every one's path
 * cost more than the walk itself.
 */
function findNonFinite(value: unknown, path: string[], out: string[]): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push(`${path.join('')} = ${value}`);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'number' && Number.isFinite(item)) continue;
      path.push(`[${i}]`);
      findNonFinite(item, path, out);
      path.pop();
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, item] of Object.entries(value)) {
      if (typeof item === 'number' && Number.isFinite(item)) continue;
      path.push(`.${k}`);
      findNonFinite(item, path, out);
      path.pop();
    }
  }
}
