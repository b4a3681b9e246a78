/**
 * `tui`: key press → changed screen of `chipsim tui h100-2023` at 160×48 in a real terminal (tmux),
 * measured by scripts/tui-keys.sh. The figure (loop_s) is the median over every key measured (steps,
 * week, month, End/Home jumps); `check` has the medians per kind, the first frame (ms), and play's
 * achieved rate at the 25 and 1000 ev/s labels with its pause latency. The
 * reference is the same script driving test/bench/tui-echo.mjs, a program that redraws the whole
 * screen per key and does nothing else: the ratio says how close the TUI comes to that floor.
 * Registered only where tmux is installed.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Measurement, Workload } from './workload.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const KINDS = ['step', 'step_back', 'week', 'week_back', 'month', 'month_back', 'end', 'home'] as const;
const REPEATS = '6';

interface KeysReport {
  first_output_ms: number;
  first_frame_ms: number;
  [kind: string]:
    number | string | { median_ms: number; max_ms: number; n: number } | { rate: number; pause_ms: number };
}

function keys(command?: string): Measurement {
  const r = spawnSync('bash', ['scripts/tui-keys.sh', 'h100-2023', REPEATS, '160', '48'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...(command !== undefined ? { TUI_KEYS_COMMAND: command } : {}) },
    timeout: 180_000,
  });
  if (r.status !== 0) throw new Error(`scripts/tui-keys.sh failed (${r.status}): ${r.stderr}`);
  const report = JSON.parse(r.stdout.trim().split('\n').pop()!) as KeysReport;
  const check: Record<string, number> = {
    first_output_ms: report.first_output_ms,
    first_frame_ms: report.first_frame_ms,
  };
  const medians: number[] = [];
  let presses = 0;
  for (const k of KINDS) {
    const s = report[k] as { median_ms: number; n: number };
    check[`${k}_ms`] = s.median_ms;
    medians.push(s.median_ms);
    presses += s.n;
  }
  check['floor_ms'] = (report['floor'] as { median_ms: number }).median_ms;
  // Play (the TUI only): achieved events per second against the label, and space → paused on screen.
  for (const label of ['25', '1000']) {
    const play = report[`play_${label}`] as { rate: number; pause_ms: number } | undefined;
    if (play === undefined) continue;
    check[`play_${label}_rate`] = play.rate;
    check[`play_${label}_pause_ms`] = play.pause_ms;
  }
  medians.sort((a, b) => a - b);
  return { events: presses, loopSeconds: medians[medians.length >> 1]! / 1000, check };
}

const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export const tuiWorkloads: Workload[] = hasTmux
  ? [
      {
        name: 'tui',
        description: 'chipsim tui h100-2023 at 160×48 in tmux: key press → changed pane (median ms per key kind)',
        figure: 'loop_s',
        run: () => keys(),
        reference: () => keys('node test/bench/tui-echo.mjs'),
        referenceName: 'tui-echo',
      },
    ]
  : [];
