#!/usr/bin/env bash
# Measure newsboat on a gen_corpus corpus, with find/cat as the floor (and optionally kiosque),
# so BENCHMARKS.md can quote ratios from one run.
#
# usage: bench/newsboat.sh CORPUS_DIR [options]
#   --runs N            repetitions of each timed step (default 5)
#   --manifest FILE     gen_corpus manifest (default: CORPUS_DIR.manifest.jsonl if it exists)
#   --out FILE.json     where to write the numbers (default: <workdir>/results.json)
#   --workdir DIR       scratch dir for feeds, newsboat config and cache (default: mktemp in /tmp)
#   --kiosque BIN       also time `BIN CORPUS_DIR` to first screen, same method
#   --kiosque-ready RE  regex on the pane meaning kiosque's first screen with articles is up
#                       (default: 'All · [1-9]', the article list title with a non-zero count)
#   --kiosque-done RE   ... and that everything is loaded (default: 'All · <number of files>')
#   --kiosque-notdone RE  must not match when done (default: 'loading')
#   --timeout S         give up waiting for a first screen after S seconds (default 600)
#   --keep              keep the workdir (feeds, cache) afterwards
#
# Steps: install newsboat and /usr/bin/time (Debian packages) if missing; convert the corpus to one
# RSS feed per section (bench/corpus_to_rss.py); serve the feeds with python3 -m http.server bound to
# 127.0.0.1 on a free port; `newsboat -x reload` once to fill the cache (timed); then N times: launch
# newsboat under /usr/bin/time -v in a detached 120x40 tmux session (private tmux socket), poll
# `tmux capture-pane -p` every 5 ms until feed titles show, send `q`, read the maximum RSS.
# Timings: wall clock from just before `tmux new-session` to the first poll that sees the text
# (bash's $EPOCHREALTIME, the same clock as `date +%s%N`, read without forking; each poll costs one
# `tmux capture-pane`, so the granularity is ~5-8 ms). Floors (find, cat) are timed with date +%s%N
# after one warm-up run. Kiosque, if given, is started with a fresh --config-dir each run.
# Nothing leaves 127.0.0.1.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
runs=5 manifest="" out="" workdir="" kiosque="" kready="All · [1-9]" kdone="" knotdone="loading" timeout=600 keep=0 corpus=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --manifest) manifest=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    --kiosque) kiosque=$2; shift 2 ;;
    --kiosque-ready) kready=$2; shift 2 ;;
    --kiosque-done) kdone=$2; shift 2 ;;
    --kiosque-notdone) knotdone=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    -*) echo "newsboat.sh: unknown option $1" >&2; exit 2 ;;
    *) [ -z "$corpus" ] || { echo "newsboat.sh: one corpus only" >&2; exit 2; }; corpus=$1; shift ;;
  esac
done
[ -n "$corpus" ] && [ -d "$corpus" ] || { echo "usage: bench/newsboat.sh CORPUS_DIR [--runs N] [--kiosque BIN] ..." >&2; exit 2; }
corpus=$(cd "$corpus" && pwd)
if [ -z "$manifest" ] && [ -f "$corpus.manifest.jsonl" ]; then manifest="$corpus.manifest.jsonl"; fi
[ -n "$kiosque" ] && kiosque=$(readlink -f "$kiosque")

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
now_ns() { date +%s%N; }
# In the polling loop, no fork for the clock or the sleep: bash's $EPOCHREALTIME (µs) and `read -t`
# on a never-written fd. (Same clock as date +%s%N.)
exec {sleepfd}<> <(:)
nap() { read -r -t "$1" -u "$sleepfd" _ || true; }
ms() { echo "scale=1; ($2 - $1) / 1000000" | bc; }

# --- tools -------------------------------------------------------------------------------------
need_apt=()
command -v newsboat >/dev/null || need_apt+=(newsboat)
[ -x /usr/bin/time ] || need_apt+=(time)
command -v tmux >/dev/null || need_apt+=(tmux)
command -v bc >/dev/null || need_apt+=(bc)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]} (apt-get)"
  if ! apt-get install -y "${need_apt[@]}" >/dev/null 2>&1; then
    apt-get update >/dev/null 2>&1
    apt-get install -y "${need_apt[@]}" >/dev/null
  fi
fi
nb_version=$(newsboat --version 2>/dev/null | head -1 | awk '{print $2}')
log "newsboat $nb_version"

