/** The UI reducer and key map, without rendering. */
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_SPEED_INDEX,
  SPEEDS,
  initialUiState,
  keyToAction,
  playCadence,
  reducer,
  weekJumpTarget,
  weekOfPosition,
  gotoTarget,
  playTarget,
  type Action,
  type TimelineInfo,
  type UiState,
} from '../../../ui/tui/state.js';

// 4 weeks; week w holds events (weekStarts[w], weekStarts[w+1]]: 0:[1..3] 1:[4..6] 2:[7..7] 3:[8..10]
const info: TimelineInfo = { total: 10, horizon: 4, weekStarts: [0, 3, 6, 7, 10], pipelineRows: 5, customerRows: 3 };
const policies = ['pro-rata', 'favoured', 'fcfs'];

function run(actions: Action[], from: UiState = initialUiState({ info, policy: 'pro-rata', policies })): UiState {
  return actions.reduce(reducer, from);
}

describe('navigation', () => {
  test('steps clamp to 0..total', () => {
    expect(run([{ type: 'step', by: -1 }]).position).toBe(0);
    expect(
      run([
        { type: 'step', by: 1 },
        { type: 'step', by: 1 },
      ]).position,
    ).toBe(2);
    expect(run([{ type: 'end' }, { type: 'step', by: 1 }]).position).toBe(10);
    expect(run([{ type: 'end' }, { type: 'home' }]).position).toBe(0);
  });

  test('week of a position and week jumps land on opening events', () => {
    expect([0, 1, 3, 4, 6, 7, 8, 10].map((p) => weekOfPosition(info, p))).toEqual([0, 0, 0, 1, 1, 2, 3, 3]);
    expect(weekJumpTarget(info, 0, 1)).toBe(4); // week 1 opens with event 4
    expect(weekJumpTarget(info, 5, 1)).toBe(7);
    expect(weekJumpTarget(info, 5, -1)).toBe(1);
    expect(weekJumpTarget(info, 2, -1)).toBe(0);
    expect(weekJumpTarget(info, 0, -4)).toBe(0);
    expect(weekJumpTarget(info, 1, 4)).toBe(10); // past the horizon: the end
    expect(
      run([
        { type: 'week', by: 1 },
        { type: 'week', by: 1 },
        { type: 'week', by: -1 },
      ]).position,
    ).toBe(4);
  });

  test('navigation pauses play; play from the end starts over; ticks stop at the end', () => {
    let s = run([{ type: 'togglePlay' }]);
    expect(s.playing).toBe(true);
    s = run(
      [
        { type: 'tick', events: 4 },
        { type: 'tick', events: 4 },
      ],
      s,
    );
    expect(s.position).toBe(8);
    s = run([{ type: 'tick', events: 4 }], s);
    expect(s).toMatchObject({ position: 10, playing: false });
    s = run([{ type: 'tick', events: 4 }], s);
    expect(s.position).toBe(10);
    s = run([{ type: 'togglePlay' }], s);
    expect(s).toMatchObject({ position: 0, playing: true });
    expect(run([{ type: 'step', by: 1 }], s).playing).toBe(false);
  });

  test('speed stays within the table; ticks at most 60 a second', () => {
    expect(run([{ type: 'speed', by: 100 }]).speedIndex).toBe(SPEEDS.length - 1);
    expect(run([{ type: 'speed', by: -100 }]).speedIndex).toBe(0);
    expect(run([]).speedIndex).toBe(DEFAULT_SPEED_INDEX);
    expect(playCadence(1)).toEqual({ intervalMs: 1000 });
    expect(playCadence(1000)).toEqual({ intervalMs: 16 });
  });
});

