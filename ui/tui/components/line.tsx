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

/** Adjacent segments drawn alike, joined: fewer text nodes and escape codes for Ink to lay out and parse. */
export function mergeSegs(segs: readonly Seg[], theme: Theme): { text: string; props: ReturnType<typeof segProps> }[] {
  const out: { text: string; props: ReturnType<typeof segProps>; key: string }[] = [];
  for (const s of segs) {
    if (s.text === '') continue;
    const props = segProps(s, theme);
    const key = JSON.stringify(props);
    const last = out[out.length - 1];
    if (last !== undefined && last.key === key) last.text += s.text;
    else out.push({ text: s.text, props, key });
  }
  return out;
}

export function Line({ segs, theme }: { readonly segs: readonly Seg[]; readonly theme: Theme }) {
  const merged = mergeSegs(segs, theme);
  // An empty <Text> takes no line in Ink: keep blank lines one space wide so panels keep their height.
  if (merged.length === 0) return <Text> </Text>;
  if (merged.length === 1) {
    const [only] = merged;
    return (
      <Text wrap="truncate" {...only!.props}>
        {only!.text}
      </Text>
    );
  }
  return (
    <Text wrap="truncate">
      {merged.map((s, i) => (
        <Text key={i} {...s.props}>
          {s.text}
        </Text>
      ))}
    </Text>
  );
}
