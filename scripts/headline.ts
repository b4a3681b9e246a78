/**
 * `node bin/run-ts.js scripts/headline.ts [--reps N] [--note-seeds N] [--readme]`: the README's
 * headline figures, measured, so they can be regenerated after any merge instead of typed by hand.
 *
 * 1. Who is starved and for how long: h100-2023 under pro-rata, favoured and priority, replication
 *    r seeded deriveSeed(1, r) as `npm start` (and `chipsim compare`, seed 1) seeds it, N = 100 by
 *    default; per customer the mean need fill rate, longest stretch with open orders and nothing
 *    allocated, and first delivery.
 * 2. The issue-13 note: seeds 1…20 (as `chipsim calibrate`), per customer the GPUs received in 2023
 *    (weeks 0–51) beside Omdia's B2 figures, each policy's total-variation distance from B2's split,
 *    substituted GPUs, Nvidia's lost revenue and GPUs resold on the secondary market.
 *
 * Prints Markdown; with --readme it also rewrites the README between its headline markers.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../sim/atomic-write.js';
import { deriveSeed } from '../sim/seeds.js';
import { loadScenario } from '../scenarios/loader.js';
import { simulate } from '../models/simulate.js';
import { getPolicy } from '../models/policies/index.js';
import { OMDIA_2023 } from '../models/calibration.js';
import type { RunResult } from '../models/result.js';
import type { Scenario } from '../scenarios/schema.js';
import { exitQuietlyOnClosedPipe, helpIfAsked, wholeNumberArg } from './script-args.js';
import { replaceHeadline, tvDistance } from './headline-text.js';

const SCENARIO = 'h100-2023';
const POLICIES = ['pro-rata', 'favoured', 'priority'] as const;
/** A customer counts as starved when it goes this long with open orders and nothing allocated… */
const STARVED_WEEKS = 13;
/** …or gets less than this share of its need over the horizon. */
const STARVED_FILL = 0.5;
/** Weeks 0–51 are 2023 (the scenario starts 2023-01-02). */
const LAST_WEEK_2023 = 51;

type Policy = (typeof POLICIES)[number];

/**
 * The what-if of the note's last table: every `inflate` buyer hoards instead, with these [A]
 * parameters (cover 2 weeks at no lead time, +0.5 week per week quoted, at most 26 weeks).
 */
const HOARD_WHAT_IF = {
  behaviour: 'hoard',
  baseCoverWeeks: 2,
  coverPerLeadWeek: 0.5,
  maxCoverWeeks: 26,
  lookbackWeeks: 8,
} as const;

function scenario(hoarders: boolean): Scenario {
  const loaded = loadScenario(SCENARIO);
  if (!loaded.ok) throw new Error(loaded.error);
  if (!hoarders) return loaded.scenario;
  return {
    ...loaded.scenario,
    customers: loaded.scenario.customers.map((c) =>
      c.ordering.behaviour === 'inflate' ? { ...c, ordering: { ...HOARD_WHAT_IF } } : c,
    ),
  };
}

function runs(policy: Policy, seeds: readonly number[], hoarders = false): RunResult[] {
  const s = scenario(hoarders);
  const definition = getPolicy(policy);
  if (!definition) throw new Error(`no policy ${policy}`);
  return seeds.map((seed) => simulate(s, { policy: definition, seed, scenarioName: SCENARIO }));
}

