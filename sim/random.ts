/**
 * Named, independently seeded random streams. Each stream's seed is derived from (run seed, stream
 * name), so adding a stream or drawing more from one never shifts another: the basis of common
 * random numbers across policies. Stream states are plain data for snapshots.
 *
 * The generator is seedrandom's Alea (seeded by seedrandom itself, so `stream(name).random()` gives
 * exactly `seedrandom.alea(streamSeed(seed, name))()`), with its four state numbers kept as fields
 * of the stream and its step inlined here: no closure hops per draw, and `restore` can rewrite the
 * state of a stream a model already holds.
 */
import seedrandom from 'seedrandom';
import * as dist from './distributions.js';
import { isObject } from './guards.js';

export type StreamState = seedrandom.State.Alea;

interface AleaPrng {
  (): number;
  state(): StreamState;
}

/** 2^-32 */
const TWO_M32 = 2.3283064365386963e-10;

/** True for a plain-data Alea state: the four finite numbers c, s0, s1, s2. */
export function isStreamState(x: unknown): x is StreamState {
  if (!isObject(x)) return false;
  return [x.c, x.s0, x.s1, x.s2].every((v) => typeof v === 'number' && Number.isFinite(v));
}

export class RandomStream {
  /** `random` as a free function, for the generic samplers in distributions.ts. */
  readonly next: dist.Uniform01;
  private c = 0;
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;

  constructor(
    readonly name: string,
    private readonly seed: string,
    state?: StreamState,
  ) {
    this.setState(state ?? RandomStream.initialState(seed));
    this.next = () => this.random();
  }

  /** The state of a stream seeded with `seed` that has not drawn yet. */
  static initialState(seed: string): StreamState {
    // @types/seedrandom does not declare state() on alea's generator; seedrandom 3 has it.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion
    return (seedrandom.alea(seed, { state: true }) as unknown as AleaPrng).state();
  }

  state(): StreamState {
    return { c: this.c, s0: this.s0, s1: this.s1, s2: this.s2 };
  }

  /** Puts the stream at `state` (a value of `state()`), or back to its start when omitted. */
  setState(state: StreamState = RandomStream.initialState(this.seed)): void {
    if (!isStreamState(state))
      throw new TypeError(`stream '${this.name}': not an Alea state: ${JSON.stringify(state)}`);
    this.c = state.c;
    this.s0 = state.s0;
    this.s1 = state.s1;
    this.s2 = state.s2;
  }

  /** Uniform on [0, 1) (Alea: 32 bits of resolution). */
  random(): number {
    const t = 2091639 * this.s0 + this.c * TWO_M32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    return (this.s2 = t - (this.c = t | 0));
  }
  uniform(low: number, high: number): number {
    return low + (high - low) * this.random();
  }
  exponential(rate: number): number {
    return -Math.log(1 - this.random()) / rate;
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
  /** States restored for streams not created yet: a stream picks its state up on first use. */
  private saved: Record<string, StreamState> = {};
  /** One-entry cache in front of the map: a handler usually asks for the same stream each time. */
  private lastName: string | null = null;
  private last: RandomStream | null = null;

  constructor(readonly seed: number | string) {}

  /** The stream with this name, created on first use. */
  stream(name: string): RandomStream {
    if (name === this.lastName) return this.last!;
    let s = this.streams.get(name);
    if (s === undefined) {
      const saved = Object.hasOwn(this.saved, name) ? this.saved[name] : undefined;
      s = new RandomStream(name, streamSeed(this.seed, name), saved);
      this.streams.set(name, s);
    }
    this.lastName = name;
    this.last = s;
    return s;
  }

  snapshot(): Record<string, StreamState> {
    const out: Record<string, StreamState> = { ...this.saved };
    for (const [name, s] of this.streams) out[name] = s.state();
    return out;
  }

  /**
   * Puts every stream back to `states` (a value of `snapshot()`). Streams are restored in place, so
   * a `RandomStream` a model holds on to stays valid; a stream missing from `states` did not exist
   * when the snapshot was taken, so it goes back to its start.
   */
  restore(states: Record<string, StreamState>): void {
    if (typeof states !== 'object' || states === null) throw new TypeError('random streams: not a snapshot');
    const saved: Record<string, StreamState> = {};
    for (const [name, state] of Object.entries(states)) {
      if (!isStreamState(state)) throw new TypeError(`stream '${name}': not an Alea state: ${JSON.stringify(state)}`);
      saved[name] = { c: state.c, s0: state.s0, s1: state.s1, s2: state.s2 };
    }
    for (const [name, s] of this.streams) s.setState(saved[name]);
    this.saved = saved;
  }
}
