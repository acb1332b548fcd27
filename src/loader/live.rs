//! Live updates: a library already loaded is checked again while the reader runs, and only
//! what changed is sent (the reader keeps everything else, numbers included).
//!
//! A load keeps what it sent ([`Kept`]: what the loader remembers of each entry, and the log
//! it wrote or replayed). [`update`] walks the library again, `stat`ing every file as a warm
//! start does, and compares each file's stamp with the one it was listed with: the articles of
//! files changed or gone are removed, and the files new or changed are read, in the very
//! messages a warm start sends after its replay (removals, batches, relabelings, renumbering,
//! bodies), preceded by [`LoadEvent::Update`] instead of [`LoadEvent::Started`]. What is sent is
//! appended to the library's log, so the next start replays it rather than reading the files
//! again.
//!
//! Why a whole walk rather than the paths the file watcher names: the walk applies every rule
//! of a load (hidden entries, extensions, symlinks followed, one file reached twice taken once,
//! the folder a file takes its section from) with no second implementation to drift, and it
//! costs a fraction of what the files changed cost to read (measured in `BENCHMARKS.md`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::pipeline::Producer;
use super::{
    Chunk, Load, LoadEvent, Out, Seen, Side, chunk_size, finish, index_bodies, keep_log,
    list_files, number, renumber, second_look,
};
use crate::cache::{LogWriter, Record};
use crate::ids::IdAssigner;
use crate::library::{self, FoundFile, Sources};
use crate::scan::Problem;
use crate::source::Source;

/// What changed on disk since the entries were sent.
pub(super) struct Changes {
    /// Entries whose files changed or went away.
    removed: Vec<u32>,
    /// Files new or changed, to read.
    fresh: Vec<FoundFile>,
    /// Problems met finding the files (roots that are gone included).
    pub(super) problems: Vec<Problem>,
}

impl Changes {
    /// Walks `sources` and compares what it finds with `seen`.
    pub(super) fn find(sources: &Sources, seen: &[Seen]) -> Changes {
        let found = library::find(sources);
        let mut problems = found.problems;
        problems.extend(found.missing_roots.into_iter().map(|path| Problem {
            path,
            message: "no such file or directory".into(),
        }));
        // Entries by the file they were read from (a feed's items share their file).
        let mut at: HashMap<Source, Vec<usize>> = HashMap::with_capacity(seen.len());
        for (n, s) in seen.iter().enumerate().filter(|(_, s)| s.alive) {
            at.entry(s.source.file()).or_default().push(n);
        }
        let mut still = vec![false; seen.len()];
        let mut fresh: Vec<FoundFile> = Vec::new();
        for f in found.files {
            match at.get(&f.source) {
                Some(ns) if ns.iter().all(|&n| seen[n].stamp == f.stamp) => {
                    for &n in ns {
                        still[n] = true;
                    }
                }
                _ => fresh.push(f),
            }
        }
        let removed = (0..seen.len())
            .filter(|&n| seen[n].alive && !still[n])
            .map(number)
            .collect();
        Changes {
            removed,
            fresh,
            problems,
        }
    }

    /// No file changed, came or went.
    pub(super) fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.fresh.is_empty()
    }
}

