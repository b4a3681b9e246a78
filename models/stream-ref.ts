import type { RandomStream, RandomStreams } from '../sim/random.js';
import type { World } from './context.js';

/**
 * One of the run's random streams, looked up by name on first use and then held: a lookup by name
 * is a Map access with a string compare, and the production handlers draw at nearly every event.
 * Holding a stream is safe (a restore rewinds streams in place, sim/random.ts). The stream is still
 * created at first use, as a lookup by name creates it, so runs and snapshots see the same streams.
 * A context used with another simulation looks its streams up again.
 */
export class StreamRef {
  private rng: RandomStreams | null = null;
  private held: RandomStream | null = null;
  constructor(readonly name: string) {}

  of(sim: World): RandomStream {
    if (this.rng !== sim.rng) {
      this.rng = sim.rng;
      this.held = sim.rng.stream(this.name);
    }
    return this.held!;
  }
}
