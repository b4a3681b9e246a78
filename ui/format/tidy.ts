/**
 * The tidy table every experiment writes for analysis (CSV and Parquet share it): one row per
 * (design point, policy, replication, customer, metric), with the columns
 *
 *     experiment, point, <one column per varied parameter, named by its JSON Pointer>,
 *     policy, replication, seed, customer, metric, value
 *
 * `customer` is null (CSV: empty) for a whole-run metric; per-customer metrics carry their plain
 * name (`fillRate`, not `fillRate:meta`). `value` is null when the run produced none.
 */
import { CUSTOMER_METRICS, type ReplicationRecord } from '../../models/experiment/record.js';
import { csvField } from './compare-csv.js';

export type ExperimentKind = 'compare' | 'sweep' | 'sensitivity';

export interface TidyRow {
  experiment: ExperimentKind;
  /** Design point index, 0-based (0 for compare). */
  point: number;
  /** Parameter values at this point, in the table's parameter order (empty for compare). */
  parameters: readonly number[];
  policy: string;
  replication: number;
  seed: number;
  customer: string | null;
  metric: string;
  value: number | null;
}

/** Rows plus the names (JSON Pointers) of the parameter columns, in order. */
export interface TidyTable {
  parameterNames: readonly string[];
  rows: readonly TidyRow[];
}

/** The fixed columns around the parameter columns. */
export const TIDY_LEADING = ['experiment', 'point'] as const;
export const TIDY_TRAILING = ['policy', 'replication', 'seed', 'customer', 'metric', 'value'] as const;

export function tidyColumnNames(parameterNames: readonly string[]): string[] {
  return [...TIDY_LEADING, ...parameterNames, ...TIDY_TRAILING];
}

/**
 * The tidy rows of one replication record at one design point: every KPI (customer null), then each
 * per-customer metric (CUSTOMER_METRICS, as compare's CSV) for each customer in the record's order.
 */
export function tidyRowsOf(
  record: ReplicationRecord,
  at: { experiment: ExperimentKind; point: number; parameters: readonly number[] },
): TidyRow[] {
  const base = { ...at, policy: record.policy, replication: record.rep, seed: record.seed };
  const rows: TidyRow[] = Object.entries(record.kpis).map(([metric, value]) => ({
    ...base,
    customer: null,
    metric,
    value,
  }));
  for (const metric of CUSTOMER_METRICS) {
    for (const c of record.customers) rows.push({ ...base, customer: c.id, metric, value: c[metric] });
  }
  return rows;
}

/** The table as named columns of equal length (for columnar writers). */
export function tidyColumns(table: TidyTable): { name: string; values: (string | number | null)[] }[] {
  const { parameterNames, rows } = table;
  for (const r of rows)
    if (r.parameters.length !== parameterNames.length)
      throw new RangeError(`tidy row has ${r.parameters.length} parameter values, expected ${parameterNames.length}`);
  return [
    { name: 'experiment', values: rows.map((r) => r.experiment) },
    { name: 'point', values: rows.map((r) => r.point) },
    ...parameterNames.map((name, i) => ({ name, values: rows.map((r) => r.parameters[i]!) })),
    { name: 'policy', values: rows.map((r) => r.policy) },
    { name: 'replication', values: rows.map((r) => r.replication) },
    { name: 'seed', values: rows.map((r) => r.seed) },
    { name: 'customer', values: rows.map((r) => r.customer) },
    { name: 'metric', values: rows.map((r) => r.metric) },
    { name: 'value', values: rows.map((r) => r.value) },
  ];
}

/**
 * The table as CSV: `# key: value` comment lines (provenance), the header, then one line per row.
 * Null is an empty field; numbers are JavaScript's shortest round-trip decimals.
 */
export function tidyCsv(table: TidyTable, comments: readonly string[] = []): string {
  const columns = tidyColumns(table);
  const lines = comments.map((c) => `# ${c.replace(/[\r\n]+/g, ' ')}`);
  lines.push(columns.map((c) => csvField(c.name)).join(','));
  for (let r = 0; r < table.rows.length; r++) {
    lines.push(columns.map((c) => (c.values[r] === null ? '' : csvField(String(c.values[r])))).join(','));
  }
  return `${lines.join('\n')}\n`;
}
