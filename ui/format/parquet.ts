/**
 * `--format parquet`: the tidy table (tidy.ts) as one Parquet file, written with hyparquet-writer
 * (pure JavaScript, no native code), with provenance as the file's key-value metadata.
 *
 * Column types: experiment, policy, customer, metric STRING; point, replication INT32; seed INT64
 * (replication seeds are uint32); parameter columns and value DOUBLE. Nullable where a value can be
 * missing (customer, value). Snappy-compressed; the bytes depend only on the table and the metadata
 * (created_by is fixed), so the same experiment gives the same file.
 */
import { parquetWriteBuffer, type ColumnSource } from 'hyparquet-writer';
import { writeFileAtomic } from '../../sim/atomic-write.js';
import { tidyColumns, type TidyTable } from './tidy.js';

const TYPES: Record<string, ColumnSource['type']> = {
  experiment: 'STRING',
  point: 'INT32',
  policy: 'STRING',
  replication: 'INT32',
  seed: 'INT64',
  customer: 'STRING',
  metric: 'STRING',
  value: 'DOUBLE',
};

/** The Parquet bytes of a tidy table; `metadata` becomes the key-value metadata (keys sorted). */
export function parquetBytes(table: TidyTable, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const columns = tidyColumns(table);
  const names = new Set<string>();
  for (const c of columns) {
    if (names.has(c.name)) throw new RangeError(`parquet: two columns named ${JSON.stringify(c.name)}`);
    names.add(c.name);
  }
  const columnData: ColumnSource[] = columns.map((c) => {
    const type = TYPES[c.name] ?? 'DOUBLE';
    const data = type === 'INT64' ? c.values.map((v) => (v === null ? null : BigInt(v))) : c.values;
    return { name: c.name, data, type, nullable: c.name === 'customer' || c.name === 'value' || !(c.name in TYPES) };
  });
  const buffer = parquetWriteBuffer({
    columnData,
    kvMetadata: Object.keys(metadata)
      .sort()
      .map((key) => ({ key, value: metadata[key]! })),
    createdBy: 'chipsim',
  });
  return new Uint8Array(buffer);
}

/** Writes the table to `path` atomically (temp file + rename). */
export function writeParquetFile(
  path: string,
  table: TidyTable,
  metadata: Readonly<Record<string, string>> = {},
): void {
  writeFileAtomic(path, parquetBytes(table, metadata));
}
