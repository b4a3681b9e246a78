#!/usr/bin/env bash
# Key press → changed screen in a real terminal (tmux): starts `chipsim tui` at COLUMNS×ROWS, then
# for each key sends it with `tmux send-keys` and polls `capture-pane` until the pane differs from
# the screen before (the header's event number changes with every key measured here). Prints one
# JSON line: first frame (wall ms to the "simulating…" line and to the first full frame) and, per
# key kind, median and max ms; play's achieved rate at 25 and 1000 ev/s and its pause latency; plus
# the polling floor (a capture-pane round trip) for reference.
# Usage: scripts/tui-keys.sh [scenario] [repeats] [columns] [rows]
# TUI_KEYS_COMMAND replaces the program (the bench's reference, test/bench/tui-echo.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-h100-2023}; repeats=${2:-10}; cols=${3:-160}; rows=${4:-48}
sock="chipsim-keys-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT
now() { date +%s%N; }
cap() { tmux -L "$sock" capture-pane -p -t s 2>/dev/null || true; }
start=$(now)
tmux -L "$sock" new-session -d -s s -x "$cols" -y "$rows" "env CI=true ${TUI_KEYS_COMMAND:-node bin/chipsim.js tui $scenario}; sleep 60"
first_text=''
until grep -q 'EVENTS' <<<"$(cap)"; do
  if [ -z "$first_text" ] && grep -q . <<<"$(cap)"; then first_text=$(( ($(now) - start) / 1000000 )); fi
  sleep 0.01
  if (( ($(now) - start) / 1000000 > 60000 )); then echo "timeout waiting for the first frame" >&2; exit 1; fi
done
first_frame=$(( ($(now) - start) / 1000000 ))
[ -z "$first_text" ] && first_text=$first_frame

# ms from sending key $1 until the pane differs from what it showed before.
press() {
  local before after t0 ms
  before=$(cap)
  t0=$(now)
  tmux -L "$sock" send-keys -t s "$1"
  for _ in $(seq 2000); do
    after=$(cap)
    if [ "$after" != "$before" ]; then
      ms=$(( ($(now) - t0) / 1000 ))
      echo "$ms"
      return
    fi
  done
  echo "no change after key $1" >&2
  exit 1
}
# median and max of microsecond samples, printed as ms
summary() { sort -n | awk '{a[NR]=$1} END {printf "{\"median_ms\":%.1f,\"max_ms\":%.1f,\"n\":%d}", a[int((NR+1)/2)]/1000, a[NR]/1000, NR}'; }

declare -A samples
add() { samples[$1]+="$2"$'\n'; }
press '}' >/dev/null; press '}' >/dev/null
for _ in $(seq "$repeats"); do
  add step "$(press Right)"
  add step_back "$(press Left)"
  add week "$(press ']')"
  add week_back "$(press '[')"
  add month "$(press '}')"
  add month_back "$(press '{')"
  add end "$(press End)"
  add home "$(press Home)"
  press '}' >/dev/null
  press '}' >/dev/null
done
# Play: the achieved rate (events per second between two samples 2 s apart, mid-play) at the
# default 25 ev/s and at 1000 ev/s, and the pause latency (space → header shows ‖). Not for the
# reference program (it has no play).
evnum() { cap | head -1 | grep -oE 'ev(ent)? [0-9,]+' | head -1 | tr -dc '0-9'; }
play() {
  local n_a t_a n_b t_b t0
  tmux -L "$sock" send-keys -t s Home; sleep 0.3
  tmux -L "$sock" send-keys -t s Space; sleep 0.5
  t_a=$(now); n_a=$(evnum); sleep 3; t_b=$(now); n_b=$(evnum)
  t0=$(now); tmux -L "$sock" send-keys -t s Space
  until cap | head -1 | grep -q '‖'; do
    if (( ($(now) - t0) / 1000000 > 10000 )); then echo "play did not pause" >&2; exit 1; fi
  done
  echo "{\"label\":$1,\"rate\":$(awk -v n=$((n_b - n_a)) -v t=$((t_b - t_a)) 'BEGIN {printf "%.1f", n * 1e9 / t}'),\"pause_ms\":$(( ($(now) - t0) / 1000000 ))}"
}
if [ -z "${TUI_KEYS_COMMAND:-}" ]; then
  play_25=$(play 25)
  for _ in 1 2 3 4 5; do tmux -L "$sock" send-keys -t s +; done
  sleep 0.2
  play_1000=$(play 1000)
fi
# The floor: one capture-pane round trip (the polling resolution of every figure above).
for _ in $(seq 20); do t0=$(now); cap >/dev/null; add floor $(( ($(now) - t0) / 1000 )); done
tmux -L "$sock" send-keys -t s q
out="{\"scenario\":\"$scenario\",\"columns\":$cols,\"rows\":$rows,\"first_output_ms\":$first_text,\"first_frame_ms\":$first_frame"
for k in step step_back week week_back month month_back end home floor; do
  out+=",\"$k\":$(printf '%s' "${samples[$k]}" | grep . | summary)"
done
[ -n "${play_25:-}" ] && out+=",\"play_25\":$play_25,\"play_1000\":$play_1000"
echo "$out,\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
