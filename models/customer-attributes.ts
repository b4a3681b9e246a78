/**
 * A scenario customer's attributes as the policies see them at a given week: its own accelerator
 * counts from `ownAcceleratorFrom` (a date) when that is given, else from week 0 if the old boolean
 * `buildsOwnAccelerator` says so (scenarios written before the date existed).
 */
import type { CustomerSpec } from '../scenarios/schema.js';
import type { PolicyCustomer } from './policies/types.js';

const MS_PER_WEEK = 7 * 24 * 3600 * 1000;

/**
 * Answers by start date, then date: asked for every customer at every epoch and week, and a scenario
 * has only a handful of dates, while Date.parse is one of the slowest calls of a replication.
 */
const weeksCache = new Map<string, Map<string, number>>();

/** Weeks from `startDate` to `date` (both YYYY-MM-DD), fractional; negative before the start. */
export function weeksBetween(startDate: string, date: string): number {
  let byDate = weeksCache.get(startDate);
  if (byDate === undefined) weeksCache.set(startDate, (byDate = new Map<string, number>()));
  let weeks = byDate.get(date);
  if (weeks === undefined) {
    weeks = (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / MS_PER_WEEK;
    byDate.set(date, weeks);
  }
  return weeks;
}

/** The week its own accelerator enters service; undefined when the scenario gives no date. */
export function ownAcceleratorFromWeek(spec: CustomerSpec, startDate: string): number | undefined {
  const from = spec.attributes.ownAcceleratorFrom;
  return from === undefined ? undefined : weeksBetween(startDate, from);
}

/** The policy view of `spec.attributes` at `week`. */
export function attributesAt(spec: CustomerSpec, startDate: string, week: number): PolicyCustomer['attributes'] {
  const a = spec.attributes;
  const fromWeek = ownAcceleratorFromWeek(spec, startDate);
  // Two literals rather than a spread of an optional field: built for every customer at every epoch.
  if (fromWeek === undefined)
    return {
      buildsOwnAccelerator: a.buildsOwnAccelerator,
      nvidiaInvested: a.nvidiaInvested,
      disclosesEndUsers: a.disclosesEndUsers,
      hostsDgxCloud: a.hostsDgxCloud,
    };
  return {
    buildsOwnAccelerator: week >= fromWeek,
    nvidiaInvested: a.nvidiaInvested,
    disclosesEndUsers: a.disclosesEndUsers,
    hostsDgxCloud: a.hostsDgxCloud,
    ownAcceleratorFromWeek: fromWeek,
  };
}
