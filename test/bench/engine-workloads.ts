/**
 * The two engine workloads of the reference engine benchmarks (hold model and M/M/1), written on the engine's public API the way
 * a model author would write them (plain-data events, handlers by type, named RNG streams), and the
 * same two on the minimal reference heap.
 */
import { Simulation } from '../../sim/index.js';
import { ReferenceHeap, mulberry32 } from './reference-heap.js';
import { MM1, mm1Model } from '../support/mm1.js';
import { secondsSince, type Measurement, type Workload } from './workload.js';

export const HOLD = { processes: 1000, until: 1000, rate: 1.0 };
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
  let arrived = 0,
    done = 0,
    events = 0,
    sum = 0;
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
