#!/usr/bin/env python3
"""Compare the sections and headlines `kiosque list --json` gives a whole library with the
gen_corpus manifest (the library pass, with every label known, at full scale).

usage: bench/section_check.py KIOSQUE_BIN LIBRARY_DIR MANIFEST.jsonl [--show K]

Runs with throwaway config and cache dirs, so the user's state is never read or written.
"""
import json, os, subprocess, sys, tempfile

if len(sys.argv) < 4:
    sys.exit(__doc__)
binary, lib, manifest = sys.argv[1:4]
show = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--show" else 8
want = {}
with open(manifest, encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        want[d["path"]] = d
with tempfile.TemporaryDirectory() as tmp:
    env = dict(os.environ, KIOSQUE_CONFIG_DIR=f"{tmp}/config", KIOSQUE_CACHE_DIR=f"{tmp}/cache")
    p = subprocess.run([binary, "list", "-l", lib, "--json"], capture_output=True, text=True, env=env)
if p.returncode != 0:
    sys.exit(p.stderr)
n = wrong_section = wrong_headline = 0
examples = []
for line in p.stdout.splitlines():
    d = json.loads(line)
    w = want.get(d["path"])
    if w is None:
        continue
    n += 1
    if d["section"] != w["section"]:
        wrong_section += 1
        if len(examples) < show:
            examples.append((d["path"], w["section"], d["section"], w["headline"][:50], d["headline"][:50]))
    if d["headline"] != w["headline"]:
        wrong_headline += 1
print(f"{n} articles: {wrong_section} wrong sections, {wrong_headline} wrong headlines")
for path, ws, gs, wh, gh in examples:
    print(f"  {path}\n    want {ws!r} {wh!r}\n    got  {gs!r} {gh!r}")