function mean(xs: readonly number[]): number {
  return xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

function dateOfWeek(startDate: string, week: number): string {
  return new Date(Date.parse(`${startDate}T00:00:00Z`) + Math.round(week) * 7 * 86_400_000).toISOString().slice(0, 10);
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(0)} %` : '—');
const weeks = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const kilo = (x: number) => (Number.isFinite(x) ? `${Math.round(x / 1000)}k` : '—');
const usdB = (x: number) => `$${(x / 1e9).toFixed(2)}B`;

interface CustomerFigures {
  id: string;
  name: string;
  needFill: number;
  longestUnserved: number;
  /** Mean first delivery week over the runs with a delivery, and the share of runs with none. */
  firstDelivery: number;
  neverShare: number;
  /** Need lost to export controls or defection ÷ need. */
  lostShare: number;
}

function customerFigures(results: readonly RunResult[]): CustomerFigures[] {
  return results[0]!.customers.map((c0, i) => {
    const cs = results.map((r) => r.customers[i]!);
    const firsts = cs.flatMap((c) => (c.firstDeliveryWeek === null ? [] : [c.firstDeliveryWeek]));
    return {
      id: c0.id,
      name: c0.name,
      needFill: mean(cs.map((c) => c.needFillRate ?? NaN)),
      longestUnserved: mean(cs.map((c) => c.longestUnservedWeeks)),
      firstDelivery: mean(firsts),
      neverShare: 1 - firsts.length / cs.length,
      lostShare: mean(cs.map((c) => (c.need > 0 ? c.lostDemand / c.need : 0))),
    };
  });
}

function starved(c: CustomerFigures): boolean {
  return c.longestUnserved >= STARVED_WEEKS || c.needFill < STARVED_FILL;
}

function firstDeliveryText(c: CustomerFigures): string {
  if (c.neverShare === 1) return 'never';
  const when = `wk ${weeks(c.firstDelivery)}`;
  return c.neverShare > 0 ? `${when} (none in ${pct(c.neverShare)} of runs)` : when;
}

/** Starved mostly because its need was lost (export control, defection), not by the allocation. */
function cutOff(c: CustomerFigures): boolean {
  return c.lostShare >= 0.5;
}

function headline(reps: number): string {
  const seeds = Array.from({ length: reps }, (_, r) => deriveSeed(1, r));
  const byPolicy = new Map(POLICIES.map((p) => [p, runs(p, seeds)] as const));
  const startDate = byPolicy.get('pro-rata')![0]!.startDate;
  const figures = new Map(POLICIES.map((p) => [p, customerFigures(byPolicy.get(p)!)] as const));
  const lines: string[] = [];
  lines.push(
    `${SCENARIO}, ${reps} replications per policy (seeds as \`npm start\`: deriveSeed(1, r)). A customer is *starved* when it goes ≥ ${STARVED_WEEKS} weeks with open orders and nothing allocated, or gets < ${pct(STARVED_FILL)} of its need by the horizon (means over replications).`,
    '',
  );
  for (const p of POLICIES) {
    const all = figures.get(p)!.filter(starved);
    const s = all.filter((c) => !cutOff(c));
    const lost = all.filter(cutOff);
    const text =
      s.length === 0
        ? 'nobody'
        : s
            .map(
              (c) =>
                `${c.name} (${weeks(c.longestUnserved)} weeks unserved at a stretch, ${pct(c.needFill)} of its need by ${dateOfWeek(startDate, byPolicy.get(p)![0]!.horizonWeeks)})`,
            )
            .join('; ');
    const cut =
      lost.length === 0
        ? ''
        : `; besides, ${lost.map((c) => `${c.name} ${pct(c.needFill)}`).join(', ')} of need, most of it lost to export controls or defection`;
    lines.push(`- **${p}** starves ${text}${cut}.`);
  }
  lines.push(
    '',
    'First delivery counts the warm start: boards already on their way at week 0 arrive from week 0.',
    '',
    '| customer | need fill: pro-rata / favoured / priority | longest unserved, weeks | first delivery |',
  );
  lines.push('|---|---|---|---|');
  figures.get('pro-rata')!.forEach((c, i) => {
    const row = POLICIES.map((p) => figures.get(p)![i]!);
    lines.push(
      `| ${c.name} | ${row.map((x) => pct(x.needFill)).join(' / ')} | ${row.map((x) => weeks(x.longestUnserved)).join(' / ')} | ${row.map((x) => firstDeliveryText(x)).join(' / ')} |`,
    );
  });
  const k = (p: Policy, key: 'needJainIndex' | 'needGini' | 'gpusDelivered') =>
    mean(byPolicy.get(p)!.map((r) => r.kpis[key]));
  lines.push(
    '',
    `Overall (pro-rata / favoured / priority): Jain's index of need fill ${POLICIES.map((p) => k(p, 'needJainIndex').toFixed(3)).join(' / ')}; Gini of need fill ${POLICIES.map((p) => k(p, 'needGini').toFixed(3)).join(' / ')}; GPUs delivered ${POLICIES.map((p) => kilo(k(p, 'gpusDelivered'))).join(' / ')}.`,
  );
  return lines.join('\n');
}

