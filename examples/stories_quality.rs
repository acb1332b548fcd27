//! How well kiosque finds stories: pairwise precision and recall against the stories a
//! generated corpus planted (`gen_corpus --stories SHARE --manifest FILE`), and what it costs.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --n 20000 --sections 24 --out DIR \
//!     --manifest DIR.jsonl --stories 0.3
//! cargo run --release --example stories_quality -- DIR DIR.jsonl [--sweep] [--loader]
//! ```
//!
//! Every file is read and parsed as the loader does (on every core), each body given its
//! signature ([`kiosque::story::signature`]), then the library is clustered with kiosque's
//! tuning ([`kiosque::story::Tuning::DEFAULT`]; `--sweep` tries others). Two articles form a
//! *pair* when they are in one story: precision is the share of the pairs found that the
//! manifest also has, recall the share of the manifest's pairs found. Also given: recall by the
//! way a variant was made (is it in its base story's cluster), and how many pairs found join
//! two distinct stories written in the same topic's words. `--loader` loads the library again
//! with the reader's loader (no cache) and checks it gives the same stories.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use kiosque::library::{self, Sources};
use kiosque::story::{self, Article, Signatures, Tuning};

struct Truth {
    story: u64,
    variant: Option<String>,
    topic: Option<u64>,
}

fn manifest(path: &PathBuf) -> HashMap<PathBuf, Truth> {
    let text = std::fs::read_to_string(path).expect("the manifest");
    text.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            let path = PathBuf::from(v["path"].as_str().expect("path"));
            let story = v["story"]
                .as_u64()
                .expect("a manifest written with --stories");
            let variant = v["variant"].as_str().map(str::to_owned);
            let topic = v["topic"].as_u64();
            (
                path,
                Truth {
                    story,
                    variant,
                    topic,
                },
            )
        })
        .collect()
}

fn pairs(sizes: impl Iterator<Item = u64>) -> u64 {
    sizes.map(|s| s * s.saturating_sub(1) / 2).sum()
}

/// Pairwise precision and recall of `found` (a story per article) against `truth`.
fn score(found: &[u32], truth: &[u64]) -> (f64, f64, u64, u64) {
    let mut both: HashMap<(u32, u64), u64> = HashMap::new();
    let mut f: HashMap<u32, u64> = HashMap::new();
    let mut t: HashMap<u64, u64> = HashMap::new();
    for (&a, &b) in found.iter().zip(truth) {
        *both.entry((a, b)).or_default() += 1;
        *f.entry(a).or_default() += 1;
        *t.entry(b).or_default() += 1;
    }
    let tp = pairs(both.into_values());
    let fp = pairs(f.into_values());
    let tt = pairs(t.into_values());
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    (ratio(tp, fp), ratio(tp, tt), fp, tt)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("DIR MANIFEST"));
    let manifest_path = PathBuf::from(args.next().expect("DIR MANIFEST"));
    let flags: Vec<String> = args.collect();
    let truth = manifest(&manifest_path);
    let sources = Sources::Paths(vec![dir]);

    let started = Instant::now();
    let found = library::find(&sources);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let files = &found.files;
    let chunk = files.len().div_ceil(threads).max(1);
    let signing = &std::sync::atomic::AtomicU64::new(0);
    // (path, date, signature) of every article, in file order.
    let read: Vec<(PathBuf, i64, Option<story::Signature>)> = std::thread::scope(|s| {
        let hs: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut out = Vec::new();
                    for f in part {
                        let Ok(listed) = library::load_listing(&f.source, f.folder.clone(), None)
                        else {
                            continue;
                        };
                        for (e, _) in listed {
                            let sig = library::with_body(&e.source, e.stamp, e.body_start, |b| {
                                let t = Instant::now();
                                let sig = story::signature(b);
                                signing.fetch_add(
                                    t.elapsed().as_nanos() as u64,
                                    std::sync::atomic::Ordering::Relaxed,
                                );
                                sig
                            })
                            .flatten();
                            let path = e.source.path().map(PathBuf::from).unwrap_or_default();
                            out.push((path, e.date_ns(), sig));
                        }
                    }
                    out
                })
            })
            .collect();
        hs.into_iter()
            .flat_map(|h| h.join().expect("a reader thread"))
            .collect()
    });
    let read_ms = started.elapsed().as_secs_f64() * 1000.0;

    let mut sigs = Signatures::default();
    let mut articles = Vec::new();
    let mut truths = Vec::new();
    let mut variants = Vec::new();
    let mut topics = Vec::new();
    let mut signed = 0;
    for (n, (path, date, sig)) in read.iter().enumerate() {
        let Some(t) = truth.get(path) else {
            panic!("{} is not in the manifest", path.display());
        };
        signed += usize::from(sig.is_some());
        sigs.set(n as u32, sig.as_ref());
        articles.push(Article {
            alive: true,
            date_ns: *date,
        });
        truths.push(t.story);
        variants.push(t.variant.clone());
        topics.push(t.topic);
    }
    let paths: Vec<&PathBuf> = read.iter().map(|r| &r.0).collect();
    let tie = |a: u32, b: u32| paths[a as usize].cmp(paths[b as usize]);
    println!(
        "{} articles ({signed} with a signature), read and signed in {read_ms:.0} ms on {threads} threads; signing alone {:.1} µs an article (CPU)",
        read.len(),
        signing.load(std::sync::atomic::Ordering::Relaxed) as f64
            / 1000.0
            / read.len().max(1) as f64
    );
    margins(&sigs, &truths, &variants, &topics);
    let mut tunings = vec![Tuning::DEFAULT];
    if flags.iter().any(|f| f == "--sweep") {
        tunings.push(Tuning {
            ignore_common: false,
            ..Tuning::DEFAULT
        });
        for rows in [2, 3, 4] {
            for threshold in [0.2, 0.25, 0.3, 0.35, 0.4, 0.5] {
                tunings.push(Tuning {
                    rows,
                    threshold,
                    ..Tuning::DEFAULT
                });
            }
        }
    }
    for tuning in tunings {
        let t0 = Instant::now();
        let clusters = story::cluster_with(&sigs, &articles, &tie, tuning);
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        let mut found: Vec<u32> = (0..read.len() as u32).collect();
        for (m, s) in &clusters {
            found[*m as usize] = *s;
        }
        let (precision, recall, found_pairs, true_pairs) = score(&found, &truths);
        println!(
            "rows {} threshold {:.2} window {} d{}: precision {:.4}  recall {:.4}  ({found_pairs} pairs found, {true_pairs} planted)  clustered in {ms:.1} ms",
            tuning.rows,
            tuning.threshold,
            tuning.window_days,
            if tuning.ignore_common {
                ""
            } else {
                ", common values counted"
            },
            precision,
            recall
        );
        if tuning == Tuning::DEFAULT {
            by_kind(&found, &truths, &variants);
        }
    }
    if flags.iter().any(|f| f == "--loader") {
        let gathered =
            kiosque::loader::gather(&sources, None, kiosque::loader::Need::Stories, true);
        let by_path: HashMap<PathBuf, usize> = paths
            .iter()
            .enumerate()
            .map(|(i, p)| ((*p).clone(), i))
            .collect();
        let mut found: Vec<u32> = (0..read.len() as u32).collect();
        for (n, e) in gathered.entries.iter().enumerate() {
            let (Some(e), Some(&story)) = (e, gathered.stories.get(&(n as u32))) else {
                continue;
            };
            let me = by_path[&e.source.path().map(PathBuf::from).unwrap_or_default()];
            let root = gathered.entries[story as usize]
                .as_ref()
                .and_then(|r| r.source.path())
                .map(|p| by_path[p])
                .unwrap_or(me);
            found[me] = root as u32;
        }
        let (precision, recall, ..) = score(&found, &truths);
        println!("the reader's loader: precision {precision:.4}  recall {recall:.4}");
    }
}

