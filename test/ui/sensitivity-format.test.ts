/** The sensitivity JSON documents and the text tornado, from estimator results. */
import { describe, expect, test } from 'vitest';
import { oatSummary } from '../../models/sensitivity/oat.js';
import { morrisJson, oatJson, oatTable, sobolJson, type SensitivityHead } from '../../ui/format/sensitivity.js';

const head: SensitivityHead = {
  meta: { chipsimVersion: '0.1.0', command: 'chipsim sensitivity' },
  scenario: 'h100-2023',
  policies: ['pro-rata', 'favoured'],
  metric: 'diff:fillRate:coreweave',
  reps: 4,
};
const params = [
  { pointer: '/cowos/yield', source: 'A2', low: 0.9, high: 0.99 },
  { pointer: '/cowos/nvidiaShare', source: 'A2', low: 0.4, high: 0.6 },
];
const n = [0.001, -0.002, 0.003, -0.002];
const at = (c: number) => n.map((x) => c + x);
const summary = oatSummary(params, at(0.01), [at(0.011), at(-0.02)], [at(0.009), at(0.03)]);

describe('sensitivity JSON', () => {
  test('oat: the issue’s fields, parameters sorted by |swing| with swing = atHigh − atLow', () => {
    const doc = JSON.parse(JSON.stringify(oatJson(head, summary)));
    expect(Object.keys(doc)).toEqual([
      'meta',
      'scenario',
      'policies',
      'metric',
      'reps',
      'method',
      'baseline',
      'parameters',
      'sign',
    ]);
    expect(doc.method).toBe('oat');
    expect(doc.parameters.map((p: { pointer: string }) => p.pointer)).toEqual(['/cowos/nvidiaShare', '/cowos/yield']);
    const top = doc.parameters[0];
    expect(Object.keys(top)).toEqual(['pointer', 'source', 'low', 'high', 'atLow', 'atHigh', 'swing', 'swingCi95']);
    expect(top.swing).toBeCloseTo(top.atHigh.mean - top.atLow.mean, 12);
    expect(doc.sign.flips).toBe(true);
  });
  test('morris sorted by μ*, sobol by ST, each with ci95', () => {
    const m = morrisJson(head, params, [
      { mu: 0.1, muStar: { value: 0.2, ci95: [0.1, 0.3] }, sigma: 0.05 },
      { mu: -0.5, muStar: { value: 0.9, ci95: [0.7, 1.1] }, sigma: 0.4 },
    ]) as { parameters: { pointer: string; muStar: { ci95: number[] } }[] };
    expect(m.parameters.map((p) => p.pointer)).toEqual(['/cowos/nvidiaShare', '/cowos/yield']);
    expect(m.parameters[0]!.muStar.ci95).toEqual([0.7, 1.1]);
    const s = sobolJson(head, params, [
      { s1: { value: 0.5, ci95: [0.4, 0.6] }, st: { value: 0.7, ci95: [0.6, 0.8] } },
      { s1: { value: -0.0, ci95: [-0.1, 0.1] }, st: { value: 0.1, ci95: [0, 0.2] } },
    ]) as { parameters: { pointer: string; s1: { value: number } }[] };
    expect(s.parameters.map((p) => p.pointer)).toEqual(['/cowos/yield', '/cowos/nvidiaShare']);
    expect(Object.is(s.parameters[1]!.s1.value, 0)).toBe(true);
  });
});

describe('tornado table', () => {
  const text = oatTable(head, summary);
  test('largest swing first, top parameters named with sources, the flip reported', () => {
    const lines = text.split('\n');
    const rows = lines.filter((l) => l.startsWith('/cowos/'));
    expect(rows.map((l) => l.split(' ')[0])).toEqual(['/cowos/nvidiaShare', '/cowos/yield']);
    expect(text).toMatch(/Top parameters: \/cowos\/nvidiaShare \(A2\), \/cowos\/yield \(A2\)\./);
    expect(text).toMatch(/flips inside the ranges .*: \/cowos\/nvidiaShare@low\./);
  });
  test('no flip is said so', () => {
    const calm = oatSummary(params, at(0.01), [at(0.011), at(0.02)], [at(0.009), at(0.03)]);
    expect(oatTable(head, calm)).toMatch(/does not flip inside the ranges/);
  });
});