function note(seedCount: number): string {
  const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);
  const byPolicy = new Map(POLICIES.map((p) => [p, runs(p, seeds)] as const));
  const in2023 = (r: RunResult, id: string) => r.series.deliveredCumulative[id]?.[LAST_WEEK_2023] ?? 0;
  const lines: string[] = [];
  lines.push(
    `${SCENARIO}, seeds 1–${seedCount}: GPUs received in 2023 (weeks 0–${LAST_WEEK_2023}), means, beside Omdia's 2023 purchases (DOMAIN.md B2).`,
    '',
    `| customer | Omdia B2 | ${POLICIES.join(' | ')} |`,
    `|---|---|${POLICIES.map(() => '---').join('|')}|`,
  );
  for (const [id, omdia] of Object.entries(OMDIA_2023)) {
    const cells = POLICIES.map((p) => kilo(mean(byPolicy.get(p)!.map((r) => in2023(r, id)))));
    lines.push(`| ${id} | ${kilo(omdia)} | ${cells.join(' | ')} |`);
  }
  const per = (f: (r: RunResult) => number) => POLICIES.map((p) => mean(byPolicy.get(p)!.map(f)));
  const tv = per((r) =>
    tvDistance(Object.fromEntries(Object.keys(OMDIA_2023).map((id) => [id, in2023(r, id)])), OMDIA_2023),
  );
  lines.push(`| TV distance from B2's split | — | ${tv.map((x) => x.toFixed(2)).join(' | ')} |`);
  lines.push(
    `| substituted GPUs (run) | — | ${per((r) => r.kpis.substitutedGpus)
      .map((x) => Math.round(x).toLocaleString('en'))
      .join(' | ')} |`,
  );
  lines.push(
    `| Nvidia's lost revenue | — | ${per((r) => r.kpis.nvidiaLostRevenueUsd)
      .map(usdB)
      .join(' | ')} |`,
  );
  lines.push(
    `| GPUs resold (secondary market) | — | ${per((r) => r.kpis.resoldGpus ?? 0)
      .map((x) => Math.round(x).toLocaleString('en'))
      .join(' | ')} |`,
  );
  const count = (x: number) => Math.round(x).toLocaleString('en');
  if (per((r) => r.kpis.resoldGpus ?? 0).every((x) => x === 0))
    lines.push(
      '',
      'Nothing is resold in h100-2023 as it stands: no buyer ever holds more than its need so far (DOMAIN.md B6).',
    );
  const hoard = new Map(POLICIES.map((p) => [p, runs(p, seeds, true)] as const));
  const perH = (f: (r: RunResult) => number) => POLICIES.map((p) => mean(hoard.get(p)!.map(f)));
  const prices = POLICIES.map((p) =>
    hoard.get(p)!.flatMap((r) => (r.series.resalePriceUsd ?? []).filter((x): x is number => x !== null)),
  );
  const tvH = perH((r) =>
    tvDistance(Object.fromEntries(Object.keys(OMDIA_2023).map((id) => [id, in2023(r, id)])), OMDIA_2023),
  );
  lines.push(
    '',
    `What if every \`inflate\` buyer hoarded instead (target cover ${HOARD_WHAT_IF.baseCoverWeeks} weeks + ${HOARD_WHAT_IF.coverPerLeadWeek} per week of quoted lead time, at most ${HOARD_WHAT_IF.maxCoverWeeks} [A]), same seeds:`,
    '',
    `| | ${POLICIES.join(' | ')} |`,
    `|---|${POLICIES.map(() => '---').join('|')}|`,
    `| GPUs resold | ${perH((r) => r.kpis.resoldGpus ?? 0)
      .map(count)
      .join(' | ')} |`,
    `| mean resale price per GPU (weeks with trades) | ${prices.map((ps) => (ps.length > 0 ? `$${count(mean(ps))}` : '—')).join(' | ')} |`,
    `| TV distance from B2's split | ${tvH.map((x) => x.toFixed(2)).join(' | ')} |`,
    `| GPUs delivered (run) | ${perH((r) => r.kpis.gpusDelivered)
      .map(kilo)
      .join(' | ')} |`,
  );
  return lines.join('\n');
}

const DEFAULTS = { reps: 100, noteSeeds: 20 };

function main(): void {
  helpIfAsked(`
node bin/run-ts.js scripts/headline.ts [--reps N] [--note-seeds N] [--readme]
The README's headline figures, measured (--reps replications, default ${DEFAULTS.reps}; --note-seeds for the
note table, default ${DEFAULTS.noteSeeds}); --readme rewrites the README's headline section.`);
  const args = process.argv.slice(2);
  const value = (flag: string, fallback: number): number => {
    const i = process.argv.indexOf(flag);
    return i < 0 ? fallback : wholeNumberArg(i + 1, flag, fallback);
  };
  exitQuietlyOnClosedPipe();
  const reps = value('--reps', DEFAULTS.reps);
  const noteSeeds = value('--note-seeds', DEFAULTS.noteSeeds);
  const body = `${headline(reps)}\n\n${note(noteSeeds)}`;
  process.stdout.write(`${body}\n`);
  if (args.includes('--readme')) {
    const path = fileURLToPath(new URL('../README.md', import.meta.url));
    writeFileAtomic(path, replaceHeadline(readFileSync(path, 'utf8'), body));
    process.stderr.write('headline: rewrote the README headline section\n');
  }
}

main();
