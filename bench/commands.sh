#!/usr/bin/env bash
# The subcommands on a warm library (the index written by an earlier load), beside a baseline
# measured in the same run: `find` stating every file, the floor of a list that checks them.
# Usage: bench/commands.sh LIBRARY [RUNS] [KIOSQUE]
set -euo pipefail
lib=${1:?library}; runs=${2:-3}; k=${3:-target/release/kiosque}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export KIOSQUE_CONFIG_DIR=$tmp/config XDG_DATA_HOME=$tmp/data KIOSQUE_CACHE_DIR=$tmp/cache
"$k" list -l "$lib" > /dev/null            # the index, once
"$k" list -l "$lib" > /dev/null            # and its lookup
file=$(find "$lib" -type f -name '*.txt' | sort | sed -n 5000p)
id=$("$k" list --json -l "$lib" | grep -F "\"path\":\"$file\"" | sed 's/^{"id":"\([0-9a-f]*\)".*/\1/')
word=$("$k" list -l "$lib" | sed -n 100p | cut -f5 | tr ' ' '\n' | awk 'length > 6' | head -1)
one() { # name, command...
  local name=$1; shift
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "$@" > /dev/null 2>&1 || true
    read -r e u s m < "$tmp/t"
    echo "$name	$e	$(echo "$u + $s" | bc)	$((m / 1024))"
  done | sort -t'	' -k2 -n | head -1
}
printf 'what\twall s\tcpu s\tpeak MB\n'
one "baseline: find stating every file" find "$lib" -type f -printf '%s %T@\n'
one "list" "$k" list -l "$lib"
one "list --json" "$k" list --json -l "$lib"
one "list --query $word" "$k" list --query "$word" -l "$lib"
one "mark --read ID" "$k" mark --read "$id" -l "$lib"
one "show ID" "$k" show "$id" -l "$lib" --width 80
one "mark --read FILE" "$k" mark --read "$file" -l "$lib"
one "show FILE" "$k" show "$file" -l "$lib" --width 80
