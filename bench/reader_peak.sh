#!/bin/bash
# The reader's peak memory (`/usr/bin/time -v`) and CPU in three starts, each binary with its
# own cache dir, in tmux (120×40), quitting once every section is listed and every body indexed
# (from the frame trace, KIOSQUE_TRACE):
#   cold     no cache: every file read, the log, the lists file and the lookup written;
#   warm     nothing changed since: the lists file read, the log replayed, the files checked;
#   changed  one article added since the last start: a live update, the log appended, the
#            lists file and the lookup written again.
# The reader opens LIB and a second folder of its own, where the new articles are added (LIB
# is not touched: a hard-linked copy would change every file's ctime, which makes every log
# of LIB, others' too, read each file again); the binaries are alternated, RUNS rounds of warm
# and changed starts.
#
#   bench/reader_peak.sh LIB RUNS BIN...
set -eu
LIB=$1; RUNS=$2; shift 2
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export KIOSQUE_CONFIG_DIR=$W/config XDG_DATA_HOME=$W/data
mkdir -p "$KIOSQUE_CONFIG_DIR" "$XDG_DATA_HOME"
NEW_DIR=$W/extra/ajouts
mkdir -p "$NEW_DIR"
article() { # FILE N: an article of its own (its own id)
  printf 'Article ajouté pour la mesure numéro %s\n\nPar Anne Dupont\n\nLe corps de l’article %s, qui dit peu de choses mais les dit en français.\n' "$2" "$2" > "$1"
}
article "$NEW_DIR/zz-reader-peak-0.txt" 0
SESSION=kq-reader-peak-$$
run() { # WHAT BIN
  local cache=$W/cache-$(basename "$2")
  mkdir -p "$cache"
  rm -f "$W/trace" "$W/time"
  tmux new-session -d -x 120 -y 40 -s "$SESSION" \
    "env KIOSQUE_TRACE=$W/trace KIOSQUE_CACHE_DIR=$cache /usr/bin/time -v -o $W/time $2 $LIB $W/extra"
  for _ in $(seq 1 6000); do
    grep -q "loading=0 indexing=0" "$W/trace" 2>/dev/null && break
    sleep 0.05
  done
  # The lists file and the lookup are written once the load ends: let them be.
  sleep 1.5
  tmux send-keys -t "$SESSION" q
  for _ in $(seq 1 600); do [ -s "$W/time" ] && break; sleep 0.05; done
  rss=$(awk '/Maximum resident/ {printf "%.1f MB", $NF / 1024}' "$W/time")
  cpu=$(awk '/User time|System time/ {s += $NF} END {printf "%.2f s", s}' "$W/time")
  printf '%-8s %-32s peak RSS %10s   CPU %s\n' "$1" "$(basename "$2")" "$rss" "$cpu"
}
for b in "$@"; do run cold "$b"; done
for r in $(seq 1 "$RUNS"); do
  for b in "$@"; do run warm "$b"; done
  # A new article, seen by each binary once.
  article "$NEW_DIR/zz-reader-peak-$r.txt" "$r"
  for b in "$@"; do run changed "$b"; done
done
