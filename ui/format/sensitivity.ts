/**
 * `sensitivity` output as pure functions of the estimator results: the JSON documents
 * (`{ meta, scenario, policies, metric, method, reps, … parameters }`) and the text tornado.
 * Numbers pass through `clean` (non-finite → null, −0 → 0) so the JSON round-trips bit for bit.
 */
import { clean } from '../../models/experiment/record.js';
import type { MorrisIndex, SobolIndex, Estimate } from '../../models/sensitivity/estimators.js';
import type { MeanCi, OatSummary } from '../../models/sensitivity/oat.js';
import type { UncertainParameter } from '../../scenarios/uncertainty.js';
import { metricSpecFormat, padEnd, padStart } from './numbers.js';

export interface SensitivityHead {
  /** Provenance (chipsimVersion, outputSchemaVersion, scenario hash, command, …): passed through. */
  meta: object;
  scenario: string;
  policies: string[];
  metric: string;
  reps: number;
}

type Param = Pick<UncertainParameter, 'pointer' | 'source' | 'low' | 'high'>;

const ci = (c: [number, number] | null) => (c === null ? null : [clean(c[0]), clean(c[1])]);
const meanCi = (m: MeanCi) => ({ mean: clean(m.mean), ci95: ci(m.ci95) });
const estimate = (e: Estimate) => ({ value: clean(e.value), ci95: ci(e.ci95) });
const range = (p: Param) => ({ pointer: p.pointer, source: p.source, low: p.low, high: p.high });

export function oatJson(head: SensitivityHead, s: OatSummary): object {
  return {
    ...head,
    method: 'oat',
    baseline: meanCi(s.baseline),
    parameters: s.parameters.map((p) => ({
      ...range(p),
      atLow: meanCi(p.atLow),
      atHigh: meanCi(p.atHigh),
      swing: clean(p.swing),
      swingCi95: ci(p.swingCi95),
    })),
    sign: s.sign,
  };
}

/** Parameters sorted by μ* (largest first; ties keep declaration order). */
/** A morris or sobol document: the head and one row per parameter. */
export interface IndicesJson extends Record<string, unknown> {
  parameters: Record<string, unknown>[];
}

export function morrisJson(head: SensitivityHead, params: readonly Param[], ix: readonly MorrisIndex[]): IndicesJson {
  const order = sortedBy(ix.map((m) => m.muStar.value));
  return {
    ...head,
    method: 'morris',
    parameters: order.map((i) => ({
      ...range(params[i]!),
      mu: clean(ix[i]!.mu),
      muStar: estimate(ix[i]!.muStar),
      sigma: clean(ix[i]!.sigma),
    })),
  };
}

/** Parameters sorted by the total index ST (largest first). */
export function sobolJson(head: SensitivityHead, params: readonly Param[], ix: readonly SobolIndex[]): IndicesJson {
  const order = sortedBy(ix.map((s) => s.st.value));
  return {
    ...head,
    method: 'sobol',
    parameters: order.map((i) => ({ ...range(params[i]!), s1: estimate(ix[i]!.s1), st: estimate(ix[i]!.st) })),
  };
}

function sortedBy(keys: readonly number[]): number[] {
  const k = (i: number) => (Number.isFinite(keys[i]!) ? keys[i]! : -Infinity);
  return keys.map((_, i) => i).sort((a, b) => k(b) - k(a) || a - b);
}

const BAR = 30;

/**
 * The tornado as text: one line per parameter (largest |swing| first) with the metric at low and at
 * high, the swing with its paired CI, and a bar from low to high around the baseline; then the top
 * parameters and whether the sign of the metric flips inside the ranges.
 */
export function oatTable(head: SensitivityHead, s: OatSummary, top = 3): string {
  const f = metricSpecFormat(head.metric);
  const values = s.parameters.flatMap((p) => [p.atLow.mean, p.atHigh.mean]).concat(s.baseline.mean);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const col = (x: number) => (hi === lo ? BAR / 2 : Math.round(((x - lo) / (hi - lo)) * BAR));
  const bar = (a: number, b: number) => {
    const [from, to] = [col(Math.min(a, b)), col(Math.max(a, b))];
    const cells = Array.from({ length: BAR + 1 }, (_, i): string => (i >= from && i <= to ? '█' : ' '));
    cells[col(s.baseline.mean)] = cells[col(s.baseline.mean)] === '█' ? '┃' : '│';
    return cells.join('');
  };
  const width = Math.max(9, ...s.parameters.map((p) => p.pointer.length));
  const lines = [
    `chipsim sensitivity · ${head.scenario} · ${head.policies.join(' vs ')} · ${head.metric} · oat · ${head.reps} replications`,
    `Each parameter at its low and high end, all others typical; same replication seeds at every point (paired).`,
    `baseline ${f.value(s.baseline.mean)}`,
    '',
    `${padEnd('parameter', width)}  ${padStart('at low', 10)}  ${padStart('at high', 10)}  ${padEnd(`swing${f.diffUnit ? ` (${f.diffUnit})` : ''} [95% CI]`, 28)}  low → high`,
  ];
  for (const p of s.parameters) {
    const swing = `${f.diff(p.swing, 1)}${p.swingCi95 ? ` [${f.diff(p.swingCi95[0], 1)}, ${f.diff(p.swingCi95[1], 1)}]` : ''}`;
    lines.push(
      `${padEnd(p.pointer, width)}  ${padStart(f.value(p.atLow.mean), 10)}  ${padStart(f.value(p.atHigh.mean), 10)}  ${padEnd(swing, 28)}  ${bar(p.atLow.mean, p.atHigh.mean)}`,
    );
  }
  lines.push('');
  lines.push(
    `Top parameters: ${
      s.parameters
        .slice(0, top)
        .map((p) => `${p.pointer} (${p.source})`)
        .join(', ') || 'none'
    }.`,
  );
  lines.push(
    s.sign.flips
      ? `The sign of ${head.metric} flips inside the ranges (${s.sign.clearly ? 'with CIs on both sides of 0' : 'but not clearly: some CI includes 0'})${s.sign.where.length > 0 ? `: ${s.sign.where.join(', ')}` : ''}.`
      : `The sign of ${head.metric} does not flip inside the ranges (one parameter at a time).`,
  );
  return `${lines.join('\n')}\n`;
}
