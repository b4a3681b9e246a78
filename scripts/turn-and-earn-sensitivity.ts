/**
 * How far the turn-and-earn result of test/theory/turn-and-earn.test.ts carries: the chain profit of
 * turn-and-earn − pro-rata (% of pro-rata's, mean of N paired seeds) over K/E[need] 0.9 → 0.5, for
 * the test's setting and one change at a time.
 *   node bin/run-ts.js scripts/turn-and-earn-sensitivity.ts [seeds]
 */
import { createWorld } from '../models/world.js';
import { runToEnd } from '../models/simulate.js';
import { economics } from '../models/economics.js';
import { getPolicy } from '../models/policies/index.js';
import { salesPushToy, TURN_AND_EARN_SETTING, type SalesPushSetting } from '../test/support/toy-variants.js';
import { exitQuietlyOnClosedPipe, helpIfAsked, wholeNumberArg } from './script-args.js';

const DEFAULT_SEEDS = 12;
helpIfAsked(`
node bin/run-ts.js scripts/turn-and-earn-sensitivity.ts [seeds]
Chain profit of turn-and-earn - pro-rata (% of pro-rata's, mean over [seeds] paired seeds, default ${DEFAULT_SEEDS})
over K/E[need] 0.9 -> 0.5, for the theory test's setting and one change at a time.`);
exitQuietlyOnClosedPipe();
const seeds = wholeNumberArg(2, 'seeds', DEFAULT_SEEDS);
const RATIOS = [0.9, 0.8, 0.7, 0.6, 0.5];

function chainProfit(setting: SalesPushSetting, policy: string, seed: number): number {
  const { world, ctx } = createWorld(salesPushToy(setting), { policy: getPolicy(policy)!, seed });
  runToEnd(world, ctx);
  return economics(ctx, world.state)!.chainProfitUsd;
}

function benefitPct(setting: SalesPushSetting): number {
  let diff = 0;
  let base = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const pr = chainProfit(setting, 'pro-rata', seed);
    diff += chainProfit(setting, 'turn-and-earn', seed) - pr;
    base += pr;
  }
  return (100 * diff) / base;
}

const VARIANTS: [string, Partial<SalesPushSetting>][] = [
  ['the test’s setting', {}],
  ['elasticity 0.5', { priceElasticity: 0.5 }],
  ['elasticity 2', { priceElasticity: 2 }],
  ['16-week cycles', { periodWeeks: 16, lookbackWeeks: 16, windowWeeks: 8 }],
  ['40-week cycles', { periodWeeks: 40, lookbackWeeks: 40, windowWeeks: 20 }],
  ['patience 6 weeks', { patienceWeeks: 6 }],
  ['patience 12 weeks', { patienceWeeks: 12 }],
  ['window 8 weeks', { windowWeeks: 8 }],
  ['swing ±50 %', { amp: 0.5 }],
  ['swing ±95 %', { amp: 0.95 }],
  ['no noise', { noiseCv: 0 }],
  ['208 weeks', { horizonWeeks: 208 }],
  ['make to stock', { buildTo: 'plan' }],
];

console.log(
  `| setting (turn-and-earn − pro-rata, chain profit, mean of ${seeds} seeds) | ${RATIOS.map((r) => `K/E ${r}`).join(' | ')} |`,
);
console.log(`|---|${RATIOS.map(() => '---').join('|')}|`);
for (const [name, change] of VARIANTS) {
  const cells = RATIOS.map((ratio) => {
    const pct = benefitPct({ ...TURN_AND_EARN_SETTING, ...change, ratio }).toFixed(1);
    return `${Number(pct) < 0 ? '−' : '+'}${pct.replace('-', '')} %`;
  });
  console.log(`| ${name} | ${cells.join(' | ')} |`);
}
