//! What changed on disk since a load sent its entries: a walk of the library compared, file by
//! file, with the stamps the entries were listed with ([`Changes`]). A warm start compares the
//! files its walk found beside the replay ([`Walked`]); a live update compares them as it walks.

use rustc_hash::FxHashMap;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use super::seen::Sent;
use super::{DirHook, number};
use crate::library::{self, FoundFile, Sources};
use crate::scan::{self, Problem, Stamp};
use crate::source::Source;

/// What changed on disk since the entries were sent.
pub(super) struct Changes {
    /// Entries whose files changed or went away.
    pub(super) removed: Vec<u32>,
    /// Files new or changed, to read.
    pub(super) fresh: Vec<FoundFile>,
    /// Problems met finding the files (roots that are gone included).
    pub(super) problems: Vec<Problem>,
}

impl Changes {
    /// Walks `sources` and compares what it finds with `seen` as it goes (only the files new or
    /// changed are kept: a check holds no list of the library's files).
    pub(super) fn find(sources: &Sources, seen: &Sent, on_dir: Option<DirHook<'_>>) -> Changes {
        let mut compare = Comparison::of(seen);
        let problems = walk(sources, on_dir, 1, &mut |f| compare.file(f));
        compare.end(problems)
    }

    /// Compares the files a walk found (while the log was replayed) with `seen`, in order
    /// ([`InOrder`]): a log is mostly in the walk's order, so most files are the next file the
    /// log lists, found without hashing a path.
    pub(super) fn compare(walked: Walked, seen: &Sent) -> Changes {
        let mut compare = InOrder::of(seen);
        let mut fresh = Vec::new();
        let mut misses = Vec::new();
        for (k, (path, stamp)) in walked.files().enumerate() {
            match compare.next(path) {
                Some(run) if compare.keep(run, stamp) => {}
                Some(_) => fresh.push(k),
                None => misses.push(k),
            }
        }
        if !misses.is_empty() {
            // Files out of the log's order (new, or listed again at its end since they
            // changed): looked up among the files the log lists that were passed over.
            let left = compare.left();
            for k in misses {
                let (path, stamp) = walked.file(k);
                if !left
                    .get(Path::new(OsStr::from_bytes(path)))
                    .is_some_and(|runs| {
                        runs.iter().all(|&run| compare.same(run, stamp))
                            && runs.iter().all(|&run| compare.keep(run, stamp))
                    })
                {
                    fresh.push(k);
                }
            }
            fresh.sort_unstable();
        }
        let mut fresh: Vec<FoundFile> = fresh
            .into_iter()
            .map(|k| {
                let (path, stamp) = walked.file(k);
                FoundFile {
                    source: Source::File(Path::new(OsStr::from_bytes(path)).to_owned()),
                    folder: walked.folders[walked.files[k].1 as usize].clone(),
                    stamp,
                }
            })
            .collect();
        // The bundled seeds have no file: always read again (as [`Comparison`] does).
        fresh.extend(walked.others);
        let removed = (0..seen.len())
            .filter(|&n| seen[n].alive && !compare.still[n])
            .map(number)
            .collect();
        Changes {
            removed,
            fresh,
            problems: walked.problems,
        }
    }

    /// No file changed, came or went.
    pub(super) fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.fresh.is_empty()
    }
}

/// Every file a walk of the library found, and its problems. Held while the log is replayed
/// beside it, so kept compact (half the memory of a list of [`FoundFile`]s: 10 MB at 100 000
/// files): the paths end to end, the folders once per run of files that share one.
#[derive(Default)]
pub(super) struct Walked {
    paths: Vec<u8>,
    /// Per file: where its path ends in `paths`, its folder in `folders`, its stamp.
    files: Vec<(usize, u32, Stamp)>,
    folders: Vec<Option<String>>,
    /// Files that are not files on disk (the bundled seeds).
    others: Vec<FoundFile>,
    problems: Vec<Problem>,
}

impl Walked {
    /// The files found, in order: path and stamp.
    fn files(&self) -> impl Iterator<Item = (&[u8], Stamp)> {
        let mut start = 0;
        self.files.iter().map(move |&(end, _, stamp)| {
            let path = &self.paths[start..end];
            start = end;
            (path, stamp)
        })
    }

    /// File `k`: its path and stamp.
    fn file(&self, k: usize) -> (&[u8], Stamp) {
        let start = k.checked_sub(1).map_or(0, |j| self.files[j].0);
        let (end, _, stamp) = self.files[k];
        (&self.paths[start..end], stamp)
    }

