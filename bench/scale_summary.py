#!/usr/bin/env python3
"""Summarise a bench/scale.sh run: for each measure, the figure on each corpus (median of the
rounds; the commands: the best of the rounds, column by column, as bench/commands.sh does) and
the growth ratio.

usage: bench/scale_summary.py OUT_DIR SMALL_NAME LARGE_NAME
"""
import csv, glob, os, re, statistics, sys

if len(sys.argv) != 4:
    sys.exit(__doc__)
out, small, large = sys.argv[1:4]
rows = {}  # (measure, corpus) -> list of (value, unit)


def add(measure, corpus, value, unit):
    rows.setdefault((measure, corpus), []).append((value, unit))


with open(os.path.join(out, "times.tsv")) as f:
    for r, c, m, wall, cpu, mb, load in csv.reader(f, delimiter="\t"):
        add(m + ", wall", c, float(wall), "s")
        add(m + ", CPU (user+sys)", c, float(cpu), "s")
        if m.startswith("loader"):
            add(m + ", peak RSS", c, float(mb), "MB")
        add("load average (1 min) at the floors and loader", c, float(load), "")

for path in glob.glob(os.path.join(out, "r*-load_library.txt")):
    c = re.match(r"r\d+-(.*)-load_library\.txt", os.path.basename(path)).group(1)
    text = open(path).read()
    listed = re.search(r"listed at ([\d.]+) ms", text)
    stories = re.search(r"^\s*([\d.]+) ms\s+stories:.*?, ([\d.]+) ms after the last bodies", text, re.M)
    if listed:
        add("loader, cold: lists complete", c, float(listed.group(1)) / 1000, "s")
    if stories:
        add("loader, cold: every body indexed", c, (float(stories.group(1)) - float(stories.group(2))) / 1000, "s")
        add("loader, cold: stories grouped after the last body", c, float(stories.group(2)) / 1000, "s")

tui = {
    "first frame with articles": ("ms", 1),
    "whole library listed": ("s", 1000),
    "bodies indexed too": ("s", 1000),
    "peak RSS": ("MB", 1),
}
for path in glob.glob(os.path.join(out, "r*-bench_tui.txt")):
    c = re.match(r"r\d+-(.*)-bench_tui\.txt", os.path.basename(path)).group(1)
    mode = None
    for line in open(path):
        if line.startswith("cold"):
            mode = "reader cold"
        elif line.startswith("warm"):
            mode = "reader warm"
        for name, (unit, div) in tui.items():
            if line.strip().startswith(name):
                v = float(re.search(r"median\s+([\d.]+)", line).group(1))
                add(f"{mode}: {name}", c, v / div, unit)
        m = re.match(r"\s+(move \(j\)|open \(Enter\)|filter char|query answered)\s+p50\s+([\d.]+) ms\s+p99\s+([\d.]+) ms", line)
        if m:
            add(f"{mode}: key to frame, {m.group(1)}, p99", c, float(m.group(3)), "ms")

best = {}
for path in glob.glob(os.path.join(out, "r*-commands.tsv")):
    c = re.match(r"r\d+-(.*)-commands\.tsv", os.path.basename(path)).group(1)
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if len(f) != 4 or f[0] == "what":
            continue
        name = re.sub(r"list --query \S+", "list --query WORD", f[0])
        key = (name, c)
        new = tuple(float(x) for x in f[1:])
        best[key] = tuple(map(min, best[key], new)) if key in best else new
for (name, c), (wall, cpu, mb) in best.items():
    add(f"command {name}: wall (best)", c, wall, "s")
    add(f"command {name}: CPU (best)", c, cpu, "s")
    add(f"command {name}: peak (best)", c, mb, "MB")

measures = []
for m, _ in rows:
    if m not in measures:
        measures.append(m)
print(f"| measure | {small} | {large} | × |")
print("|---|---|---|---|")
for m in measures:
    a, b = rows.get((m, small)), rows.get((m, large))
    if not a or not b:
        continue
    unit = a[0][1]
    va = statistics.median(v for v, _ in a)
    vb = statistics.median(v for v, _ in b)
    ratio = f"{vb / va:.1f}" if va > 0 else "—"
    fa = " ".join(f"{v:g}" for v, _ in a)
    fb = " ".join(f"{v:g}" for v, _ in b)
    print(f"| {m} | {va:.3g} {unit} ({fa}) | {vb:.3g} {unit} ({fb}) | {ratio} |")
