/** Wafer starts planned to orders (fab.planTo, models/supply-plan.ts) against the capacity plan. */
import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../scenarios/index.js';
import { simulate } from '../../models/simulate.js';
import { getPolicy } from '../../models/policies/index.js';
import { createWorld } from '../../models/world.js';
import { orderIntakePerWeek, plannedCowosStarts } from '../../models/supply-plan.js';
import type { Scenario } from '../../scenarios/schema.js';

const h100 = (): Scenario => {
  const l = loadScenario('h100-2023');
  if (!l.ok) throw new Error(l.error);
  return l.scenario;
};
const run = (scenario: Scenario) =>
  simulate(scenario, { policy: getPolicy('pro-rata')!, seed: 1, scenarioName: 'h100-2023' });
const withPlan = (planTo: 'capacity' | 'orders', orderForecastWeeks = 13) => {
  const s = structuredClone(h100());
  s.fab = { ...s.fab, planTo, orderForecastWeeks };
  return s;
};

describe('fab.planTo', () => {
  test('"capacity" ignores orderForecastWeeks: the same run whatever it is', () => {
    expect(run(withPlan('capacity', 1))).toEqual(run(withPlan('capacity', 26)));
  });

  test('"orders" stops the 2024 glut: fewer GPUs made and left in finished goods, the same delivered, no longer a wait', () => {
    const capacity = run(withPlan('capacity'));
    const orders = run(withPlan('orders'));
    // 2024 deliveries are order-bound (README, Calibration): planning to orders makes less, not less delivered.
    expect(Math.abs(orders.kpis.gpusDelivered / capacity.kpis.gpusDelivered - 1)).toBeLessThan(0.01);
    // Seed 1 with the 18-week demand: 2.54M made against 2.88M, 165k left in finished goods against 467k.
    expect(orders.kpis.gpusProduced).toBeLessThan(capacity.kpis.gpusProduced * 0.95);
    expect(orders.units.gpu.inventory).toBeLessThan(capacity.units.gpu.inventory / 2);
    // Delivered units wait no longer (with the 26-week demand the glut lengthened the median by
    // ~0.6 weeks; with the 18-week demand the order book takes the output and the medians are equal).
    expect(orders.kpis.medianCycleWeeks).toBeLessThanOrEqual(capacity.kpis.medianCycleWeeks);
    // CoWoS still binds through 2023: its utilisation in the first 52 weeks is unchanged to a point.
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const util2023 = (r: typeof orders) => mean(r.series.utilization.cowos!.slice(0, 52));
    expect(util2023(orders)).toBeGreaterThan(util2023(capacity) - 0.01);
  });

  test('the plan to orders is capped by the capacity plan, follows the capacity plan at week 0, and falls to zero with no orders', () => {
    const scenario = withPlan('orders', 4);
    const { world, ctx } = createWorld(scenario, { policy: getPolicy('pro-rata')!, seed: 1 });
    const state = world.state;
    // Week 0: no order history yet, the capacity plan decides.
    expect(orderIntakePerWeek(state, 0, 4)).toBeNull();
    expect(plannedCowosStarts(ctx, state, 0, 10, 1234, scenario.fab)).toBe(1234);
    // Week 2 of a 4-week forecast: the mean of the two weeks there are.
    state.customers.forEach((c) => c.weeklyOrders.fill(0));
    state.customers[0]!.weeklyOrders[0] = 800;
    state.customers[1]!.weeklyOrders[1] = 400;
    expect(orderIntakePerWeek(state, 2, 4)).toBe(600);
    // A huge order book: capacity caps it.
    state.customers[0]!.openBoards = 1e7;
    expect(plannedCowosStarts(ctx, state, 2, 10, 1234, scenario.fab)).toBe(1234);
    // No open orders and no intake: nothing to start (the warm start downstream covers more than nothing).
    state.customers.forEach((c) => {
      c.openBoards = 0;
      c.weeklyOrders.fill(0);
    });
    expect(plannedCowosStarts(ctx, state, 2, 10, 1234, scenario.fab)).toBe(0);
    // Planned to capacity, the order book is not consulted.
    expect(plannedCowosStarts(ctx, state, 2, 10, 1234, { ...scenario.fab, planTo: 'capacity' })).toBe(1234);
  });
});