    /// Walks `sources`, keeping every file it finds; their metadata is asked by `threads`
    /// threads at once. `hint`: how many files there may be, to make room for.
    pub(super) fn walk(
        sources: &Sources,
        on_dir: Option<DirHook<'_>>,
        threads: usize,
        hint: usize,
    ) -> Walked {
        let mut walked = Walked::default();
        // (Paths of 100 bytes or so: room only taken, not touched, past what is used.)
        walked.paths.reserve(hint * 100);
        walked.files.reserve(hint);
        walked.problems = walk(sources, on_dir, threads, &mut |f| walked.push(f));
        walked
    }

    fn push(&mut self, f: FoundFile) {
        let Source::File(path) = &f.source else {
            self.others.push(f);
            return;
        };
        if self.folders.last() != Some(&f.folder) {
            self.folders.push(f.folder);
        }
        self.paths.extend_from_slice(path.as_os_str().as_bytes());
        let folder = u32::try_from(self.folders.len() - 1).unwrap_or(u32::MAX);
        self.files.push((self.paths.len(), folder, f.stamp));
    }
}

/// Walks `sources`, calling `each` with every file found (and `on_dir` with every folder, just
/// before it is listed); returns the problems met (roots that are gone included). More than
/// one of `threads`: the files' metadata is asked by that many at once ([`scan::walk_split`]),
/// and the files come a batch at a time.
fn walk(
    sources: &Sources,
    on_dir: Option<DirHook<'_>>,
    threads: usize,
    each: &mut dyn FnMut(FoundFile),
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut on_dir = |dir: &Path| DirHook::call(on_dir, dir);
    match sources {
        Sources::Paths(paths) if threads > 1 => {
            scan::walk_split(paths, threads, &mut on_dir, &mut |item| {
                found(item, &mut problems, each);
                true
            });
        }
        Sources::Paths(paths) => scan::walk_dirs(paths, true, &mut on_dir, &mut |item| {
            found(item, &mut problems, each);
            true
        }),
        Sources::Bundled => {
            let found = library::find(sources);
            problems.extend(found.problems);
            found.files.into_iter().for_each(each);
        }
    }
    problems
}

/// What a walk found, handed to `each` (a file) or kept in `problems`.
fn found(item: scan::Item, problems: &mut Vec<Problem>, each: &mut dyn FnMut(FoundFile)) {
    match item {
        scan::Item::File(f) => each(FoundFile {
            source: crate::source::Source::File(f.path),
            folder: f.folder,
            stamp: f.stamp,
        }),
        scan::Item::Problem(p) => problems.push(p),
        scan::Item::Missing(path) => problems.push(Problem {
            path,
            message: "no such file or directory".into(),
        }),
    }
}

/// The files found so far, compared with the entries sent.
struct Comparison<'s> {
    seen: &'s Sent,
    /// The first entry of each file (a feed's items share their file), the others chained from
    /// it in `next`, with no allocation per file.
    first: FxHashMap<&'s Path, u32>,
    next: Vec<u32>,
    /// Entries whose file was found unchanged.
    still: Vec<bool>,
    fresh: Vec<FoundFile>,
}

const NONE: u32 = u32::MAX;

impl<'s> Comparison<'s> {
    fn of(seen: &'s Sent) -> Self {
        let mut first: FxHashMap<&Path, u32> = FxHashMap::default();
        first.reserve(seen.len());
        let mut next = vec![NONE; seen.len()];
        for n in (0..seen.len()).rev().filter(|&n| seen[n].alive) {
            // Every file has a path (the bundled articles are never checked again).
            if let Some(file) = seen.path(n)
                && let Some(was) = first.insert(file, number(n))
            {
                next[n] = was;
            }
        }
        Comparison {
            seen,
            first,
            next,
            still: vec![false; seen.len()],
            fresh: Vec::new(),
        }
    }

    /// The entries of the file whose first entry is `n`.
    fn entries(&self, mut n: u32) -> impl Iterator<Item = usize> + use<'_> {
        std::iter::from_fn(move || {
            (n != NONE).then(|| {
                let this = n as usize;
                n = self.next[this];
                this
            })
        })
    }

    fn file(&mut self, f: FoundFile) {
        if !self.unchanged(f.source.path(), f.stamp) {
            self.fresh.push(f);
        }
    }

    /// Is the file found at `path` with `stamp` unchanged? Its entries are then kept.
    fn unchanged(&mut self, path: Option<&Path>, stamp: Stamp) -> bool {
        match path.and_then(|p| self.first.get(p)).copied() {
            Some(n) if self.entries(n).all(|m| self.seen[m].stamp == stamp) => {
                let mut m = n;
                while m != NONE {
                    self.still[m as usize] = true;
                    m = self.next[m as usize];
                }
                true
            }
            _ => false,
        }
    }

    fn end(self, problems: Vec<Problem>) -> Changes {
        let removed = (0..self.seen.len())
            .filter(|&n| self.seen[n].alive && !self.still[n])
            .map(number)
            .collect();
        Changes {
            removed,
            fresh: self.fresh,
            problems,
        }
    }
}

