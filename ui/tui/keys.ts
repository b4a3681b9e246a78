/**
 * Terminal input → key presses, without Ink. Ink splits stdin into events (a plain-text run, or one
 * escape sequence each); `decodeInput` turns one such event into the presses it holds:
 *   - plain text is taken character by character (a burst or a paste: every key counts, Backspace
 *     and Enter included), control characters become their key or Ctrl+letter;
 *   - a known escape sequence becomes its key (arrows, Home/End, PgUp/PgDn, Shift-Tab, Esc);
 *     with a modifier (Ctrl/Alt/Shift+arrow, Alt+letter) it is marked so that it is ignored;
 *   - any other sequence (mouse reports, focus in/out, bracketed-paste marks, F-keys) is swallowed whole.
 */
import type { KeyInfo } from './state.js';

export interface KeyPress {
  readonly input: string;
  readonly key: KeyInfo;
}

const CSI_KEYS: Record<string, keyof KeyInfo> = {
  A: 'upArrow',
  B: 'downArrow',
  C: 'rightArrow',
  D: 'leftArrow',
  H: 'home',
  F: 'end',
};
const TILDE_KEYS: Record<string, keyof KeyInfo> = {
  '1': 'home',
  '7': 'home',
  '4': 'end',
  '8': 'end',
  '5': 'pageUp',
  '6': 'pageDown',
  '3': 'delete',
};

function press(input: string, key: KeyInfo = {}): KeyPress {
  return { input, key };
}

/** One escape sequence (starting with ESC) → its press, or null to swallow it. */
function decodeSequence(seq: string): KeyPress | null {
  if (seq === '\x1b') return press('', { escape: true });
  // ESC ESC [ … : Alt + a special key
  if (seq.startsWith('\x1b\x1b')) return decodeSequence(seq.slice(1)) === null ? null : press('', { meta: true });
  // Terminal key sequences start with ESC; matching a control character is the point here.
  // eslint-disable-next-line no-control-regex
  const csi = /^\x1b\[([\d;]*)([A-Za-z~])$/.exec(seq) ?? /^\x1bO()([A-Za-z])$/.exec(seq);
  if (csi !== null) {
    const [, params = '', final = ''] = csi;
    const parts = params.split(';');
    const modifier = Number(parts[1] ?? '1');
    const modified = parts.length > 1 && modifier > 1;
    let name: keyof KeyInfo | undefined;
    if (final === '~') name = TILDE_KEYS[parts[0] ?? ''];
    else if (final === 'Z' && params === '') return press('', { tab: true, shift: true });
    else if (params === '' || parts[0] === '1') name = CSI_KEYS[final];
    if (name === undefined) return null;
    if (!modified) return press('', { [name]: true });
    // xterm modifier = 1 + shift(1) + alt(2) + ctrl(4)
    const m = modifier - 1;
    return press('', { [name]: true, shift: (m & 1) !== 0, meta: (m & 2) !== 0, ctrl: (m & 4) !== 0 });
  }
  // ESC + one character: Alt + that key.
  if ([...seq].length === 2) return press(seq.slice(1), { meta: true });
  return null;
}

/** A control character (below space, or DEL) → its key. */
function decodeControl(ch: string): KeyPress {
  const code = ch.charCodeAt(0);
  if (ch === '\r' || ch === '\n') return press('', { return: true });
  if (ch === '\t') return press('', { tab: true });
  if (ch === '\x7f' || ch === '\b') return press('', { backspace: true });
  if (code >= 1 && code <= 26) return press(String.fromCharCode(code + 96), { ctrl: true });
  return press('', { ctrl: true });
}

/** The presses in one input event (see the module doc). */
export function decodeInput(event: string): KeyPress[] {
  if (event.startsWith('\x1b')) {
    const one = decodeSequence(event);
    return one === null ? [] : [one];
  }
  const out: KeyPress[] = [];
  for (const ch of event) {
    const code = ch.charCodeAt(0);
    out.push(code < 0x20 || code === 0x7f ? decodeControl(ch) : press(ch));
  }
  return out;
}
