#!/usr/bin/env bash
# Two corpora measured in one session, alternated round by round, for growth ratios (issue 9:
# 100 000 against 1 000 000 articles): the floors (`find` stating every file, `cat` of every
# file), the loader without a terminal (cold: no index), the reader in a pty (bench_tui
# --settle: cold then warm, quitting fully indexed), and the commands (bench/commands.sh).
# Every kiosque run has its own fresh config, data and cache dirs (the tools make them).
# Usage: bench/scale.sh SMALL LARGE [ROUNDS] [OUT]   after cargo build --release --examples --bins
# Raw results go to OUT (default /tmp/kiosque-scale), one file per round, corpus and tool;
# `times.tsv` holds round, corpus, measure, wall s, user+sys s, peak MB and the load average.
set -euo pipefail
small=${1:?small corpus}; large=${2:?large corpus}; rounds=${3:-3}; out=${4:-/tmp/kiosque-scale}
ex=target/release/examples
mkdir -p "$out"
load() { cut -d' ' -f1 /proc/loadavg; }
timed() { # round, corpus, measure, command...: one line of times.tsv
  local r=$1 c=$2 m=$3; shift 3
  /usr/bin/time -f "%e %U %S %M" -o "$out/t" "$@" > /dev/null 2> "$out/err" || true
  read -r e u s k < <(tail -1 "$out/t")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$c" "$m" "$e" "$(echo "$u + $s" | bc)" \
    "$((k / 1024))" "$(load)" >> "$out/times.tsv"
}
cat_all() { find "$1" -type f -print0 | xargs -0 cat; }
export -f cat_all
for lib in "$small" "$large"; do cat_all "$lib" > /dev/null; done   # the page cache, warm
for r in $(seq "$rounds"); do
  for lib in "$small" "$large"; do
    c=$(basename "$lib")
    echo "round $r, $c: floors, loader ($(uptime))" >&2
    timed "$r" "$c" "floor: find stating every file" find "$lib" -type f -printf '%s %T@\n'
    timed "$r" "$c" "floor: cat every file" bash -c 'cat_all "$1"' _ "$lib"
    timed "$r" "$c" "loader, cold: listed and indexed" "$ex/load_library" "$lib"
    cp "$out/err" "$out/r$r-$c-load_library.txt"
    echo "round $r, $c: reader ($(uptime))" >&2
    "$ex/bench_tui" --library "$lib" --runs 1 --settle > "$out/r$r-$c-bench_tui.txt" \
      2> "$out/r$r-$c-bench_tui.err"
    echo "round $r, $c: commands ($(uptime))" >&2
    bench/commands.sh "$lib" 1 > "$out/r$r-$c-commands.tsv"
    echo "load $(load)" >> "$out/r$r-$c-commands.tsv"
  done
done
