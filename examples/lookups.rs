//! The filter bench's look-ups (`benches/filter.rs`: the same 100 000 synthetic articles and
//! words), each timed as the fastest of 40 batches of 5: on a machine shared with other builds,
//! criterion's means move by tens of percent with the load, the fastest batch by a few.
//! `cargo run --release --example lookups`; BENCHMARKS.md compares two binaries alternated.

use std::hint::black_box;
use std::time::Instant;

use kiosque::search::{Index, SegmentBuilder};

const ARTICLES: u32 = 100_000;
const PER_SEGMENT: u32 = 4096;

/// A deterministic pseudo-random generator (splitmix64), as in the bench.
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

/// The bench's 20 000 pseudo-words.
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

/// A word drawn with the bench's skew toward the first words.
fn word<'v>(vocab: &'v [String], rng: &mut Rng) -> &'v str {
    let u = (rng.next() % 1_000_000) as f64 / 1_000_000.0;
    &vocab[((u * u) * vocab.len() as f64) as usize]
}

fn main() {
    let vocab = vocabulary();
    let mut rng = Rng(42);
    let mut index = Index::default();
    let mut builder = SegmentBuilder::new(0);
    for n in 0..ARTICLES {
        if n % PER_SEGMENT == 0 && n > 0 {
            index.push(std::mem::replace(&mut builder, SegmentBuilder::new(n)).finish());
        }
        let headline: Vec<&str> = (0..10).map(|_| word(&vocab, &mut rng)).collect();
        let body: Vec<&str> = (0..600).map(|_| word(&vocab, &mut rng)).collect();
        let (h, b) = (headline.join(" "), body.join(" "));
        builder.add_texts([h.as_str(), b.as_str()]);
    }
    index.push(builder.finish());
    print!("index {:.1} MB", index.heap_bytes() as f64 / 1e6);
    for q in ["m", "men", "mentique", "ba cepo", "zozozo"] {
        let mut best = f64::MAX;
        for _ in 0..40 {
            let start = Instant::now();
            for _ in 0..5 {
                black_box(index.find_text(black_box(q), ARTICLES as usize));
            }
            best = best.min(start.elapsed().as_secs_f64() / 5.0);
        }
        print!(" | {q}: {:.1} µs", best * 1e6);
    }
    println!();
}