describe('focus, selection, chart', () => {
  test('Tab cycles focus; selection is clamped per panel; the chart follows the selection', () => {
    let s = run([
      { type: 'select', by: 1 },
      { type: 'select', by: 10 },
    ]);
    expect(s.selection.pipeline).toBe(4);
    s = run(
      [
        { type: 'focus', by: 1 },
        { type: 'select', by: 1 },
        { type: 'select', by: 1 },
        { type: 'select', by: 1 },
      ],
      s,
    );
    expect(s).toMatchObject({
      focus: 'customers',
      chartSubject: 'customers',
      selection: { pipeline: 4, customers: 2 },
    });
    s = run([{ type: 'focus', by: 1 }], s);
    expect(s).toMatchObject({ focus: 'log', chartSubject: 'customers' });
    s = run([{ type: 'focus', by: 1 }], s);
    expect(s.focus).toBe('pipeline');
    expect(run([{ type: 'focus', by: -1 }]).focus).toBe('log');
  });

  test('in the log ↑ scrolls back and ↓ returns, within the events so far', () => {
    let s = run([{ type: 'end' }, { type: 'focus', by: 2 }, { type: 'select', by: -1 }, { type: 'select', by: -1 }]);
    expect(s.logScroll).toBe(2);
    s = run([{ type: 'select', by: 5 }], s);
    expect(s.logScroll).toBe(0);
    s = run([{ type: 'select', by: -100 }], s);
    expect(s.logScroll).toBe(9);
  });

  test('c cycles the chart series, reset when the subject changes', () => {
    let s = run([{ type: 'chartNext' }, { type: 'chartNext' }]);
    expect(s.chartSeries).toBe(2);
    s = run([{ type: 'focus', by: 1 }], s);
    expect(s.chartSeries).toBe(0);
  });
});

describe('overlays, filter, policy, diff, quit', () => {
  test('? opens help, Esc or ? closes it', () => {
    const open = run([{ type: 'help' }]);
    expect(open.overlay).toBe('help');
    expect(run([{ type: 'escape' }], open).overlay).toBe('none');
    expect(run([{ type: 'help' }], open).overlay).toBe('none');
  });

  test('/ edits a filter: typing, backspace, Enter applies, Esc cancels the edit, Esc again clears', () => {
    let s = run([
      { type: 'filterStart' },
      { type: 'filterType', text: 'co' },
      { type: 'filterType', text: 'wx' },
      { type: 'filterBackspace' },
    ]);
    expect(s).toMatchObject({ filterDraft: 'cow', filter: '' });
    s = run([{ type: 'filterApply' }], s);
    expect(s).toMatchObject({ filterDraft: null, filter: 'cow' });
    s = run([{ type: 'filterStart' }, { type: 'filterType', text: 's' }, { type: 'escape' }], s);
    expect(s).toMatchObject({ filterDraft: null, filter: 'cow' });
    s = run([{ type: 'escape' }], s);
    expect(s.filter).toBe('');
  });

  test('p opens a picker; Enter asks for the highlighted policy; d compares with the fixed baseline', () => {
    let s = run([{ type: 'toggleDiff' }]);
    expect(s.diff).toBe(false);
    expect(s.status).toMatch(/is the baseline \(pro-rata\)/);
    s = run([{ type: 'pickerOpen' }], s);
    expect(s).toMatchObject({ overlay: 'policies', pickerIndex: 0 });
    s = run(
      [
        { type: 'pickerMove', by: -1 },
        { type: 'pickerMove', by: 1 },
      ],
      s,
    );
    expect(s.pickerIndex).toBe(1);
    s = run([{ type: 'pickerChoose' }], s);
    expect(s).toMatchObject({ overlay: 'none', pendingPolicy: 'favoured' });
    expect(run([{ type: 'pickerOpen' }], s).overlay).toBe('none'); // not while one is running
    const other: TimelineInfo = { ...info, total: 12 };
    s = run([{ type: 'policyLoaded', policy: 'favoured', info: other, position: 11 }], s);
    expect(s).toMatchObject({ policy: 'favoured', baseline: 'pro-rata', pendingPolicy: null, position: 11 });
    expect(s.info.total).toBe(12);
    s = run([{ type: 'toggleDiff' }], s);
    expect(s.diff).toBe(true);
    s = run([{ type: 'escape' }], s);
    expect(s.diff).toBe(false);
    // Choosing another policy keeps the baseline where --baseline put it.
    s = run([{ type: 'pickerOpen' }, { type: 'pickerMove', by: 1 }, { type: 'pickerChoose' }], s);
    expect(s.pendingPolicy).toBe('fcfs');
    s = run([{ type: 'policyFailed', message: 'boom' }], s);
    expect(s).toMatchObject({ pendingPolicy: null, status: 'boom', policy: 'favoured', baseline: 'pro-rata' });
    // Choosing the policy shown changes nothing.
    expect(run([{ type: 'pickerOpen' }, { type: 'pickerChoose' }], s).pendingPolicy).toBeNull();
  });

  test('--baseline sets the other side of d', () => {
    const s = initialUiState({ info, policy: 'pro-rata', policies, baseline: 'fcfs' });
    expect(run([{ type: 'toggleDiff' }], s).diff).toBe(true);
  });

  test('quit', () => {
    expect(run([{ type: 'togglePlay' }, { type: 'quit' }])).toMatchObject({ quit: true, playing: false });
  });

  test('the reducer never mutates its input', () => {
    const s0 = run([]);
    const copy = JSON.stringify(s0);
    run([{ type: 'step', by: 1 }, { type: 'select', by: 1 }, { type: 'filterStart' }], s0);
    expect(JSON.stringify(s0)).toBe(copy);
  });
});