# --- scratch space, cleanup --------------------------------------------------------------------
if [ -z "$workdir" ]; then workdir=$(mktemp -d /tmp/kbench.XXXXXX); else mkdir -p "$workdir"; fi
workdir=$(cd "$workdir" && pwd)
[ -n "$out" ] || out="$workdir/results.json"
sock="kbench-$$"
http_pid=""
cleanup() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  if [ -n "$http_pid" ]; then kill "$http_pid" 2>/dev/null || true; wait "$http_pid" 2>/dev/null || true; fi
  if [ "$keep" = 0 ]; then rm -rf "$workdir/feeds" "$workdir/nb" "$workdir/kq"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- corpus size -------------------------------------------------------------------------------
files=$(find "$corpus" -type f -name '*.txt' | wc -l)
bytes=$(find "$corpus" -type f -name '*.txt' -printf '%s\n' | awk '{s+=$1} END{print s+0}')
log "corpus $corpus: $files files, $bytes bytes"

# --- feeds and server --------------------------------------------------------------------------
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port/"
feeds="$workdir/feeds"
rm -rf "$feeds"
t0=$(now_ns)
python3 "$here/corpus_to_rss.py" "$corpus" "$feeds" --base-url "$base" ${manifest:+--manifest "$manifest"} >&2
t1=$(now_ns)
convert_ms=$(ms "$t0" "$t1")
xml_bytes=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["xml_bytes"])' "$feeds/feeds.json")
nfeeds=$(wc -l < "$feeds/urls")
max_items=$(python3 -c 'import json,sys; print(max(f["items"] for f in json.load(open(sys.argv[1]))["feeds"]))' "$feeds/feeds.json")
log "feeds: $nfeeds, $xml_bytes bytes of XML, biggest feed $max_items items (convert ${convert_ms} ms)"

python3 -m http.server --bind 127.0.0.1 --directory "$feeds" "$port" >"$workdir/http.log" 2>&1 &
http_pid=$!
for _ in $(seq 100); do
  curl -fsS -o /dev/null "${base}urls" 2>/dev/null && break
  python3 -c 'import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)' "${base}urls" 2>/dev/null && break
  sleep 0.1
done

# --- newsboat config and cache -----------------------------------------------------------------
nb="$workdir/nb"
rm -rf "$nb"; mkdir -p "$nb/home"
cp "$feeds/urls" "$nb/urls"
cat > "$nb/config" <<EOF
auto-reload no
refresh-on-startup no
max-items 0
show-read-feeds yes
confirm-exit no
cleanup-on-quit no
notify-always no
download-full-page no
EOF
# A private HOME/XDG so nothing of the user's own newsboat setup is read or written.
nbenv=(env HOME="$nb/home" XDG_CONFIG_HOME="$nb/home/.config" XDG_DATA_HOME="$nb/home/.local/share" LANG=C.UTF-8 LC_ALL=C.UTF-8)
nbcmd=(newsboat -u "$nb/urls" -C "$nb/config" -c "$nb/cache.db")

log "newsboat -x reload (fills the cache; may take a while)"
t0=$(now_ns)
reload_ok=1
"${nbenv[@]}" /usr/bin/time -v -o "$nb/reload.time" "${nbcmd[@]}" -x reload >"$nb/reload.out" 2>&1 || reload_ok=0
t1=$(now_ns)
reload_ms=$(ms "$t0" "$t1")
reload_rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$nb/reload.time" 2>/dev/null || echo 0)
cache_bytes=$(stat -c %s "$nb/cache.db" 2>/dev/null || echo 0)
cached_items=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from rss_item").fetchone()[0])' "$nb/cache.db" 2>/dev/null || echo "?")
log "reload: ${reload_ms} ms, ok=$reload_ok, peak RSS ${reload_rss} KB, cache $cache_bytes bytes, $cached_items items"
# The feeds are in the cache now; the server is no longer needed.
kill "$http_pid" 2>/dev/null || true; wait "$http_pid" 2>/dev/null || true; http_pid=""

