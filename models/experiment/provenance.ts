/**
 * Provenance of every output (JSON `meta`, CSV comment line, HTML footer, checkpoint header): which
 * chipsim wrote it, in which output schema version, from which scenario content, at which git
 * commit (when the code runs from a checkout), and the command line. Nothing time-dependent, so the
 * same experiment gives the same bytes; only `command` may differ between two ways of running it.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isObject } from '../../sim/guards.js';

/** Version of the JSON/CSV output contracts (bump when a field changes meaning; adding one is fine). */
export const OUTPUT_SCHEMA_VERSION = 1;

export interface Provenance {
  chipsimVersion: string;
  outputSchemaVersion: number;
  /** sha256 of the scenario's canonical JSON. */
  scenarioHash: string;
  /** The commit of the checkout chipsim runs from; null outside git. */
  gitCommit: string | null;
  /** The command line as typed (shell-quoted). */
  command: string;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** A string field of a package.json text (undefined when absent or not a string). */
function packageField(text: string, field: string): string | undefined {
  const pkg: unknown = JSON.parse(text);
  const value = isObject(pkg) ? pkg[field] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The folder of chipsim's package.json, found upwards from this module (works from sources and a build). */
function packageRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const text = readText(join(dir, 'package.json'));
    if (text !== null && packageField(text, 'name') === 'chipsim') return dir;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

let cached: { version: string; commit: string | null } | null = null;

function packageFacts(): { version: string; commit: string | null } {
  if (cached) return cached;
  const root = packageRoot();
  const text = root ? readText(join(root, 'package.json')) : null;
  cached = {
    version: (text !== null ? packageField(text, 'version') : undefined) ?? 'unknown',
    commit: root ? gitCommit(root) : null,
  };
  return cached;
}

export function chipsimVersion(): string {
  return packageFacts().version;
}

/** The commit HEAD names in the checkout at `root` (plain files only: .git/HEAD, refs, packed-refs); null if none. */
export function gitCommit(root: string): string | null {
  try {
    let gitDir = join(root, '.git');
    if (statSync(gitDir).isFile()) {
      // a worktree or submodule: ".git" is a file "gitdir: <path>"
      const m = /^gitdir:\s*(.+)$/m.exec(readText(gitDir) ?? '');
      if (!m) return null;
      gitDir = resolve(root, m[1]!.trim());
    }
    const head = (readText(join(gitDir, 'HEAD')) ?? '').trim();
    if (/^[0-9a-f]{40}$/.test(head)) return head;
    const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
    if (!ref) return null;
    const common = readText(join(gitDir, 'commondir'));
    const dirs = [gitDir, ...(common ? [resolve(gitDir, common.trim())] : [])];
    for (const d of dirs) {
      const loose = readText(join(d, ref))?.trim();
      if (loose && /^[0-9a-f]{40}$/.test(loose)) return loose;
      const packed = readText(join(d, 'packed-refs'));
      const line = packed?.split('\n').find((l) => l.endsWith(` ${ref}`));
      if (line && /^[0-9a-f]{40} /.test(line)) return line.slice(0, 40);
    }
    return null;
  } catch {
    return null;
  }
}

export function provenance(scenarioHash: string, command: string): Provenance {
  const facts = packageFacts();
  return {
    chipsimVersion: facts.version,
    outputSchemaVersion: OUTPUT_SCHEMA_VERSION,
    scenarioHash,
    gitCommit: facts.commit,
    command,
  };
}

/** One line for a CSV comment or an HTML footer. */
export function provenanceLine(p: Provenance): string {
  return (
    `chipsim ${p.chipsimVersion} · output schema ${p.outputSchemaVersion} · scenario sha256:${p.scenarioHash}` +
    `${p.gitCommit ? ` · commit ${p.gitCommit}` : ''} · ${p.command}`
  );
}
