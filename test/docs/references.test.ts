/**
 * No dangling doc references in the tracked files: every path to a .md file resolves inside the
 * repository (relative to the citing file, the root, or docs/), and every `#anchor`, `§ section` or
 * DOMAIN source id after it names a heading of that file. Bare names of the docs (`ARCHITECTURE §5`)
 * count as references too.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = process.cwd();
const TEXT = /\.(?:[cm]?[jt]sx?|json|md|ya?ml|sh)$/;
/** The lock file, and this file with its deliberately dangling examples. */
const SKIP = new Set(['package-lock.json', 'test/docs/references.test.ts']);

const PATH_REF = /((?:[\w.-]*\/)*[\w-]+\.md)(?:#([\w-]+))?(?:,? ?§ ?([\w.]+)|,? ([A-E]\d?)\b)?/g;
const BARE_REF = /\b(ARCHITECTURE|DOMAIN|STACK|CONTRIBUTING|TESTING|README) ?§ ?(\w+)/g;

function headings(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^#+\s+(.+)$/gm)].map((m) => (m[1] ?? '').trim());
}

const slug = (h: string) =>
  h
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');

function resolveDoc(from: string, path: string): string | null {
  const candidates = /^\.\.?\//.test(path)
    ? [join(dirname(from), path)]
    : [path, join(dirname(from), path), join('docs', path)];
  for (const c of candidates) {
    const rel = relative(ROOT, join(ROOT, normalize(c)));
    if (!rel.startsWith('..') && existsSync(join(ROOT, rel))) return rel;
  }
  return null;
}

/** Dangling references in `text` (the content of repository file `from`), as readable strings. */
export function danglingReferences(from: string, text: string): string[] {
  const bad: string[] = [];
  const body = text.replace(/https?:\/\/\S+/g, '');
  const check = (ref: string, path: string, anchor?: string, section?: string) => {
    const doc = resolveDoc(from, path);
    if (!doc) return bad.push(`${from}: ${ref} (no such file)`);
    if (!anchor && !section) return;
    const hs = headings(doc);
    if (anchor && !hs.some((h) => slug(h) === anchor)) bad.push(`${from}: ${ref} (no heading #${anchor})`);
    if (section && !hs.some((h) => h === section || h.startsWith(`${section}.`) || h.startsWith(`${section} `)))
      bad.push(`${from}: ${ref} (no section ${section})`);
  };
  for (const m of body.matchAll(PATH_REF)) check(m[0], m[1] ?? '', m[2], m[3] ?? m[4]);
  for (const m of body.matchAll(BARE_REF)) check(m[0], `${m[1]}.md`, undefined, m[2]);
  return bad;
}

describe('doc references', () => {
  test('the checker flags a missing file, a missing anchor and a missing section, and passes good ones', () => {
    expect(danglingReferences('x.ts', 'see ../shared/guide/STACK.md trap 7')).toHaveLength(1);
    expect(danglingReferences('x.ts', 'see docs/ARCHITECTURE.md#no-such-heading')).toHaveLength(1);
    expect(danglingReferences('x.ts', 'see ARCHITECTURE.md §6 and CONTRIBUTING §T9')).toHaveLength(2);
    expect(danglingReferences('x.ts', 'DOMAIN.md F9')).toHaveLength(0); // not an id of the form A–E
    expect(danglingReferences('x.ts', 'DOMAIN.md B9')).toHaveLength(1);
    expect(
      danglingReferences(
        'models/x.ts',
        'docs/ARCHITECTURE.md#contracts-other-tools-read, DOMAIN.md A7, CONTRIBUTING.md §T1, ../README.md',
      ),
    ).toEqual([]);
  });

  test('no tracked file cites a doc, anchor or section that does not exist', () => {
    const files = execFileSync('git', ['ls-files'], { encoding: 'utf8' })
      .split('\n')
      .filter((f) => TEXT.test(f) && !SKIP.has(f) && existsSync(f));
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => danglingReferences(f, readFileSync(f, 'utf8')))).toEqual([]);
  });
});
