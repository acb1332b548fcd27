#!/bin/bash
# The reader's peak memory and CPU on a warm start: each binary runs on its own copy of the
# cache dir, in tmux (120×40), and quits once every section is listed and every body indexed
# (from the frame trace, KIOSQUE_TRACE); `/usr/bin/time -v` gives the peak RSS. The binaries
# are alternated RUNS times. The first run of each writes its lists file (a copied cache is
# another file: its lists are not used), so read the runs after the first.
#
#   bench/reader_peak.sh LIB CACHE RUNS BIN...
#
# CACHE: a cache dir where a first run wrote the library's log (and indexed every body).
set -eu
LIB=$1; CACHE=$2; RUNS=$3; shift 3
W=$(mktemp -d)
export KIOSQUE_CONFIG_DIR=$W/config XDG_DATA_HOME=$W/data
mkdir -p "$KIOSQUE_CONFIG_DIR" "$XDG_DATA_HOME"
SESSION=kq-reader-peak-$$
for b in "$@"; do cp -r "$CACHE" "$W/cache-$(basename "$b")"; done
for _ in $(seq 1 "$RUNS"); do
  for b in "$@"; do
    rm -f "$W/trace" "$W/time"
    tmux new-session -d -x 120 -y 40 -s "$SESSION" \
      "env KIOSQUE_TRACE=$W/trace KIOSQUE_CACHE_DIR=$W/cache-$(basename "$b") /usr/bin/time -v -o $W/time $b $LIB"
    for _ in $(seq 1 2400); do
      grep -q "loading=0 indexing=0" "$W/trace" 2>/dev/null && break
      sleep 0.05
    done
    sleep 0.5
    tmux send-keys -t "$SESSION" q
    for _ in $(seq 1 600); do [ -s "$W/time" ] && break; sleep 0.05; done
    rss=$(awk '/Maximum resident/ {printf "%.1f MB", $NF / 1024}' "$W/time")
    cpu=$(awk '/User time|System time/ {s += $NF} END {printf "%.2f s", s}' "$W/time")
    printf '%-40s peak RSS %10s   CPU %s\n' "$(basename "$b")" "$rss" "$cpu"
  done
done
rm -rf "$W"
