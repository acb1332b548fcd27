#!/usr/bin/env bash
# Loading libraries side by side, in alternation (so both see the same machine): the `cat`
# floor, a cold load stopped once the lists are complete (LISTED_ONLY), a whole cold load (empty
# cache dir: every file read, the lists, then every body indexed) and
# a warm start (the log the cold load wrote), with the reader's loader and no terminal
# (examples/load_library.rs). One line per measure and run: wall ms, CPU s (user+sys), peak MB.
# Usage: bench/formats.sh RUNS LIBRARY...   (after cargo build --release --example load_library)
set -euo pipefail
runs=${1:?runs}; shift
load=${LOAD:-target/release/examples/load_library}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
timed() { # label, command... : wall ms, cpu s, peak MB, and the loader's own times
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "$@" > /dev/null 2> "$tmp/err"
  read -r e u s m < "$tmp/t"
  local extra
  extra=$(grep -o 'listed at [0-9.]* ms' "$tmp/err" | head -1 || true)
  printf '%s\t%.0f\t%.2f\t%d\t%s\t%s\n' "$label" "$(echo "$e * 1000" | bc)" \
    "$(echo "$u + $s" | bc)" $((m / 1024)) "$extra" "$(grep -o '^ *[0-9.]* ms  done' "$tmp/err" || true)"
}
printf 'measure\tlibrary\twall ms\tcpu s\tpeak MB\tlisted\tdone\n'
for r in $(seq "$runs"); do
  for lib in "$@"; do
    name=$(basename "$lib")
    timed "cat every file	$name" sh -c "find '$lib' -type f -print0 | xargs -0 cat"
    rm -rf "$tmp/cache-$name"
    timed "cold, lists only	$name" env LISTED_ONLY=1 KIOSQUE_CACHE_DIR="$tmp/cache-$name" "$load" "$lib"
    rm -rf "$tmp/cache-$name"
    timed "cold load	$name" env KIOSQUE_CACHE_DIR="$tmp/cache-$name" "$load" "$lib"
    timed "warm start	$name" env KIOSQUE_CACHE_DIR="$tmp/cache-$name" "$load" "$lib"
  done
done
