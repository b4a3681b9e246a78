/** Customer attributes as the policies see them at a week: a dated own chip, DGX Cloud, the tier that follows. */
import { describe, expect, test } from 'vitest';
import { attributesAt, weeksBetween } from '../../models/customer-attributes.js';
import { customerTier } from '../../models/context.js';
import { parseScenario } from '../../scenarios/loader.js';
import type { CustomerSpec } from '../../scenarios/schema.js';

const START = '2023-01-02';
const spec = (attributes: Partial<CustomerSpec['attributes']>): CustomerSpec =>
  ({
    id: 'x',
    attributes: {
      buildsOwnAccelerator: false,
      nvidiaInvested: false,
      disclosesEndUsers: true,
      hostsDgxCloud: false,
      ...attributes,
    },
  }) as CustomerSpec;

describe('attributesAt', () => {
  test('weeksBetween counts 7-day weeks from the start date', () => {
    expect(weeksBetween(START, '2023-01-16')).toBe(2);
    expect(weeksBetween(START, '2022-12-26')).toBe(-1);
  });
  test('a dated own chip (Maia, 2023-11-13) counts only from its week; the tier drops with it', () => {
    const maia = spec({ ownAcceleratorFrom: '2023-11-13', hostsDgxCloud: true });
    const from = weeksBetween(START, '2023-11-13');
    expect(attributesAt(maia, START, from - 1).buildsOwnAccelerator).toBe(false);
    expect(attributesAt(maia, START, from).buildsOwnAccelerator).toBe(true);
    expect(attributesAt(maia, START, 0).ownAcceleratorFromWeek).toBe(from);
    expect(customerTier(maia, START, 0)).toBe(1);
    expect(customerTier(maia, START, from)).toBe(2);
  });
  test('the old boolean still means "from week 0"; an explicit tier wins', () => {
    expect(attributesAt(spec({ buildsOwnAccelerator: true }), START, 0).buildsOwnAccelerator).toBe(true);
    expect(customerTier({ ...spec({ buildsOwnAccelerator: true }), tier: 1 }, START, 0)).toBe(1);
  });
});

describe('bad attribute data names the field path', () => {
  test('ownAcceleratorFrom that is not a date', async () => {
    const { readFile } = await import('node:fs/promises');
    const toy = JSON.parse(await readFile('scenarios/library/toy.json', 'utf8'));
    toy.customers[0].attributes.ownAcceleratorFrom = 'November';
    const r = parseScenario(toy, 'toy');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('customers[0].attributes.ownAcceleratorFrom');
  });
});
