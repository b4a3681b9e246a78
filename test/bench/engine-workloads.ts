/**
 * The two engine workloads of ../shared/bench/README.md, written on the engine's public API the way
 * a model author would write them (plain-data events, handlers by type, named RNG streams), and the
 * same two on the minimal reference heap.
 */
import { Simulation } from '../../sim/index.js';
import { ReferenceHeap, mulberry32 } from './reference-heap.js';
import { secondsSince, type Measurement, type Workload } from './workload.js';

export const HOLD = { processes: 1000, until: 1000, rate: 1.0 };
export const MM1 = { lambda: 0.9, mu: 1.0, customers: 200_000 };
const SEED = 42;

// --- hold: N processes, each holds an exponential(1) time, counts one event, holds again --------

type HoldEvent = { type: 'hold' };

export function holdEngine(seed: number | string = SEED): Measurement {
  const sim = new Simulation<HoldEvent, { count: number }>({
    seed,
    state: { count: 0 },
    handlers: {
      hold: (_event, sim) => {
        sim.state.count++;
        sim.schedule({ type: 'hold' }, sim.rng.stream('hold').exponential(HOLD.rate));
      },
    },
  });
  const stream = sim.rng.stream('hold');
  for (let i = 0; i < HOLD.processes; i++) sim.schedule({ type: 'hold' }, stream.exponential(HOLD.rate));
  const t0 = process.hrtime.bigint();
  sim.run({ until: HOLD.until });
  const loopSeconds = secondsSince(t0);
  return { events: sim.state.count, loopSeconds };
}

export function holdReference(): Measurement {
  const rng = mulberry32(SEED);
  const sim = new ReferenceHeap();
  let count = 0;
  const tick = (): void => {
    count++;
    sim.schedule(rng.exp(HOLD.rate), tick);
  };
  for (let i = 0; i < HOLD.processes; i++) sim.schedule(rng.exp(HOLD.rate), tick);
  const t0 = process.hrtime.bigint();
  sim.run(HOLD.until);
  const loopSeconds = secondsSince(t0);
  return { events: count, loopSeconds };
}

// --- mm1: one FIFO server, Poisson arrivals (λ = 0.9), exponential service (μ = 1.0) -----------

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

export function mm1Engine(seed: number | string = SEED): Measurement {
  const sim = mm1Model(seed, MM1.customers);
  const t0 = process.hrtime.bigint();
  const { events } = sim.run();
  const loopSeconds = secondsSince(t0);
  const s = sim.state;
  return { events, loopSeconds, check: { customers: s.done, mean_time_in_system: s.sumTimeInSystem / s.done } };
}

export function mm1Reference(): Measurement {
  const arrivals = mulberry32(SEED);
  const service = mulberry32(SEED + 1);
  const sim = new ReferenceHeap();
  const queue: number[] = [];
  let arrived = 0, done = 0, events = 0, sum = 0;
  const depart = (): void => {
    events++;
    sum += sim.now - queue.shift()!;
    done++;
    if (queue.length > 0) sim.schedule(service.exp(MM1.mu), depart);
  };
  const arrive = (): void => {
    events++;
    queue.push(sim.now);
    arrived++;
    if (queue.length === 1) sim.schedule(service.exp(MM1.mu), depart);
    if (arrived < MM1.customers) sim.schedule(arrivals.exp(MM1.lambda), arrive);
  };
  sim.schedule(arrivals.exp(MM1.lambda), arrive);
  const t0 = process.hrtime.bigint();
  sim.run();
  const loopSeconds = secondsSince(t0);
  return { events, loopSeconds, check: { customers: done, mean_time_in_system: sum / done } };
}

export const engineWorkloads: Workload[] = [
  {
    name: 'hold',
    description: `${HOLD.processes} processes, exponential(${HOLD.rate}) holds, until t = ${HOLD.until} (~1 M events)`,
    figure: 'events_per_s',
    run: () => holdEngine(),
    reference: holdReference,
    simpy: 'hold',
    simpyEvents: 'own',
  },
  {
    name: 'mm1',
    description: `M/M/1, λ = ${MM1.lambda}, μ = ${MM1.mu}, ${MM1.customers.toLocaleString('en')} customers`,
    figure: 'loop_s',
    run: () => mm1Engine(),
    reference: mm1Reference,
    simpy: 'mm1',
    simpyEvents: 'same',
  },
];