# --- first screen in a 120x40 terminal -----------------------------------------------------------
# first_screen NAME QUIT_KEYS READY_RE DONE_RE NOTDONE_RE CMD...
# Launches CMD under /usr/bin/time -v in a detached 120x40 tmux session, polls the pane every 5 ms.
# ready = READY_RE matches (first useful screen); done = DONE_RE matches and NOTDONE_RE does not
# (everything loaded; for a program that shows nothing before it has loaded all, done = ready).
# Prints "<ready_ms> <done_ms> <maxrss_kb>" (-1 for a time not reached before --timeout).
first_screen() {
  local name=$1 quit=$2 ready=$3 done_re=$4 notdone=$5; shift 5
  local tf="$workdir/$name.time" sess="$name" start t ms_ms=-1 done_ms=-1 rss screen
  rm -f "$tf"
  tmux -L "$sock" kill-session -t "$sess" 2>/dev/null || true
  start=${EPOCHREALTIME/./}
  tmux -L "$sock" new-session -d -s "$sess" -x 120 -y 40 \
    /usr/bin/time -v -o "$tf" "$@"
  local deadline=$((start + timeout * 1000000))
  while :; do
    screen=$(tmux -L "$sock" capture-pane -p -t "$sess" 2>/dev/null) || break  # session gone
    t=${EPOCHREALTIME/./}
    if [ "$ms_ms" = -1 ] && [[ $screen =~ $ready ]]; then
      ms_ms=$(( (t - start) / 100 )); ms_ms="$((ms_ms / 10)).$((ms_ms % 10))"
      printf '%s\n' "$screen" > "$workdir/$name.first.screen"
    fi
    if [ "$ms_ms" != -1 ] && [[ $screen =~ $done_re ]] && { [ -z "$notdone" ] || ! [[ $screen =~ $notdone ]]; }; then
      done_ms=$(( (t - start) / 100 )); done_ms="$((done_ms / 10)).$((done_ms % 10))"
      break
    fi
    [ "$t" -lt "$deadline" ] || break
    nap 0.005
  done
  tmux -L "$sock" capture-pane -p -t "$sess" > "$workdir/$name.screen" 2>/dev/null || true
  tmux -L "$sock" send-keys -t "$sess" $quit 2>/dev/null || true
  for _ in $(seq 600); do
    tmux -L "$sock" has-session -t "$sess" 2>/dev/null || break
    sleep 0.05
  done
  tmux -L "$sock" kill-session -t "$sess" 2>/dev/null || true
  for _ in $(seq 100); do [ -s "$tf" ] && break; sleep 0.05; done
  rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$tf" 2>/dev/null)
  echo "$ms_ms $done_ms ${rss:-0}"
}

# Start the tmux server once, so its start-up is not charged to the first run.
tmux -L "$sock" -f /dev/null new-session -d -s keepalive -x 120 -y 40 "sleep 100000"
tmux -L "$sock" set-option -g status off >/dev/null

nb_ready='kb: '
nb_times=() nb_rss=()
for i in $(seq "$runs"); do
  read -r t _ r < <(first_screen "newsboat$i" q "$nb_ready" "$nb_ready" "" "${nbenv[@]}" "${nbcmd[@]}")
  log "newsboat run $i: first screen ${t} ms, max RSS ${r} KB"
  nb_times+=("$t"); nb_rss+=("$r")
done
cp "$workdir/newsboat1.screen" "$workdir/newsboat.screen" 2>/dev/null || true

# --- kiosque (optional), same method: each run cold (empty cache dir: no library index yet),
# then warm (the index the cold run wrote) ------------------------------------------------------
kq_times=() kq_done=() kq_rss=() kw_times=() kw_done=() kw_rss=()
if [ -n "$kiosque" ]; then
  kq="$workdir/kq"; mkdir -p "$kq"
  kdone=${kdone:-"All · ${files}[^0-9]"}
  for i in $(seq "$runs"); do
    rm -rf "$kq/config" "$kq/cache"; mkdir -p "$kq/config" "$kq/cache"   # fresh state and cache
    read -r t d r < <(first_screen "kiosque$i" Q "$kready" "$kdone" "$knotdone" \
      env KIOSQUE_CACHE_DIR="$kq/cache" "$kiosque" --config-dir "$kq/config" "$corpus")
    log "kiosque cold run $i: first screen with articles ${t} ms, all $files listed ${d} ms, max RSS ${r} KB"
    kq_times+=("$t"); kq_done+=("$d"); kq_rss+=("$r")
    # Let the cold run's background indexing finish writing the index before the warm run.
    sleep 1
    read -r t d r < <(first_screen "kiosquew$i" Q "$kready" "$kdone" "$knotdone" \
      env KIOSQUE_CACHE_DIR="$kq/cache" "$kiosque" --config-dir "$kq/config" "$corpus")
    log "kiosque warm run $i: first screen with articles ${t} ms, all $files listed ${d} ms, max RSS ${r} KB"
    kw_times+=("$t"); kw_done+=("$d"); kw_rss+=("$r")
  done
  cp "$workdir/kiosque1.screen" "$workdir/kiosque.screen" 2>/dev/null || true
fi

# --- floors: find | wc -l and cat of every file (warm cache) ------------------------------------
find "$corpus" -type f | wc -l >/dev/null
find "$corpus" -type f -print0 | xargs -0 cat >/dev/null
find_times=() cat_times=()
for i in $(seq "$runs"); do
  t0=$(now_ns); n=$(find "$corpus" -type f | wc -l); t1=$(now_ns)
  find_times+=("$(ms "$t0" "$t1")")
  t0=$(now_ns); find "$corpus" -type f -print0 | xargs -0 cat >/dev/null; t1=$(now_ns)
  cat_times+=("$(ms "$t0" "$t1")")
