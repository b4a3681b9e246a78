/** The `uncertainty` map: pointers, checks that name the pointer, and applying a parameter vector. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { fc, test as propTest } from '@fast-check/vitest';
import { loadScenario, parseScenario } from '../../scenarios/loader.js';
import { applyParameters, parsePointer, pointerTarget, uncertainParameters } from '../../scenarios/uncertainty.js';
import { scenarioSchema, type Scenario } from '../../scenarios/schema.js';

function load(name: string): Scenario {
  const r = loadScenario(name);
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

const raw = (name: string): Record<string, unknown> => {
  const data: Record<string, unknown> = JSON.parse(readFileSync(`scenarios/library/${name}.json`, 'utf8'));
  return data;
};

/** parseScenario of a bundled scenario with this uncertainty map: the error text, or '' when valid. */
function errorWith(uncertainty: unknown, name = 'toy'): string {
  const r = parseScenario({ ...raw(name), uncertainty }, `${name}+u`);
  return r.ok ? '' : r.error;
}

describe('JSON Pointer (RFC 6901)', () => {
  test('splits and unescapes ~1 to / and ~0 to ~, in that order', () => {
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('/a~1b/c~0d/~01')).toEqual(['a/b', 'c~d', '~1']);
    expect(parsePointer('/customers/0/id')).toEqual(['customers', '0', 'id']);
  });
  test('rejects a pointer without a leading slash or with a bad escape', () => {
    expect(() => parsePointer('cowos/yield')).toThrow(/start with '\/'/);
    expect(() => parsePointer('/a~2')).toThrow(/bad escape/);
  });
  test('array indices must be canonical and in range', () => {
    const s = load('toy');
    expect(pointerTarget(s, '/customers/0/needNoiseCv').ok).toBe(true);
    expect(pointerTarget(s, '/customers/00/needNoiseCv').ok).toBe(false);
    expect(pointerTarget(s, `/customers/${s.customers.length}/needNoiseCv`).ok).toBe(false);
  });
});

