/** Each customer's weekly need: its schedule × lognormal noise with mean 1, from its own stream. */
import type { CustomerSpec } from '../scenarios/schema.js';
import type { World } from './context.js';
import { StreamRef } from './stream-ref.js';
import { valueAt } from './schedule.js';
import { lognormalParams } from '../sim/distributions.js';

export class NeedDraw {
  private readonly stream: StreamRef;
  /** Parameters of the underlying normal (mean 1 for the lognormal), worked out once per run. */
  private readonly mu: number;
  private readonly sigma: number;

  constructor(private readonly spec: CustomerSpec) {
    this.stream = new StreamRef(`demand/${spec.id}`);
    ({ mu: this.mu, sigma: this.sigma } = lognormalParams(1, spec.needNoiseCv));
  }

  /** This week's need, GPUs. No noise (cv 0) draws nothing from the stream. */
  at(sim: World, week: number): number {
    const rate = valueAt(this.spec.needGpusPerWeek, week);
    if (rate <= 0) return 0;
    if (this.spec.needNoiseCv === 0) return rate;
    return rate * this.stream.of(sim).lognormal(this.mu, this.sigma);
  }
}
