/**
 * `chipsim sensitivity [scenario] --policies A,B --metric M [--method oat|morris|sobol] [--reps N]
 *                      [--samples K] [--workers W] [--format table|json|csv|html|parquet] [--out FILE] …`
 *
 * The scenario's `uncertainty` ranges become design points (models/sensitivity/plan.ts) run through
 * runExperimentRequest like compare (same flags: --seed, --workers, checkpoints, --resume), every
 * point on the same replication seeds. M is read per replication (metric.ts) and analysed per method.
 */
import { Command } from 'commander';
import {
  formatPart,
  partHeader,
  provenanceLine,
  runExperimentRequest,
  type DesignPoint,
  type Executor,
  type ExperimentSuccess,
  type LoadedScenario,
  type PartView,
  type ReplicationRecord,
} from '../../models/experiment/index.js';
import { parseMetricSpec, replicationMetric } from '../../models/sensitivity/metric.js';
import { SENSITIVITY_METHODS, sensitivityPlan, type SensitivityAnalysis } from '../../models/sensitivity/plan.js';
import type { Kpis } from '../../models/result.js';
import { loadScenario, uncertainParameters, type Scenario, type UncertainParameter } from '../../scenarios/index.js';
import { writeFileAtomic } from '../../sim/atomic-write.js';
import { isObject } from '../../sim/guards.js';
import { keysOf } from '../../sim/typed-keys.js';
import { ProgressBar } from '../format/progress.js';
import { writeParquetFile } from '../format/parquet.js';
import {
  morrisJson,
  oatJson,
  oatTable,
  sobolJson,
  type IndicesJson,
  type SensitivityHead,
} from '../format/sensitivity.js';
import { tidyCsv, tidyRowsOf, type TidyRow, type TidyTable } from '../format/tidy.js';
import {
  checkpointPlan,
  parseCompareOptions,
  type CompareSettings,
  type RawCompareOptions,
} from './compare-command.js';
import { UserError } from './errors.js';
import { StopSignals } from './stop-signals.js';
import { prepareOutPath } from './out-path.js';
import {
  eventBudgetMessage,
  addExperimentRunOptions,
  parseChoice,
  processCommandLine,
  wholeNumber,
} from './options.js';
import { addScaleOptions, queueExecutorFor, shardHooks } from './scale-options.js';

export const SENSITIVITY_FORMATS = ['table', 'json', 'csv', 'html', 'parquet'] as const;
/**
 * Every run KPI a --metric may name. A record over `keyof Kpis`, so a KPI added to the result
 * without a line here is a type error (a hand-written list had silently missed the newer ones).
 */
const KPI_KEYS: Record<keyof Kpis, true> = {
  gpusDelivered: true,
  gpusProduced: true,
  fillRate: true,
  meanWaitWeeks: true,
  p95WaitWeeks: true,
  jainIndex: true,
  gini: true,
  needJainIndex: true,
  needGini: true,
  inHandJainIndex: true,
  inHandGini: true,
  orderInflation: true,
  bullwhip: true,
  lostDemand: true,
  substitutedGpus: true,
  nvidiaLostRevenueUsd: true,
  revenue: true,
  medianCycleWeeks: true,
  supplierProfitUsd: true,
  buyersProfitUsd: true,
  chainProfitUsd: true,
  pushedGpus: true,
  resoldGpus: true,
};
export const KPI_NAMES = keysOf(KPI_KEYS);

export interface RawSensitivityOptions extends RawCompareOptions {
  metric?: string;
  method?: string;
  samples?: string;
}

export interface SensitivitySettings extends Omit<CompareSettings, 'format'> {
  format: (typeof SENSITIVITY_FORMATS)[number];
  metric: string;
  method: (typeof SENSITIVITY_METHODS)[number];
  samples: number;
}

