#!/usr/bin/env bash
# Measures `chipsim tui` start-up in a real terminal (tmux): prints, for each run, when the command
# started, the run was simulated, Ink was loaded and the first frame was drawn (ms after process
# start, from CHIPSIM_TUI_TIMING), and the wall time until tmux shows the first frame.
# Usage: scripts/tui-startup.sh [scenario] [runs] [columns] [rows]
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-h100-2023}; runs=${2:-5}; cols=${3:-160}; rows=${4:-48}
sock="chipsim-startup-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT
for i in $(seq "$runs"); do
  log=$(mktemp)
  start=$(date +%s%N)
  tmux -L "$sock" new-session -d -s s -x "$cols" -y "$rows" \
    "env CI=true CHIPSIM_TUI_TIMING=1 node bin/chipsim.js tui $scenario 2>$log; sleep 30"
  until tmux -L "$sock" capture-pane -p -t s 2>/dev/null | grep -q 'EVENTS'; do
    sleep 0.02
    if (( ($(date +%s%N) - start) / 1000000 > 20000 )); then echo "timeout" >&2; exit 1; fi
  done
  wall=$(( ($(date +%s%N) - start) / 1000000 ))
  tmux -L "$sock" send-keys -t s q
  for _ in $(seq 100); do [ -s "$log" ] && break; sleep 0.05; done
  echo "run $i: first frame on screen after ${wall} ms (wall, tmux polling); $(tr '\n' ';' < "$log")"
  tmux -L "$sock" kill-session -t s 2>/dev/null || true
  rm -f "$log"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
