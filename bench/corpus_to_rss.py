#!/usr/bin/env python3
"""Turn a gen_corpus directory into RSS 2.0 feeds, one per section, for newsboat benchmarks.

usage: bench/corpus_to_rss.py CORPUS_DIR OUT_DIR --base-url http://127.0.0.1:PORT/ [--manifest M.jsonl]

Each article becomes an <item>: title = headline, description = standfirst and body paragraphs as
HTML <p> (entity-escaped, as RSS carries HTML), pubDate = the file's mtime, guid = the file name
(isPermaLink="false"), dc:creator = the byline. Section labels, headlines and bylines come from the
gen_corpus manifest when given (exact), else from the file itself: the label is recovered from the
section folder name (slug) or from the prefix the headline line shares with the standfirst line.
Writes OUT_DIR/<slug>.xml, OUT_DIR/urls (one feed URL per line) and OUT_DIR/feeds.json (stats).
"""
import argparse, email.utils, html, json, os, re, sys

ap = argparse.ArgumentParser()
ap.add_argument("corpus")
ap.add_argument("out")
ap.add_argument("--base-url", required=True)
ap.add_argument("--manifest")
a = ap.parse_args()

corpus = os.path.abspath(a.corpus)
manifest = {}
if a.manifest:
    with open(a.manifest, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            manifest[os.path.abspath(o["path"])] = o

BYLINE = re.compile(r"( pour 20 Minutes| avec AFP| avec agences|^Propos recueillis par |^20 Minutes avec agences$|^[A-ZÀ-Ý][\w’'\-]+( [\w’'\-]+){1,3} et [A-ZÀ-Ý])")


def slug(label):
    return "".join(c.lower() if c.isascii() and c.isalnum() else "-" for c in label)


def split_label(first, standfirst_line, folder):
    cands = []
    if folder:
        up = folder.upper()
        cands += [up, up.replace("-", " ")]
    for c in sorted(set(cands), key=len, reverse=True):
        if c and first.startswith(c) and len(first) > len(c):
            return c
    if standfirst_line:
        n = 0
        while n < min(len(first), len(standfirst_line)) and first[n] == standfirst_line[n]:
            n += 1
        pre = first[:n]
        m = re.match(r"[A-Z0-9 \-]+", pre)
        if m and m.end() > 1:
            # the shared prefix may swallow the first capital of both texts: give it back
            lab = m.group(0)
            while lab and not (first[len(lab):len(lab) + 1].isupper() or not first[len(lab):len(lab) + 1].isalpha()):
                lab = lab[:-1]
            if lab:
                return lab.rstrip()
    m = re.match(r"[A-Z0-9 \-]+(?=[A-ZÀ-Ý][a-zà-ÿ’])", first)
    return m.group(0) if m else None


def parse_file(path, folder):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text) if b.strip()]
    m = manifest.get(os.path.abspath(path))
    lines0 = blocks[0].split("\n") if blocks else [""]
    first = lines0[0]
    # header blocks: headline, [alt], [LABEL standfirst + bylines], [byline block], ...
    label = m["section"] if m else None
    if label is None:
        sf = next((b.split("\n")[0] for b in blocks[1:4] if b[:1].isupper() and b[:2].isupper()), None)
        label = split_label(first, sf, folder)
    headline = m["headline"] if m else (first[len(label):] if label and first.startswith(label) else first)
    standfirst = m["standfirst"] if m else None
    bylines = list(m["bylines"]) if m else []
    i = 1
    while i < len(blocks) and i <= 4:
        b = blocks[i]
        ls = b.split("\n")
        if label and b.startswith(label):
            if not m:
                standfirst = ls[0][len(label):]
                bylines += [l for l in ls[1:] if l not in bylines]
            i += 1
        elif all(BYLINE.search(l) for l in ls) and len(b) < 200:
            if not m:
                bylines += [l for l in ls if l not in bylines]
            i += 1
        elif i == 1 and len(b) < 200 and not b.rstrip().endswith((".", "!")):
            i += 1  # alternate headline
        else:
            break
    body = blocks[i:]
    paras = ([standfirst] if standfirst else []) + body
    desc = "".join("<p>" + html.escape(p.replace("\n", " "), quote=False) + "</p>" for p in paras)
    return label or folder or "DIVERS", headline, bylines, desc


feeds = {}
n = 0
for root, dirs, files in os.walk(corpus):
    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
    folder = os.path.relpath(root, corpus)
    folder = "" if folder == "." else folder.split(os.sep)[0]
    for fn in sorted(files):
        if fn.startswith(".") or not fn.endswith((".txt", ".text", ".md")):
            continue
        p = os.path.join(root, fn)
        label, headline, bylines, desc = parse_file(p, folder)
        mtime = os.stat(p).st_mtime
        feeds.setdefault(label, []).append((mtime, fn, headline, bylines, desc, os.path.relpath(p, corpus)))
        n += 1

os.makedirs(a.out, exist_ok=True)
base = a.base_url.rstrip("/") + "/"
esc = html.escape
stats = {"articles": n, "feeds": []}
urls = []
for label in sorted(feeds):
    items = sorted(feeds[label], key=lambda t: (-t[0], t[1]))
    name = slug(label) + ".xml"
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n',
        f"<title>kb: {esc(label)}</title>\n<link>{esc(base)}</link>\n",
        f"<description>kiosque benchmark corpus, section {esc(label)}</description>\n",
        f"<lastBuildDate>{email.utils.formatdate(items[0][0], usegmt=True)}</lastBuildDate>\n",
    ]
    for mtime, fn, headline, bylines, desc, rel in items:
        parts.append("<item>")
        parts.append(f"<title>{esc(headline, quote=False)}</title>")
        parts.append(f"<link>{esc(base + 'articles/' + rel)}</link>")
        parts.append(f'<guid isPermaLink="false">{esc(fn[:-4] if fn.endswith(".txt") else fn)}</guid>')
        parts.append(f"<pubDate>{email.utils.formatdate(mtime, usegmt=True)}</pubDate>")
        for b in bylines:
            parts.append(f"<dc:creator>{esc(b, quote=False)}</dc:creator>")
        parts.append(f"<description>{esc(desc, quote=False)}</description>")
        parts.append("</item>\n")
    parts.append("</channel>\n</rss>\n")
    data = "".join(parts).encode("utf-8")
    with open(os.path.join(a.out, name), "wb") as f:
        f.write(data)
    urls.append(base + name)
    stats["feeds"].append({"label": label, "file": name, "items": len(items), "bytes": len(data)})

with open(os.path.join(a.out, "urls"), "w") as f:
    f.write("".join(u + "\n" for u in urls))
stats["xml_bytes"] = sum(x["bytes"] for x in stats["feeds"])
with open(os.path.join(a.out, "feeds.json"), "w") as f:
    json.dump(stats, f, indent=1, ensure_ascii=False)
print(f"corpus_to_rss: {n} articles -> {len(urls)} feeds, {stats['xml_bytes']} bytes of XML in {a.out}")
