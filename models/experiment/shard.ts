/**
 * Shards and their part files. Shard K of N (1-based) holds the tasks whose shard position is
 * K − 1 modulo N: a deterministic partition of the design's task ids that needs no coordination, so
 * any batch scheduler (Slurm array, Kubernetes Indexed Job, GNU parallel) can run the shards
 * anywhere. The shard position is the task's place in (policy, point, replication) order, not the
 * fold order (point, replication, policy): dealt round-robin, the fold order would give shard 1 of 2
 * every task of the first of two policies. Dealing with the policy outermost, each policy's tasks are
 * one run dealt in turn, so every shard gets, within one task, an equal share of all the tasks, of
 * each policy, and of each (policy, point). A part file is JSONL: a header (the experiment's checkpoint header,
 * i.e. its identity and provenance, plus the shard) then the shard's records in fold order.
 * `mergeParts` checks that parts belong to one experiment and together hold every task exactly once.
 */
import { readFileSync } from 'node:fs';
import { CHECKPOINT_KIND, canonicalJson, type CheckpointHeader } from './checkpoint.js';
import { planTasks, taskId, type ExperimentTask } from './design.js';
import type { Outcome } from './errors.js';
import type { Executor } from './executor.js';
import { recordShapeError, type ReplicationRecord } from './record.js';

export const PART_KIND = 'chipsim-experiment-part';
export const PART_VERSION = 1;

export interface Shard {
  /** 1-based. */
  k: number;
  n: number;
}

/**
 * How `chipsim merge` renders a multi-point experiment (sweep, sensitivity): the command, the options
 * that shape its output, and the scenario itself (so the parts merge where the scenario file is not).
 * Opaque here; absent in a compare part.
 */
export interface PartView {
  command: string;
  options: Record<string, unknown>;
  scenario?: unknown;
}

export interface PartHeader {
  kind: typeof PART_KIND;
  version: typeof PART_VERSION;
  shard: Shard;
  /** The experiment: design and provenance (command = the shard's command line). */
  experiment: CheckpointHeader;
  view?: PartView;
}

export const partHeader = (shard: Shard, experiment: CheckpointHeader, view?: PartView): PartHeader => ({
  kind: PART_KIND,
  version: PART_VERSION,
  shard,
  experiment,
  ...(view ? { view } : {}),
});

export interface Part {
  path: string;
  header: PartHeader;
  records: ReplicationRecord[];
}

/** Null when `k/n` is a usable shard, else what is wrong. */
export function shardProblem(shard: Shard): string | null {
  if (!Number.isSafeInteger(shard.n) || shard.n < 1) return `N must be a whole number ≥ 1, got ${shard.n}`;
  if (!Number.isSafeInteger(shard.k) || shard.k < 1 || shard.k > shard.n)
    return `K must be a whole number from 1 to N (${shard.n}), got ${shard.k}`;
  return null;
}

/** The sizes of a design that place a task in the shard order. */
export interface ShardedDesign {
  points: readonly unknown[];
  policies: readonly unknown[];
  reps: number;
}

type ShardedTask = Pick<ExperimentTask, 'point' | 'policyIndex' | 'rep'>;

/** The task's place in (policy, point, replication) order. */
export const shardPosition = (design: ShardedDesign, task: ShardedTask): number =>
  (task.policyIndex * design.points.length + task.point) * design.reps + task.rep;

/** The shard K (1-based) of N that runs `task`. */
export const shardOf = (n: number, design: ShardedDesign, task: ShardedTask): number =>
  (shardPosition(design, task) % n) + 1;

export const inShard =
  (shard: Shard) =>
  (task: ShardedTask, design: ShardedDesign): boolean =>
    shardOf(shard.n, design, task) === shard.k;

const designOf = (h: CheckpointHeader) => ({ points: h.points, policies: h.policies, reps: h.reps, seed: h.seed });

const recordId = (h: CheckpointHeader, r: ReplicationRecord) =>
  taskId(r.point ?? 'base', r.rep, h.policies.indexOf(r.policy));

/**
 * The part file's text: header, then the shard's records in fold order (the same bytes however they
 * were computed); records of other shards (e.g. from a reused checkpoint) are left out.
 */
export function formatPart(header: PartHeader, records: Iterable<ReplicationRecord>): string {
  const design = designOf(header.experiment);
  const byId = new Map(planTasks(design).map((t) => [t.id, t]));
  const mine = inShard(header.shard);
  const seen = new Set<string>();
  const sorted = [...records]
    .filter((r) => {
      const id = recordId(header.experiment, r);
      const task = byId.get(id);
      if (task === undefined || seen.has(id) || !mine(task, design)) return false;
      seen.add(id);
      return true;
    })
    .sort((a, b) => byId.get(recordId(header.experiment, a))!.index - byId.get(recordId(header.experiment, b))!.index);
  return [JSON.stringify(header), ...sorted.map((r) => JSON.stringify(r))].join('\n') + '\n';
}

const fail = (message: string): { ok: false; error: { kind: 'bad-input'; message: string } } => ({
  ok: false,
  error: { kind: 'bad-input', message },
});

