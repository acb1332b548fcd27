#!/usr/bin/env python3
"""Compare `kiosque parse` output with the gen_corpus manifest.

usage: bench/parse_check.py KIOSQUE_BIN MANIFEST.jsonl [--limit N] [--batch N] [--show K]

Runs `KIOSQUE_BIN parse FILE...` on the manifest's files (by default all of them in one call,
so the parser sees them as one library; --batch 1 parses each file alone) and reports, per field,
how many files got exactly the intended value: section, headline, alt_headline, standfirst, bylines.
Prints up to --show mismatches per field.
"""
import json, subprocess, sys, argparse, collections

ap = argparse.ArgumentParser()
ap.add_argument("kiosque")
ap.add_argument("manifest")
ap.add_argument("--limit", type=int, default=1000)
ap.add_argument("--batch", type=int, default=0, help="files per parse call (0 = all at once)")
ap.add_argument("--show", type=int, default=3)
ap.add_argument("--json", help="write the rates to this file")
a = ap.parse_args()

want = [json.loads(l) for l in open(a.manifest, encoding="utf-8")][: a.limit]
paths = [w["path"] for w in want]
batch = a.batch or len(paths)
got = {}
for i in range(0, len(paths), batch):
    chunk = paths[i : i + batch]
    p = subprocess.run([a.kiosque, "parse", *chunk], capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
    for line in p.stdout.splitlines():
        o = json.loads(line)
        got[o["path"]] = o

fields = ["section", "headline", "alt_headline", "standfirst", "bylines"]
ok = collections.Counter()
bad = collections.defaultdict(list)
all_ok = 0
for w in want:
    g = got.get(w["path"])
    if g is None:
        bad["missing"].append(w["path"])
        continue
    good = True
    for f in fields:
        if g.get(f) == w[f]:
            ok[f] += 1
        else:
            good = False
            bad[f].append((w["path"], w[f], g.get(f)))
    all_ok += good

n = len(want)
print(f"parse check: {n} files, {len(got)} parsed, batch={'all' if not a.batch else a.batch}")
rates = {}
for f in fields:
    rates[f] = ok[f] / n
    print(f"  {f:13s} {ok[f]:6d}/{n}  {100*ok[f]/n:6.2f} %")
rates["all_fields"] = all_ok / n
print(f"  {'all fields':13s} {all_ok:6d}/{n}  {100*all_ok/n:6.2f} %")
for f in fields + ["missing"]:
    for item in bad[f][: a.show]:
        if f == "missing":
            print(f"  missing: {item}")
        else:
            path, w, g = item
            print(f"  [{f}] {path}\n      want {json.dumps(w, ensure_ascii=False)[:160]}\n      got  {json.dumps(g, ensure_ascii=False)[:160]}")
if a.json:
    json.dump({"files": n, "batch": a.batch or "all", "rates": rates}, open(a.json, "w"), indent=1)