done
log "find: ${find_times[*]} ms; cat: ${cat_times[*]} ms"

# --- report --------------------------------------------------------------------------------------
python3 - "$out" <<EOF
import json, statistics, sys
def arr(s): return [float(x) for x in s.split()] if s.strip() else []
def summ(xs, lo="min"):
    ok = [x for x in xs if x >= 0]
    if not ok: return {"runs": xs, "median": None, "min": None, "max": None}
    return {"runs": xs, "median": statistics.median(ok), "min": min(ok), "max": max(ok)}
res = {
  "corpus": {"dir": "$corpus", "files": $files, "bytes": $bytes, "manifest": "$manifest" or None},
  "rss_feeds": {"feeds": $nfeeds, "xml_bytes": $xml_bytes, "biggest_feed_items": $max_items,
                "convert_ms": $convert_ms},
  "newsboat": {
    "version": "$nb_version",
    "reload_ms": $reload_ms, "reload_ok": bool($reload_ok), "reload_max_rss_kb": int("${reload_rss:-0}" or 0),
    "cache_bytes": $cache_bytes, "cached_items": "$cached_items",
    "first_screen_ms": summ(arr("${nb_times[*]}")),
    "max_rss_kb": summ(arr("${nb_rss[*]}")),
  },
  "floor": {"find_wc_ms": summ(arr("${find_times[*]}")), "cat_all_ms": summ(arr("${cat_times[*]}"))},
  "terminal": "tmux 120x40, poll every 5 ms",
  "runs": $runs,
}
if "$kiosque":
  res["kiosque"] = {"bin": "$kiosque", "first_screen_ms": summ(arr("${kq_times[*]}")),
                    "all_loaded_ms": summ(arr("${kq_done[*]}")),
                    "max_rss_kb": summ(arr("${kq_rss[*]}"))}
  res["kiosque_warm"] = {"bin": "$kiosque", "first_screen_ms": summ(arr("${kw_times[*]}")),
                    "all_loaded_ms": summ(arr("${kw_done[*]}")),
                    "max_rss_kb": summ(arr("${kw_rss[*]}"))}
json.dump(res, open(sys.argv[1], "w"), indent=1)

def f(x, unit=""): return "-" if x is None else (f"{x:,.0f}{unit}" if x >= 100 else f"{x:.1f}{unit}")
c = res["corpus"]
print()
print(f"corpus: {c['files']:,} articles, {c['bytes']/1e6:.1f} MB ({c['dir']})")
print(f"newsboat {res['newsboat']['version']}: {res['rss_feeds']['feeds']} feeds, "
      f"{res['rss_feeds']['xml_bytes']/1e6:.1f} MB of RSS, biggest feed {res['rss_feeds']['biggest_feed_items']:,} items; "
      f"reload (-x reload) {res['newsboat']['reload_ms']/1000:.1f} s, cache {res['newsboat']['cache_bytes']/1e6:.1f} MB")
print()
print("| measure (tmux 120x40, %d runs) | median | min |" % res["runs"])
print("|---|---:|---:|")
nbs = res["newsboat"]
rows = [("newsboat: time to first screen", nbs["first_screen_ms"], " ms", 1),
        ("newsboat: peak RSS", nbs["max_rss_kb"], " MB", 1/1024)]
if "kiosque" in res:
  rows += [("kiosque cold (no index): first screen with articles", res["kiosque"]["first_screen_ms"], " ms", 1),
           ("kiosque cold: time until all articles listed", res["kiosque"]["all_loaded_ms"], " ms", 1),
           ("kiosque cold: peak RSS", res["kiosque"]["max_rss_kb"], " MB", 1/1024),
           ("kiosque warm (index present): first screen with articles", res["kiosque_warm"]["first_screen_ms"], " ms", 1),
           ("kiosque warm: time until all articles listed", res["kiosque_warm"]["all_loaded_ms"], " ms", 1),
           ("kiosque warm: peak RSS", res["kiosque_warm"]["max_rss_kb"], " MB", 1/1024)]
rows += [(r"floor: find DIR -type f \\| wc -l", res["floor"]["find_wc_ms"], " ms", 1),
         ("floor: cat every file (warm)", res["floor"]["cat_all_ms"], " ms", 1)]
for name, s, unit, k in rows:
  med = None if s["median"] is None else s["median"]*k
  mn = None if s["min"] is None else s["min"]*k
  print(f"| {name} | {f(med, unit)} | {f(mn, unit)} |")
print()
print(f"numbers: {sys.argv[1]}")
EOF
