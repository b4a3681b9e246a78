/**
 * The terminal UI's state and its pure reducer: position on the timeline, focus and selection,
 * overlay, play/speed, event-log filter, policy and diff. No rendering, no timers, no simulation:
 * everything here is a function of (state, action), so it is tested without Ink.
 *
 * The reducer knows the timeline only through `TimelineInfo` (event count, week boundaries, row
 * counts) — plain, immutable data. The container turns positions into model states.
 */
import { castDraft, produce } from 'immer';

export type Focus = 'pipeline' | 'customers' | 'log';
export const FOCUS_ORDER: readonly Focus[] = ['pipeline', 'customers', 'log'];

/** Play speeds, events per second. */
export const SPEEDS: readonly number[] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000];
export const DEFAULT_SPEED_INDEX = 4;
/** Weeks per `{` / `}` jump. */
export const MONTH_WEEKS = 4;

export interface TimelineInfo {
  /** Events in the run. */
  readonly total: number;
  readonly horizon: number;
  /** weekStarts[w] = events with time < w, w = 0..horizon. */
  readonly weekStarts: readonly number[];
  /** Rows of the pipeline panel and of the customers panel (selection bounds). */
  readonly pipelineRows: number;
  readonly customerRows: number;
}

export interface UiState {
  readonly info: TimelineInfo;
  readonly position: number;
  readonly playing: boolean;
  readonly speedIndex: number;
  readonly focus: Focus;
  /** What the chart shows: the selected stage or the selected customer (the last of those focused). */
  readonly chartSubject: 'pipeline' | 'customers';
  readonly selection: { readonly pipeline: number; readonly customers: number };
  /** Event-log scroll: how many (matching) events back from the newest. */
  readonly logScroll: number;
  /** Which of the subject's series the chart shows (cycled with `c`). */
  readonly chartSeries: number;
  readonly overlay: 'none' | 'help' | 'policies';
  /** Highlighted row of the policy picker (`p`). */
  readonly pickerIndex: number;
  /** Text being typed after `:` (go to `w30` or `e1496`); null when not typing. */
  readonly gotoDraft: string | null;
  /** Event kind the log shows ('' = every kind), cycled with `f`. */
  readonly kind: string;
  /** Marked positions (`m`), ascending; `'` jumps to the next one. */
  readonly bookmarks: readonly number[];
  /** Bumped by Ctrl-L (redraw) and `e` (export): the container acts on the change. */
  readonly redraws: number;
  readonly exports: number;
  /** Applied event-log filter ('' = none). */
  readonly filter: string;
  /** Text being typed after `/`; null when not editing. */
  readonly filterDraft: string | null;
  readonly policy: string;
  readonly policies: readonly string[];
  /** A policy being computed after `p`; null when none. */
  readonly pendingPolicy: string | null;
  /** The policy `d` compares against (`--baseline`, default pro-rata). */
  readonly baseline: string;
  readonly diff: boolean;
  /** One-line notice for the footer; cleared by the next key. */
  readonly status: string | null;
  readonly quit: boolean;
}

export type Action =
  | { type: 'step'; by: number }
  | { type: 'week'; by: number }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'goTo'; position: number }
  | { type: 'togglePlay' }
  | { type: 'speed'; by: number }
  | { type: 'tick'; events: number }
  | { type: 'focus'; by: number }
  | { type: 'select'; by: number }
  | { type: 'chartNext' }
  | { type: 'help' }
  | { type: 'escape' }
  | { type: 'filterStart' }
  | { type: 'filterType'; text: string }
  | { type: 'filterBackspace' }
  | { type: 'filterApply' }
  | { type: 'pickerOpen' }
  | { type: 'pickerMove'; by: number }
  | { type: 'pickerChoose' }
  | { type: 'gotoStart' }
  | { type: 'gotoType'; text: string }
  | { type: 'gotoBackspace' }
  | { type: 'gotoApply' }
  | { type: 'searchNext'; by: 1 | -1 }
  | { type: 'kindNext' }
  | { type: 'mark' }
  | { type: 'jumpMark' }
  | { type: 'redraw' }
  | { type: 'export' }
  | { type: 'notice'; message: string }
  | { type: 'policyLoaded'; policy: string; info: TimelineInfo; position: number }
  | { type: 'policyFailed'; message: string }
  | { type: 'toggleDiff' }
  | { type: 'quit' };

