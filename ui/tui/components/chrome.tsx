/** Header, footer and help overlay: the frame around the panels. */
import { Box } from 'ink';
import { fmtInt, padEnd, truncate } from '../format.js';
import { Line, type Seg, type Theme } from './line.js';

export interface HeaderProps {
  readonly scenario: string;
  readonly policy: string;
  readonly seed: number;
  readonly date: string;
  readonly week: number;
  readonly horizon: number;
  readonly position: number;
  readonly total: number;
  readonly playing: boolean;
  readonly speed: number;
  readonly pendingPolicy: string | null;
  readonly width: number;
  readonly theme: Theme;
}

/** The first variant that fits `width`, else the last one cut. */
export function fitVariants(variants: readonly string[], width: number): string {
  for (const v of variants) if (v.length <= width) return v;
  return truncate(variants[variants.length - 1]!, width);
}

export function Header(p: HeaderProps) {
  const play = p.playing ? `▶ playing ${p.speed} ev/s` : `‖ paused · ${p.speed} ev/s`;
  const playShort = p.playing ? `▶ ${p.speed}/s` : `‖ ${p.speed}/s`;
  const policy = p.pendingPolicy !== null ? `${p.policy} → ${p.pendingPolicy}…` : p.policy;
  const at = p.position === 0 ? `start (${p.horizon} weeks)` : `week ${p.week} of ${p.horizon}`;
  const ev = `${fmtInt(p.position)}/${fmtInt(p.total)}`;
  const variants = [
    ` chipsim │ ${p.scenario} · ${policy} · seed ${p.seed} │ ${p.date} · ${at} │ event ${fmtInt(p.position)} / ${fmtInt(p.total)} │ ${play} `,
    ` ${p.scenario} · ${policy} · seed ${p.seed} │ ${p.date} · ${at} │ event ${ev} │ ${play} `,
    ` ${p.scenario} · ${policy} · seed ${p.seed} │ ${p.date} wk ${p.week}/${p.horizon} │ ev ${ev} │ ${playShort} `,
    ` ${p.scenario} · ${policy} · s${p.seed} │ ${p.date} wk ${p.week} │ ev ${ev} │ ${playShort} `,
    ` ${p.scenario} · ${policy} │ wk ${p.week} │ ev ${ev} │ ${playShort} `,
    ` ${policy} │ wk ${p.week} │ ${ev} │ ${playShort} `,
  ];
  return (
    <Line
      theme={p.theme}
      segs={[{ text: padEnd(fitVariants(variants, p.width), p.width), inverse: true, bold: true }]}
    />
  );
}

export interface FooterProps {
  /** Text being typed after `/`; null when not editing. */
  readonly filterDraft: string | null;
  readonly status: string | null;
  readonly overlay: 'none' | 'help';
  readonly diffAvailable: boolean;
  readonly width: number;
  readonly theme: Theme;
}

const HINTS: readonly [string, string][] = [
  ['←→', 'event'],
  ['[ ]', 'week'],
  ['space', 'play'],
  ['?', 'help'],
  ['q', 'quit'],
  ['{ }', 'month'],
  ['tab ↑↓', 'select'],
  ['p', 'policy'],
  ['d', 'diff'],
  ['/', 'filter'],
  ['c', 'chart'],
  ['+ -', 'speed'],
  ['Home End', 'ends'],
];

export function Footer(p: FooterProps) {
  if (p.filterDraft !== null) {
    return (
      <Line
        theme={p.theme}
        segs={[
          { text: ' filter events: ', tone: 'title', bold: true },
          { text: `${p.filterDraft}█`, inverse: false },
          {
            text: truncate('   Enter apply · Esc cancel', Math.max(0, p.width - 17 - p.filterDraft.length)),
            tone: 'muted',
          },
        ]}
      />
    );
  }
  if (p.overlay === 'help') {
    return (
      <Line theme={p.theme} segs={[{ text: truncate(' Esc or ? closes help · q quits', p.width), tone: 'muted' }]} />
    );
  }
  if (p.status !== null) {
    return <Line theme={p.theme} segs={[{ text: truncate(` ${p.status}`, p.width), tone: 'accent' }]} />;
  }
  // Key hints in priority order, as many as fit.
  const segs: Seg[] = [];
  let used = 0;
  for (const [key, what] of HINTS) {
    if (key === 'd' && !p.diffAvailable) continue;
    const piece = ` ${key} ${what} `;
    if (used + piece.length > p.width) break;
    segs.push({ text: ` ${key}`, bold: true, tone: 'title' }, { text: ` ${what} `, tone: 'muted' });
    used += piece.length;
  }
  return <Line theme={p.theme} segs={segs} />;
}

export interface HelpProps {
  readonly width: number;
  readonly height: number;
  readonly theme: Theme;
}

const HELP_KEYS: readonly [string, string][] = [
  ['→ l   ← h', 'next / previous event (exact: restored from snapshots)'],
  ['] [', 'a week forward / back (to the week’s opening event)'],
  ['} {', 'four weeks forward / back'],
  ['Home g   End G', 'start / end of the run'],
  ['space   + -', 'play or pause; faster / slower'],
  ['Tab   ↑ ↓ (k j)', 'focus a panel; select a stage or customer'],
  ['c', 'next series in the chart of the selection'],
  ['p', 're-run with the next policy, same seed'],
  ['d', 'diff per customer: previous policy (A) vs current (B)'],
  ['/', 'filter the event log: type, Enter applies, Esc clears'],
  ['?   Esc', 'this help; Esc closes help, diff, filter'],
  ['q   Ctrl-C', 'quit'],
];

const HELP_NOTES: readonly string[] = [
  'Pipeline (flow order): in process = inside the stage; waiting for it = queued in front of it; bar = ' +
    'share of last week’s capacity used (now = this week so far); * = binding stage (the most downstream ' +
    'at capacity). The line below: why CoWoS could not start more.',
  'Customers (t0 = most favoured): on order = open, not yet allocated; fill = received ÷ (ordered − ' +
    'cancelled); wait = mean weeks from order to delivery; +N = boards at the last allocation.',
  // Shown on screens tall enough for the line it explains (30+ rows), where the help has room too.
  'The line under the customers: what the selected one got at the last allocation, its share of the ' +
    'open orders, and the rule of the policy that decided.',
];

/** Greedy word wrap to `width` columns. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ' ' + word;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => truncate(l, width));
}

export function Help(p: HelpProps) {
  const keyWidth = Math.min(18, Math.max(12, Math.floor(p.width / 5)));
  const lines: Seg[][] = [[{ text: ' KEYS', tone: 'title', bold: true }]];
  for (const [k, what] of HELP_KEYS) {
    lines.push([{ text: ' ' + padEnd(k, keyWidth), bold: true }, { text: truncate(what, p.width - keyWidth - 2) }]);
  }
  lines.push([{ text: ' READING THE SCREEN', tone: 'title', bold: true }]);
  for (const n of HELP_NOTES) for (const l of wrapText(n, Math.min(96, p.width - 2))) lines.push([{ text: ' ' + l }]);
  const shown = lines.slice(0, Math.max(1, p.height));
  return (
    <Box flexDirection="column" width={p.width} height={p.height}>
      {shown.map((segs, i) => (
        <Line key={i} theme={p.theme} segs={segs} />
      ))}
    </Box>
  );
}
