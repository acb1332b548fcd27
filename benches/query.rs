//! The query language over 100 000 synthetic articles: parse, then the engine's evaluation
//! (index for words, metadata article by article, cheapest terms first), against a baseline
//! measured in the same run: a naive scan of 100 000 folded headlines for a substring (what a
//! filter without an index does, on headlines alone). The library is the one of
//! `benches/filter.rs` (20 000 pseudo-words, Zipf-like; 10-word headlines, 600-word bodies)
//! with sections, alternate headlines, bylines, paths, dates and marks. BENCHMARKS.md has the
//! figures.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kiosque::app::folded::{self, FoldCache};
use kiosque::app::search::{READ, STARRED};
use kiosque::app::{Item, Items, Snapshot};
use kiosque::item::Texts;
use kiosque::query::{self, Plan, engine};
use kiosque::search::{Index, SegmentBuilder};
use kiosque::source::Source;

const ARTICLES: u32 = 100_000;
const PER_SEGMENT: u32 = 4096;
const DAY_MS: i64 = 86_400_000;
/// Now: 2025-06-01.
const NOW_MS: i64 = 1_748_736_000_000;

/// A deterministic pseudo-random generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn vocabulary() -> Vec<String> {
    let syll = [
        "ba", "ce", "di", "fo", "gu", "la", "me", "ni", "po", "ru", "sa", "te", "vi", "zo", "ment",
        "tion", "eur", "ique",
    ];
    let mut rng = Rng(7);
    (0..20_000)
        .map(|_| {
            let n = 1 + rng.below(4);
            (0..n).map(|_| syll[rng.below(syll.len())]).collect()
        })
        .collect()
}

fn word<'v>(vocab: &'v [String], rng: &mut Rng) -> &'v str {
    let u = (rng.next() % 1_000_000) as f64 / 1_000_000.0;
    &vocab[((u * u) * vocab.len() as f64) as usize]
}