export function parseSensitivityOptions(
  scenarioArg: string | undefined,
  raw: RawSensitivityOptions,
): SensitivitySettings {
  const { format: _format, ...rest } = raw;
  const common = parseCompareOptions(scenarioArg, { ...rest, reps: raw.reps ?? '20' });
  if (common.shard && raw.format !== undefined)
    throw new UserError('--shard writes a part file; choose the --format when you `chipsim merge` the parts');
  if (raw.metric === undefined)
    throw new UserError(
      '--metric is required: a run KPI (fillRate), a customer metric (needFillRate:<customer id>) or a paired difference of the two policies (diff:needFillRate:<customer id>)',
    );
  const ext = raw.out?.toLowerCase().match(/\.(json|csv|html|parquet)$/)?.[1];
  const format = parseChoice(
    '--format',
    raw.format,
    SENSITIVITY_FORMATS,
    SENSITIVITY_FORMATS.find((f) => f === ext) ?? 'table',
  );
  const method = parseChoice('--method', raw.method, SENSITIVITY_METHODS, 'oat');
  const samples = raw.samples === undefined ? (method === 'sobol' ? 64 : 10) : wholeNumber(raw.samples);
  if (samples === null || samples < 2 || samples > 100_000)
    throw new UserError(`--samples must be a whole number from 2 to 100000, got "${raw.samples}"`);
  return { ...common, format, metric: raw.metric, method, samples };
}

export interface SensitivityDeps {
  stdout?: { write(s: string): unknown };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  cwd?: string;
  command?: string;
  signal?: AbortSignal;
  /** Where the tasks run (default: local workers, or the queue with --queue; merge replays its parts). */
  executor?: Executor;
  /** Test and merge seams: scenario loading, policy resolution (returns the display name). */
  loadScenario?: (nameOrPath: string) => LoadedScenario<Scenario>;
  policyName?: (nameOrPath: string) => Promise<string>;
}

function analysisJson(head: SensitivityHead, params: readonly UncertainParameter[], a: SensitivityAnalysis): object {
  return a.method === 'oat' ? oatJson(head, a.summary) : indicesJson(head, params, a);
}

function indicesJson(
  head: SensitivityHead,
  params: readonly UncertainParameter[],
  a: Exclude<SensitivityAnalysis, { method: 'oat' }>,
): IndicesJson {
  return a.method === 'morris' ? morrisJson(head, params, a.indices) : sobolJson(head, params, a.indices);
}