export interface InitOptions {
  info: TimelineInfo;
  policy: string;
  policies: readonly string[];
  position?: number;
  /** Initially selected pipeline row (default 0). */
  pipelineRow?: number;
  /** The policy `d` compares against (default pro-rata). */
  baseline?: string;
}

/** Event kinds `f` cycles through in the log ('' = all): the ones worth reading apart from the flow of lots. */
export const LOG_KINDS: readonly string[] = [
  '',
  'allocate',
  'demand',
  'shipDone',
  'plan',
  'cowosShift',
  'cowosDone',
  'testDone',
  'boardDone',
  'hbmDone',
  'sortDone',
  'lotDone',
  'shockStart',
];

export function initialUiState(options: InitOptions): UiState {
  return {
    info: options.info,
    position: clamp(options.position ?? 0, 0, options.info.total),
    playing: false,
    speedIndex: DEFAULT_SPEED_INDEX,
    focus: 'pipeline',
    chartSubject: 'pipeline',
    selection: {
      pipeline: clamp(options.pipelineRow ?? 0, 0, Math.max(0, options.info.pipelineRows - 1)),
      customers: 0,
    },
    logScroll: 0,
    chartSeries: 0,
    overlay: 'none',
    pickerIndex: 0,
    gotoDraft: null,
    kind: '',
    bookmarks: [],
    redraws: 0,
    exports: 0,
    filter: '',
    filterDraft: null,
    policy: options.policy,
    policies: options.policies,
    pendingPolicy: null,
    baseline: options.baseline ?? 'pro-rata',
    diff: false,
    status: null,
    quit: false,
  };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, x));
}