/// Sends `changes` (and logs them): the removals, then the files new or changed, read and
/// indexed as a load reads them. With `total`, says first how many files the library holds.
pub(super) fn apply(
    changes: Changes,
    seen: &mut Vec<Seen>,
    threads: usize,
    out: &mut Out<'_>,
    total: bool,
) {
    let Changes { removed, fresh, .. } = changes;
    let mut ids = IdAssigner::default();
    for s in seen.iter().filter(|s| s.alive) {
        ids.reserve(s.id);
    }
    if !removed.is_empty() {
        for &n in &removed {
            let s = &mut seen[n as usize];
            s.alive = false;
            ids.release(s.id);
        }
        if !out.record(Record::Removed(removed), Vec::new()) {
            return;
        }
    }
    let alive = seen.iter().filter(|s| s.alive).count();
    if (seen.len() - alive) * 4 > alive {
        // A log mostly made of removed articles is dropped once this load ends: the next start
        // is cold and writes a compact one.
        out.log = None;
        if let Some(path) = &out.log_path {
            let _ = std::fs::remove_file(path);
        }
    }
    if total && !fresh.is_empty() && !out.emit(LoadEvent::Total(alive + fresh.len())) {
        return;
    }
    let produce = |p: &mut Producer<'_, Vec<FoundFile>, Chunk, Side>| {
        let mut k = 0;
        let mut rest = fresh.as_slice();
        while !rest.is_empty() {
            let (now, later) = rest.split_at(chunk_size(k).min(rest.len()));
            if !p.job(now.to_vec()) {
                return;
            }
            rest = later;
            k += 1;
        }
    };
    if list_files(produce, seen, &mut ids, threads, out) {
        second_look(seen, &mut ids, out);
        if !renumber(seen, out) {
            return;
        }
        keep_log(out, seen);
        index_bodies(seen, threads, out);
    }
    finish(out, seen);
}

/// The library's log, as a live update finds it.
enum KeptLog {
    /// Open in place: what an update sends is appended to it.
    Open(LogWriter),
    /// Replayed whole and left as it was (nothing had changed): an update copies it and appends
    /// to the copy, if it is still the file replayed (another reader may have replaced it).
    Replayed {
        path: PathBuf,
        valid_len: u64,
        file: Option<FileKey>,
    },
    /// None, or no longer this load's: updates are not logged (the next start finds them by
    /// their stamps, as it finds any change made while no reader ran).
    Lost,
}

/// What tells that a log file is still the one replayed.
type FileKey = (u64, u64, u64, i64);

fn file_key(path: &Path) -> Option<FileKey> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((
        m.dev(),
        m.ino(),
        m.len(),
        m.mtime_nsec() + m.mtime() * 1_000_000_000,
    ))
}

/// What a load leaves for checks of the library later: what it sent, and its log.
pub struct Kept {
    seen: Vec<Seen>,
    log: KeptLog,
    log_path: Option<PathBuf>,
    /// The problems the last walk met: an update that finds the same ones and no file changed
    /// sends nothing at all.
    walk_problems: Vec<Problem>,
}

impl Kept {
    /// After a replay that found nothing changed.
    pub(super) fn replayed(
        seen: Vec<Seen>,
        log_path: &Path,
        valid_len: u64,
        walk_problems: Vec<Problem>,
    ) -> Kept {
        Kept {
            seen,
            log: KeptLog::Replayed {
                path: log_path.to_owned(),
                valid_len,
                file: file_key(log_path),
            },
            log_path: Some(log_path.to_owned()),
            walk_problems,
        }
    }

    /// After a load that sent (and logged) what it read: `None` if it was stopped.
    pub(super) fn after(
        seen: Vec<Seen>,
        out: &mut Out<'_>,
        walk_problems: Vec<Problem>,
    ) -> Option<Kept> {
        if out.stopped {
            return None;
        }
        Some(Kept {
            seen,
            log: out.log.take().map_or(KeptLog::Lost, KeptLog::Open),
            log_path: out.log_path.clone(),
            walk_problems,
        })
    }

    /// Articles this load holds now.
    pub fn articles(&self) -> usize {
        self.seen.iter().filter(|s| s.alive).count()
    }

    /// A writer for the next records, if the log is still this load's.
    fn writer(&mut self) -> Option<LogWriter> {
        match std::mem::replace(&mut self.log, KeptLog::Lost) {
            KeptLog::Open(w) => Some(w),
            KeptLog::Replayed {
                path,
                valid_len,
                file,
            } => {
                if file.is_some() && file_key(&path) == file {
                    LogWriter::extend(&path, valid_len).ok()
                } else {
                    None
                }
            }
            KeptLog::Lost => None,
        }
    }
}

