/** The README's fenced blocks, and in-order line matching, for the tests that hold its examples true. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** The fenced blocks of the README, as lines (trailing spaces kept as written). */
export function readmeBlocks(): string[][] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```[a-z]*\n([\s\S]*?)^```/gm)].map((m) => m[1]!.replace(/\n$/, '').split('\n'));
}

/** The README block whose first line starts with `first`; undefined when there is none. */
export function readmeBlock(first: string): string[] | undefined {
  return readmeBlocks().find((b) => b[0]!.startsWith(first));
}

/** The lines a README example shows: without its "$ command" line, "…" abridgements and blank lines. */
export function shownLines(block: readonly string[]): string[] {
  return block.filter((l) => !l.startsWith('$ ') && l.trim() !== '…' && l.trim() !== '');
}

/** The lines of `shown` missing from `output` when matched in order (empty: the example holds). */
export function missingInOrder(shown: readonly string[], output: readonly string[]): string[] {
  const missing: string[] = [];
  let at = 0;
  for (const line of shown) {
    const found = output.indexOf(line, at);
    if (found < 0) missing.push(line);
    else at = found + 1;
  }
  return missing;
}