/** The week position p falls in (week of its last event; 0 before any event). */
export function weekOfPosition(info: TimelineInfo, p: number): number {
  if (p <= 0) return 0;
  // largest w in [0, horizon − 1] with weekStarts[w] < p
  let lo = 0;
  let hi = info.horizon - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (info.weekStarts[mid]! < p) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Position right after the opening event of week w (0 before week 0, total after the last). */
export function weekStartPosition(info: Pick<TimelineInfo, 'horizon' | 'total' | 'weekStarts'>, w: number): number {
  if (w < 0) return 0;
  if (w >= info.horizon) return info.total;
  return Math.min(info.total, info.weekStarts[w]! + 1);
}

/** Target of a jump by `weeks` from position p: the opening event of week (current ± weeks). */
export function weekJumpTarget(info: TimelineInfo, p: number, weeks: number): number {
  if (weeks === 0) return p;
  if (p <= 0 && weeks < 0) return 0;
  return weekStartPosition(info, weekOfPosition(info, p) + weeks);
}

/**
 * Play is paced by elapsed time, not by ticks: `playTarget` is where play should be `elapsedMs` after
 * it started at `from` (so a slow frame never slows the achieved speed); ticks only decide how often
 * the screen follows (at most every 1000/speed ms, at least every 16 ms).
 */
export function playTarget(from: number, elapsedMs: number, speed: number): number {
  return from + Math.floor((Math.max(0, elapsedMs) * speed) / 1000);
}

/** Milliseconds between play ticks for a speed (events per second). */
export function playCadence(speed: number): { intervalMs: number } {
  return { intervalMs: Math.max(16, Math.round(1000 / speed)) };
}

/**
 * A `:` target: `w30` (week 30's opening event), `e1496` or a bare number (event 1496); null when
 * the text is neither.
 */
export function gotoTarget(info: TimelineInfo, text: string): number | null {
  const m = /^\s*([we]?)\s*(\d+)\s*$/i.exec(text);
  if (m === null) return null;
  const n = Number(m[2]);
  if (m[1]!.toLowerCase() === 'w') return n === 0 ? 0 : weekStartPosition(info, n);
  return clamp(n, 0, info.total);
}

function rowCount(info: TimelineInfo, focus: 'pipeline' | 'customers'): number {
  return focus === 'pipeline' ? info.pipelineRows : info.customerRows;
}

export function reducer(state: UiState, action: Action): UiState {
  return produce(state, (d) => {
    if (action.type !== 'tick') d.status = null;
    switch (action.type) {
      case 'step':
        d.playing = false;
        d.position = clamp(state.position + action.by, 0, state.info.total);
        return;
      case 'week':
        d.playing = false;
        d.position = weekJumpTarget(state.info, state.position, action.by);
        return;
      case 'home':
        d.playing = false;
        d.position = 0;
        return;
      case 'end':
        d.playing = false;
        d.position = state.info.total;
        return;
      case 'goTo':
        d.position = clamp(action.position, 0, state.info.total);
        return;
      case 'togglePlay':
        if (!state.playing && state.position >= state.info.total) {
          // Playing from the end starts over, like a media player.
          d.position = 0;
        }
        d.playing = !state.playing;
        return;
      case 'speed':
        d.speedIndex = clamp(state.speedIndex + action.by, 0, SPEEDS.length - 1);
        return;
      case 'tick':
        if (!state.playing) return;
        d.position = clamp(state.position + Math.max(0, action.events), 0, state.info.total);
        if (d.position >= state.info.total) d.playing = false;
        return;
      case 'focus': {
        const i = FOCUS_ORDER.indexOf(state.focus);
        const n = FOCUS_ORDER.length;
        const next = FOCUS_ORDER[(((i + action.by) % n) + n) % n]!;
        d.focus = next;
        if (next !== 'log') {
          if (next !== state.chartSubject) d.chartSeries = 0;
          d.chartSubject = next;
        }
        return;
      }
      case 'select':
        if (state.focus === 'log') {
          // ↑ scrolls back to older events, ↓ forward to the newest.
          d.logScroll = clamp(state.logScroll - action.by, 0, Math.max(0, state.position - 1));
          return;
        }
        d.selection[state.focus] = clamp(
          state.selection[state.focus] + action.by,
          0,
          Math.max(0, rowCount(state.info, state.focus) - 1),
        );
        if (state.chartSubject !== state.focus) d.chartSeries = 0;
        d.chartSubject = state.focus;
        return;
      case 'chartNext':
        d.chartSeries = state.chartSeries + 1;
        return;
      case 'help':
        d.overlay = state.overlay === 'help' ? 'none' : 'help';
        return;
      case 'escape':
        if (state.filterDraft !== null) d.filterDraft = null;
        else if (state.gotoDraft !== null) d.gotoDraft = null;
        else if (state.overlay !== 'none') d.overlay = 'none';
        else if (state.diff) d.diff = false;
        else if (state.filter !== '' || state.kind !== '') {
          d.filter = '';
          d.kind = '';
          d.logScroll = 0;
        }
        return;
      case 'gotoStart':
        d.gotoDraft = '';
        return;
      case 'gotoType':
        if (state.gotoDraft !== null) d.gotoDraft = state.gotoDraft + action.text;
        return;
      case 'gotoBackspace':
        if (state.gotoDraft !== null) d.gotoDraft = state.gotoDraft.slice(0, -1);
        return;
      case 'gotoApply': {
        if (state.gotoDraft === null) return;
        const target = gotoTarget(state.info, state.gotoDraft);
        d.gotoDraft = null;
        if (target === null) {
          d.status = `go to what? type w<week> or e<event>, e.g. w30 or e1496 (not "${state.gotoDraft}")`;
          return;
        }
        d.playing = false;
        d.position = target;
        d.logScroll = 0;
        return;
      }
      case 'searchNext':
        // Resolved by the container (it holds the log) into a goTo or a notice.
        return;
      case 'kindNext': {
        const i = LOG_KINDS.indexOf(state.kind);
        d.kind = LOG_KINDS[(i + 1) % LOG_KINDS.length]!;
        d.logScroll = 0;
        return;
      }
      case 'mark': {
        const at = state.bookmarks.indexOf(state.position);
        d.bookmarks =
          at >= 0
            ? state.bookmarks.filter((p) => p !== state.position)
            : [...state.bookmarks, state.position].sort((a, b) => a - b);
        d.status =
          at >= 0
            ? `bookmark at event ${state.position} removed`
            : `bookmarked event ${state.position} (' jumps between bookmarks)`;
        return;
      }
      case 'jumpMark': {
        if (state.bookmarks.length === 0) {
          d.status = 'no bookmarks: m marks the current event';
          return;
        }
        const next = state.bookmarks.find((p) => p > state.position) ?? state.bookmarks[0]!;
        d.playing = false;
        d.position = clamp(next, 0, state.info.total);
        d.status = `bookmark ${state.bookmarks.indexOf(next) + 1} of ${state.bookmarks.length}: event ${next}`;
        return;
      }
      case 'redraw':
        // The notice also changes the frame, so Ink writes it whole after the container cleared the screen.
        d.redraws = state.redraws + 1;
        d.status = 'screen redrawn';
        return;
      case 'export':
        d.exports = state.exports + 1;
        return;
      case 'notice':
        d.status = action.message;
        return;
      case 'filterStart':
        d.filterDraft = state.filter;
        return;
      case 'filterType':
        if (state.filterDraft !== null) d.filterDraft = state.filterDraft + action.text;
        return;
      case 'filterBackspace':
        if (state.filterDraft !== null) d.filterDraft = state.filterDraft.slice(0, -1);
        return;
      case 'filterApply':
        if (state.filterDraft !== null) {
          d.filter = state.filterDraft.trim();
          d.filterDraft = null;
          d.logScroll = 0;
        }
        return;
      case 'pickerOpen':
        if (state.pendingPolicy !== null || state.policies.length === 0) return;
        d.overlay = 'policies';
        d.pickerIndex = Math.max(0, state.policies.indexOf(state.policy));
        d.playing = false;
        return;
      case 'pickerMove':
        d.pickerIndex = clamp(state.pickerIndex + action.by, 0, Math.max(0, state.policies.length - 1));
        return;
      case 'pickerChoose': {
        const next = state.policies[state.pickerIndex];
        d.overlay = 'none';
        if (next === undefined || next === state.policy) return;
        d.pendingPolicy = next;
        return;
      }
      case 'policyLoaded':
        d.policy = action.policy;
        d.info = castDraft(action.info);
        d.position = clamp(action.position, 0, action.info.total);
        d.pendingPolicy = null;
        d.selection.pipeline = clamp(state.selection.pipeline, 0, Math.max(0, action.info.pipelineRows - 1));
        d.selection.customers = clamp(state.selection.customers, 0, Math.max(0, action.info.customerRows - 1));
        d.logScroll = 0;
        d.status = `re-ran with ${action.policy} (same seed, same moment); d compares it with ${state.baseline}`;
        return;
      case 'policyFailed':
        d.pendingPolicy = null;
        d.status = action.message;
        return;
      case 'toggleDiff':
        if (!state.diff && state.baseline === state.policy) {
          d.status = `this run is the baseline (${state.baseline}): p picks another policy to compare with it`;
          return;
        }
        d.diff = !state.diff;
        return;
      case 'quit':
        d.quit = true;
        d.playing = false;
        return;
    }
  });
}

/** The subset of Ink's Key that the UI reads. */
export interface KeyInfo {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  shift?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
  meta?: boolean;
}

// A typed character is text only when it holds no control character (C0 or DEL).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Maps one key press (keys.ts) to an action, or null to ignore it. Only the documented keys act:
 * Ctrl-C quits and Ctrl-L redraws; every other Ctrl or Alt combination is ignored.
 */
export function keyToAction(input: string, key: KeyInfo, state: UiState): Action | null {
  if (key.ctrl && input === 'c') return { type: 'quit' };
  if (key.ctrl && input === 'l') return { type: 'redraw' };
  if (key.ctrl || key.meta) return null;
  if (state.gotoDraft !== null) {
    if (key.escape) return { type: 'escape' };
    if (key.return) return { type: 'gotoApply' };
    if (key.backspace || key.delete) return { type: 'gotoBackspace' };
    if (input !== '' && !CONTROL_CHARACTER.test(input)) return { type: 'gotoType', text: input };
    return null;
  }
  if (state.filterDraft !== null) {
    if (key.escape) return { type: 'escape' };
    if (key.return) return { type: 'filterApply' };
    if (key.backspace || key.delete) return { type: 'filterBackspace' };
    if (input !== '' && !key.ctrl && !key.meta && !CONTROL_CHARACTER.test(input))
      return { type: 'filterType', text: input };
    return null;
  }
  if (state.overlay === 'help') {
    if (key.escape || input === '?') return { type: 'escape' };
    if (input === 'q') return { type: 'quit' };
    return null;
  }
  if (state.overlay === 'policies') {
    if (key.escape || input === 'p') return { type: 'escape' };
    if (key.upArrow || input === 'k') return { type: 'pickerMove', by: -1 };
    if (key.downArrow || input === 'j') return { type: 'pickerMove', by: 1 };
    if (key.return) return { type: 'pickerChoose' };
    if (input === 'q') return { type: 'quit' };
    return null;
  }
  if (key.escape) return { type: 'escape' };
  if (key.rightArrow || input === 'l') return { type: 'step', by: 1 };
  if (key.leftArrow || input === 'h') return { type: 'step', by: -1 };
  if (input === ']') return { type: 'week', by: 1 };
  if (input === '[') return { type: 'week', by: -1 };
  if (input === '}') return { type: 'week', by: MONTH_WEEKS };
  if (input === '{') return { type: 'week', by: -MONTH_WEEKS };
  if (key.home || input === 'g') return { type: 'home' };
  if (key.end || input === 'G') return { type: 'end' };
  if (input === ' ') return { type: 'togglePlay' };
  if (input === '+' || input === '=') return { type: 'speed', by: 1 };
  if (input === '-' || input === '_') return { type: 'speed', by: -1 };
  if (key.tab) return { type: 'focus', by: key.shift ? -1 : 1 };
  if (key.upArrow || input === 'k') return { type: 'select', by: -1 };
  if (key.downArrow || input === 'j') return { type: 'select', by: 1 };
  if (key.pageUp) return { type: 'select', by: -10 };
  if (key.pageDown) return { type: 'select', by: 10 };
  if (input === 'c') return { type: 'chartNext' };
  if (input === 'p') return { type: 'pickerOpen' };
  if (input === ':') return { type: 'gotoStart' };
  if (input === 'n') return { type: 'searchNext', by: 1 };
  if (input === 'N') return { type: 'searchNext', by: -1 };
  if (input === 'f') return { type: 'kindNext' };
  if (input === 'm') return { type: 'mark' };
  if (input === "'") return { type: 'jumpMark' };
  if (input === 'e') return { type: 'export' };
  if (input === 'd') return { type: 'toggleDiff' };
  if (input === '/') return { type: 'filterStart' };
  if (input === '?') return { type: 'help' };
  if (input === 'q') return { type: 'quit' };
  return null;
}