/// Checks `sources` again against what `kept` holds and sends what changed (nothing at all when
/// nothing did), as load `generation`. False when the reader stopped listening.
pub fn update(
    sources: &Sources,
    kept: &mut Kept,
    generation: u64,
    threads: usize,
    send: &mut dyn FnMut(Load) -> bool,
) -> bool {
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    };
    let changes = Changes::find(sources, &kept.seen);
    if changes.is_empty() && changes.problems == kept.walk_problems {
        return true;
    }
    let mut out = Out {
        generation,
        send,
        log: None,
        log_path: kept.log_path.clone(),
        stopped: false,
    };
    if !out.emit(LoadEvent::Update {
        problems: changes.problems.clone(),
    }) {
        return false;
    }
    kept.walk_problems = changes.problems.clone();
    if changes.is_empty() {
        return out.emit(LoadEvent::Done);
    }
    out.log = kept.writer();
    apply(changes, &mut kept.seen, threads, &mut out, false);
    kept.log = out.log.take().map_or(KeptLog::Lost, KeptLog::Open);
    !out.stopped
}

#[cfg(test)]
mod tests {
    use super::super::tests::{copy_fixtures, ids};
    use super::super::{Gathered, Options, load_and_keep};
    use super::*;

    /// A load kept for updates: its events applied, and what it kept.
    fn kept_load(sources: &Sources, cache: Option<&Path>) -> (Gathered, Kept) {
        let mut g = Gathered::default();
        let options = Options {
            cache_dir: cache,
            threads: 2,
            ..Options::default()
        };
        let kept = load_and_keep(sources, 3, options, &mut |l| {
            g.apply(l.event);
            true
        })
        .expect("the load ends");
        (g, kept)
    }

    /// An update's events, applied to `g` too.
    fn update_events(sources: &Sources, kept: &mut Kept, g: &mut Gathered) -> Vec<LoadEvent> {
        let mut events = Vec::new();
        assert!(update(sources, kept, 3, 2, &mut |l| {
            assert_eq!(l.generation, 3);
            events.push(l.event);
            true
        }));
        for e in &events {
            if let LoadEvent::Batch { segment, .. } = e {
                assert_eq!(
                    segment.base as usize,
                    g.entries.len(),
                    "numbered after the rest"
                );
            }
        }
        events
    }

    fn apply(g: &mut Gathered, events: Vec<LoadEvent>) {
        for e in events {
            g.apply(e);
        }
    }

    fn hits(g: &Gathered, q: &str) -> usize {
        g.index
            .find_text(q, g.entries.len())
            .iter()
            .filter(|&i| g.entries[i].is_some())
            .count()
    }

    #[test]
    fn nothing_changed_sends_nothing() {
        let (dir, lib) = copy_fixtures();
        let sources = Sources::Paths(vec![lib]);
        let cache = dir.path().join("cache");
        for cache in [None, Some(cache.as_path())] {
            let (mut g, mut kept) = kept_load(&sources, cache);
            assert!(update_events(&sources, &mut kept, &mut g).is_empty());
        }
    }

