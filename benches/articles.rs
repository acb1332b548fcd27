//! Parse + layout of a realistic article (the seed, and a long one made of fixture articles),
//! against a baseline measured in the same run: copying the article's bytes and splitting them
//! into lines, the least any reader must do; and layout with the `[layout]` options on, against
//! layout with them off. BENCHMARKS.md reports the ratios.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kiosque::{decode, layout, parse, quote};

const SEED: &[u8] = include_bytes!("../seeds/000_2e7dbad873d5f945.txt");

/// A long article (~45 KB): the seed's header and the bodies of the fixture articles.
fn long_article() -> Vec<u8> {
    let mut text = String::from_utf8(SEED.to_vec()).unwrap();
    let mut paths: Vec<_> = walk("tests/fixtures/library");
    paths.sort();
    for p in paths {
        let body = std::fs::read_to_string(&p).unwrap_or_default();
        for block in body.split("\n\n").skip(3) {
            text.push_str("\n\n");
            text.push_str(block.trim());
        }
    }
    text.into_bytes()
}

fn walk(dir: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(p.to_str().unwrap()));
        } else {
            out.push(p);
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let long = long_article();
    for (name, bytes) in [("seed", SEED.to_vec()), ("long", long)] {
        let mut g = c.benchmark_group(name);
        g.throughput(criterion::Throughput::Bytes(bytes.len() as u64));
        g.bench_function("baseline: copy + split lines", |b| {
            b.iter(|| {
                let s = String::from_utf8_lossy(black_box(&bytes)).into_owned();
                black_box(s.lines().count())
            })
        });
        g.bench_function("decode + parse", |b| {
            b.iter(|| {
                let d = decode::decode(black_box(&bytes));
                black_box(parse::parse(&d.text, None))
            })
        });
        let text = decode::decode(&bytes).text;
        let article = parse::parse(&text, None);
        g.bench_function("quotation finding", |b| {
            b.iter(|| {
                for block in &article.blocks {
                    black_box(quote::find(black_box(&block.text.text), false));
                }
            })
        });
        for width in [80u16, 200] {
            g.bench_function(format!("layout at {width}"), |b| {
                b.iter(|| black_box(layout::layout(black_box(&article), Some("SECTION"), width)))
            });
        }
        // `[layout]` options, against the default measured just above (the seed and the long
        // article are French: both are hyphenated).
        for (name, hyphenate, justify) in [
            ("layout at 80, hyphenated", true, false),
            ("layout at 80, justified", false, true),
            ("layout at 80, hyphenated + justified", true, true),
        ] {
            let options = layout::Options {
                hyphenate,
                justify,
                ..layout::Options::PLAIN
            };
            g.bench_function(name, |b| {
                b.iter(|| {
                    black_box(layout::layout_with(
                        black_box(&article),
                        Some("SECTION"),
                        80,
                        options,
                    ))
                })
            });
        }
        // Updated articles (issue 12): the loader computes each body's version beside its
        // words; opening an updated article diffs two versions' fingerprints.
        let (_, start) = parse::parse_header(&text, None);
        let body = &text[start..];
        g.bench_function("body: words indexed (the loader's body pass)", |b| {
            b.iter(|| {
                let mut s = kiosque::search::SegmentBuilder::new(0);
                s.add_texts_as(0, [black_box(body)]);
                black_box(s.finish())
            })
        });
        g.bench_function("body: version digest (fingerprints)", |b| {
            b.iter(|| black_box(kiosque::fingerprint::digest_of_body(black_box(body))))
        });
        let now = kiosque::fingerprint::Fingerprints::of_blocks(&article.blocks);
        let mut old = now.paragraphs().to_vec();
        let middle = old.len() / 2;
        old[middle] ^= 1;
        old.remove(0);
        let old = kiosque::fingerprint::Fingerprints::new(old);
        g.bench_function("changes since another version (diff)", |b| {
            b.iter(|| {
                black_box(kiosque::changes::Changes::between(
                    black_box(&old),
                    black_box(&now),
                    article.blocks.len(),
                ))
            })
        });
        g.bench_function("decode + parse + layout at 80", |b| {
            b.iter(|| {
                let d = decode::decode(black_box(&bytes));
                let a = parse::parse(&d.text, None);
                black_box(layout::layout(&a, a.label.as_deref(), 80))
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
