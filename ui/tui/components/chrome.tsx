/** Header, footer and help overlay: the frame around the panels. */
import { Box } from 'ink';
import { fmtInt, padEnd, truncate } from '../format.js';
import { Line, type Seg, type Theme } from './line.js';
import { wrapText } from './wrap.js';

export { wrapText };

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
  /** Text being typed after `:`; null when not typing. */
  readonly gotoDraft: string | null;
  readonly status: string | null;
  readonly overlay: 'none' | 'help' | 'policies';
  readonly diffAvailable: boolean;
  readonly width: number;
  readonly theme: Theme;
}

// In priority order: what fits 80 columns first (policy, search and chart included).
const HINTS: readonly [string, string][] = [
  ['←→', 'event'],
  ['[]', 'week'],
  ['spc', 'play'],
  ['p', 'policy'],
  ['/', 'search'],
  ['c', 'chart'],
  ['?', 'help'],
  ['q', 'quit'],
  ['d', 'diff'],
  [':', 'go to'],
  ['tab ↑↓', 'select'],
  ['{ }', 'month'],
  ['n N', 'next match'],
  ['f', 'kind'],
  ["m '", 'mark'],
  ['e', 'export'],
  ['+ -', 'speed'],
];

/** A prompt being typed: its label, the draft with a cursor, and the hint cut to what fits. */
function promptLine(p: FooterProps, label: string, draft: string, hint: string) {
  return (
    <Line
      theme={p.theme}
      segs={[
        { text: label, tone: 'title', bold: true },
        { text: `${draft}█` },
        { text: truncate(hint, Math.max(0, p.width - label.length - 1 - draft.length)), tone: 'muted' },
      ]}
    />
  );
}

export function Footer(p: FooterProps) {
  if (p.gotoDraft !== null) {
    return promptLine(p, ' go to: ', p.gotoDraft, '   w30 = week 30 · e1496 = event 1496 · Enter go · Esc cancel');
  }
  if (p.overlay === 'policies') {
    return (
      <Line
        theme={p.theme}
        segs={[{ text: truncate(' ↑↓ choose · Enter re-runs at this moment · Esc closes', p.width), tone: 'muted' }]}
      />
    );
  }
  if (p.filterDraft !== null) {
    return promptLine(p, ' search events: ', p.filterDraft, '   Enter shows matches, n/N jump · Esc cancel');
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

export const HELP_KEYS: readonly [string, string][] = [
  ['→ l   ← h', 'next / previous event (exact both ways)'],
  ['] [   } {', 'a week / four weeks forward / back'],
  ['Home g  End G', 'start / end of the run'],
  [':', 'go to: w30 = week 30, e1496 = event 1496'],
  ['space  + = / - _', 'play or pause; faster / slower'],
  ['Tab ↑↓ k j PgUp/Dn', 'focus a panel (Shift-Tab back); select a row; PgUp/Dn by 10'],
  ['c', 'next series in the chart of the selection'],
  ['p', 'pick a policy (↑↓ Enter): re-run at the same moment'],
  ['d', 'diff per customer: baseline (A) vs this run (B)'],
  ['/   n N', 'search the log; next / previous match'],
  ['f', 'show one event kind in the log (cycles)'],
  ["m   '", 'bookmark this event; jump to the next one'],
  ['e   Ctrl-L', 'export the view (JSON + screen text); redraw'],
  ['?  Esc  q  Ctrl-C', 'this help; Esc closes help, diff, search; quit'],
];

// Short enough that keys and notes fit an 80×24 terminal, 23 rows drawn (test/ui/tui/app.test.tsx checks).
const HELP_NOTES: readonly string[] = [
  'Pipeline: in process = inside the stage; waiting = queued in front of it; bar = share of last ' +
    'week’s capacity used (now: this week so far); * = binding.',
  'Customers (t0 = most favoured): fill = received ÷ (ordered − cancelled); wait = mean weeks order → ' +
    'delivery; +N = boards at the last allocation.',
];

export function Help(p: HelpProps) {
  // Every key column ends in at least one space.
  const keyWidth = Math.max(...HELP_KEYS.map(([k]) => k.length)) + 1;
  const lines: Seg[][] = [[{ text: ' KEYS', tone: 'title', bold: true }]];
  for (const [k, what] of HELP_KEYS) {
    lines.push([{ text: ' ' + padEnd(k, keyWidth), bold: true }, { text: truncate(what, p.width - keyWidth - 1) }]);
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

export interface PolicyPickerProps {
  readonly policies: readonly string[];
  readonly current: string;
  readonly baseline: string;
  readonly selected: number;
  readonly width: number;
  readonly height: number;
  readonly theme: Theme;
}

/** `p`: the policies to re-run with (same scenario, seed and moment). */
export function PolicyPicker(p: PolicyPickerProps) {
  const lines: Seg[][] = [
    [{ text: ' POLICY: re-run this scenario and seed, at the same moment', tone: 'title', bold: true }],
  ];
  p.policies.forEach((name, i) => {
    const tags = [name === p.current ? 'shown now' : '', name === p.baseline ? 'baseline of d' : ''].filter((x) => x);
    lines.push([
      {
        text: padEnd(
          `${i === p.selected ? ' ▸ ' : '   '}${name}${tags.length > 0 ? ` (${tags.join(', ')})` : ''}`,
          p.width,
        ),
        bold: i === p.selected,
        inverse: i === p.selected,
      },
    ]);
  });
  return (
    <Box flexDirection="column" width={p.width} height={p.height}>
      {lines.slice(0, Math.max(1, p.height)).map((segs, i) => (
        <Line key={i} theme={p.theme} segs={segs} />
      ))}
    </Box>
  );
}
