/**
 * An M/M/1 queue written on the engine's public API the way a model author would: plain-data
 * events, handlers by type, one random stream per concern (arrivals, service). Used by the theory
 * test (against 1/(μ − λ)) and by the mm1 benchmark workload.
 */
import { Simulation } from '../../sim/index.js';

export const MM1 = { lambda: 0.9, mu: 1.0, customers: 200_000 };

export type Mm1Event = { type: 'arrive' } | { type: 'depart' };
export interface Mm1State {
  /** Arrival times of the customers in the system, the one in service first. */
  queue: number[];
  arrived: number;
  done: number;
  sumTimeInSystem: number;
}

/** An M/M/1 model on the engine; returns the simulation ready to run (first arrival scheduled). */
export function mm1Model(
  seed: number | string,
  customers: number,
  lambda = MM1.lambda,
  mu = MM1.mu,
): Simulation<Mm1Event, Mm1State> {
  const sim = new Simulation<Mm1Event, Mm1State>({
    seed,
    state: { queue: [], arrived: 0, done: 0, sumTimeInSystem: 0 },
    handlers: {
      arrive: (_event, sim) => {
        const s = sim.state;
        s.queue.push(sim.now);
        s.arrived++;
        if (s.queue.length === 1) sim.schedule({ type: 'depart' }, sim.rng.stream('service').exponential(mu));
        if (s.arrived < customers) sim.schedule({ type: 'arrive' }, sim.rng.stream('arrivals').exponential(lambda));
      },
      depart: (_event, sim) => {
        const s = sim.state;
        s.sumTimeInSystem += sim.now - s.queue.shift()!;
        s.done++;
        if (s.queue.length > 0) sim.schedule({ type: 'depart' }, sim.rng.stream('service').exponential(mu));
      },
    },
  });
  sim.schedule({ type: 'arrive' }, sim.rng.stream('arrivals').exponential(lambda));
  return sim;
}
