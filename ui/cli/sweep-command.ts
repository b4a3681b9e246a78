/**
 * `chipsim sweep [scenario] --policies A,B --set /pointer=v1,v2,… [--set …] | --lhs K [--metric M]
 *                [--reps N] [--workers W] [--format table|json|csv|html|parquet] [--out FILE] …`
 *
 * A full grid of the --set values (first --set slowest), or a Latin hypercube of K points over the
 * scenario's declared `uncertainty` ranges, × policies × replications, through the same runner as
 * sensitivity (compare's flags and checkpoints; every point on the same replication seeds). Table and
 * JSON: M per point and policy (or B − A for diff:) with its 95 % CI; CSV and Parquet: the tidy table.
 */
import { Command } from 'commander';
import { provenanceLine, clean, type ReplicationRecord } from '../../models/experiment/index.js';
import { fullGrid, latinHypercube, toValues } from '../../models/sensitivity/designs.js';
import { parseMetricSpec, replicationMetric } from '../../models/sensitivity/metric.js';
import { loadScenario, pointerTarget, uncertainParameters } from '../../scenarios/index.js';
import { RandomStream } from '../../sim/random.js';
import { meanCi } from '../../sim/stats.js';
import { tidyCsv, tidyRowsOf, type TidyRow } from '../format/tidy.js';
import { UserError } from './errors.js';
import { prepareOutPath } from './out-path.js';
import { addExperimentRunOptions, wholeNumber } from './options.js';
import { addScaleOptions } from './scale-options.js';
import {
  KPI_NAMES,
  parseSensitivityOptions,
  runDesignPoints,
  writeDesignOutput,
  type RawSensitivityOptions,
  type SensitivityDeps,
  type SensitivitySettings,
} from './sensitivity-command.js';

export interface RawSweepOptions extends Omit<RawSensitivityOptions, 'method' | 'samples'> {
  set?: string[];
  lhs?: string;
}

export interface SweepSettings extends Omit<SensitivitySettings, 'method' | 'samples'> {
  set: { pointer: string; values: number[] }[];
  lhs: number | null;
}

/** `/pointer=v1,v2,…` → pointer and numbers; UserError naming --set. */
export function parseSet(raw: string): { pointer: string; values: number[] } {
  const eq = raw.lastIndexOf('=');
  const pointer = eq > 0 ? raw.slice(0, eq).trim() : '';
  if (!pointer.startsWith('/'))
    throw new UserError(`--set must be /json/pointer=v1,v2,… (a JSON Pointer into the scenario), got "${raw}"`);
  const values = raw
    .slice(eq + 1)
    .split(',')
    .map((v) => v.trim());
  const numbers = values.map(Number);
  const bad = values.findIndex((v, i) => v === '' || !Number.isFinite(numbers[i]!));
  if (bad >= 0) throw new UserError(`--set ${pointer}: "${values[bad]}" is not a number`);
  return { pointer, values: numbers };
}

export function parseSweepOptions(scenarioArg: string | undefined, raw: RawSweepOptions): SweepSettings {
  const { set: rawSet, lhs: rawLhs, ...rest } = raw;
  const {
    method: _m,
    samples: _s,
    ...common
  } = parseSensitivityOptions(scenarioArg, {
    ...rest,
    metric: raw.metric ?? 'fillRate',
  });
  const set = (rawSet ?? []).map(parseSet);
  const dup = set.find((s, i) => set.findIndex((t) => t.pointer === s.pointer) !== i);
  if (dup) throw new UserError(`--set names ${dup.pointer} twice`);
  const lhs = rawLhs === undefined ? null : wholeNumber(rawLhs);
  if (rawLhs !== undefined && (lhs === null || lhs < 2 || lhs > 100_000))
    throw new UserError(`--lhs must be a whole number from 2 to 100000, got "${rawLhs}"`);
  if (lhs !== null && set.length > 0) throw new UserError('--lhs and --set cannot be combined');
  if (lhs === null && set.length === 0)
    throw new UserError('sweep needs --set /pointer=v1,v2,… (one or more) or --lhs K');
  return { ...common, set, lhs };
}

