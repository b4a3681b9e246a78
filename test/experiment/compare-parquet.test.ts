/** `chipsim compare --format parquet`: the tidy table with provenance metadata, read back with DuckDB. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect, test } from 'vitest';
import { tempDir } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/chipsim.js', import.meta.url));

test('compare --out x.parquet writes the tidy rows of every run and the provenance as key-value metadata', async () => {
  const dir = tempDir();
  const out = join(dir, 'cmp.parquet');
  const args = ['compare', 'toy', '--policies', 'pro-rata,favoured', '--reps', '2', '--workers', '1', '--quiet'];
  const r = spawnSync(process.execPath, [BIN, ...args, '--out', out], { cwd: dir, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const rows = (
    await conn.runAndReadAll(
      `SELECT DISTINCT experiment, point, policy, replication FROM '${out}' WHERE customer IS NULL AND metric = 'fillRate' ORDER BY policy, replication`,
    )
  ).getRowsJS();
  const meta = (
    await conn.runAndReadAll(`SELECT decode(key), decode(value) FROM parquet_kv_metadata('${out}') ORDER BY 1`)
  ).getRowsJS();
  conn.closeSync();
  db.closeSync();
  expect(rows).toEqual([
    ['compare', 0, 'favoured', 0],
    ['compare', 0, 'favoured', 1],
    ['compare', 0, 'pro-rata', 0],
    ['compare', 0, 'pro-rata', 1],
  ]);
  expect(meta.map((m) => m[0])).toEqual(expect.arrayContaining(['chipsimVersion', 'scenarioHash', 'command']));
  const noOut = spawnSync(process.execPath, [BIN, ...args, '--format', 'parquet'], { cwd: dir, encoding: 'utf8' });
  expect(noOut.status).toBe(2);
  expect(noOut.stderr).toMatch(/--format parquet needs --out FILE/);
}, 120_000);