/// The entries sent, compared in their order with the files of a walk. The entries of one file
/// (a feed's items share it) come one after the other: a run ([`Run`]). A file that is the
/// next run's (its path the same, byte for byte) keeps that run's entries if their stamps are
/// its own; a few runs may be passed over on the way (files gone). Files found out of order
/// are looked up at the end among the runs passed over or never reached ([`InOrder::left`]).
/// A log written by a cold load is in the walk's order; a live update appends what changed at
/// its end, which is what is looked up.
struct InOrder<'s> {
    seen: &'s Sent,
    /// The next run not yet kept nor passed over.
    next: Option<Run>,
    /// Runs passed over.
    passed: Vec<Run>,
    /// Entries whose file was found unchanged.
    still: Vec<bool>,
}

/// The entries `start..end` whose file is `seen.path(start)` (those alive and with a file:
/// dead ones may lie between them).
#[derive(Clone, Copy)]
struct Run {
    start: usize,
    end: usize,
}

/// How many runs a file may pass over to find its own (files gone since the log was written):
/// past that, it is looked up at the end.
const LOOK_AHEAD: usize = 8;

impl<'s> InOrder<'s> {
    fn of(seen: &'s Sent) -> Self {
        InOrder {
            seen,
            next: run_from(seen, 0),
            passed: Vec::new(),
            still: vec![false; seen.len()],
        }
    }

    /// The run of the file at `path` if it is one of the next few (those before it are passed
    /// over); `None` when it is not (the file is looked up at the end).
    fn next(&mut self, path: &[u8]) -> Option<Run> {
        let mut ahead = self.next?;
        for skipped in 0..=LOOK_AHEAD {
            if self.path(ahead) == path {
                self.passed.extend(
                    std::iter::successors(self.next, |r| run_from(self.seen, r.end)).take(skipped),
                );
                self.next = run_from(self.seen, ahead.end);
                return Some(ahead);
            }
            ahead = run_from(self.seen, ahead.end)?;
        }
        None
    }

    fn path(&self, run: Run) -> &'s [u8] {
        self.seen
            .path(run.start)
            .map_or(&[], |p| p.as_os_str().as_bytes())
    }

    /// The entries of `run`.
    fn entries(&self, run: Run) -> impl Iterator<Item = usize> + use<'_, 's> {
        (run.start..run.end).filter(|&n| self.seen[n].alive && self.seen.path(n).is_some())
    }

    /// Were the entries of `run` listed with `stamp`?
    fn same(&self, run: Run, stamp: Stamp) -> bool {
        self.entries(run).all(|n| self.seen[n].stamp == stamp)
    }

    /// Keeps the entries of `run` if they were listed with `stamp`.
    fn keep(&mut self, run: Run, stamp: Stamp) -> bool {
        if !self.same(run, stamp) {
            return false;
        }
        for n in run.start..run.end {
            if self.seen[n].alive && self.seen.path(n).is_some() {
                self.still[n] = true;
            }
        }
        true
    }

    /// The runs passed over or never reached, by path (runs of one path, which a log written
    /// by a load never holds, are taken together, as [`Comparison`] takes them).
    fn left(&self) -> FxHashMap<&'s Path, Vec<Run>> {
        let mut left: FxHashMap<&Path, Vec<Run>> = FxHashMap::default();
        let rest = std::iter::successors(self.next, |r| run_from(self.seen, r.end));
        for run in self.passed.iter().copied().chain(rest) {
            if let Some(path) = self.seen.path(run.start) {
                left.entry(path).or_default().push(run);
            }
        }
        left
    }
}

