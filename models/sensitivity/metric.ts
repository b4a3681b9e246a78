/**
 * The `--metric M` of sensitivity and sweep: a whole-run KPI (`fillRate`), a per-customer metric
 * (`fillRate:meta`), or a paired difference of either between two policies (`diff:fillRate:meta`,
 * B − A in the order of `--policies A,B`, replication by replication).
 */
import {
  CUSTOMER_METRICS,
  isCustomerMetric,
  type CustomerMetric,
  type ReplicationRecord,
} from '../experiment/record.js';

export type MetricSpec =
  | { diff: boolean; kind: 'kpi'; name: string }
  | { diff: boolean; kind: 'customer'; name: CustomerMetric; customer: string };

export type MetricParse = { ok: true; spec: MetricSpec } | { ok: false; error: string };

/** Parses M against the KPI names a run reports and the scenario's customer ids. */
export function parseMetricSpec(text: string, kpis: readonly string[], customers: readonly string[]): MetricParse {
  const diff = text.startsWith('diff:');
  const body = diff ? text.slice(5) : text;
  const [name = '', customer, ...rest] = body.split(':');
  const bad = (why: string): MetricParse => ({ ok: false, error: `--metric ${JSON.stringify(text)}: ${why}` });
  if (rest.length > 0) return bad('expected KPI, KPI:customer, or diff: before either');
  if (customer === undefined) {
    if (!kpis.includes(name)) return bad(`unknown KPI '${name}'; expected one of ${kpis.join(', ')}`);
    return { ok: true, spec: { diff, kind: 'kpi', name } };
  }
  if (!isCustomerMetric(name))
    return bad(`unknown per-customer metric '${name}'; expected one of ${CUSTOMER_METRICS.join(', ')}`);
  if (!customers.includes(customer))
    return bad(`no customer '${customer}' in the scenario; its customers: ${customers.join(', ')}`);
  return { ok: true, spec: { diff, kind: 'customer', name, customer } };
}

/** The metric in one record (ignoring `diff`); null when the run produced none. */
export function metricValue(record: ReplicationRecord, spec: MetricSpec): number | null {
  if (spec.kind === 'kpi') return record.kpis[spec.name] ?? null;
  return record.customers.find((c) => c.id === spec.customer)?.[spec.name] ?? null;
}

/**
 * M for one replication: the metric under policy A (`a`), or with `diff` the paired difference
 * B − A (`b` must then be the same replication, same seed, under policy B).
 */
export function replicationMetric(spec: MetricSpec, a: ReplicationRecord, b?: ReplicationRecord): number | null {
  if (!spec.diff) return metricValue(a, spec);
  if (b === undefined) throw new RangeError('a diff: metric needs the records of two policies');
  if (a.rep !== b.rep || a.seed !== b.seed)
    throw new RangeError(`diff: records of different replications (${a.rep}/${a.seed} vs ${b.rep}/${b.seed})`);
  const x = metricValue(a, spec);
  const y = metricValue(b, spec);
  return x === null || y === null ? null : y - x;
}
