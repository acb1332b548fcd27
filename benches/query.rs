//! The query language over 100 000 synthetic articles: parse, then the engine's evaluation
//! (index for words, metadata article by article, cheapest terms first), against a baseline
//! measured in the same run: a naive scan of 100 000 folded headlines for a substring (what a
//! filter without an index does, on headlines alone). The library is the one of
//! `benches/filter.rs` (20 000 pseudo-words, Zipf-like; 10-word headlines, 600-word bodies)
//! with sections, alternate headlines, bylines, paths, dates and marks. BENCHMARKS.md has the
//! figures.

use std::borrow::Cow;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kiosque::query::engine::{self, Corpus};
use kiosque::query::eval::{Fields, Seen};
use kiosque::query::{self, Field, Plan};
use kiosque::search::{Index, SegmentBuilder};

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

/// What the reader holds of an article.
struct Meta {
    section: String,
    headline: String,
    alt: Option<String>,
    byline: String,
    path: String,
    date_ns: i64,
    read: bool,
    starred: bool,
}

struct Library {
    metas: Vec<Meta>,
}

impl Fields for &Meta {
    fn section(&self) -> &str {
        &self.section
    }
    fn path(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.path)
    }
    fn date_ns(&self) -> i64 {
        self.date_ns
    }
    fn read(&self) -> bool {
        self.read
    }
    fn starred(&self) -> bool {
        self.starred
    }
    fn scan(&self, field: Field, f: &mut dyn FnMut(&str) -> bool) -> Seen {
        let titles = || std::iter::once(self.headline.as_str()).chain(self.alt.as_deref());
        match field {
            Field::Title => {
                let _ = titles().any(f);
                Seen::All
            }
            Field::By => {
                f(&self.byline);
                Seen::All
            }
            Field::Section => {
                f(&self.section);
                Seen::All
            }
            Field::Path => Seen::All,
            Field::Any => {
                let _ = std::iter::once(self.section.as_str())
                    .chain(titles())
                    .chain(std::iter::once(self.byline.as_str()))
                    .any(f);
                Seen::Some
            }
            Field::Body | Field::Quote => Seen::Some,
        }
    }
}

impl Corpus for Library {
    type Doc<'a> = &'a Meta;
    fn count(&self) -> usize {
        self.metas.len()
    }
    fn live(&self, _: usize) -> bool {
        true
    }
    fn doc(&self, n: usize) -> &Meta {
        &self.metas[n]
    }
}

fn library() -> (Library, Index, Vec<String>) {
    let vocab = vocabulary();
    let names: Vec<String> = (0..200)
        .map(|i| format!("{} {}", vocab[i * 7], vocab[i * 11 + 3]))
        .collect();
    let mut rng = Rng(42);
    let mut index = Index::default();
    let mut metas = Vec::with_capacity(ARTICLES as usize);
    let mut header = SegmentBuilder::new(0);
    let mut body = SegmentBuilder::new(0);
    for n in 0..ARTICLES {
        if n % PER_SEGMENT == 0 && n > 0 {
            index.push(std::mem::replace(&mut header, SegmentBuilder::new(n)).finish());
            index.push_body(std::mem::replace(&mut body, SegmentBuilder::new(n)).finish());
        }
        let headline: Vec<&str> = (0..10).map(|_| word(&vocab, &mut rng)).collect();
        let alt: Option<Vec<&str>> =
            (rng.below(10) < 3).then(|| (0..8).map(|_| word(&vocab, &mut rng)).collect());
        let text: Vec<&str> = (0..600).map(|_| word(&vocab, &mut rng)).collect();
        let section = format!("s{}", rng.below(24));
        let m = Meta {
            headline: headline.join(" "),
            alt: alt.map(|a| a.join(" ")),
            byline: names[rng.below(names.len())].clone(),
            path: format!("/lib/{section}/{n:06}.txt"),
            section,
            date_ns: (NOW_MS - rng.below(6 * 365) as i64 * DAY_MS) * 1_000_000,
            read: rng.below(3) == 0,
            starred: rng.below(50) == 0,
        };
        header.add_texts(
            [m.headline.as_str(), m.byline.as_str(), m.section.as_str()]
                .into_iter()
                .chain(m.alt.as_deref()),
        );
        body.add_texts([text.join(" ").as_str()]);
        metas.push(m);
    }
    index.push(header.finish());
    index.push_body(body.finish());
    let folded: Vec<String> = metas.iter().map(|m| m.headline.to_lowercase()).collect();
    (Library { metas }, index, folded)
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
    let (lib, index, headlines) = library();
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
    let cases: [(&str, &str); 10] = [
        ("a word, `men`", "men"),
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
        let a = engine::evaluate(&plan, &lib, &index, &|| false).unwrap();
        eprintln!("{name}: {} sure, {} maybe", a.yes.count(), a.maybe.count());
        g.bench_function(format!("parse + evaluate: {name}"), |b| {
            b.iter(|| {
                let plan = Plan::new(query::parse(black_box(text)).unwrap(), NOW_MS);
                black_box(engine::evaluate(&plan, &lib, &index, &|| false))
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
