#!/bin/bash
# The reader's warm start, in tmux (120×40): when its first frame is drawn, and when the whole
# library is listed with its final counts (no "loading" any more), from the frame trace
# (KIOSQUE_TRACE). Runs the binaries given in turn, RUNS times, each with its own copy of the
# cache dir (a lists file written by one build is not another's).
#
#   bench/first_frame.sh LIB CACHE RUNS BIN...
#
# CACHE: a cache dir where a first run wrote the library's log (and indexed every body).
set -eu
LIB=$1; CACHE=$2; RUNS=$3; shift 3
WORK=$(mktemp -d)
export KIOSQUE_CONFIG_DIR=$WORK/config XDG_DATA_HOME=$WORK/data
mkdir -p "$KIOSQUE_CONFIG_DIR" "$XDG_DATA_HOME"
SESSION=kq-first-frame-$$
run() { # BIN CACHE
  local trace=$WORK/trace
  rm -f "$trace"
  tmux new-session -d -x 120 -y 40 -s "$SESSION" \
    "env KIOSQUE_TRACE=$trace KIOSQUE_CACHE_DIR=$2 $1 $LIB"
  for _ in $(seq 1 2400); do
    grep -q "loading=0 indexing=0" "$trace" 2>/dev/null && break
    sleep 0.05
  done
  sleep 1
  tmux send-keys -t "$SESSION" q
  for _ in $(seq 1 600); do tmux has-session -t "$SESSION" 2>/dev/null || break; sleep 0.05; done
  python3 - "$trace" <<'PY'
import sys
lines = open(sys.argv[1]).read().split('\n')
start = int(lines[0].split()[1])
frames = [l for l in lines if l.startswith('frame')]
def first(cond):
    for l in frames:
        if cond(l):
            return (int(l.split()[1]) - start) / 1000
    return float('nan')
print(f"first frame {first(lambda l: True):8.1f} ms   listed {first(lambda l: 'loading=0' in l and ' view=0 ' not in l):8.1f} ms   indexed {first(lambda l: 'loading=0 indexing=0' in l):8.1f} ms")
PY
}
n=0
for bin in "$@"; do
  n=$((n + 1))
  cp -r "$CACHE" "$WORK/cache$n"
  echo "# $bin: a first run writes its lists file"
  run "$bin" "$WORK/cache$n" > /dev/null
done
for r in $(seq 1 "$RUNS"); do
  n=0
  for bin in "$@"; do
    n=$((n + 1))
    printf '%-40s ' "$(basename "$bin")"
    run "$bin" "$WORK/cache$n"
  done
done
rm -rf "$WORK"
