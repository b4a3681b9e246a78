/**
 * `chipsim merge PARTS… [--format table|json|csv|html] [--out FILE]`: combines the part files of
 * a sharded experiment (`--shard K/N`) into the output the unsharded run writes (identical apart
 * from meta.command). Parts of another experiment, missing tasks and duplicated ones exit 2, named.
 */
import type { Command } from 'commander';
import {
  ExperimentAggregator,
  mergeParts,
  readPart,
  type MergedParts,
  type Part,
} from '../../models/experiment/index.js';
import { writeFileAtomic } from '../../sim/atomic-write.js';
import type { CompareMeta } from '../format/compare-meta.js';
import { CsvSink, renderCompare } from './compare-command.js';

/** What merge writes (Parquet of merged parts is not supported yet). */
const FORMATS = ['table', 'json', 'csv', 'html'] as const;
import { UserError } from './errors.js';
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
    parts.push(part.value);
  }
  const merged = mergeParts(parts);
  if (!merged.ok) throw new UserError(merged.error.message);
  if (merged.value.experiment.points.length !== 1)
    throw new UserError('merge writes compare outputs: these parts are of a multi-point experiment');
  return merged.value;
}

export async function runMerge(
  paths: readonly string[],
  raw: { format?: string; out?: string },
  deps: MergeDeps = {},
): Promise<void> {
  const format = parseChoice('--format', raw.format, FORMATS, formatFromOut(raw.out, FORMATS, 'table'));
  const out = parseOutPath(raw.out);
  const stdout = deps.stdout ?? process.stdout;
  const outPath = out !== undefined ? prepareOutPath('--out', out, deps.cwd ?? process.cwd()) : undefined;
  const { experiment: h, records } = loadParts(paths);
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
    .argument('<parts...>', 'part files written by `chipsim compare … --shard K/N --out PART`')
    .option('--format <format>', 'table, json, csv or html (default: from the --out extension, else table)')
    .option('--out <file>', 'write the output to FILE (atomically) instead of stdout')
    .action(async (parts: string[], raw: { format?: string; out?: string }) => {
      await runMerge(parts, raw);
    });
}
