export { Simulation } from './engine.js';
export type {
  EventBase,
  Scheduled,
  Handler,
  Handlers,
  TraceHook,
  RunOptions,
  RunResult,
  SimSnapshot,
  SimulationOptions,
} from './engine.js';
export { EventQueue, type Stamp } from './event-queue.js';
export { RandomStream, RandomStreams, streamSeed, type StreamState } from './random.js';
export * as distributions from './distributions.js';
export { SimError, ScheduleError, UnknownEventTypeError, SnapshotError } from './errors.js';
