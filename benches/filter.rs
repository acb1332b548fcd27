//! The filter over 100 000 articles: the full-text index answering one keystroke, against a
//! baseline measured in the same run: a naive scan of 100 000 folded headlines for a substring
//! (what a filter without an index does, on headlines alone). BENCHMARKS.md reports the ratios.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kiosque::search::{Index, SegmentBuilder};

const ARTICLES: u32 = 100_000;
const PER_SEGMENT: u32 = 4096;

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
}

/// A vocabulary of 20 000 pseudo-words, drawn with a Zipf-like skew (common words are common).
fn vocabulary() -> Vec<String> {
    let syll = [
        "ba", "ce", "di", "fo", "gu", "la", "me", "ni", "po", "ru", "sa", "te", "vi", "zo", "ment",
        "tion", "eur", "ique",
    ];
    let mut rng = Rng(7);
    (0..20_000)
        .map(|_| {
            let n = 1 + (rng.next() % 4) as usize;
            (0..n)
                .map(|_| syll[(rng.next() % syll.len() as u64) as usize])
                .collect()
        })
        .collect()
}

fn word<'v>(vocab: &'v [String], rng: &mut Rng) -> &'v str {
    // Squaring a uniform draw skews it toward the first words.
    let u = (rng.next() % 1_000_000) as f64 / 1_000_000.0;
    &vocab[((u * u) * vocab.len() as f64) as usize]
}

fn library() -> (Index, Vec<String>) {
    let vocab = vocabulary();
    let mut rng = Rng(42);
    let mut index = Index::default();
    let mut headlines = Vec::with_capacity(ARTICLES as usize);
    let mut builder = SegmentBuilder::new(0);
    for n in 0..ARTICLES {
        if n % PER_SEGMENT == 0 && n > 0 {
            index.push(std::mem::replace(&mut builder, SegmentBuilder::new(n)).finish());
        }
        let headline: Vec<&str> = (0..10).map(|_| word(&vocab, &mut rng)).collect();
        let body: Vec<&str> = (0..600).map(|_| word(&vocab, &mut rng)).collect();
        let (h, b) = (headline.join(" "), body.join(" "));
        builder.add_texts([h.as_str(), b.as_str()]);
        headlines.push(h);
    }
    index.push(builder.finish());
    (index, headlines)
}

fn bench(c: &mut Criterion) {
    let (index, headlines) = library();
    eprintln!("index: {} MB", index.heap_bytes() / 1_000_000);
    let mut g = c.benchmark_group("filter 100 000 articles");
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
    for q in ["m", "men", "mentique", "ba cepo", "zozozo"] {
        g.bench_function(format!("index: {q:?}"), |b| {
            b.iter(|| black_box(index.find_text(black_box(q), ARTICLES as usize)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