/** Reads one part file; a bad file is a bad-input error naming it (and the line). */
export function readPart(path: string): Outcome<Part> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return fail(`cannot read the part ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let header: PartHeader;
  try {
    header = JSON.parse(lines[0] ?? '') as PartHeader;
  } catch {
    return fail(`${path} is not a chipsim part file (bad first line)`);
  }
  if (header?.kind !== PART_KIND || header.experiment?.kind !== CHECKPOINT_KIND)
    return fail(`${path} is not a chipsim part file (write one with --shard K/N)`);
  if (header.version !== PART_VERSION)
    return fail(`${path} has part version ${header.version}, this chipsim reads version ${PART_VERSION}`);
  const records: ReplicationRecord[] = [];
  for (let i = 1; i < lines.length; i++) {
    let rec: unknown;
    try {
      rec = JSON.parse(lines[i]!);
    } catch {
      return fail(`${path} line ${i + 1} is corrupt (not JSON)`);
    }
    const shape = recordShapeError(rec);
    if (shape) return fail(`${path} line ${i + 1} is not a replication record (${shape})`);
    records.push(rec as ReplicationRecord);
  }
  return { ok: true, value: { path, header, records } };
}

/** Which field makes `b` another experiment than `a` (null: the same one). */
function experimentMismatch(a: CheckpointHeader, b: CheckpointHeader): string | null {
  if (a.chipsimVersion !== b.chipsimVersion) return `chipsim ${b.chipsimVersion}, not ${a.chipsimVersion}`;
  if (a.outputSchemaVersion !== b.outputSchemaVersion)
    return `output schema ${b.outputSchemaVersion}, not ${a.outputSchemaVersion}`;
  if (a.scenarioHash !== b.scenarioHash) return `scenario sha256:${b.scenarioHash}, not sha256:${a.scenarioHash}`;
  if (a.scenario !== b.scenario) return `scenario "${b.scenario}", not "${a.scenario}"`;
  if (JSON.stringify(a.policies) !== JSON.stringify(b.policies))
    return `policies ${b.policies.join(',')}, not ${a.policies.join(',')}`;
  if (a.seed !== b.seed) return `--seed ${b.seed}, not ${a.seed}`;
  if (a.reps !== b.reps) return `--reps ${b.reps}, not ${a.reps}`;
  if (JSON.stringify(a.points) !== JSON.stringify(b.points)) return 'other design points';
  return null;
}

/** Which part of the view makes `b` another experiment than `a` (null: the same one). */
function viewMismatch(a: PartView | undefined, b: PartView | undefined): string | null {
  const command = (v: PartView | undefined) => v?.command ?? 'compare';
  if (command(a) !== command(b)) return `a ${command(b)} part, not a ${command(a)} part`;
  if (canonicalJson(a?.options) !== canonicalJson(b?.options))
    return `options ${canonicalJson(b?.options)}, not ${canonicalJson(a?.options)}`;
  return null;
}

/** At most `max` items, then "and N more". */
function listSome(items: readonly string[], max = 10): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export interface MergedParts {
  experiment: CheckpointHeader;
  /** How to render it (absent: a compare). */
  view?: PartView;
  /** Every record of the experiment, in fold order. */
  records: ReplicationRecord[];
}

/** Combines parts of one experiment; refuses other experiments, and missing or duplicated tasks (naming them). */
export function mergeParts(parts: readonly Part[]): Outcome<MergedParts> {
  if (parts.length === 0) return fail('merge needs at least one part file');
  const first = parts[0]!;
  const h = first.header.experiment;
  for (const p of parts.slice(1)) {
    const why = experimentMismatch(h, p.header.experiment) ?? viewMismatch(first.header.view, p.header.view);
    if (why) return fail(`${p.path} is a part of another experiment than ${first.path}: ${why}`);
  }
  const design = designOf(h);
  const plan = planTasks(design);
  const byId = new Map(plan.map((t) => [t.id, t]));
  const found = new Map<string, { record: ReplicationRecord; path: string }>();
  const duplicated: string[] = [];
  for (const p of parts) {
    for (const r of p.records) {
      const id = recordId(h, r);
      if (!byId.has(id)) return fail(`${p.path} holds a record outside the experiment (task ${id})`);
      const seen = found.get(id);
      if (seen) duplicated.push(`${id} (${seen.path} and ${p.path})`);
      else found.set(id, { record: r, path: p.path });
    }
  }
  if (duplicated.length > 0)
    return fail(`${duplicated.length} task(s) appear in more than one part: ${listSome(duplicated)}`);
  const missing = plan.filter((t) => !found.has(t.id));
  if (missing.length > 0) {
    const n = first.header.shard.n;
    const shards = [...new Set(missing.map((t) => shardOf(n, design, t)))].sort((a, b) => a - b);
    return fail(
      `${missing.length} of ${plan.length} task(s) are missing: ${listSome(missing.map((t) => t.id))}` +
        ` (shard${shards.length === 1 ? '' : 's'} ${listSome(shards.map((k) => `${k}/${n}`))} of the parts' split)`,
    );
  }
  const records = plan.map((t) => found.get(t.id)!.record);
  return { ok: true, value: { experiment: h, ...(first.header.view ? { view: first.header.view } : {}), records } };
}

/**
 * An executor that "runs" tasks by handing back records already computed (merged parts): running
 * the experiment again on it folds and renders exactly as the original run did. A task without a
 * record is a failure (bad-input) naming it.
 */
export function recordsExecutor(records: readonly ReplicationRecord[], policies: readonly string[]): Executor {
  const byId = new Map(records.map((r) => [taskId(r.point ?? 'base', r.rep, policies.indexOf(r.policy)), r]));
  return {
    name: 'merged parts',
    parallelism: () => 1,
    run(job, onOutcome) {
      job.tasks.forEach((task, i) => {
        const id = (task as Partial<ExperimentTask>).id ?? taskId('base', task.rep, task.policyIndex);
        const record = byId.get(id);
        onOutcome(
          record
            ? { ok: true, record: structuredClone(record) }
            : { ok: false, error: { kind: 'bad-input', message: `no record of task ${id} in the parts` } },
          i,
        );
      });
      return Promise.resolve();
    },
  };
}
