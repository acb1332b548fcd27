//! What the loader remembers of each entry it sent ([`Sent`]), for the check of the files
//! against it (a warm start, a live update), the second look at the labels, the bodies to
//! index, the canonical ids, the stories and the lookup of ids.
//!
//! A reader keeps it for as long as it runs (live updates compare every file with it), so it is
//! kept small: a fixed-size row per entry ([`Seen`]) and no string of its own. The paths are
//! laid end to end, once per file (a feed's items share theirs); the folders and labels, a few
//! dozen distinct ones in a library of 100 000 articles, are numbered. At 100 000 articles this
//! is about 15 MB (a 96-byte row and the paths, made to measure once a replay is over: grown by
//! doubling, the paths took 8 MB for 5.7), where a copy of each entry's strings was 26 MB.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::ids;
use crate::library::Entry;
use crate::scan::Stamp;
use crate::source::Source;

/// No folder, no label.
const NONE: u32 = u32::MAX;

/// What the loader remembers of one entry it sent, its strings numbered in [`Sent`].
pub(super) struct Seen {
    pub(super) stamp: Stamp,
    pub(super) id: u64,
    pub(super) identity: u64,
    pub(super) body_hash: u64,
    /// The date its file states (stories, the lookup), if `dated` ([`Seen::stated_date`]: an
    /// `Option<i64>` would take 16 bytes).
    date: i64,
    /// Its file's path, by number ([`Paths`]); [`NONE`] for a bundled seed.
    path: u32,
    /// Which article of its file it is (a feed's item), or which bundled seed.
    item: u32,
    kind: Kind,
    pub(super) body_start: u32,
    folder: u32,
    /// The label the first pass found, without the library's labels, and whether that split
    /// was a close call: what the second look counts and revisits. A relabeling keeps them, so
    /// a warm start decides as a cold one (and as the subcommands) would.
    listed_label: u32,
    pub(super) listed_uncertain: bool,
    /// The label it is listed with now (for the lookup).
    label: u32,
    pub(super) alive: bool,
    /// Its body is in the index.
    pub(super) indexed: bool,
    dated: bool,
}

impl Seen {
    /// The date its file states (stories, the lookup).
    pub(super) fn stated_date(&self) -> Option<i64> {
        self.dated.then_some(self.date)
    }
}

/// Which [`Source`] a [`Seen`] stands for.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    // In the order of `Source`'s variants: the order of sources is theirs.
    File,
    Bundled,
    Item,
}

/// Every entry the loader sent, numbered as sent.
#[derive(Default)]
pub(super) struct Sent {
    rows: Vec<Seen>,
    paths: Paths,
    names: Names,
}

impl std::ops::Deref for Sent {
    type Target = [Seen];

    fn deref(&self) -> &[Seen] {
        &self.rows
    }
}

impl std::ops::DerefMut for Sent {
    fn deref_mut(&mut self) -> &mut [Seen] {
        &mut self.rows
    }
}

impl Sent {
    /// Room for `n` entries.
    pub(super) fn with_capacity(n: usize) -> Sent {
        Sent {
            rows: Vec::with_capacity(n),
            paths: Paths::default(),
            names: Names::default(),
        }
    }

    /// Gives back what growing by doubling left unused (at the end of a replay: what it holds
    /// is kept for as long as the reader runs).
    pub(super) fn shrink_to_fit(&mut self) {
        self.rows.shrink_to_fit();
        self.paths.bytes.shrink_to_fit();
        self.paths.ends.shrink_to_fit();
    }

    /// Remembers the next entry sent.
    pub(super) fn push(&mut self, e: &Entry) {
        let row = self.row(e);
        self.rows.push(row);
    }