/// The first run of `seen` from entry `from` on.
fn run_from(seen: &Sent, from: usize) -> Option<Run> {
    let has_file = |n: usize| seen[n].alive && seen.path(n).is_some();
    let start = (from..seen.len()).find(|&n| has_file(n))?;
    let path = seen.path(start)?.as_os_str().as_bytes();
    let end = (start + 1..seen.len())
        .find(|&n| {
            has_file(n)
                && seen
                    .path(n)
                    .is_some_and(|p| p.as_os_str().as_bytes() != path)
        })
        .unwrap_or(seen.len());
    Some(Run { start, end })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Entry;

    fn stamp(k: u64) -> Stamp {
        Stamp {
            size: k,
            mtime_ns: k as i64,
            ctime_ns: k as i64,
            ino: k,
        }
    }

    /// Entries sent for `files` (path, stamp), those of `dead` since removed.
    fn sent(files: &[(&str, u64)], dead: &[usize]) -> Sent {
        let article = crate::parse::parse("POLITIQUELe titre\n\nLe corps.\n", None);
        let mut sent = Sent::default();
        for &(path, k) in files {
            let source = match path.strip_suffix("#1").or(path.strip_suffix("#0")) {
                Some(feed) => Source::Item(feed.into(), u32::from(path.ends_with("#1"))),
                None if path == "seed" => Source::Bundled(0),
                None => Source::File(path.into()),
            };
            sent.push(&Entry::new(source, None, &article, stamp(k)));
        }
        for &n in dead {
            sent[n].alive = false;
        }
        sent
    }

    fn walked(files: &[(&str, u64)]) -> Walked {
        let mut walked = Walked::default();
        for &(path, k) in files {
            walked.push(FoundFile {
                source: Source::File(path.into()),
                folder: path.split('/').nth(1).map(str::to_owned),
                stamp: stamp(k),
            });
        }
        walked
    }

    /// What the comparison through a map of every path says (the reference).
    fn by_map(walk: &[(&str, u64)], seen: &Sent) -> (Vec<u32>, Vec<FoundFile>) {
        let mut compare = Comparison::of(seen);
        let walked = walked(walk);
        for (path, stamp) in walked.files() {
            compare.file(FoundFile {
                source: Source::File(Path::new(OsStr::from_bytes(path)).to_owned()),
                folder: None,
                stamp,
            });
        }
        let changes = compare.end(Vec::new());
        (changes.removed, changes.fresh)
    }

    fn check(case: &str, walk: &[(&str, u64)], log: &[(&str, u64)], dead: &[usize]) {
        let seen = sent(log, dead);
        let changes = Changes::compare(walked(walk), &seen);
        let (removed, fresh) = by_map(walk, &seen);
        assert_eq!(changes.removed, removed, "{case}: removed");
        let paths = |f: &[FoundFile]| -> Vec<(Option<PathBuf>, Stamp)> {
            f.iter()
                .map(|f| (f.source.path().map(Path::to_owned), f.stamp))
                .collect()
        };
        assert_eq!(paths(&changes.fresh), paths(&fresh), "{case}: fresh");
        // The folders go with the files read again.
        for f in &changes.fresh {
            let path = f.source.path().map(|p| p.to_string_lossy().into_owned());
            let folder = path.as_deref().and_then(|p| p.split('/').nth(1));
            assert_eq!(f.folder.as_deref(), folder, "{case}");
        }
    }

    use std::path::PathBuf;

    /// The walk compared in order with the log gives what a map of every path gives, however
    /// the two orders part: files new, gone (a few, or more than the look-ahead), changed, a
    /// feed's items, a log whose changed files were appended at its end, seeds without a file.
    #[test]
    fn in_order_agrees_with_the_map_of_paths() {
        let names: Vec<String> = (0..30).map(|k| format!("/a/{k:02}.txt")).collect();
        let files: Vec<(&str, u64)> = names.iter().map(|n| (n.as_str(), 1)).collect();
        check("same", &files, &files, &[]);
        check("empty log", &files, &[], &[]);
        check("empty walk", &[], &files, &[]);
        let mut changed = files.clone();
        changed[3].1 = 2;
        changed[29].1 = 2;
        check("changed", &changed, &files, &[]);
        let mut fewer = files.clone();
        fewer.remove(5);
        fewer.remove(0);
        check("one gone here and there", &fewer, &files, &[]);
        let mut gap = files.clone();
        gap.drain(4..20);
        check("more gone than the look-ahead", &gap, &files, &[]);
        let mut more = files.clone();
        more.insert(7, ("/a/07b.txt", 1));
        more.insert(0, ("/a/000.txt", 1));
        more.push(("/b/new.txt", 1));
        check("new ones", &more, &files, &[]);
        // A live update removed entry 4 and appended the file again, changed.
        let mut log = files.clone();
        log.push(("/a/04.txt", 3));
        let mut now = files.clone();
        now[4].1 = 3;
        check("appended at the end", &now, &log, &[4]);
        now[4].1 = 4;
        check("appended, changed again", &now, &log, &[4]);
        // A feed's two items share their file; a seed has none.
        let log = [
            ("/a/00.txt", 1),
            ("/a/feed.xml#0", 5),
            ("/a/feed.xml#1", 5),
            ("seed", 0),
            ("/a/01.txt", 1),
        ];
        let walk = [("/a/00.txt", 1), ("/a/feed.xml", 5), ("/a/01.txt", 1)];
        check("a feed", &walk, &log, &[]);
        let walk = [("/a/00.txt", 1), ("/a/feed.xml", 6), ("/a/01.txt", 1)];
        check("a feed changed", &walk, &log, &[]);
        check("a feed's item gone", &walk, &log, &[2]);
        // The walk's order is not the log's at all.
        let mut reversed = files.clone();
        reversed.reverse();
        check("reversed", &reversed, &files, &[]);
        check("reversed, some dead", &reversed, &files, &[0, 9, 10, 11]);
    }
}