describe('validation names the pointer', () => {
  test('a pointer that does not resolve', () => {
    expect(errorWith({ '/cowos/yeild': { low: 0.9, high: 0.99, source: 'A2' } })).toMatch(
      /uncertainty\["\/cowos\/yeild"\]: the pointer does not resolve/,
    );
  });
  test('a pointer to a string or an object that is not a schedule', () => {
    expect(errorWith({ '/name': { low: 0, high: 1, source: '[A]' } })).toMatch(/\["\/name"\]: expected a number/);
    expect(errorWith({ '/fab': { low: 0, high: 1, source: '[A]' } })).toMatch(/\["\/fab"\]: expected a number/);
  });
  test('the typical value must lie in [low, high] (factor 1 for a schedule)', () => {
    const s = load('toy');
    const typical = s.cowos.yield;
    expect(errorWith({ '/cowos/yield': { low: typical + 0.01, high: 1, source: 'A2' } })).toMatch(
      /\["\/cowos\/yield"\]: the typical value .* is outside/,
    );
    expect(
      errorWith({ '/cowos/interposerWafersPerMonth': { low: 1.1, high: 1.3, source: '[A]' } }, 'h100-2023'),
    ).toMatch(/the typical factor 1 is outside \[1\.1, 1\.3\]/);
  });
  test('the scenario varied to low or high must still pass the schema', () => {
    expect(errorWith({ '/cowos/yield': { low: 0.5, high: 1.2, source: 'A2' } })).toMatch(
      /\["\/cowos\/yield"\]: at high \(1\.2\) the scenario is invalid: \/cowos\/yield/,
    );
  });
  test('with variations: false the variants are not parsed, every other check still runs', () => {
    const bad = { ...raw('toy'), uncertainty: { '/cowos/yield': { low: 0.5, high: 1.2, source: 'A2' } } };
    expect(parseScenario(bad, 'toy+u', { variations: false }).ok).toBe(true);
    expect(parseScenario(bad, 'toy+u').ok).toBe(false);
    const outside = { ...raw('toy'), uncertainty: { '/cowos/yield': { low: 0.999, high: 1, source: 'A2' } } };
    const r = parseScenario(outside, 'toy+u', { variations: false });
    expect(r.ok ? '' : r.error).toMatch(/\["\/cowos\/yield"\]: the typical value .* is outside/);
    const unresolved = { ...raw('toy'), uncertainty: { '/cowos/yeild': { low: 0.9, high: 0.99, source: 'A2' } } };
    expect(parseScenario(unresolved, 'toy+u', { variations: false }).ok).toBe(false);
  });
  test('an integer field needs `integer: true` (caught at the midpoint)', () => {
    const range = { low: 60, high: 69, source: 'A1' };
    expect(errorWith({ '/fab/grossDiesPerWafer': range })).toMatch(/at midpoint \(64\.5\) the scenario is invalid/);
    expect(errorWith({ '/fab/grossDiesPerWafer': { ...range, integer: true } })).toBe('');
  });
  test('overlapping pointers are refused', () => {
    const e = errorWith(
      {
        '/cowos/interposerWafersPerMonth': { low: 0.9, high: 1.1, source: '[A]' },
        '/cowos/interposerWafersPerMonth/points/0/value': { low: 0, high: 1e6, source: '[A]' },
      },
      'h100-2023',
    );
    expect(e).toMatch(/points\/0\/value"\]: overlaps "\/cowos\/interposerWafersPerMonth"/);
  });
  test('low > high and a non-pointer key are schema errors', () => {
    expect(errorWith({ '/cowos/yield': { low: 0.99, high: 0.9, source: 'A2' } })).toMatch(/expected low ≤ high/);
    expect(errorWith({ 'cowos/yield': { low: 0.9, high: 0.99, source: 'A2' } })).toMatch(
      /uncertainty\.cowos\/yield: Invalid key/,
    );
  });
});

describe('h100-2023 ranges', () => {
  const s = load('h100-2023');
  const params = uncertainParameters(s);
  test('at least 20 parameters, each with a DOMAIN.md source id or [A]', () => {
    expect(params.length).toBeGreaterThanOrEqual(20);
    for (const p of params) expect(p.source, p.pointer).toMatch(/^([A-D][0-9]+|\[A\])$/);
  });
  test('the binding stage and both kinds of pointer are covered', () => {
    const byPointer = new Map(params.map((p) => [p.pointer, p]));
    expect(byPointer.get('/cowos/yield')).toMatchObject({ kind: 'number', typical: 0.95, low: 0.9, high: 0.99 });
    expect(byPointer.get('/cowos/productShare')).toMatchObject({ kind: 'scale', typical: 1 });
  });
  propTest.prop([fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 64, maxLength: 64 })], {
    numRuns: 25,
  })('any point of the declared box is a valid scenario', (us) => {
    const values = params.map((p, i) => p.low + (p.high - p.low) * us[i]!);
    expect(scenarioSchema.safeParse(applyParameters(s, params, values)).success).toBe(true);
  });
});

describe('applyParameters', () => {
  const s = load('h100-2023');
  const params = ['/cowos/yield', '/cowos/productShare', '/hbm/stacksPerPackage'].map((pointer) =>
    uncertainParameters(s).find((p) => p.pointer === pointer)!,
  );
  test('replaces numbers, scales every point of a schedule, rounds integer parameters', () => {
    const before = JSON.stringify(s);
    const varied = applyParameters(s, params, [0.91, 1.1, 5.4]);
    expect(JSON.stringify(s)).toBe(before);
    expect(varied.cowos.yield).toBe(0.91);
    expect(varied.hbm.stacksPerPackage).toBe(5);
    const share = (x: Scenario) => (x.cowos.productShare as { points: { week: number; value: number }[] }).points;
    share(varied).forEach((pt, i) => {
      expect(pt.week).toBe(share(s)[i]!.week);
      expect(pt.value).toBeCloseTo(share(s)[i]!.value * 1.1, 12);
    });
    expect(varied.fab).toBe(s.fab);
  });
  test('typical values give back the same scenario', () => {
    const all = uncertainParameters(s);
    expect(
      applyParameters(
        s,
        all,
        all.map((p) => p.typical),
      ),
    ).toEqual(s);
  });
  test('a wrong number of values or a non-finite value is refused', () => {
    expect(() => applyParameters(s, params, [0.9])).toThrow(/expected 3 values/);
    expect(() => applyParameters(s, params, [Number.NaN, 1, 6])).toThrow(/not a finite number/);
  });
});