/// The library as the reader's search thread sees it: the reader's own snapshot (articles in
/// shared chunks, sections, marks, the word index) and its folded metadata.
fn library() -> (Snapshot, Vec<String>) {
    let vocab = vocabulary();
    let names: Vec<String> = (0..200)
        .map(|i| format!("{} {}", capital(&vocab[i * 7]), capital(&vocab[i * 11 + 3])))
        .collect();
    let mut rng = Rng(42);
    let mut index = Index::default();
    let mut items = Items::default();
    let (mut section_of, mut flags) = (Vec::new(), Vec::new());
    let mut header = SegmentBuilder::new(0);
    let mut body = SegmentBuilder::new(0);
    let mut headlines = Vec::with_capacity(ARTICLES as usize);
    for n in 0..ARTICLES {
        if n % PER_SEGMENT == 0 && n > 0 {
            index.push(std::mem::replace(&mut header, SegmentBuilder::new(n)).finish());
            index.push_body(std::mem::replace(&mut body, SegmentBuilder::new(n)).finish());
        }
        let headline: Vec<&str> = (0..10).map(|_| word(&vocab, &mut rng)).collect();
        let headline = capital(&headline.join(" "));
        let alt: Option<String> = (rng.below(10) < 3).then(|| {
            let a: Vec<&str> = (0..8).map(|_| word(&vocab, &mut rng)).collect();
            capital(&a.join(" "))
        });
        let text: Vec<&str> = (0..600).map(|_| word(&vocab, &mut rng)).collect();
        let section = rng.below(24);
        let byline = names[rng.below(names.len())].clone();
        header.add_texts(
            [headline.as_str(), byline.as_str(), &format!("S{section}")]
                .into_iter()
                .chain(alt.as_deref()),
        );
        body.add_texts([text.join(" ").as_str()]);
        headlines.push(headline.to_lowercase());
        let label = format!("S{section}");
        let texts = Texts {
            label: Some(&label),
            headline: &headline,
            alt_headline: alt.as_deref(),
            byline: Some(&byline),
            more_bylines: &[],
        };
        let source = Source::File(format!("/lib/s{section}/{n:06}.txt").into());
        let mtime_ns = (NOW_MS - rng.below(6 * 365) as i64 * DAY_MS) * 1_000_000;
        items.push(Item::new(u64::from(n), source, texts, Vec::new(), mtime_ns));
        section_of.push(u16::try_from(section).unwrap());
        flags.push(u8::from(rng.below(3) == 0) * READ + u8::from(rng.below(50) == 0) * STARRED);
    }
    index.push(header.finish());
    index.push_body(body.finish());
    let mut snapshot = Snapshot {
        folded: Vec::new(),
        section_of,
        section_names: (0..24).map(|s| format!("S{s}")).collect(),
        alive: vec![true; ARTICLES as usize],
        flags,
        index,
        order: (0..ARTICLES).rev().collect(),
        items,
    };
    // The search thread folds the parts of the metadata queries read, then keeps them (here
    // every part, as once queries have asked for each).
    let every = folded::TITLES | folded::BYLINES | folded::PATH;
    snapshot.folded = FoldCache::default().refresh(&snapshot.items, every);
    (snapshot, headlines)
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A pasted page: 20 KB of words (with ` or ` every `or_every` words when given).
fn paste(or_every: Option<usize>) -> String {
    let vocab = vocabulary();
    let mut rng = Rng(9);
    let mut out = String::new();
    let mut k = 0;
    while out.len() < 20_000 {
        out.push_str(word(&vocab, &mut rng));
        out.push(' ');
        k += 1;
        if or_every.is_some_and(|e| k % e == 0) {
            out.push_str("or ");
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let (lib, headlines) = library();
    let index = &lib.index;
    let mut g = c.benchmark_group("query 100 000 articles");
    g.sample_size(20);
    g.bench_function("baseline: naive substring scan of the headlines", |b| {
        b.iter(|| {
            black_box(
                headlines
                    .iter()
                    .filter(|h| h.contains(black_box("mentique")))
                    .count(),
            )
        })
    });
    let typical = "is:unread section:s3 -budget or title:/^la/ newer:7d sort:new";
    g.bench_function("parse: a typical query", |b| {
        b.iter(|| black_box(query::parse(black_box(typical)).unwrap()))
    });
    let page = paste(None);
    g.bench_function("parse: a 20 KB paste", |b| {
        b.iter(|| black_box(query::parse(black_box(&page)).unwrap()))
    });
    let page_or = paste(Some(20));
    let cases: [(&str, &str); 11] = [
        ("a word, `men`", "men"),
        ("a section, `section:s3`", "section:s3"),
        ("two words, `ba cepo`", "ba cepo"),
        (
            "state and date, `is:unread newer:30d`",
            "is:unread newer:30d",
        ),
        (
            "field, negation, or: `section:s3 -is:read or by:la`",
            "section:s3 -is:read or by:la",
        ),
        ("title words, `title:ba`", "title:ba"),
        ("title regex, `title:/^ba.*ment/`", "title:/^ba.*ment/"),
        ("path substring, `path:s1/0`", "path:s1/0"),
        ("a phrase, `\"ba ce\"` (maybe: to read)", "\"ba ce\""),
        ("a 20 KB paste (AND of 3 000 words)", &page),
        ("a 20 KB paste with `or` every 20 words", &page_or),
    ];
    for (name, text) in cases {
        let plan = Plan::new(query::parse(text).unwrap(), NOW_MS);
        let a = engine::evaluate(&plan, &lib, index, &|| false).unwrap();
        eprintln!("{name}: {} sure, {} maybe", a.yes.count(), a.maybe.count());
        g.bench_function(format!("parse + evaluate: {name}"), |b| {
            b.iter(|| {
                let plan = Plan::new(query::parse(black_box(text)).unwrap(), NOW_MS);
                black_box(engine::evaluate(&plan, &lib, index, &|| false))
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
