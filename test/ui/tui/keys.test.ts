/** Terminal input → key presses (ui/tui/keys.ts), then → actions: what a burst, a mouse report or a combo does. */
import { describe, expect, test } from 'vitest';
import { decodeInput } from '../../../ui/tui/keys.js';
import { initialUiState, keyToAction, reducer, type UiState } from '../../../ui/tui/state.js';
import { HELP_KEYS } from '../../../ui/tui/components/chrome.js';

const info = { total: 10, horizon: 4, weekStarts: [0, 3, 6, 7, 10], pipelineRows: 5, customerRows: 3 };
const fresh = () => initialUiState({ info, policy: 'pro-rata', policies: ['pro-rata', 'fcfs'] });

/** Feeds raw input events through decoder, key map and reducer, as the App does. */
function feed(events: string[], from: UiState = fresh()): UiState {
  let s = from;
  for (const e of events)
    for (const { input, key } of decodeInput(e)) {
      const a = keyToAction(input, key, s);
      if (a !== null) s = reducer(s, a);
    }
  return s;
}

describe('decodeInput', () => {
  test('known sequences become their keys', () => {
    expect(decodeInput('\x1b[C')).toEqual([{ input: '', key: { rightArrow: true } }]);
    expect(decodeInput('\x1b[D')).toEqual([{ input: '', key: { leftArrow: true } }]);
    expect(decodeInput('\x1bOA')).toEqual([{ input: '', key: { upArrow: true } }]);
    expect(decodeInput('\x1b[6~')).toEqual([{ input: '', key: { pageDown: true } }]);
    expect(decodeInput('\x1b[5~')).toEqual([{ input: '', key: { pageUp: true } }]);
    expect(decodeInput('\x1b[H')).toEqual([{ input: '', key: { home: true } }]);
    expect(decodeInput('\x1b[4~')).toEqual([{ input: '', key: { end: true } }]);
    expect(decodeInput('\x1b[Z')).toEqual([{ input: '', key: { tab: true, shift: true } }]);
    expect(decodeInput('\x1b')).toEqual([{ input: '', key: { escape: true } }]);
  });

  test('mouse, focus and paste reports are swallowed whole', () => {
    for (const seq of ['\x1b[<64;10;5M', '\x1b[<0;3;4m', '\x1b[I', '\x1b[O', '\x1b[200~', '\x1b[201~', '\x1b[15~'])
      expect(decodeInput(seq)).toEqual([]);
    // None of them moves the timeline (a wheel report used to act as `[`).
    const at = feed(['}', '}']);
    expect(feed(['\x1b[<64;10;5M', '\x1b[<65;10;5M', '\x1b[I', '\x1b[O'], at)).toEqual(at);
  });

  test('a burst of typing keeps every key, Backspace and Enter included', () => {
    const s = feed(['/', 'alloz\x7fc\x7fcated\r']);
    expect(s.filter).toBe('allocated');
    expect(s.filterDraft).toBeNull();
    expect(feed(['/', 'cow\x1b']).filter).toBe('');
    expect(feed(['/', 'ab', '\x08', 'c', '\r']).filter).toBe('ac');
    expect(feed([':', 'w2\r']).position).toBe(7);
    expect(feed(['lll']).position).toBe(3);
  });

  test('Ctrl and Alt combinations do nothing, except Ctrl-C and Ctrl-L', () => {
    const at = feed(['}']);
    // Ctrl-L, Ctrl-P, Ctrl-G, Ctrl-H as bytes; Alt-l, Alt-], Ctrl-→, Alt-→ as sequences
    const combos = ['\x10', '\x07', '\x0e', '\x1bl', '\x1b]', '\x1b[1;5C', '\x1b[1;3D', '\x1b\x1b[C'];
    expect(feed(combos, at)).toEqual(at);
    expect(feed(['\x0c'], at)).toMatchObject({ redraws: 1, position: at.position });
    expect(feed(['\x03'], at).quit).toBe(true);
  });
});

describe('only documented keys act', () => {
  test('every printable key that does something is listed in the help', () => {
    const documented = new Set(HELP_KEYS.flatMap(([k]) => k.split(/\s+/)));
    const s = fresh();
    for (let code = 0x21; code < 0x7f; code++) {
      const ch = String.fromCharCode(code);
      if (keyToAction(ch, {}, s) !== null)
        expect(documented.has(ch), `key ${ch} acts but is not in the help`).toBe(true);
    }
  });
});