export async function runSweep(s: SweepSettings, deps: SensitivityDeps = {}): Promise<object> {
  const loaded = (deps.loadScenario ?? loadScenario)(s.scenario);
  if (!loaded.ok) throw new UserError(loaded.error);
  const scenario = loaded.scenario;
  const parsed = parseMetricSpec(
    s.metric,
    KPI_NAMES,
    scenario.customers.map((c) => c.id),
  );
  if (!parsed.ok) throw new UserError(parsed.error);
  const spec = parsed.spec;
  let names: string[];
  let rows: number[][];
  if (s.lhs !== null) {
    const params = uncertainParameters(scenario);
    if (params.length === 0) throw new UserError(`--lhs: ${s.scenario} declares no uncertainty ranges`);
    names = params.map((p) => p.pointer);
    const rng = new RandomStream('lhs', `chipsim/${s.seed}/sweep/lhs`);
    rows = latinHypercube(s.lhs, params.length, rng).map((u) => toValues(params, u));
  } else {
    for (const { pointer } of s.set) {
      const target = pointerTarget(scenario, pointer);
      if (!target.ok) throw new UserError(`--set ${pointer}: ${target.error}`);
    }
    names = s.set.map((x) => x.pointer);
    rows = fullGrid(s.set.map((x) => x.values));
  }
  const points = rows.map((values, i) => ({
    id: `g${i}`,
    params: Object.fromEntries(names.map((n, j) => [n, values[j]!])),
  }));
  const outPath = s.out !== undefined ? prepareOutPath('--out', s.out, deps.cwd ?? process.cwd()) : undefined;
  if (s.format === 'parquet' && outPath === undefined) throw new UserError('--format parquet needs --out FILE');

  const P = s.policies.length;
  const series = spec.diff ? 1 : P;
  // y[point][series][rep]
  const y = rows.map(() => Array.from({ length: series }, () => new Array<number>(s.reps).fill(NaN)));
  const pending = new Map<string, ReplicationRecord[]>();
  const tidy: TidyRow[] | null = s.format === 'csv' || s.format === 'parquet' ? [] : null;
  const run = await runDesignPoints(
    s,
    points,
    outPath,
    (record, p) => {
      tidy?.push(...tidyRowsOf(record, { experiment: 'sweep', point: p, parameters: rows[p]! }));
      const key = `${p}/${record.rep}`;
      const group = [...(pending.get(key) ?? []), record];
      if (group.length < P) return void pending.set(key, group);
      pending.delete(key);
      if (spec.diff) y[p]![0]![record.rep] = replicationMetric(spec, group[0]!, group[1]) ?? NaN;
      else group.forEach((r, k) => (y[p]![k]![record.rep] = replicationMetric(spec, r) ?? NaN));
    },
    deps,
    {
      command: 'sweep',
      options: {
        metric: s.metric,
        ...(s.lhs !== null ? { lhs: String(s.lhs) } : { set: s.set.map((x) => `${x.pointer}=${x.values.join(',')}`) }),
      },
      scenario,
    },
    'sweep',
  );
  if (run === null) return { shard: s.shard }; // the part file is written
  const { success, note } = run;
  const labels = spec.diff ? [`${success.policies[1]} − ${success.policies[0]}`] : success.policies;
  const summary = (v: number[]) => {
    const finite = v.filter(Number.isFinite);
    if (finite.length === 0) return { mean: null, ci95: null };
    const m = meanCi(finite);
    return { mean: clean(m.mean), ci95: m.ci ? [clean(m.ci[0]), clean(m.ci[1])] : null };
  };
  const doc = {
    meta: success.meta,
    scenario: s.scenario,
    policies: success.policies,
    metric: s.metric,
    reps: s.reps,
    design: s.lhs !== null ? 'lhs' : 'grid',
    parameters: names,
    points: rows.map((values, p) => ({
      point: p,
      values: Object.fromEntries(names.map((n, j) => [n, values[j]!])),
      results: labels.map((label, k) => ({ policy: label, ...summary(y[p]![k]!) })),
    })),
  };
  const table = tidy ? { parameterNames: names, rows: tidy } : null;
  let text: string | null = null;
  if (s.format === 'json') text = `${JSON.stringify(doc, null, 2)}\n`;
  else if (s.format === 'csv') text = tidyCsv(table!, [provenanceLine(success.meta)]);
  else if (s.format === 'html')
    text = (await import('../format/sweep-html.js')).formatSweepHtml(
      (await import('../format/output-schema.js')).sweepOutputSchema.parse(doc),
    );
  else if (s.format === 'table') {
    const num = (x: number | null | undefined) => (typeof x === 'number' ? x.toPrecision(4) : '–');
    const lines = [
      `chipsim sweep · ${s.scenario} · ${success.policies.join(' vs ')} · ${s.metric} · ${rows.length} points × ${s.reps} replications (same seeds at every point)`,
      [...names, ...labels.map((l) => `${l} [95% CI]`)].join('  '),
    ];
    for (const pt of doc.points)
      lines.push(
        [
          ...names.map((n) => num(pt.values[n])),
          ...pt.results.map((r) => `${num(r.mean)} [${num(r.ci95?.[0])}, ${num(r.ci95?.[1])}]`),
        ].join('  '),
      );
    text = `${lines.join('\n')}\n`;
  }
  writeDesignOutput(s.format, text, table, success, outPath, deps.stdout ?? process.stdout, note, s.out);
  return doc;
}

export function registerSweepCommand(program: Command): void {
  const command = program
    .command('sweep')
    .description(
      'parameter variation: a grid of --set values (or --lhs K over the uncertainty ranges) × policies × reps',
    )
    .argument('[scenario]', 'bundled scenario name or path')
    .option('--policies <list>', 'comma-separated policies (at least two)')
    .option(
      '--set <pointer=values>',
      'JSON Pointer and comma-separated values, e.g. /cowos/yield=0.9,0.95 (repeatable)',
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option('--lhs <k>', "K Latin-hypercube points over the scenario's uncertainty ranges (instead of --set)")
    .option('--metric <m>', 'KPI, KPI:customer or diff:… for the table and JSON (default fillRate)')
    .option('--reps <n>', 'replications per point and policy (≥ 2; default 20)')
    .option('--seed <n>', 'base seed')
    .option('--workers <n>', 'worker threads; output is identical for any value')
    .option('--format <format>', 'table, json, csv, html or parquet (default: from the --out extension, else table)')
    .option('--out <file>', 'write the output to FILE (atomically)');
  addExperimentRunOptions(command).action(async (scenario: string | undefined, raw: RawSweepOptions) => {
    await runSweep(parseSweepOptions(scenario, raw));
  });
  addScaleOptions(command);
}
