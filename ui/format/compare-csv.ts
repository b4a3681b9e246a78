/**
 * `compare --format csv`: the raw replication data, one row per (policy, replication, metric):
 *
 *     policy,replication,seed,metric,value
 *
 * `replication` is 0-based; `seed` is that replication's seed (the same for every policy: common
 * random numbers). Metrics are every KPI of the run (gpusDelivered, fillRate, …) followed by the
 * per-customer metrics named `fillRate:<customer id>`, `received:<customer id>` and
 * `meanWaitWeeks:<customer id>`. An empty value means the run produced none (e.g. no GPU delivered,
 * so no wait). Rows come in (replication, policy, metric) order. Fields are quoted per RFC 4180
 * when they contain a comma, quote or newline. Values are JavaScript's shortest round-trip decimal,
 * so parsing them gives the exact doubles back.
 */
import { CUSTOMER_METRICS, type ReplicationRecord } from '../../models/experiment/index.js';

export const CSV_HEADER = 'policy,replication,seed,metric,value';

export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const value = (x: number | null) => (x === null ? '' : String(x));

/** The CSV rows of one record (no trailing newline on each). */
export function csvRows(r: ReplicationRecord): string[] {
  const prefix = `${csvField(r.policy)},${r.rep},${r.seed},`;
  const rows: string[] = [];
  for (const [metric, v] of Object.entries(r.kpis)) rows.push(prefix + `${csvField(metric)},${value(v)}`);
  for (const m of CUSTOMER_METRICS) {
    for (const c of r.customers) rows.push(prefix + `${csvField(`${m}:${c.id}`)},${value(c[m] ?? null)}`);
  }
  return rows;
}

/** Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\n' || ch === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
