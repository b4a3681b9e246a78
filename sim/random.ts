/**
 * Named, independently seeded random streams. Each stream's seed is derived from (run seed, stream
 * name), so adding a stream or drawing more from one never shifts another: the basis of common
 * random numbers across policies. Stream states are plain data for snapshots.
 */
import seedrandom from 'seedrandom';
import * as dist from './distributions.js';

export type StreamState = seedrandom.State.Alea;

interface AleaPrng {
  (): number;
  state(): StreamState;
}

export class RandomStream {
  readonly next: dist.Uniform01;
  private readonly prng: AleaPrng;

  constructor(readonly name: string, seed: string, state?: StreamState) {
    this.prng = (
      state ? seedrandom.alea('', { state }) : seedrandom.alea(seed, { state: true })
    ) as unknown as AleaPrng;
    const prng = this.prng;
    this.next = () => prng();
  }

  state(): StreamState {
    return this.prng.state();
  }

  random(): number {
    return this.prng();
  }
  uniform(low: number, high: number): number {
    return dist.uniform(this.next, low, high);
  }
  exponential(rate: number): number {
    return dist.exponential(this.next, rate);
  }
  normal(mean: number, sd: number): number {
    return dist.normal(this.next, mean, sd);
  }
  lognormal(mu: number, sigma: number): number {
    return dist.lognormal(this.next, mu, sigma);
  }
  triangular(low: number, mode: number, high: number): number {
    return dist.triangular(this.next, low, mode, high);
  }
  poisson(lambda: number): number {
    return dist.poisson(this.next, lambda);
  }
  binomial(n: number, p: number): number {
    return dist.binomial(this.next, n, p);
  }
}

/** Derives the seed of stream `name` in a run seeded with `runSeed`. */
export function streamSeed(runSeed: number | string, name: string): string {
  return `chipsim/${runSeed}/${name}`;
}

export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();
  private saved: Record<string, StreamState> = {};

  constructor(readonly seed: number | string) {}

  /** The stream with this name, created on first use. */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new RandomStream(name, streamSeed(this.seed, name), this.saved[name]);
      this.streams.set(name, s);
    }
    return s;
  }

  snapshot(): Record<string, StreamState> {
    const out: Record<string, StreamState> = { ...this.saved };
    for (const [name, s] of this.streams) out[name] = s.state();
    return out;
  }

  restore(states: Record<string, StreamState>): void {
    this.streams.clear();
    this.saved = structuredClone(states);
  }
}
