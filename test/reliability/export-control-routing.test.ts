/**
 * The export control and routed end users (issue 18; docs/DOMAIN.md B5): the rule of Oct 2023
 * controlled exports — deliveries of chips — not access to a cloud, so the model applies it to the
 * customer that takes delivery. A blocked host loses its own need and that of every end user routed
 * through it; an end user in a blocked region routed `via` a host outside it keeps being served
 * through that host, and its own region changes nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../../scenarios/index.js';
import { simulate } from '../../models/simulate.js';
import { getPolicy } from '../../models/policies/index.js';
import type { RunResult } from '../../models/result.js';

const ROOT = join(import.meta.dirname, '..', '..');
const toyJson = JSON.parse(readFileSync(join(ROOT, 'scenarios', 'library', 'toy.json'), 'utf8')) as Record<string, any>;
const CONTROL_WEEK = 8;

const customer = (id: string, region: string, need: number, via?: string) => ({
  id,
  name: id,
  kind: 'lab',
  region,
  attributes: { buildsOwnAccelerator: false, nvidiaInvested: false, disclosesEndUsers: true },
  needGpusPerWeek: need,
  initialBacklogGpus: 0,
  ordering: { behaviour: 'truthful' },
  ...(via !== undefined ? { via } : {}),
});

/** toy plus a CN host with a US end user and a CN end user of the US neocloud; CN controlled from week 8. */
function scenario(opts: { control: boolean; cnUserRegion?: string; hostRegion?: string }) {
  const d = structuredClone(toyJson);
  d.customers.push(
    customer('cnhost', opts.hostRegion ?? 'CN', 40),
    customer('ususer', 'US', 24, 'cnhost'),
    customer('cnuser', opts.cnUserRegion ?? 'CN', 24, 'neocloud'),
  );
  d.events = opts.control ? [{ type: 'exportControl', week: CONTROL_WEEK, regions: ['CN'] }] : [];
  const parsed = parseScenario(d, 'routing');
  if (!parsed.ok) throw new Error(parsed.error);
  return simulate(parsed.scenario, { policy: getPolicy('pro-rata')!, seed: 1, scenarioName: 'routing' });
}

const byId = (r: RunResult, id: string) => r.customers.find((c) => c.id === id)!;
/** GPUs `id` received in weeks [from, horizon). */
const receivedFrom = (r: RunResult, id: string, from: number) => {
  const cum = r.series.deliveredCumulative[id]!;
  return cum[cum.length - 1]! - (cum[from - 1] ?? 0);
};

describe('export control and routed end users', () => {
  const controlled = scenario({ control: true });

  test('a CN host is cut off: its own need and its routed (US) end user’s need are lost after the rule', () => {
    const host = byId(controlled, 'cnhost');
    // deliveries already shipped may still arrive (ship cycle 2 weeks); nothing later
    expect(receivedFrom(controlled, 'cnhost', CONTROL_WEEK + 3)).toBe(0);
    // every week from the rule on, 40 of its own + 24 routed GPUs of need are lost (truthful, no noise)
    const weeksAfter = controlled.horizonWeeks - CONTROL_WEEK;
    expect(host.lostDemand).toBeGreaterThanOrEqual((40 + 24) * weeksAfter);
    expect(host.need).toBe((40 + 24) * controlled.horizonWeeks);
    const uncontrolled = byId(scenario({ control: false }), 'cnhost');
    expect(uncontrolled.lostDemand).toBe(0);
  });

  test('a CN end user routed via a US cloud keeps being served through its host', () => {
    const host = byId(controlled, 'neocloud');
    // its own 80 and the routed 24 a week, and its initial backlog of 160
    expect(host.need).toBe((80 + 24) * controlled.horizonWeeks + 160);
    expect(host.lostDemand).toBe(0);
    expect(host.cancelled).toBe(0);
    expect(receivedFrom(controlled, 'neocloud', CONTROL_WEEK + 3)).toBeGreaterThan(0);
  });

  test('the end user’s own region changes nothing; the host’s region decides', () => {
    expect(scenario({ control: true, cnUserRegion: 'US' })).toEqual(controlled);
    const hostNotControlled = scenario({ control: true, hostRegion: 'US' });
    expect(byId(hostNotControlled, 'cnhost').lostDemand).toBe(0);
  });
});