/** morris / sobol as text: the JSON's parameter rows, most important first. */
function indicesTable(head: SensitivityHead, doc: IndicesJson, method: string): string {
  const num = (x: unknown) => (typeof x === 'number' ? x.toPrecision(3) : '–');
  const est = (e: unknown) => {
    const v = isObject(e) ? e : {};
    const ci: unknown[] = Array.isArray(v['ci95']) ? v['ci95'] : [];
    return `${num(v['value'])} [${num(ci[0])}, ${num(ci[1])}]`;
  };
  const width = Math.max(9, ...doc.parameters.map((p) => String(p.pointer).length));
  const lines = [
    `chipsim sensitivity · ${head.scenario} · ${head.policies.join(' vs ')} · ${head.metric} · ${method} · ${head.reps} replications per point`,
    method === 'morris'
      ? `${'parameter'.padEnd(width)}  μ* [95% CI]                σ`
      : `${'parameter'.padEnd(width)}  S1 [95% CI]                ST [95% CI]`,
  ];
  for (const p of doc.parameters) {
    const row =
      method === 'morris' ? `${est(p.muStar).padEnd(26)} ${num(p.sigma)}` : `${est(p.s1).padEnd(26)} ${est(p.st)}`;
    lines.push(`${String(p.pointer).padEnd(width)}  ${row}`);
  }
  lines.push(
    '',
    `Top parameters: ${doc.parameters
      .slice(0, 3)
      .map((p) => `${String(p.pointer)} (${String(p.source)})`)
      .join(', ')}.`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * A design run through runExperimentRequest with compare's flags; every folded record goes to `fold`
 * (point index). With --shard it writes the shard's part file (`view` tells merge how to render the
 * whole) and returns null: there is no output to render.
 */
export async function runDesignPoints(
  s: Omit<SensitivitySettings, 'metric' | 'method' | 'samples'>,
  points: readonly DesignPoint[],
  outPath: string | undefined,
  fold: (record: ReplicationRecord, point: number) => void,
  deps: SensitivityDeps,
  view?: PartView,
  experiment: 'sensitivity' | 'sweep' = 'sensitivity',
) {
  const stderr = deps.stderr ?? process.stderr;
  const note = (m: string) => {
    if (!s.quiet) stderr.write(`chipsim: ${m}\n`);
  };
  const checkpoint = checkpointPlan({ ...s, format: 'json' }, outPath, deps.cwd ?? process.cwd(), note, experiment);
  const executor = deps.executor ?? (await queueExecutorFor(s));
  const sharded = s.shard ? shardHooks(s.shard) : null;
  const index = new Map(points.map((p, i) => [p.id, i]));
  const bar = s.quiet ? null : new ProgressBar(stderr, 'runs');
  const stop = new StopSignals();
  deps.signal?.addEventListener('abort', stop.abort, { once: true });
  let outcome;
  try {
    outcome = await runExperimentRequest({
      scenario: s.scenario,
      policies: s.policies,
      reps: s.reps,
      seed: s.seed,
      workers: s.workers,
      ...(s.maxEvents !== undefined ? { maxEvents: s.maxEvents } : {}),
      points,
      ...(executor ? { executor } : {}),
      ...(deps.loadScenario ? { loadScenario: deps.loadScenario } : {}),
      ...(deps.policyName ? { policyName: deps.policyName } : {}),
      ...(sharded?.request ?? {}),
      checkpoint,
      command: deps.command ?? processCommandLine(),
      onFold: (record, point) => fold(record, index.get(point.id)!),
      onProgress: (pr) => bar?.update(pr.done, pr.total),
      onNotice: note,
      signal: stop.signal,
    });
  } finally {
    bar?.done();
    stop.close();
  }
  if (!outcome.ok) {
    const e = outcome.error;
    if (e.kind === 'interrupted') throw new UserError(`${e.message}\ncontinue with the same command and --resume`, 130);
    if (e.kind === 'internal') throw new Error(e.detail ?? e.message);
    if (e.kind === 'event-budget') throw new UserError(eventBudgetMessage(e.message, e.checkpoint));
    throw new UserError(e.kind === 'policy' ? `--policies: ${e.message}` : e.message);
  }
  if (s.shard) {
    writeFileAtomic(outPath!, formatPart(partHeader(s.shard, outcome.value.header, view), sharded!.records));
    outcome.value.finish();
    note(`wrote ${s.out} (shard ${s.shard.k}/${s.shard.n}; combine the parts with \`chipsim merge\`)`);
    return null;
  }
  return { success: outcome.value, note };
}

/** Writes text, or the tidy table as parquet, to --out (atomically) or stdout; then removes the checkpoint. */
export function writeDesignOutput(
  format: string,
  text: string | null,
  table: TidyTable | null,
  success: ExperimentSuccess,
  outPath: string | undefined,
  stdout: { write(s: string): unknown },
  note: (message: string) => void,
  shownOut: string | undefined,
): void {
  if (format === 'parquet') {
    const kv = Object.fromEntries(Object.entries(success.meta).map(([k, v]) => [k, String(v)]));
    writeParquetFile(outPath!, table!, kv);
  } else if (outPath !== undefined) writeFileAtomic(outPath, text!);
  else stdout.write(text!);
  success.finish();
  if (outPath !== undefined) note(`wrote ${shownOut ?? outPath} (${format})`);
}

export async function runSensitivity(s: SensitivitySettings, deps: SensitivityDeps = {}): Promise<object> {
  const cwd = deps.cwd ?? process.cwd();
  const loaded = (deps.loadScenario ?? loadScenario)(s.scenario);
  if (!loaded.ok) throw new UserError(loaded.error);
  const params = uncertainParameters(loaded.scenario);
  if (params.length === 0) throw new UserError(`${s.scenario}: the scenario declares no uncertainty ranges to vary`);
  const customers = loaded.scenario.customers.map((c) => c.id);
  const parsed = parseMetricSpec(s.metric, KPI_NAMES, customers);
  if (!parsed.ok) throw new UserError(parsed.error);
  const spec = parsed.spec;
  const outPath = s.out !== undefined ? prepareOutPath('--out', s.out, cwd) : undefined;
  if (s.format === 'parquet' && outPath === undefined) throw new UserError('--format parquet needs --out FILE');

  const plan = sensitivityPlan(s.method, params, s.samples, s.seed);
  const y = plan.points.map(() => new Array<number>(s.reps).fill(NaN));
  const pending = new Map<string, ReplicationRecord[]>();
  const tidy: TidyRow[] | null = s.format === 'csv' || s.format === 'parquet' ? [] : null;
  const P = s.policies.length;
  const run = await runDesignPoints(
    s,
    plan.points,
    outPath,
    (record, p) => {
      tidy?.push(...tidyRowsOf(record, { experiment: 'sensitivity', point: p, parameters: plan.values[p]! }));
      const key = `${p}/${record.rep}`;
      const group = [...(pending.get(key) ?? []), record];
      if (group.length < P) pending.set(key, group);
      else {
        pending.delete(key);
        y[p]![record.rep] = replicationMetric(spec, group[0]!, group[1]) ?? NaN;
      }
    },
    deps,
    {
      command: 'sensitivity',
      options: { metric: s.metric, method: s.method, samples: String(s.samples) },
      scenario: loaded.scenario,
    },
  );
  if (run === null) return { shard: s.shard }; // the part file is written
  const { success, note } = run;
  const missing = y.findIndex((ys) => ys.some((v) => !Number.isFinite(v)));
  if (missing >= 0)
    throw new UserError(
      `--metric ${s.metric}: no value at design point ${plan.points[missing]!.id} (the run reports none)`,
    );
  const analysis = plan.analyse(y);
  const head: SensitivityHead = {
    meta: success.meta,
    scenario: s.scenario,
    policies: success.policies,
    metric: s.metric,
    reps: s.reps,
  };
  const doc = analysisJson(head, params, analysis);
  const table = tidy ? { parameterNames: params.map((p) => p.pointer), rows: tidy } : null;
  let text: string | null = null;
  if (s.format === 'json') text = `${JSON.stringify(doc, null, 2)}\n`;
  else if (s.format === 'table')
    text =
      analysis.method === 'oat'
        ? oatTable(head, analysis.summary)
        : indicesTable(head, indicesJson(head, params, analysis), analysis.method);
  else if (s.format === 'csv') text = tidyCsv(table!, [provenanceLine(success.meta)]);
  else if (s.format === 'html')
    text = (await import('../format/sensitivity-html.js')).formatSensitivityHtml(
      (await import('../format/output-schema.js')).sensitivityOutputSchema.parse(doc),
    );
  writeDesignOutput(s.format, text, table, success, outPath, deps.stdout ?? process.stdout, note, s.out);
  return doc;
}

export function registerSensitivityCommand(program: Command): void {
  const command = program
    .command('sensitivity')
    .description(
      "does the conclusion survive the uncertainty? vary the scenario's uncertainty ranges (OAT, Morris, Sobol)",
    )
    .argument('[scenario]', 'bundled scenario name or path (its top-level "uncertainty" map gives the ranges)')
    .option('--policies <list>', 'comma-separated policies A,B (diff: metrics are B − A)')
    .option(
      '--metric <m>',
      'KPI (fillRate), per-customer (fillRate:meta) or paired difference (diff:fillRate:coreweave)',
    )
    .option('--method <m>', 'oat (tornado, default), morris (μ*, σ) or sobol (S1, ST)')
    .option('--samples <k>', 'Morris trajectories (default 10) or Saltelli base samples (default 64)')
    .option('--reps <n>', 'replications per design point and policy (≥ 2; default 20)')
    .option('--seed <n>', 'base seed: replication r of every point and policy uses deriveSeed(seed, r)')
    .option('--workers <n>', 'worker threads; output is identical for any value')
    .option('--format <format>', 'table, json, csv, html or parquet (default: from the --out extension, else table)')
    .option('--out <file>', 'write the output to FILE (atomically); the checkpoint goes to FILE.jsonl');
  addExperimentRunOptions(command).action(async (scenario: string | undefined, raw: RawSensitivityOptions) => {
    await runSensitivity(parseSensitivityOptions(scenario, raw));
  });
  addScaleOptions(command);
}
