/**
 * The tidy table and its Parquet file, read back with an independent reader (DuckDB's node package):
 * same columns, types, values, nulls and key-value metadata; the same table gives the same bytes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { CUSTOMER_METRICS, type ReplicationRecord } from '../../models/experiment/record.js';
import { parquetBytes, writeParquetFile } from '../../ui/format/parquet.js';
import { tidyColumnNames, tidyCsv, tidyRowsOf, type TidyTable } from '../../ui/format/tidy.js';
import { parseCsv } from '../../ui/format/compare-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'chipsim-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function record(policy: string, rep: number, seed: number, scale: number): ReplicationRecord {
  return {
    rep,
    policy,
    seed,
    startDate: '2023-01-02',
    kpis: { gpusDelivered: 1000 * scale, fillRate: 0.9 * scale, meanWaitWeeks: null },
    customers: [
      { id: 'meta', fillRate: 0.8, received: 400 * scale, meanWaitWeeks: 12.5, avgGpusInHand: 150 },
      { id: 'coreweave', fillRate: 1, received: 600 * scale, meanWaitWeeks: null, avgGpusInHand: 220.25 },
    ],
    series: { deliveredCumulative: {}, orders: [], need: [] },
    waitHistogram: [],
  };
}

const params = ['/cowos/yield', '/fab/dieYield'];
const table: TidyTable = {
  parameterNames: params,
  rows: [
    ...tidyRowsOf(record('pro-rata', 0, 4_000_000_000, 1), { experiment: 'sweep', point: 0, parameters: [0.9, 0.8] }),
    ...tidyRowsOf(record('favoured', 0, 4_000_000_000, 1.1), { experiment: 'sweep', point: 0, parameters: [0.9, 0.8] }),
    ...tidyRowsOf(record('pro-rata', 1, 17, 0.5), { experiment: 'sweep', point: 1, parameters: [0.99, 0.5] }),
  ],
};
const metadata = { chipsimVersion: '0.1.0', outputSchemaVersion: '1', command: 'chipsim sweep h100-2023 --set …' };

async function query(sql: string): Promise<{ columns: string[]; types: string[]; rows: unknown[][] }> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const reader = await conn.runAndReadAll(sql);
  const result = {
    columns: reader.columnNames(),
    types: reader.columnTypes().map((t) => t.toString()),
    rows: reader.getRowsJS() as unknown[][],
  };
  conn.closeSync();
  db.closeSync();
  return result;
}

describe('tidy rows of a replication record', () => {
  test('KPIs with customer null, then each per-customer metric per customer, plain metric names', () => {
    const rows = tidyRowsOf(record('favoured', 3, 99, 1), { experiment: 'compare', point: 0, parameters: [] });
    expect(rows.length).toBe(3 + CUSTOMER_METRICS.length * 2);
    expect(rows[0]).toEqual({
      experiment: 'compare',
      point: 0,
      parameters: [],
      policy: 'favoured',
      replication: 3,
      seed: 99,
      customer: null,
      metric: 'gpusDelivered',
      value: 1000,
    });
    expect(rows.slice(3, 5).map((r) => [r.customer, r.metric, r.value])).toEqual([
      ['meta', 'fillRate', 0.8],
      ['coreweave', 'fillRate', 1],
    ]);
    expect(rows.every((r) => !r.metric.includes(':'))).toBe(true);
  });
  test('columns: experiment, point, one per parameter, then the fixed ones', () => {
    expect(tidyColumnNames(params)).toEqual([
      'experiment',
      'point',
      '/cowos/yield',
      '/fab/dieYield',
      'policy',
      'replication',
      'seed',
      'customer',
      'metric',
      'value',
    ]);
  });
});

describe('tidy CSV', () => {
  test('same columns as the Parquet file, comments first, null as an empty field, values round-trip', () => {
    const text = tidyCsv(table, ['chipsimVersion: 0.1.0']);
    const lines = text.split('\n');
    expect(lines[0]).toBe('# chipsimVersion: 0.1.0');
    const rows = parseCsv(lines.slice(1).join('\n'));
    expect(rows[0]).toEqual(tidyColumnNames(params));
    expect(rows.length - 1).toBe(table.rows.length);
    const first = rows[1]!;
    expect(first).toEqual(['sweep', '0', '0.9', '0.8', 'pro-rata', '0', '4000000000', '', 'gpusDelivered', '1000']);
    const waitNull = rows.find((r) => r[8] === 'meanWaitWeeks' && r[7] === '')!;
    expect(waitNull[9]).toBe('');
  });
});

describe('parquet', () => {
  const file = join(dir, 'sweep.parquet');
  writeParquetFile(file, table, metadata);

  test('DuckDB reads back the same columns, types and rows (nulls included)', async () => {
    const got = await query(`SELECT * FROM read_parquet('${file}')`);
    expect(got.columns).toEqual(tidyColumnNames(params));
    expect(got.types).toEqual([
      'VARCHAR',
      'INTEGER',
      'DOUBLE',
      'DOUBLE',
      'VARCHAR',
      'INTEGER',
      'BIGINT',
      'VARCHAR',
      'VARCHAR',
      'DOUBLE',
    ]);
    const expected = table.rows.map((r) => [
      r.experiment,
      r.point,
      ...r.parameters,
      r.policy,
      r.replication,
      BigInt(r.seed),
      r.customer,
      r.metric,
      r.value,
    ]);
    expect(got.rows).toEqual(expected);
  });

  test('SQL over the tidy table: mean fill rate per policy and customer', async () => {
    const got = await query(
      `SELECT policy, customer, count(*)::INT AS n FROM read_parquet('${file}') WHERE metric = 'received' GROUP BY ALL ORDER BY ALL`,
    );
    expect(got.rows).toEqual([
      ['favoured', 'coreweave', 1],
      ['favoured', 'meta', 1],
      ['pro-rata', 'coreweave', 2],
      ['pro-rata', 'meta', 2],
    ]);
  });

  test('provenance is in the key-value metadata', async () => {
    const got = await query(`SELECT decode(key), decode(value) FROM parquet_kv_metadata('${file}') ORDER BY 1`);
    expect(Object.fromEntries(got.rows as [string, string][])).toEqual(metadata);
  });

  test('the same table and metadata give the same bytes; the file on disk is them', () => {
    expect(parquetBytes(table, metadata)).toEqual(parquetBytes(table, { ...metadata }));
    expect(new Uint8Array(readFileSync(file))).toEqual(parquetBytes(table, metadata));
  });

  test('a row with the wrong number of parameter values is refused', () => {
    const bad: TidyTable = { parameterNames: ['/a'], rows: [{ ...table.rows[0]!, parameters: [] }] };
    expect(() => parquetBytes(bad)).toThrow(/expected 1/);
  });

  test('an empty table is a valid file with the columns', async () => {
    const empty = join(dir, 'empty.parquet');
    writeParquetFile(empty, { parameterNames: [], rows: [] });
    const got = await query(`SELECT * FROM read_parquet('${empty}')`);
    expect(got.columns).toEqual(tidyColumnNames([]));
    expect(got.rows).toEqual([]);
  });
});
