//! Loads a library with the reader's background loader, without a terminal, and says how long
//! it took: `cargo run --release --example load_library -- DIR...`. With `KIOSQUE_CACHE_DIR`
//! set, the library's log is read (warm start) or written (cold start) there; `THREADS` sets the
//! number of workers (default: one per core).

use std::time::Instant;

use kiosque::library::Sources;
use kiosque::loader::{self, LoadEvent};

fn main() {
    let dirs: Vec<std::path::PathBuf> = std::env::args_os().skip(1).map(Into::into).collect();
    let start = Instant::now();
    let mut first = None;
    let (mut entries, mut problems, mut index_bytes) = (0usize, 0usize, 0usize);
    let mut entry_bytes = 0usize;
    let mut versions = 0usize;
    let mut listed = 0.0;
    let mut last_bodies = 0.0;
    let mut index = kiosque::search::Index::default();
    // With LISTED_ONLY set, the load stops once the lists are complete (no body index).
    let stop_at_listed = std::env::var_os("LISTED_ONLY").is_some();
    let cache = std::env::var_os("KIOSQUE_CACHE_DIR").map(std::path::PathBuf::from);
    let threads = std::env::var("THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let options = loader::Options {
        cache_dir: cache.as_deref(),
        threads,
        ..loader::Options::default()
    };
    loader::load(&Sources::Paths(dirs), 0, options, &mut |l| {
        match l.event {
            LoadEvent::Started { files, .. } => {
                eprintln!("{:>8.1} ms  found {files} files", ms(start));
            }
            LoadEvent::Batch {
                entries: e,
                segment,
                problems: p,
            } => {
                first.get_or_insert_with(|| ms(start));
                entries += e.len();
                index.push(segment.clone());
                entry_bytes += e.iter().map(heap).sum::<usize>();
                problems += p.len();
                index_bytes += segment.heap_bytes();
            }
            LoadEvent::Relabeled { updates, .. } => {
                eprintln!("{:>8.1} ms  relabeled {}", ms(start), updates.len());
            }
            LoadEvent::Renumbered(ids) => {
                eprintln!("{:>8.1} ms  renumbered {}", ms(start), ids.len());
            }
            LoadEvent::Removed(n) => eprintln!("{:>8.1} ms  removed {}", ms(start), n.len()),
            LoadEvent::Total(n) => eprintln!("{:>8.1} ms  {n} files in all", ms(start)),
            LoadEvent::Problems(p) | LoadEvent::Update { problems: p } => problems += p.len(),
            LoadEvent::Listed { bodies } => {
                listed = ms(start);
                eprintln!("{:>8.1} ms  listed; {bodies} bodies to index", ms(start));
                if stop_at_listed {
                    return false;
                }
            }
            LoadEvent::Versions(v) => versions += v.len(),
            LoadEvent::Bodies { segment, .. } => {
                index_bytes += segment.heap_bytes();
                index.push_body(segment);
                last_bodies = ms(start);
            }
            LoadEvent::Stories(s) => {
                let mut sizes = std::collections::HashMap::<u32, usize>::new();
                for (_, story) in &s {
                    *sizes.entry(*story).or_default() += 1;
                }
                eprintln!(
                    "{:>8.1} ms  stories: {} articles in {} stories of two or more (largest {}), {:.1} ms after the last bodies",
                    ms(start),
                    s.len(),
                    sizes.len(),
                    sizes.values().max().unwrap_or(&0),
                    ms(start) - last_bodies
                );
            }
            // (The reader's only: this load does not ask for the lists file.)
            LoadEvent::Lists(_)
            | LoadEvent::Words(_)
            | LoadEvent::RelabeledWords { .. }
            | LoadEvent::Logged(_)
            | LoadEvent::Done => {}
        }
        true
    });
    eprintln!(
        "{:>8.1} ms  done: {entries} articles, {problems} problems, first batch at {:.1} ms, listed at {listed:.1} ms, index {} MB, entries {} MB, {versions} versions",
        ms(start),
        first.unwrap_or(0.0),
        index_bytes / 1_000_000,
        entry_bytes / 1_000_000
    );
    if std::env::var_os("QUERIES").is_some() {
        time_queries(&index, entries);
    }
}

/// Bytes an entry takes: the struct and what its strings hold (allocator overhead aside).
fn heap(e: &kiosque::library::Entry) -> usize {
    let s = |x: &String| x.capacity();
    let o = |x: &Option<String>| x.as_ref().map_or(0, String::capacity);
    std::mem::size_of::<kiosque::library::Entry>()
        + s(&e.section)
        + s(&e.headline)
        + o(&e.label)
        + o(&e.folder)
        + o(&e.alt_headline)
        + o(&e.standfirst)
        + e.bylines.iter().map(String::capacity).sum::<usize>()
        + e.warnings.iter().map(String::capacity).sum::<usize>()
        + e.source.path().map_or(0, |p| p.as_os_str().len())
}

/// Times the index answering a few queries, as the filter does per keystroke.
fn time_queries(index: &kiosque::search::Index, n: usize) {
    for q in [
        "g",
        "g",
        "go",
        "gouv",
        "gouvernement",
        "m",
        "m",
        "p",
        "ministre president",
    ] {
        let t = Instant::now();
        let hits = index.find_text(q, n);
        let found = hits.count();
        eprintln!("query {q:?}: {found} articles in {:.2} ms", ms(t));
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
