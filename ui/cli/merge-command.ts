/**
 * `chipsim merge PARTS… [--format …] [--out FILE]`: combines the part files of a sharded experiment
 * (`compare`, `sweep` or `sensitivity` with `--shard K/N`) into the output the unsharded run writes
 * (identical apart from meta.command). Parts of another experiment, missing tasks and duplicated
 * ones exit 2, named. A sweep or sensitivity is rendered by running the command again on an
 * executor that hands back the parts' records, so it folds and formats exactly as the original.
 */
import type { Command } from 'commander';
import {
  contentHash,
  ExperimentAggregator,
  mergeParts,
  readPart,
  recordsExecutor,
  type MergedParts,
  type Part,
} from '../../models/experiment/index.js';
import { parseScenario } from '../../scenarios/index.js';
import { writeFileAtomic } from '../../sim/atomic-write.js';
import type { CompareMeta } from '../format/compare-meta.js';
import { CsvSink, renderCompare } from './compare-command.js';

import { UserError } from './errors.js';
import { parseSensitivityOptions, runSensitivity, type RawSensitivityOptions } from './sensitivity-command.js';
import { parseSweepOptions, runSweep, type RawSweepOptions } from './sweep-command.js';

/** What a compare merge writes (Parquet of merged compare parts is not supported yet). */
const FORMATS = ['table', 'json', 'csv', 'html'] as const;
import { formatFromOut, parseChoice, parseOutPath, processCommandLine } from './options.js';
import { prepareOutPath } from './out-path.js';
import { provenanceLine } from '../../models/experiment/index.js';

export interface MergeDeps {
  stdout?: { write(s: string): unknown };
  cwd?: string;
  command?: string;
}

/** The merged experiment, or a UserError naming the bad part or the missing / duplicated tasks. */
export function loadParts(paths: readonly string[]): MergedParts {
  const parts: Part[] = [];
  for (const path of paths) {
    const part = readPart(path);
    if (!part.ok) throw new UserError(part.error.message);
    const { view, experiment } = part.value.header;
    if (view !== undefined && contentHash(view.scenario) !== experiment.scenarioHash)
      throw new UserError(`${path}: the scenario stored in the part does not match its hash (the file was altered)`);
    parts.push(part.value);
  }
  const merged = mergeParts(parts);
  if (!merged.ok) throw new UserError(merged.error.message);
  const { view, experiment } = merged.value;
  if (view === undefined && experiment.points.length !== 1)
    throw new UserError(`${paths[0]}: a multi-point part without its command (written by an older chipsim?)`);
  return merged.value;
}

/** A sweep or sensitivity: its command run again on the parts' records, with merge's --format and --out. */
async function mergeDesign(
  first: string,
  merged: MergedParts,
  raw: { format?: string; out?: string },
  deps: MergeDeps,
): Promise<void> {
  const { experiment: h, view, records } = merged;
  const options = {
    ...(view!.options as RawSweepOptions & RawSensitivityOptions),
    policies: h.policies.join(','),
    reps: String(h.reps),
    seed: String(h.seed),
    workers: '1',
    checkpoint: false,
    quiet: true,
    ...(raw.format !== undefined ? { format: raw.format } : {}),
    ...(raw.out !== undefined ? { out: raw.out } : {}),
  };
  const runDeps = {
    executor: recordsExecutor(records, h.policies),
    loadScenario: () => parseScenario(view!.scenario, `the scenario stored in ${first}`),
    policyName: (label: string) => Promise.resolve(label),
    command: deps.command ?? processCommandLine(),
    ...(deps.stdout ? { stdout: deps.stdout } : {}),
    ...(deps.cwd !== undefined ? { cwd: deps.cwd } : {}),
  };
  if (view!.command === 'sweep') await runSweep(parseSweepOptions(h.scenario, options), runDeps);
  else if (view!.command === 'sensitivity') await runSensitivity(parseSensitivityOptions(h.scenario, options), runDeps);
  else throw new UserError(`${view!.command} parts cannot be merged by this chipsim`);
}

export async function runMerge(
  paths: readonly string[],
  raw: { format?: string; out?: string },
  deps: MergeDeps = {},
): Promise<void> {
  const merged = loadParts(paths);
  if (merged.view !== undefined) return mergeDesign(paths[0]!, merged, raw, deps);
  const format = parseChoice('--format', raw.format, FORMATS, formatFromOut(raw.out, FORMATS, 'table'));
  const out = parseOutPath(raw.out);
  const stdout = deps.stdout ?? process.stdout;
  const outPath = out !== undefined ? prepareOutPath('--out', out, deps.cwd ?? process.cwd()) : undefined;
  const { experiment: h, records } = merged;
  const meta: CompareMeta = {
    scenario: h.scenario,
    reps: h.reps,
    seed: h.seed,
    provenance: {
      chipsimVersion: h.chipsimVersion,
      outputSchemaVersion: h.outputSchemaVersion,
      scenarioHash: h.scenarioHash,
      gitCommit: h.gitCommit,
      command: deps.command ?? processCommandLine(),
    },
  };
  const aggregator = new ExperimentAggregator(h.policies);
  if (format === 'csv') {
    const csv = new CsvSink(outPath, stdout);
    try {
      csv.header(provenanceLine(meta.provenance!));
      for (const r of records) {
        aggregator.add(r);
        csv.record(r);
      }
      csv.commit();
    } catch (error) {
      csv.discard();
      throw error;
    }
    return;
  }
  for (const r of records) aggregator.add(r);
  const text = await renderCompare(format, aggregator.result(), meta);
  if (outPath !== undefined) writeFileAtomic(outPath, text);
  else stdout.write(text);
}

export function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description('combine the part files of a sharded experiment (--shard K/N) into its output')
    .argument('<parts...>', 'part files written by `chipsim compare|sweep|sensitivity … --shard K/N --out PART`')
    .option(
      '--format <format>',
      "the output's format, as the experiment's command takes it (compare: table, json, csv or html; default: from the --out extension, else table)",
    )
    .option('--out <file>', 'write the output to FILE (atomically) instead of stdout')
    .action(async (parts: string[], raw: { format?: string; out?: string }) => {
      await runMerge(parts, raw);
    });
}