    /// Remembers the next entries sent.
    pub(super) fn extend<'e>(&mut self, entries: impl IntoIterator<Item = &'e Entry>) {
        for e in entries {
            self.push(e);
        }
    }

    /// Entry `n`, parsed again: its first-pass label stays.
    pub(super) fn relabel(&mut self, n: usize, e: &Entry) {
        let mut row = self.row(e);
        if let Some(old) = self.rows.get_mut(n) {
            row.listed_label = old.listed_label;
            row.listed_uncertain = old.listed_uncertain;
            *old = row;
        }
    }

    fn row(&mut self, e: &Entry) -> Seen {
        let (kind, path, item) = match &e.source {
            Source::File(p) => (Kind::File, Some(p), 0),
            Source::Bundled(i) => (Kind::Bundled, None, u32::try_from(*i).unwrap_or(u32::MAX)),
            Source::Item(p, i) => (Kind::Item, Some(p), *i),
        };
        let label = self.names.number(e.label.as_deref());
        Seen {
            stamp: e.stamp,
            id: e.id,
            identity: e.identity,
            body_hash: e.body_hash,
            date: e.stated_date.unwrap_or_default(),
            dated: e.stated_date.is_some(),
            path: path.map_or(NONE, |p| self.paths.number(p)),
            item,
            kind,
            body_start: e.body_start,
            folder: self.names.number(e.folder.as_deref()),
            listed_label: label,
            listed_uncertain: e.label_uncertain,
            label,
            alive: true,
            indexed: false,
        }
    }

    /// The file of entry `n` (`None` for a bundled seed).
    pub(super) fn path(&self, n: usize) -> Option<&Path> {
        self.paths.get(self.rows.get(n)?.path)
    }

    /// Where entry `n` is read from.
    pub(super) fn source(&self, n: usize) -> Source {
        let s = &self.rows[n];
        let path = || self.path(n).map(Path::to_path_buf).unwrap_or_default();
        match s.kind {
            Kind::File => Source::File(path()),
            Kind::Bundled => Source::Bundled(s.item as usize),
            Kind::Item => Source::Item(path(), s.item),
        }
    }

    /// The order of the sources of entries `a` and `b` (as [`Source`]'s own), without making
    /// them.
    pub(super) fn cmp_sources(&self, a: usize, b: usize) -> std::cmp::Ordering {
        let key = |n: usize| {
            let s = &self.rows[n];
            (s.kind, self.path(n), s.item)
        };
        key(a).cmp(&key(b))
    }

    /// The folder entry `n` was found in.
    pub(super) fn folder(&self, n: usize) -> Option<String> {
        self.names.get(self.rows[n].folder).map(str::to_owned)
    }

    /// The label entry `n` is listed with now.
    pub(super) fn label(&self, n: usize) -> Option<String> {
        self.names.get(self.rows[n].label).map(str::to_owned)
    }

    /// The label the first pass found for entry `n`.
    pub(super) fn listed_label(&self, n: usize) -> Option<&str> {
        self.names.get(self.rows[n].listed_label)
    }

    /// What entry `n`'s canonical id is made of.
    pub(super) fn id_key(&self, n: usize) -> ids::IdKey<'_> {
        let s = &self.rows[n];
        ids::IdKey {
            identity: s.identity,
            body_hash: s.body_hash,
            mtime_ns: s.stamp.mtime_ns,
            path: self.path(n),
        }
    }
}

/// Paths, end to end, numbered in the order they came; a path that comes again right after
/// itself (the items of one feed) keeps its number.
#[derive(Default)]
struct Paths {
    bytes: Vec<u8>,
    /// Where each path ends in `bytes` (past 4 GiB of paths, a path is not numbered: [`NONE`]).
    ends: Vec<u32>,
}

impl Paths {
    fn number(&mut self, p: &Path) -> u32 {
        let bytes = p.as_os_str().as_bytes();
        let last = self.ends.len().checked_sub(1);
        if let Some(last) = last
            && self.range(last).is_some_and(|r| &self.bytes[r] == bytes)
        {
            return u32::try_from(last).unwrap_or(NONE);
        }
        let (Ok(end), Ok(k)) = (
            u32::try_from(self.bytes.len() + bytes.len()),
            u32::try_from(self.ends.len()),
        ) else {
            return NONE;
        };
        self.bytes.extend_from_slice(bytes);
        self.ends.push(end);
        k
    }

