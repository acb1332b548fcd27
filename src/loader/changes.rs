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
        let problems = walk(sources, on_dir, &mut |f| compare.file(f));
        compare.end(problems)
    }

    /// Compares the files a walk found (while the log was replayed) with `seen`.
    pub(super) fn compare(walked: Walked, seen: &Sent) -> Changes {
        let mut compare = Comparison::of(seen);
        let mut start = 0;
        for &(end, folder, stamp) in &walked.files {
            let path = Path::new(OsStr::from_bytes(&walked.paths[start..end]));
            start = end;
            if !compare.unchanged(Some(path), stamp) {
                compare.fresh.push(FoundFile {
                    source: Source::File(path.to_owned()),
                    folder: walked.folders[folder as usize].clone(),
                    stamp,
                });
            }
        }
        walked.others.into_iter().for_each(|f| compare.file(f));
        compare.end(walked.problems)
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
    /// Walks `sources`, keeping every file it finds.
    pub(super) fn walk(sources: &Sources, on_dir: Option<DirHook<'_>>) -> Walked {
        let mut walked = Walked::default();
        walked.problems = walk(sources, on_dir, &mut |f| walked.push(f));
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
/// before it is listed); returns the problems met (roots that are gone included).
fn walk(
    sources: &Sources,
    on_dir: Option<DirHook<'_>>,
    each: &mut dyn FnMut(FoundFile),
) -> Vec<Problem> {
    let mut problems = Vec::new();
    match sources {
        Sources::Paths(paths) => scan::walk_dirs(
            paths,
            true,
            &mut |dir| DirHook::call(on_dir, dir),
            &mut |item| {
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
                true
            },
        ),
        Sources::Bundled => {
            let found = library::find(sources);
            problems.extend(found.problems);
            found.files.into_iter().for_each(each);
        }
    }
    problems
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