describe('keys', () => {
  const s = run([]);
  const k = (input: string, key = {}, state = s) => keyToAction(input, key, state);

  test('navigation keys', () => {
    expect(k('', { rightArrow: true })).toEqual({ type: 'step', by: 1 });
    expect(k('l')).toEqual({ type: 'step', by: 1 });
    expect(k('', { leftArrow: true })).toEqual({ type: 'step', by: -1 });
    expect(k('h')).toEqual({ type: 'step', by: -1 });
    expect(k(']')).toEqual({ type: 'week', by: 1 });
    expect(k('[')).toEqual({ type: 'week', by: -1 });
    expect(k('}')).toEqual({ type: 'week', by: 4 });
    expect(k('{')).toEqual({ type: 'week', by: -4 });
    expect(k('', { home: true })).toEqual({ type: 'home' });
    expect(k('', { end: true })).toEqual({ type: 'end' });
    expect(k(' ')).toEqual({ type: 'togglePlay' });
    expect(k('+')).toEqual({ type: 'speed', by: 1 });
    expect(k('-')).toEqual({ type: 'speed', by: -1 });
    expect(k('', { tab: true })).toEqual({ type: 'focus', by: 1 });
    expect(k('', { tab: true, shift: true })).toEqual({ type: 'focus', by: -1 });
    expect(k('', { upArrow: true })).toEqual({ type: 'select', by: -1 });
    expect(k('', { downArrow: true })).toEqual({ type: 'select', by: 1 });
    expect(k('p')).toEqual({ type: 'pickerOpen' });
    expect(k(':')).toEqual({ type: 'gotoStart' });
    expect(k('n')).toEqual({ type: 'searchNext', by: 1 });
    expect(k('N')).toEqual({ type: 'searchNext', by: -1 });
    expect(k('f')).toEqual({ type: 'kindNext' });
    expect(k('m')).toEqual({ type: 'mark' });
    expect(k("'")).toEqual({ type: 'jumpMark' });
    expect(k('e')).toEqual({ type: 'export' });
    expect(k('', { pageDown: true })).toEqual({ type: 'select', by: 10 });
    expect(k('', { pageUp: true })).toEqual({ type: 'select', by: -10 });
    expect(k('d')).toEqual({ type: 'toggleDiff' });
    expect(k('/')).toEqual({ type: 'filterStart' });
    expect(k('?')).toEqual({ type: 'help' });
    expect(k('q')).toEqual({ type: 'quit' });
    expect(k('c', { ctrl: true })).toEqual({ type: 'quit' });
    expect(k('', { escape: true })).toEqual({ type: 'escape' });
    expect(k('z')).toBeNull();
  });

  test('Ctrl and Alt combinations do nothing, except Ctrl-C (quit) and Ctrl-L (redraw)', () => {
    for (const letter of 'abdefghijkmnopqrstuvwxyz') {
      expect(k(letter, { ctrl: true })).toBeNull();
      expect(k(letter, { meta: true })).toBeNull();
    }
    expect(k('', { rightArrow: true, ctrl: true })).toBeNull();
    expect(k('', { end: true, meta: true })).toBeNull();
    expect(k('l', { ctrl: true })).toEqual({ type: 'redraw' });
    expect(run([{ type: 'redraw' }]).redraws).toBe(1);
  });

  test('the picker takes ↑↓, Enter, Esc and p only', () => {
    const picking = run([{ type: 'pickerOpen' }]);
    expect(k('', { downArrow: true }, picking)).toEqual({ type: 'pickerMove', by: 1 });
    expect(k('', { return: true }, picking)).toEqual({ type: 'pickerChoose' });
    expect(k('p', {}, picking)).toEqual({ type: 'escape' });
    expect(k(']', {}, picking)).toBeNull();
  });

  test('while typing after :, keys are text and Enter goes', () => {
    const typing = run([{ type: 'gotoStart' }]);
    expect(k('w', {}, typing)).toEqual({ type: 'gotoType', text: 'w' });
    expect(k('q', {}, typing)).toEqual({ type: 'gotoType', text: 'q' });
    expect(k('', { return: true }, typing)).toEqual({ type: 'gotoApply' });
    expect(k('', { backspace: true }, typing)).toEqual({ type: 'gotoBackspace' });
  });

  test('while typing a filter, letters are text and only Enter, Esc, Backspace and Ctrl-C act', () => {
    const typing = run([{ type: 'filterStart' }]);
    expect(k('q', {}, typing)).toEqual({ type: 'filterType', text: 'q' });
    expect(k('l', {}, typing)).toEqual({ type: 'filterType', text: 'l' });
    expect(k('', { return: true }, typing)).toEqual({ type: 'filterApply' });
    expect(k('', { backspace: true }, typing)).toEqual({ type: 'filterBackspace' });
    expect(k('', { escape: true }, typing)).toEqual({ type: 'escape' });
    expect(k('c', { ctrl: true }, typing)).toEqual({ type: 'quit' });
    expect(k('', { rightArrow: true }, typing)).toBeNull();
  });

  test('with help open, only Esc, ?, q and Ctrl-C act', () => {
    const help = run([{ type: 'help' }]);
    expect(k('l', {}, help)).toBeNull();
    expect(k('?', {}, help)).toEqual({ type: 'escape' });
    expect(k('', { escape: true }, help)).toEqual({ type: 'escape' });
    expect(k('q', {}, help)).toEqual({ type: 'quit' });
  });
});

