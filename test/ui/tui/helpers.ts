/** Shared set-up for the TUI tests: scenarios and timelines built once per file. */
import { loadScenario, type Scenario } from '../../../scenarios/index.js';
import { getPolicy, type PolicyDefinition } from '../../../models/policies/index.js';
import { Timeline, type TimelineOptions } from '../../../ui/tui/timeline.js';

export function scenario(name: string): Scenario {
  const r = loadScenario(name);
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

export function policy(name: string): PolicyDefinition {
  const p = getPolicy(name);
  if (p === undefined) throw new Error(`no policy ${name}`);
  return p;
}

export function timeline(
  name = 'toy',
  options: Partial<Omit<TimelineOptions, 'scenario' | 'policy'>> & { policy?: string } = {},
): Timeline {
  return new Timeline({
    scenario: scenario(name),
    scenarioName: name,
    policy: policy(options.policy ?? 'pro-rata'),
    seed: options.seed ?? 1,
    ...(options.stride !== undefined ? { stride: options.stride } : {}),
  });
}

/** Polls until `check` passes (Ink re-renders asynchronously, CONTRIBUTING.md §T3). */
export async function waitFor(check: () => void, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/** The App's `rerun`: a timeline per policy of scenario `name`, built once; `first` is pro-rata's. */
export function rerunCache(name: string, first: Timeline): (policy: string) => Timeline {
  const cache = new Map<string, Timeline>([['pro-rata', first]]);
  return (policyName) => {
    let t = cache.get(policyName);
    if (t === undefined) {
      t = timeline(name, { policy: policyName });
      cache.set(policyName, t);
    }
    return t;
  };
}