    fn range(&self, k: usize) -> Option<std::ops::Range<usize>> {
        let end = *self.ends.get(k)? as usize;
        let start = k.checked_sub(1).map_or(0, |j| self.ends[j] as usize);
        Some(start..end)
    }

    fn get(&self, k: u32) -> Option<&Path> {
        let r = self.range(k as usize)?;
        Some(Path::new(OsStr::from_bytes(&self.bytes[r])))
    }
}

/// Folder and label names, each kept once and numbered.
#[derive(Default)]
struct Names {
    names: Vec<Arc<str>>,
    numbers: FxHashMap<Arc<str>, u32>,
}

impl Names {
    fn number(&mut self, name: Option<&str>) -> u32 {
        let Some(name) = name else {
            return NONE;
        };
        if let Some(&k) = self.numbers.get(name) {
            return k;
        }
        let k = u32::try_from(self.names.len()).unwrap_or(NONE);
        let name: Arc<str> = Arc::from(name);
        self.names.push(Arc::clone(&name));
        self.numbers.insert(name, k);
        k
    }

    fn get(&self, k: u32) -> Option<&str> {
        self.names.get(k as usize).map(|n| &**n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(source: Source, folder: Option<&str>, label: Option<&str>) -> Entry {
        let article = crate::parse::parse("POLITIQUELe titre\n\nLe corps.\n", None);
        let mut e = Entry::new(source, None, &article, Stamp::default());
        e.folder = folder.map(Into::into);
        e.label = label.map(Into::into);
        e
    }

    /// A row per entry of the library, for as long as the reader runs: its size is watched.
    #[test]
    fn a_row_takes_96_bytes() {
        assert_eq!(std::mem::size_of::<Seen>(), 96);
    }

    #[test]
    fn a_stated_date_reads_back_and_none_stays_none() {
        let mut sent = Sent::default();
        for date in [None, Some(0), Some(-5), Some(i64::MAX)] {
            let mut e = entry(Source::File("/lib/a.txt".into()), None, None);
            e.stated_date = date;
            sent.push(&e);
            assert_eq!(sent[sent.len() - 1].stated_date(), date);
        }
        sent.shrink_to_fit();
        assert_eq!(sent.path(3), Some(Path::new("/lib/a.txt")));
    }

    #[test]
    fn what_is_kept_reads_back_as_it_was_sent() {
        let mut sent = Sent::default();
        let sources = [
            Source::File("/lib/b/1.txt".into()),
            Source::Item("/lib/a/feed.xml".into(), 0),
            Source::Item("/lib/a/feed.xml".into(), 1),
            Source::Bundled(0),
            Source::File("/lib/a/2.txt".into()),
        ];
        for (k, s) in sources.iter().enumerate() {
            let label = (k % 2 == 0).then_some("POLITIQUE");
            sent.push(&entry(s.clone(), Some(["a", "b"][k % 2]), label));
        }
        assert_eq!(sent.len(), 5);
        // The feed's items share one path.
        assert_eq!(sent.paths.ends.len(), 3);
        assert_eq!(sent.names.names.len(), 3);
        for (k, s) in sources.iter().enumerate() {
            assert_eq!(&sent.source(k), s);
            assert_eq!(sent.path(k), s.path());
            assert_eq!(sent.folder(k).as_deref(), Some(["a", "b"][k % 2]));
            assert_eq!(sent.label(k).is_some(), k % 2 == 0);
            for (j, t) in sources.iter().enumerate() {
                assert_eq!(sent.cmp_sources(k, j), s.cmp(t), "{s:?} {t:?}");
            }
        }
        // A relabeling keeps the first pass's label.
        sent.relabel(1, &entry(sources[1].clone(), Some("b"), Some("SPORT")));
        assert_eq!(sent.label(1).as_deref(), Some("SPORT"));
        assert_eq!(sent.listed_label(1), None);
        assert_eq!(sent.listed_label(0), Some("POLITIQUE"));
        assert_eq!(sent.source(1), sources[1]);
    }
}
