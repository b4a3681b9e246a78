#!/usr/bin/env bash
# Memory of a real `chipsim tui` session (tmux): RSS at the first frame, after End (the full 2-year
# run on screen), and after switching policy N times (two runs held) with the diff open at the end.
# Usage: scripts/tui-memory.sh [scenario] [switches] (8 = every built-in policy once, back to the first)
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-h100-2023}; switches=${2:-3}
sock="chipsim-memory-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT
tmux -L "$sock" new-session -d -s s -x 160 -y 48 "env CI=true node bin/chipsim.js tui $scenario; sleep 60"
until tmux -L "$sock" capture-pane -p -t s | grep -q EVENTS; do sleep 0.05; done
pid=$(pgrep -P "$(tmux -L "$sock" display -p -t s '#{pane_pid}')" node | head -1)
rss() { awk '/VmRSS|VmHWM/ {printf "%s %.0f MB  ", $1, $2/1024}' "/proc/$pid/status"; echo; }
echo -n "first frame:        "; rss
tmux -L "$sock" send-keys -t s End; sleep 1
echo -n "at the end:         "; rss
for _ in $(seq "$switches"); do
  before=$(tmux -L "$sock" capture-pane -p -t s | head -1)
  # p opens the picker; ↓ Enter re-runs with the next policy at the same moment
  tmux -L "$sock" send-keys -t s p; sleep 0.3; tmux -L "$sock" send-keys -t s Down; sleep 0.2; tmux -L "$sock" send-keys -t s Enter
  for _ in $(seq 300); do sleep 0.1; now=$(tmux -L "$sock" capture-pane -p -t s | head -1); [ "$now" != "$before" ] && ! grep -q '…' <<<"$now" && break; done
  echo -n "  now showing $(awk -F' · ' '{print $2}' <<<"$now"): "; rss
done
tmux -L "$sock" send-keys -t s d; sleep 0.5; tmux -L "$sock" send-keys -t s Home; sleep 0.5; tmux -L "$sock" send-keys -t s End; sleep 0.5
echo -n "after $switches switches + diff: "; rss
tmux -L "$sock" send-keys -t s q