    #[test]
    fn an_update_sends_what_changed_and_leaves_the_library_a_fresh_load_gives() {
        let (dir, lib) = copy_fixtures();
        let cache = dir.path().join("cache");
        let sources = Sources::Paths(vec![lib.clone()]);
        // Warm (the log replayed, nothing changed: it is extended on the first update), and
        // cold (the log open in place).
        let _ = kept_load(&sources, Some(&cache));
        let (mut g, mut kept) = kept_load(&sources, Some(&cache));
        let before = g.entries.len();
        std::fs::write(
            lib.join("fr/nouveau.txt"),
            "MONDELa dernière nouvelle\n\nUn texte tout neuf sur Zanzibar.",
        )
        .unwrap();
        std::fs::remove_file(lib.join("fr/sante_oms.txt")).unwrap();
        let changed = lib.join("fr/sport_tour_de_france.txt");
        let text = std::fs::read_to_string(&changed).unwrap();
        std::fs::write(&changed, text.replace("Lille", "Lille et Roubaix zigzag")).unwrap();
        let events = update_events(&sources, &mut kept, &mut g);
        assert!(matches!(events[0], LoadEvent::Update { .. }), "{events:?}");
        assert!(matches!(events.last(), Some(LoadEvent::Done)));
        assert!(
            !events
                .iter()
                .any(|e| matches!(e, LoadEvent::Started { .. } | LoadEvent::Total(_))),
            "an update forgets nothing, counts nothing"
        );
        assert!(
            events
                .iter()
                .any(|e| matches!(e, LoadEvent::Removed(n) if n.len() == 2))
        );
        let read: usize = events
            .iter()
            .map(|e| match e {
                LoadEvent::Batch { entries, .. } => entries.len(),
                _ => 0,
            })
            .sum();
        assert_eq!(read, 2, "only the new and the changed file are read");
        apply(&mut g, events);
        assert_eq!(g.entries.len(), before + 2);
        assert_eq!(hits(&g, "zanzibar"), 1);
        assert_eq!(hits(&g, "zigzag"), 1);
        // The same ids as a load from scratch; the next start replays the update from the log
        // (its removals included) and finds nothing to read.
        let fresh = crate::loader::gather(&sources, None, crate::loader::Need::Lists);
        assert_eq!(ids(&g.entries), ids(&fresh.entries));
        assert_replays_whole(&sources, &cache);
        let (again, _) = kept_load(&sources, Some(&cache));
        assert_eq!(ids(&again.entries), ids(&g.entries));
        // A second update, on the log now open in place.
        std::fs::remove_file(lib.join("fr/nouveau.txt")).unwrap();
        let events = update_events(&sources, &mut kept, &mut g);
        apply(&mut g, events);
        assert_eq!(hits(&g, "zanzibar"), 0);
        assert_replays_whole(&sources, &cache);
        let (again, _) = kept_load(&sources, Some(&cache));
        assert_eq!(ids(&again.entries), ids(&g.entries));
    }

    /// A load from the log in `cache` finds nothing to read.
    fn assert_replays_whole(sources: &Sources, cache: &Path) {
        let mut replayed = Vec::new();
        let options = Options {
            cache_dir: Some(cache),
            threads: 1,
            ..Options::default()
        };
        crate::loader::load(sources, 0, options, &mut |l| {
            replayed.push(l.event);
            true
        });
        assert!(
            !replayed
                .iter()
                .any(|e| matches!(e, LoadEvent::Total(_) | LoadEvent::Listed { .. })),
            "the log holds the updates"
        );
    }

    #[test]
    fn a_root_gone_and_back() {
        let (dir, lib) = copy_fixtures();
        let sources = Sources::Paths(vec![lib.clone()]);
        let (mut g, mut kept) = kept_load(&sources, Some(&dir.path().join("cache")));
        let all = kept.articles();
        let moved = dir.path().join("elsewhere");
        std::fs::rename(&lib, &moved).unwrap();
        let events = update_events(&sources, &mut kept, &mut g);
        match &events[0] {
            LoadEvent::Update { problems } => {
                assert!(
                    problems
                        .iter()
                        .any(|p| p.path == lib && p.message.contains("no such file")),
                    "{problems:?}"
                );
            }
            other => panic!("{other:?}"),
        }
        apply(&mut g, events);
        assert_eq!(kept.articles(), 0);
        assert_eq!(g.entries.iter().flatten().count(), 0);
        std::fs::rename(&moved, &lib).unwrap();
        let events = update_events(&sources, &mut kept, &mut g);
        assert!(
            matches!(&events[0], LoadEvent::Update { problems } if problems.iter().all(|p| p.path != lib))
        );
        apply(&mut g, events);
        assert_eq!(kept.articles(), all);
        assert_eq!(g.entries.iter().flatten().count(), all);
    }
}