describe('go to, bookmarks, event kinds, play pace', () => {
  test(': w2 goes to the opening event of week 2, e7 to event 7; bad text says how', () => {
    const go = (text: string) =>
      run([
        { type: 'gotoStart' },
        ...[...text].map((c): Action => ({ type: 'gotoType', text: c })),
        { type: 'gotoApply' },
      ]);
    expect(go('w2').position).toBe(7);
    expect(go('e7').position).toBe(7);
    expect(go('5').position).toBe(5);
    expect(go('w0').position).toBe(0);
    expect(go('e999').position).toBe(10);
    const bad = go('x1');
    expect(bad.position).toBe(0);
    expect(bad.status).toMatch(/w30 or e1496/);
    expect(bad.gotoDraft).toBeNull();
    expect(gotoTarget(info, 'W3')).toBe(8);
    const edited = run([
      { type: 'gotoStart' },
      { type: 'gotoType', text: 'e9' },
      { type: 'gotoBackspace' },
      { type: 'gotoType', text: '4' },
      { type: 'gotoApply' },
    ]);
    expect(edited.position).toBe(4);
  });

  test("m marks (again: unmarks), ' jumps to the next mark and wraps", () => {
    let s = run([{ type: 'step', by: 2 }, { type: 'mark' }, { type: 'step', by: 5 }, { type: 'mark' }]);
    expect(s.bookmarks).toEqual([2, 7]);
    s = run([{ type: 'home' }, { type: 'jumpMark' }], s);
    expect(s.position).toBe(2);
    s = run([{ type: 'jumpMark' }], s);
    expect(s.position).toBe(7);
    s = run([{ type: 'jumpMark' }], s);
    expect(s.position).toBe(2);
    s = run([{ type: 'mark' }], s);
    expect(s.bookmarks).toEqual([7]);
    expect(run([{ type: 'jumpMark' }]).status).toMatch(/no bookmarks/);
  });

  test('f cycles the event kind; Esc clears it with the search', () => {
    let s = run([{ type: 'kindNext' }]);
    expect(s.kind).toBe('allocate');
    s = run([{ type: 'escape' }], s);
    expect(s.kind).toBe('');
  });

  test('play is paced by elapsed time: the target does not depend on how often ticks come', () => {
    expect(playTarget(100, 2000, 25)).toBe(150);
    expect(playTarget(0, 1000, 1000)).toBe(1000);
    expect(playTarget(0, 39, 25)).toBe(0);
    let a = run([{ type: 'togglePlay' }]);
    a = run([{ type: 'tick', events: 0 }], a);
    expect(a.position).toBe(0);
  });
});
