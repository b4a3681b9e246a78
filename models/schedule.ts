/** Values over time and duration samples, as the scenario describes them. */
import type { Duration, Schedule } from '../scenarios/schema.js';
import type { RandomStream } from '../sim/random.js';
import { lognormalParams } from '../sim/distributions.js';

/** The value of a schedule at `week` (held flat before the first and after the last point). */
export function valueAt(schedule: Schedule, week: number): number {
  if (typeof schedule === 'number') return schedule;
  const points = schedule.points;
  const first = points[0]!;
  if (week <= first.week) return first.value;
  for (let i = 1; i < points.length; i++) {
    const p = points[i]!;
    if (week < p.week) {
      const prev = points[i - 1]!;
      if (schedule.interpolation === 'step') return prev.value;
      return prev.value + ((p.value - prev.value) * (week - prev.week)) / (p.week - prev.week);
    }
  }
  return points[points.length - 1]!.value;
}

/** The mean of a duration distribution, weeks. */
export function meanDuration(d: Duration): number {
  if (typeof d === 'number') return d;
  switch (d.dist) {
    case 'fixed':
      return d.value;
    case 'triangular':
      return (d.low + d.mode + d.high) / 3;
    case 'uniform':
      return (d.low + d.high) / 2;
    case 'lognormal':
      return d.mean;
  }
}

/** One sample of a duration, weeks. Fixed durations draw nothing from the stream. */
export function sampleDuration(d: Duration, stream: RandomStream): number {
  if (typeof d === 'number') return d;
  switch (d.dist) {
    case 'fixed':
      return d.value;
    case 'triangular':
      return stream.triangular(d.low, d.mode, d.high);
    case 'uniform':
      return stream.uniform(d.low, d.high);
    case 'lognormal': {
      if (d.cv === 0) return d.mean;
      const { mu, sigma } = lognormalParams(d.mean, d.cv);
      return stream.lognormal(mu, sigma);
    }
  }
}
