/** The pure parts of scripts/headline.ts: the share distance it reports and the README rewrite. */

export const HEADLINE_BEGIN = '<!-- headline:begin (scripts/headline.ts --readme writes this section) -->';
export const HEADLINE_END = '<!-- headline:end -->';

/** Total-variation distance between two splits over the same keys: ½ Σ |p − q|. */
export function tvDistance(got: Readonly<Record<string, number>>, want: Readonly<Record<string, number>>): number {
  const ids = Object.keys(want);
  const gotSum = ids.reduce((a, id) => a + (got[id] ?? 0), 0);
  const wantSum = ids.reduce((a, id) => a + want[id]!, 0);
  if (!(gotSum > 0 && wantSum > 0)) return NaN;
  return ids.reduce((d, id) => d + Math.abs((got[id] ?? 0) / gotSum - want[id]! / wantSum), 0) / 2;
}

/** `readme` with the text between the headline markers replaced by `body`. */
export function replaceHeadline(readme: string, body: string): string {
  const from = readme.indexOf(HEADLINE_BEGIN);
  const to = readme.indexOf(HEADLINE_END);
  if (from < 0 || to < from) throw new Error(`README.md has no ${HEADLINE_BEGIN} … ${HEADLINE_END} section`);
  return `${readme.slice(0, from + HEADLINE_BEGIN.length)}\n${body}\n${readme.slice(to)}`;
}
