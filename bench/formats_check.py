#!/usr/bin/env python3
"""Check what kiosque reads from a library written by `gen_corpus --formats SHARE --manifest M`
against the manifest: every article listed once, and, for each article in another format
(Markdown, HTML, feed item), its section, headline, standfirst, bylines, date and body.

usage: bench/formats_check.py KIOSQUE_BIN LIBRARY_DIR MANIFEST.jsonl [--show K]

`list --json` (the whole library) gives sections, headlines, bylines and dates; `parse` (the
files of other formats, 500 at a time) gives standfirsts and bodies. Runs with throwaway
config and cache dirs, so the user's state is never read or written.
"""
import collections, datetime, json, os, subprocess, sys, tempfile

if len(sys.argv) < 4:
    sys.exit(__doc__)
binary, lib, manifest = sys.argv[1:4]
show = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--show" else 5

want = collections.defaultdict(list)  # path -> manifest lines
with open(manifest, encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        want[d["path"]].append(d)

wrong = collections.Counter()  # (format, field) -> count
seen = collections.Counter()  # format -> articles checked
examples = []


def note(fmt, field, path, w, g):
    wrong[(fmt, field)] += 1
    if len([e for e in examples if e[0] == (fmt, field)]) < show:
        examples.append(((fmt, field), path, repr(w)[:160], repr(g)[:160]))


def find(path, headline):
    for w in want.get(path, []):
        if w["headline"] == headline:
            return w
    return None


with tempfile.TemporaryDirectory() as tmp:
    env = dict(os.environ, KIOSQUE_CONFIG_DIR=f"{tmp}/config", KIOSQUE_CACHE_DIR=f"{tmp}/cache",
               XDG_DATA_HOME=f"{tmp}/data")
    p = subprocess.run([binary, "list", "-l", lib, "--json"], capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit(p.stderr)
    listed = [json.loads(line) for line in p.stdout.splitlines()]
    total = sum(len(v) for v in want.values())
    print(f"{len(listed)} listed, {total} in the manifest")
    for d in listed:
        fmt = (want.get(d["path"]) or [{}])[0].get("format", "?")
        if fmt == "plain":
            continue  # the seed's format: bench/section_check.py
        w = find(d["path"], d["headline"])
        if w is None:
            note(fmt, "headline", d["path"], [x["headline"] for x in want.get(d["path"], [])][:3], d["headline"])
            continue
        seen[fmt] += 1
        if d["section"] != w["section"]:
            note(fmt, "section", d["path"], w["section"], d["section"])
        if d["bylines"] != w["bylines"]:
            note(fmt, "bylines", d["path"], w["bylines"], d["bylines"])
        date = datetime.datetime.fromisoformat(d["date"]).timestamp() if d["date"] else None
        if date != w["mtime"]:
            note(fmt, "date", d["path"], w["mtime"], d["date"])
        if d["warnings"]:
            note(fmt, "warnings", d["path"], [], d["warnings"])
    others = sorted(p for p, v in want.items() if v[0].get("format", "plain") != "plain")
    for k in range(0, len(others), 500):
        p = subprocess.run([binary, "parse", *others[k:k + 500]], capture_output=True, text=True, env=env)
        if p.returncode != 0:
            sys.exit(p.stderr)
        for line in p.stdout.splitlines():
            d = json.loads(line)
            w = find(d["path"], d["headline"])
            if w is None:
                continue  # counted above
            fmt = w["format"]
            if d["standfirst"] != w["standfirst"]:
                note(fmt, "standfirst", d["path"], w["standfirst"], d["standfirst"])
            body = "\n\n".join(b["text"] for b in d["blocks"])
            if body != w["body"]:
                i = next((i for i, (a, b) in enumerate(zip(body, w["body"])) if a != b), min(len(body), len(w["body"])))
                note(fmt, "body", d["path"], w["body"][max(0, i - 40):i + 80], body[max(0, i - 40):i + 80])

for fmt, n in sorted(seen.items()):
    bad = {f: c for (g, f), c in wrong.items() if g == fmt}
    print(f"{fmt}: {n} articles checked, wrong: {bad or 'none'}")
for (fmt, field), path, w, g in examples:
    print(f"  {fmt} {field} {path}\n    want {w}\n    got  {g}")
sys.exit(1 if wrong else 0)
