/** `chipsim fit` as text: the fitted factors, then the distance of the fit beside each baseline's. */
import type { FitResult } from '../../models/optimise/fit.js';

const num = (x: number | null | undefined, digits = 3) =>
  typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '–';
const ci = (c: [number, number] | null) => (c ? `[${num(c[0])}, ${num(c[1])}]` : '[–]');

export function formatFitTable(r: FitResult, head: { scenario: string; target: string; reps: number }): string {
  const lines = [
    `chipsim fit · ${head.scenario} · target ${head.target} · family ${r.family} · ${head.reps} replications per evaluation`,
    `${r.evaluations} evaluations${r.converged ? ' (converged)' : ' (stopped at --max-evaluations)'}`,
    '',
    'fitted factor       value',
  ];
  for (const [name, value] of Object.entries(r.params)) lines.push(`${name.padEnd(18)}  ${num(value)}`);
  lines.push('', 'policy              TV distance  95% CI');
  const row = (label: string, d: number, c: [number, number] | null) =>
    lines.push(`${label.padEnd(18)}  ${num(d).padStart(11)}  ${ci(c)}`);
  row(`${r.family} (fitted)`, r.distance, r.ci95);
  for (const b of r.baselines) row(b.policy, b.distance, b.ci95);
  return `${lines.join('\n')}\n`;
}
