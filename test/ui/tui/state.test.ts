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

  test('speed stays within the table; cadence never faster than 20 frames a second', () => {
    expect(run([{ type: 'speed', by: 100 }]).speedIndex).toBe(SPEEDS.length - 1);
    expect(run([{ type: 'speed', by: -100 }]).speedIndex).toBe(0);
    expect(run([]).speedIndex).toBe(DEFAULT_SPEED_INDEX);
    expect(playCadence(1)).toEqual({ intervalMs: 1000, events: 1 });
    expect(playCadence(1000)).toEqual({ intervalMs: 50, events: 50 });
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

  test('p asks for the next policy; loading it keeps the previous one as the diff baseline', () => {
    let s = run([{ type: 'toggleDiff' }]);
    expect(s.diff).toBe(false);
    expect(s.status).toMatch(/press p/);
    s = run([{ type: 'policyNext' }], s);
    expect(s.pendingPolicy).toBe('favoured');
    expect(run([{ type: 'policyNext' }], s).pendingPolicy).toBe('favoured');
    const other: TimelineInfo = { ...info, total: 12 };
    s = run([{ type: 'policyLoaded', policy: 'favoured', info: other, position: 11 }], s);
    expect(s).toMatchObject({ policy: 'favoured', baseline: 'pro-rata', pendingPolicy: null, position: 11 });
    expect(s.info.total).toBe(12);
    s = run([{ type: 'toggleDiff' }], s);
    expect(s.diff).toBe(true);
    s = run([{ type: 'escape' }], s);
    expect(s.diff).toBe(false);
    s = run([{ type: 'policyNext' }, { type: 'policyFailed', message: 'boom' }], s);
    expect(s).toMatchObject({ pendingPolicy: null, status: 'boom', policy: 'favoured' });
  });

  test('the policy cycle wraps around', () => {
    const s = initialUiState({ info, policy: 'fcfs', policies });
    expect(run([{ type: 'policyNext' }], s).pendingPolicy).toBe('pro-rata');
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
    expect(k('p')).toEqual({ type: 'policyNext' });
    expect(k('d')).toEqual({ type: 'toggleDiff' });
    expect(k('/')).toEqual({ type: 'filterStart' });
    expect(k('?')).toEqual({ type: 'help' });
    expect(k('q')).toEqual({ type: 'quit' });
    expect(k('c', { ctrl: true })).toEqual({ type: 'quit' });
    expect(k('', { escape: true })).toEqual({ type: 'escape' });
    expect(k('z')).toBeNull();
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
