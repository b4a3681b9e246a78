import { describe, expect, test } from 'vitest';
import { formatDiffCi, hasMetricFormat, metricFormat } from '../../ui/format/numbers.js';
import { KPI_NAMES } from '../../ui/cli/sensitivity-command.js';

describe('metric labels of the compare and sensitivity tables', () => {
  test.each(KPI_NAMES)('KPI %s has a format of its own (label, digits), not the generic fallback', (kpi) => {
    expect(hasMetricFormat(kpi)).toBe(true);
  });

  test('a metric nobody labelled falls back to its key', () => {
    expect(hasMetricFormat('noSuchMetric')).toBe(false);
    expect(metricFormat('noSuchMetric').label).toBe('noSuchMetric');
  });

  test('no two KPIs share a label (a table row must say which metric it is)', () => {
    const labels = KPI_NAMES.map((k) => metricFormat(k).label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  test('substitution: GPUs as a count, lost revenue in billions of dollars', () => {
    expect(metricFormat('substitutedGpus').value(38258.4)).toBe('38,258');
    expect(metricFormat('nvidiaLostRevenueUsd').value(1_147_742_400)).toBe('$1.15B');
    expect(formatDiffCi(1.063e9, [0.96e9, 1.166e9], 'nvidiaLostRevenueUsd').mean).toBe('+$1.06B');
  });
});
