/**
 * The TUI in a real terminal: `chipsim tui` runs in a detached tmux session (its own tmux server
 * socket) with CI=true in its environment, keys go in with `send-keys`, the screen comes back with
 * `capture-pane -p`. Skipped, with the reason printed, when tmux is not on PATH (CI installs it).
 * Every wait has a deadline and the tmux server is killed afterwards, so this can never hang.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { missingInOrder, readmeBlock, shownLines } from '../support/readme.js';

const ROOT = join(import.meta.dirname, '..', '..');
const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
const SOCKET = `chipsim-tui-test-${process.pid}`;
const EXIT_MARK = 'CHIPSIM-TUI-EXITED';

if (!hasTmux)
  console.warn(
    'tui-tmux.test.ts skipped: tmux is not on PATH (install it, e.g. apt-get install -y tmux; .ci/run does)',
  );

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8', timeout: 10_000 });
}

function screen(session: string): string {
  return tmux('capture-pane', '-p', '-t', session);
}

/** SGR colour codes on screen (foreground/background 30–37, 40–47, 90–97, 38;…/48;…). */
function colourCodes(session: string): string[] {
  const withEscapes = tmux('capture-pane', '-e', '-p', '-t', session);
  const codes: string[] = [];
  for (const m of withEscapes.matchAll(/\x1b\[([\d;]*)m/g)) {
    const params = m[1]!.split(';');
    if (params.some((p) => /^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$/.test(p))) codes.push(m[0]);
  }
  return codes;
}

async function waitForScreen(
  session: string,
  check: (s: string) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<string> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    try {
      last = screen(session);
    } catch {
      last = '';
    }
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; screen was:\n${last}`);
}

/** Starts `chipsim tui ARGS` in a new detached session; the shell prints EXIT_MARK=<code> after it. */
function start(session: string, columns: number, rows: number, args: string, env = ''): void {
  const command = `cd '${ROOT}' && env CI=true ${env} node bin/chipsim.js tui ${args}; echo ${EXIT_MARK}=$?; sleep 60`;
  tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), command);
}

const headerOf = (s: string) => s.split('\n')[0] ?? '';
const eventOf = (s: string) => Number(/ev(?:ent)? ([\d,]+) ?\//.exec(headerOf(s))?.[1]?.replace(/,/g, '') ?? NaN);

afterAll(() => {
  if (!hasTmux) return;
  try {
    tmux('kill-server');
  } catch {
    // already gone
  }
});

describe.skipIf(!hasTmux)('chipsim tui in tmux (real terminal, CI=true)', () => {
  test('moves forward, comes back to the same screen, shows help, quits', async () => {
    const s = 'toy';
    start(s, 100, 30, 'toy');
    const first = await waitForScreen(s, (x) => x.includes('EVENTS') && x.includes('q quit'), 'the first frame');
    expect(headerOf(first)).toContain('toy · pro-rata · seed 1');
    expect(eventOf(first)).toBe(0);

    tmux('send-keys', '-t', s, '}');
    const week4 = await waitForScreen(s, (x) => / week 4 of 26/.test(headerOf(x)), 'week 4');
    const at = eventOf(week4);
    expect(at).toBeGreaterThan(0);

    for (let i = 1; i <= 3; i++) {
      tmux('send-keys', '-t', s, 'Right');
      await waitForScreen(s, (x) => eventOf(x) === at + i, `event ${at + i}`);
    }
    const ahead = screen(s);
    expect(ahead).not.toBe(week4);
    for (let i = 1; i <= 3; i++) {
      tmux('send-keys', '-t', s, 'Left');
      await waitForScreen(s, (x) => eventOf(x) === at + 3 - i, `event ${at + 3 - i}`);
    }
    expect(screen(s)).toBe(week4);

    tmux('send-keys', '-t', s, '?');
    const help = await waitForScreen(
      s,
      (x) => x.includes('KEYS') && x.includes('READING THE SCREEN'),
      'the help overlay',
    );
    expect(help).not.toContain('PIPELINE');
    tmux('send-keys', '-t', s, 'Escape');
    await waitForScreen(s, (x) => x === week4, 'the screen before help');

    tmux('send-keys', '-t', s, 'q');
    const after = await waitForScreen(s, (x) => x.includes(`${EXIT_MARK}=`), 'the process to exit');
    expect(after).toContain(`${EXIT_MARK}=0`);
    // The alternate screen is gone: the shell's screen is back, without the TUI on it.
    expect(tmux('display', '-p', '-t', s, '#{alternate_on}').trim()).toBe('0');
    expect(after).not.toContain('PIPELINE');
  }, 120_000);

  test('colours in a terminal even with CI=true; none with NO_COLOR', async () => {
    start('colour', 100, 30, 'toy');
    start('plain', 100, 30, 'toy', 'NO_COLOR=1');
    await waitForScreen('colour', (x) => x.includes('EVENTS'), 'the first frame');
    await waitForScreen('plain', (x) => x.includes('EVENTS'), 'the first frame');
    expect(colourCodes('colour').length).toBeGreaterThan(0);
    expect(colourCodes('plain')).toEqual([]);
    expect(tmux('capture-pane', '-e', '-p', '-t', 'plain')).toContain('\x1b[1;7m'); // bold inverse header stays
    // The customer's whole-run chart: asciichart colours its series itself, so NO_COLOR must reach it too.
    for (const s of ['colour', 'plain']) tmux('send-keys', '-t', s, '}', '}', '}', 'Tab');
    for (const s of ['colour', 'plain']) await waitForScreen(s, (x) => x.includes('▲ now wk 12'), 'the customer chart');
    const chartRows = (s: string) =>
      tmux('capture-pane', '-e', '-p', '-t', s)
        .split('\n')
        .filter((l) => /[┼┤]/.test(l));
    expect(chartRows('colour').join('\n')).toMatch(/\x1b\[3[1-6]m/);
    expect(chartRows('plain').join('\n')).not.toMatch(/\x1b\[(3[0-8]|9[0-7])m/);
    expect(colourCodes('plain')).toEqual([]);
    for (const s of ['colour', 'plain']) tmux('send-keys', '-t', s, 'q');
    for (const s of ['colour', 'plain'])
      await waitForScreen(s, (x) => x.includes(`${EXIT_MARK}=0`), 'the process to exit');
  }, 120_000);

  test('h100-2023 starts at 80×24 and Ctrl-C quits cleanly', async () => {
    const s = 'h100';
    const started = Date.now();
    start(s, 80, 24, 'h100-2023');
    const first = await waitForScreen(
      s,
      (x) => x.includes('EVENTS') && x.includes('h100-2023'),
      'the first frame',
      40_000,
    );
    const ms = Date.now() - started;
    console.log(`tmux: h100-2023 first frame after ${ms} ms (the compiled CLI, under the test run's load)`);
    expect(first.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
    expect(first).toContain('CoWoS-S packaging');
    tmux('send-keys', '-t', s, ']');
    await waitForScreen(s, (x) => / wk 1\/104/.test(headerOf(x)) || / week 1 of 104/.test(headerOf(x)), 'week 1');
    tmux('send-keys', '-t', s, 'C-c');
    const after = await waitForScreen(s, (x) => x.includes(`${EXIT_MARK}=`), 'the process to exit');
    expect(after).toContain(`${EXIT_MARK}=0`);
  }, 120_000);

  test('SIGINT, SIGTERM and SIGHUP from outside each restore the terminal', async () => {
    for (const [signal, code] of [
      ['INT', 130],
      ['TERM', 143],
      ['HUP', 129],
    ] as const) {
      const s = `sig${signal}`;
      start(s, 100, 30, 'toy');
      await waitForScreen(s, (x) => x.includes('EVENTS'), 'the first frame');
      const shell = tmux('display', '-p', '-t', s, '#{pane_pid}').trim();
      const node = execFileSync('pgrep', ['-P', shell, 'node'], { encoding: 'utf8' }).trim().split('\n')[0]!;
      execFileSync('kill', [`-${signal}`, node]);
      const after = await waitForScreen(s, (x) => x.includes(`${EXIT_MARK}=`), `the exit after SIG${signal}`);
      expect(after).toContain(`${EXIT_MARK}=${code}`);
      // The alternate screen is left (a TUI screen that merely scrolled up would pass a text check).
      expect(tmux('display', '-p', '-t', s, '#{alternate_on}').trim()).toBe('0');
      for (const panel of ['PIPELINE', 'CUSTOMERS', 'EVENTS']) expect(after).not.toContain(panel);
      // The cursor is visible again (the TUI hid it).
      expect(tmux('display', '-p', '-t', s, '#{cursor_flag}').trim()).toBe('1');
    }
  }, 120_000);

  test('a mouse wheel or focus report does nothing; below the minimum size one line says so', async () => {
    const s = 'input';
    start(s, 100, 30, 'toy');
    await waitForScreen(s, (x) => x.includes('EVENTS'), 'the first frame');
    tmux('send-keys', '-t', s, '}');
    const week4 = await waitForScreen(s, (x) => / week 4 of 26/.test(headerOf(x)), 'week 4');
    // SGR mouse wheel up/down and focus in/out, as a terminal sends them
    tmux('send-keys', '-t', s, '-l', '\x1b[<64;10;5M\x1b[<65;10;5M\x1b[I\x1b[O');
    tmux('send-keys', '-t', s, 'C-g', 'C-p');
    await new Promise((r) => setTimeout(r, 500));
    expect(screen(s)).toBe(week4);
    // Ctrl-L redraws the same screen (only the footer says so).
    tmux('send-keys', '-t', s, 'C-l');
    const redrawn = await waitForScreen(s, (x) => x.includes('screen redrawn'), 'the redraw');
    const body = (x: string) => x.split('\n').slice(0, 28).join('\n');
    expect(body(redrawn)).toBe(body(week4));
    tmux('send-keys', '-t', s, 'Escape');
    await waitForScreen(s, (x) => x === week4, 'the screen after the redraw notice');
    tmux('resize-window', '-t', s, '-x', '50', '-y', '12');
    await waitForScreen(s, (x) => x.includes('terminal too small (need 60×16'), 'the too-small line');
    tmux('resize-window', '-t', s, '-x', '100', '-y', '30');
    await waitForScreen(s, (x) => x === week4, 'the screen back at 100×30');
    tmux('send-keys', '-t', s, 'q');
    await waitForScreen(s, (x) => x.includes(`${EXIT_MARK}=0`), 'the process to exit');
  }, 120_000);

  test("the README's screen (tui h100-2023 --policy favoured --week 30 in 116×38) is what the TUI shows", async () => {
    const block = readmeBlock(' chipsim │ h100-2023 · favoured · seed 1 │ 2023-07-31 · week 30 of 104');
    expect(block, 'README has no TUI screen at week 30').toBeDefined();
    const s = 'readme';
    start(s, 116, 38, 'h100-2023 --policy favoured --week 30');
    const shown = await waitForScreen(s, (x) => x.includes('EVENTS') && / week 30 of 104/.test(x), 'week 30');
    const lines = shown.split('\n').map((l) => l.trimEnd());
    expect(missingInOrder(shownLines(block!), lines)).toEqual([]);
    tmux('send-keys', '-t', s, 'q');
    await waitForScreen(s, (x) => x.includes(`${EXIT_MARK}=0`), 'the process to exit');
  }, 120_000);
});