/// Recall per way of making a variant (is it in the cluster of its story's first article),
/// and how often two originals of one topic were taken for one story.
fn by_kind(found: &[u32], truths: &[u64], variants: &[Option<String>]) {
    let mut first: HashMap<u64, usize> = HashMap::new();
    for (n, &t) in truths.iter().enumerate() {
        first.entry(t).or_insert(n);
    }
    let mut kinds: HashMap<&str, (u64, u64)> = HashMap::new();
    for (n, v) in variants.iter().enumerate() {
        let Some(kind) = v else { continue };
        let root = first[&truths[n]];
        let e = kinds.entry(kind.as_str()).or_default();
        e.1 += 1;
        if found[n] == found[root] {
            e.0 += 1;
        }
    }
    let mut kinds: Vec<_> = kinds.into_iter().collect();
    kinds.sort();
    for (kind, (hit, all)) in kinds {
        println!(
            "    {kind:<10} {hit:>6} of {all:>6} with their story ({:.1} %)",
            100.0 * hit as f64 / all.max(1) as f64
        );
    }
    // Originals grouped with another original: distinct stories joined.
    let mut originals: HashMap<u32, u64> = HashMap::new();
    for (n, v) in variants.iter().enumerate() {
        if v.is_none() {
            *originals.entry(found[n]).or_default() += 1;
        }
    }
    let joined: u64 = originals.values().filter(|&&c| c > 1).map(|c| c - 1).sum();
    println!("    distinct stories joined to another: {joined}");
}

/// The similarity of each variant to the first article of its story, and of every two
/// originals written in the same topic's words (distinct stories): the margin a threshold has.
fn margins(sigs: &Signatures, truths: &[u64], variants: &[Option<String>], topics: &[Option<u64>]) {
    let mut first: HashMap<u64, usize> = HashMap::new();
    for (n, &t) in truths.iter().enumerate() {
        first.entry(t).or_insert(n);
    }
    let sim = |a: usize, b: usize| match (sigs.get(a as u32), sigs.get(b as u32)) {
        (Some(x), Some(y)) => Some(story::similarity(x, y)),
        _ => None,
    };
    let mut same: Vec<f64> = variants
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_some())
        .filter_map(|(n, _)| sim(n, first[&truths[n]]))
        .collect();
    let mut by_topic: HashMap<u64, Vec<usize>> = HashMap::new();
    for (n, t) in topics.iter().enumerate() {
        if let Some(t) = t {
            by_topic.entry(*t).or_default().push(n);
        }
    }
    let mut distinct = Vec::new();
    for members in by_topic.values() {
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                distinct.extend(sim(a, b));
            }
        }
    }
    let q = |v: &mut Vec<f64>, p: f64| {
        v.sort_by(f64::total_cmp);
        v.get(((v.len().saturating_sub(1)) as f64 * p) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    println!(
        "similarity to their story's first article, {} variants: p1 {:.3}  p5 {:.3}  p10 {:.3}  median {:.3}",
        same.len(),
        q(&mut same, 0.01),
        q(&mut same, 0.05),
        q(&mut same, 0.10),
        q(&mut same, 0.5)
    );
    println!(
        "similarity of distinct stories in one topic's words, {} pairs: median {:.3}  p99 {:.3}  p99.9 {:.3}  max {:.3}",
        distinct.len(),
        q(&mut distinct, 0.5),
        q(&mut distinct, 0.99),
        q(&mut distinct, 0.999),
        q(&mut distinct, 1.0)
    );
}
