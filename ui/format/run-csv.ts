/** `chipsim run --format csv`: one tidy row per (section, id, field) for notebooks. */
import type { RunResult } from '../../models/result.js';
import { UNIT_KINDS } from '../../models/result.js';

export const RUN_CSV_HEADER = 'section,id,field,value';

function cell(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatRunCsv(r: RunResult): string {
  const rows: string[] = [RUN_CSV_HEADER];
  const add = (section: string, id: string, field: string, value: string | number | null) =>
    rows.push([section, id, field, value].map(cell).join(','));
  for (const [field, value] of Object.entries({
    scenario: r.scenario,
    policy: r.policy,
    seed: r.seed,
    horizonWeeks: r.horizonWeeks,
    events: r.events,
    bindingStage: r.bindingStage,
  })) {
    add('run', '', field, value);
  }
  for (const [field, value] of Object.entries(r.kpis)) add('kpi', '', field, value);
  for (const c of r.customers) {
    for (const field of [
      'tier',
      'ordered',
      'received',
      'backlog',
      'cancelled',
      'fillRate',
      'need',
      'lostDemand',
      'meanWaitWeeks',
      'p95WaitWeeks',
    ] as const) {
      add('customer', c.id, field, c[field]);
    }
    // Only with a secondary market (market.resale): what the customer resold and bought there.
    if (c.resaleSoldGpus !== undefined) add('customer', c.id, 'resaleSoldGpus', c.resaleSoldGpus);
    if (c.resaleBoughtGpus !== undefined) add('customer', c.id, 'resaleBoughtGpus', c.resaleBoughtGpus);
  }
  for (const kind of UNIT_KINDS)
    for (const [field, value] of Object.entries(r.units[kind])) add('unit', kind, field, value);
  for (const s of r.stages) {
    for (const field of ['utilization', 'throughput', 'meanWip', 'meanFlowWeeks', 'scrapped'] as const)
      add('stage', s.id, field, s[field]);
  }
  return rows.join('\n') + '\n';
}
