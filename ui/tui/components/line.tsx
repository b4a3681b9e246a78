/**
 * One screen line made of styled segments. Every panel draws through this, so NO_COLOR is honoured
 * in one place: with colour off, segments keep bold/inverse/dim (not colours) and their text marks.
 */
import { Text } from 'ink';

export type Tone = 'title' | 'good' | 'warn' | 'bad' | 'accent' | 'muted' | 'bind';

export interface Seg {
  readonly text: string;
  readonly tone?: Tone | undefined;
  readonly bold?: boolean | undefined;
  readonly inverse?: boolean | undefined;
  readonly dim?: boolean | undefined;
}

export interface Theme {
  /** False under NO_COLOR: no colours, only bold / inverse / dim. */
  readonly color: boolean;
}

const COLORS: Record<Tone, string> = {
  title: 'cyan',
  good: 'green',
  warn: 'yellow',
  bad: 'red',
  accent: 'magenta',
  muted: 'gray',
  bind: 'yellow',
};

/** Ink <Text> style props of a segment: colours only when the theme allows them (NO_COLOR). */
export function segProps(
  s: Seg,
  theme: Theme,
): { color?: string; bold?: boolean; inverse?: boolean; dimColor?: boolean } {
  const out: { color?: string; bold?: boolean; inverse?: boolean; dimColor?: boolean } = {};
  if (theme.color && s.tone !== undefined) out.color = COLORS[s.tone];
  if (s.bold) out.bold = true;
  if (s.inverse) out.inverse = true;
  if (s.dim === true || (!theme.color && s.tone === 'muted')) out.dimColor = true;
  return out;
}

export function Line({ segs, theme }: { readonly segs: readonly Seg[]; readonly theme: Theme }) {
  // An empty <Text> takes no line in Ink: keep blank lines one space wide so panels keep their height.
  if (segs.every((s) => s.text === '')) return <Text> </Text>;
  return (
    <Text wrap="truncate">
      {segs.map((s, i) => (
        <Text key={i} {...segProps(s, theme)}>
          {s.text}
        </Text>
      ))}
    </Text>
  );
}
