/** The `chipsim calibrate` outputs: a Markdown table (the README's calibration table) and JSON. */
import type { CalibrationFigure, CalibrationReport } from '../../models/calibration.js';
import { thousands } from './numbers.js';

function show(x: number | null, unit: CalibrationFigure['unit']): string {
  if (x === null) return '';
  if (!Number.isFinite(x)) return 'n/a';
  if (unit === 'gpus') return x >= 1_000_000 ? `${(x / 1e6).toFixed(2)}M` : `${Math.round(x / 1000)}k`;
  if (unit === 'weeks') return `${x.toFixed(1)}`;
  return x.toFixed(3);
}

function range(f: CalibrationFigure): string {
  if (f.low === null && f.high === null) return '(no range)';
  const u = f.unit === 'weeks' ? ' wk' : '';
  if (f.low === null) return `≤ ${show(f.high, f.unit)}${u}`;
  if (f.high === null) return `≥ ${show(f.low, f.unit)}${u}`;
  return `${show(f.low, f.unit)}–${show(f.high, f.unit)}${u}`;
}

export function formatCalibrationTable(report: CalibrationReport): string {
  const lines = [
    `| figure (mean of ${report.seeds} seeds, ${report.policy}) | id | chipsim | sourced range | source | inside |`,
    '|---|---|---|---|---|---|',
  ];
  for (const f of report.figures) {
    const unit = f.unit === 'weeks' && Number.isFinite(f.value) ? ' wk' : '';
    const value = `${show(f.value, f.unit)}${unit}${f.note ? ` (${f.note})` : ''}`;
    const ok = f.ok === null ? '—' : f.ok ? 'yes' : '**no**';
    lines.push(`| ${f.label} | \`${f.id}\` | ${value} | ${range(f)} | ${f.source} | ${ok} |`);
  }
  const ranged = report.figures.filter((f) => f.ok !== null);
  const outside = ranged.filter((f) => !f.ok).length;
  const unmeasured = ranged.filter((f) => !Number.isFinite(f.value)).length;
  const why = unmeasured > 0 ? ` (${unmeasured} not measured: their period is outside the run)` : '';
  lines.push(
    '',
    `${thousands(ranged.length - outside)} of ${ranged.length} figures inside their sourced ranges${why}.`,
  );
  return `${lines.join('\n')}\n`;
}

/** The JSON document; `meta` (provenance) comes first when given, as in every chipsim JSON output. */
export function formatCalibrationJson(report: CalibrationReport, meta?: object): string {
  const figures = report.figures.map(({ id, label, value, low, high, source, ok }) => ({
    id,
    label,
    value: Number.isFinite(value) ? value : null,
    low,
    high,
    source,
    ok,
  }));
  const doc = {
    ...(meta ? { meta } : {}),
    scenario: report.scenario,
    seeds: report.seeds,
    policy: report.policy,
    figures,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
