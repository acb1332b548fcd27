//! Finding article files: paths given by the user, directories walked recursively (SPEC §2).
//!
//! Hidden entries are skipped; symlinks are followed, and a directory reached twice (a loop, or
//! two links to one place) is walked once; files named explicitly are always taken, files found
//! in a directory when their extension is `txt`, `text` or `md`. Nothing is read here, and
//! nothing here can block on a FIFO or a device: only metadata is asked for.

use std::fs;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashSet;

/// Extensions of the files taken from directories.
pub const EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "html", "htm", "xml", "rss", "atom", "json",
];

/// A file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Its path, as reached from the root given.
    pub path: PathBuf,
    /// The name of the folder holding it, when that folder is inside a directory given (so a
    /// plain text file can take its section from it).
    pub folder: Option<String>,
    /// Its size and modification time when found, to tell whether it changed since.
    pub stamp: Stamp,
}

/// What tells whether a file changed: its size, modification time, inode and status-change
/// time. The modification time alone can be set back (`touch -r`, `cp -p`, `rsync -t`, an
/// editor that keeps it) and a rewrite can keep the size; but any write or `touch` sets the
/// status-change time to now, which no user call can set back, and a file replaced by another
/// (a rename over it) has another inode.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Stamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime_ns: i64,
    /// Status-change time, nanoseconds since the epoch.
    pub ctime_ns: i64,
    /// Inode number.
    pub ino: u64,
}

impl Stamp {
    /// The stamp of a file's metadata.
    pub fn of(meta: &fs::Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        Stamp {
            size: meta.len(),
            mtime_ns: meta.mtime().saturating_mul(1_000_000_000) + meta.mtime_nsec(),
            ctime_ns: meta.ctime().saturating_mul(1_000_000_000) + meta.ctime_nsec(),
            ino: meta.ino(),
        }
    }
}

/// A path that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The path.
    pub path: PathBuf,
    /// What went wrong, in a few words.
    pub message: String,
}

/// What a scan found.
#[derive(Debug, Default)]
pub struct Scan {
    /// Files to read, in a stable order.
    pub files: Vec<Found>,
    /// Paths that could not be used.
    pub problems: Vec<Problem>,
    /// Roots that do not exist at all (a typo on the command line is an error, not a warning).
    pub missing_roots: Vec<PathBuf>,
}

/// Is this a file a directory walk takes?
pub fn has_article_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// What a walk meets, in order.
#[derive(Debug)]
pub enum Item {
    /// A file to read.
    File(Found),
    /// A path that could not be used.
    Problem(Problem),
    /// A root that does not exist.
    Missing(PathBuf),
}

/// Walks `roots`, collecting everything, with each file's stamp.
pub fn scan(roots: &[PathBuf]) -> Scan {
    let mut out = Scan::default();
    walk(roots, true, &mut |item| {
        match item {
            Item::File(f) => out.files.push(f),
            Item::Problem(p) => out.problems.push(p),
            Item::Missing(p) => out.missing_roots.push(p),
        }
        true
    });
    out
}

/// Walks `roots`, handing each item to `emit` as soon as it is found (until `emit` returns
/// false). With `stamps` false, files found in directories are not even `stat`ed (the kind of
/// an entry comes with the directory listing), so the walk costs little more than listing
/// names; their stamps are then zero.
pub fn walk(roots: &[PathBuf], stamps: bool, emit: &mut dyn FnMut(Item) -> bool) {
    walk_dirs(roots, stamps, &mut |_| {}, emit);
}

/// [`walk`], calling `on_dir` with each folder it walks just before it lists it (the reader's
/// file watcher watches it there: whatever is added to it later is seen by one or the other).
pub fn walk_dirs(
    roots: &[PathBuf],
    stamps: bool,
    on_dir: &mut dyn FnMut(&Path),
    emit: &mut dyn FnMut(Item) -> bool,
) {
    let mut w = Walker {
        seen_dirs: FxHashSet::default(),
        seen_files: FxHashSet::default(),
        stamps,
        on_dir,
        emit,
        split: None,
    };
    w.roots(roots);
}

/// [`walk_dirs`] with every file's stamp, the files' metadata asked by `threads` threads at
/// once (a warm start's check, whose walk is mostly these system calls): each folder is listed
/// in turn, its files' metadata asked a batch at a time, split between the threads, and the
/// items are handed to `emit` in the order [`walk_dirs`] hands them.
pub fn walk_split(
    roots: &[PathBuf],
    threads: usize,
    on_dir: &mut dyn FnMut(&Path),
    emit: &mut dyn FnMut(Item) -> bool,
) {
    walk_batches(roots, threads, BATCH, on_dir, emit);
}

/// [`walk_split`], handing the files over every `batch` files.
fn walk_batches(
    roots: &[PathBuf],
    threads: usize,
    batch: usize,
    on_dir: &mut dyn FnMut(&Path),
    emit: &mut dyn FnMut(Item) -> bool,
) {
    let mut w = Walker {
        seen_dirs: FxHashSet::default(),
        seen_files: FxHashSet::default(),
        stamps: true,
        on_dir,
        emit,
        split: Some(Split {
            threads: threads.max(1),
            batch,
            steps: Vec::new(),
            dirs: Vec::new(),
        }),
    };
    if w.roots(roots) {
        w.flush();
    }
}

fn file_key(meta: &fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

fn problem(path: &Path, e: &std::io::Error) -> Problem {
    let message = match e.raw_os_error() {
        Some(libc::ELOOP) => "symbolic link loop".to_owned(),
        _ => match e.kind() {
            std::io::ErrorKind::NotFound => "broken symbolic link".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            _ => e.to_string(),
        },
    };
    Problem {
        path: path.to_owned(),
        message,
    }
}

struct Walker<'e> {
    seen_dirs: FxHashSet<(u64, u64)>,
    seen_files: FxHashSet<(u64, u64)>,
    stamps: bool,
    on_dir: &'e mut dyn FnMut(&Path),
    emit: &'e mut dyn FnMut(Item) -> bool,
    /// A split walk ([`walk_split`]): what was found, held until its files' metadata is in.
    split: Option<Split>,
}

/// What a split walk found and has not handed over yet.
struct Split {
    threads: usize,
    /// Files handed over at a time ([`BATCH`]).
    batch: usize,
    /// In the order found.
    steps: Vec<Step>,
    /// The folders of the files in `steps` whose metadata is to ask: path, folder name, device.
    /// Their `DirEntry`s keep them open (the metadata is asked relative to them), so a batch
    /// is handed over before too many are ([`MAX_OPEN`]).
    dirs: Vec<(PathBuf, Option<String>, u64)>,
}

/// Something a split walk found, in order.
enum Step {
    /// A problem or a missing root, handed over as it is.
    Item(Box<Item>),
    /// A file whose stamp is known (a link followed, a root), and its key: handed over unless
    /// that very file was handed over before (as [`Walker::file`] does).
    File(Box<(Found, (u64, u64))>),
    /// A plain file of folder `dir` (in [`Split::dirs`]), its metadata still to ask.
    Stat {
        dir: u32,
        entry: fs::DirEntry,
        name: std::ffi::OsString,
    },
}

/// The fewest files whose metadata a thread of a split walk is started for.
const MIN_PER_THREAD: usize = 64;
/// A split walk hands its files over when this many wait for their metadata…
const BATCH: usize = 8192;
/// …or when this many folders are held open by them (far below the usual limit of 1024
/// descriptors).
const MAX_OPEN: usize = 64;

impl Walker<'_> {
    /// Walks each root in turn; false when `emit` asked to stop.
    fn roots(&mut self, roots: &[PathBuf]) -> bool {
        for root in roots {
            let go_on = match fs::metadata(root) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    // A dangling symlink exists but leads nowhere: a problem, not a typo.
                    if fs::symlink_metadata(root).is_ok() {
                        self.put(Item::Problem(problem(root, &e)))
                    } else {
                        self.put(Item::Missing(root.clone()))
                    }
                }
                Err(e) => self.put(Item::Problem(problem(root, &e))),
                Ok(meta) if meta.is_dir() => self.dir(root),
                Ok(meta) => self.file(root.clone(), None, file_key(&meta), Stamp::of(&meta)),
            };
            if !go_on {
                return false;
            }
        }
        true
    }

    /// Hands `item` over (a split walk: in its turn).
    fn put(&mut self, item: Item) -> bool {
        match &mut self.split {
            Some(split) => {
                split.steps.push(Step::Item(Box::new(item)));
                true
            }
            None => (self.emit)(item),
        }
    }

    /// A file, unless this very file was already found (through another link).
    fn file(
        &mut self,
        path: PathBuf,
        folder: Option<String>,
        key: (u64, u64),
        stamp: Stamp,
    ) -> bool {
        let found = Found {
            path,
            folder,
            stamp,
        };
        if let Some(split) = &mut self.split {
            split.steps.push(Step::File(Box::new((found, key))));
            return true;
        }
        if !self.seen_files.insert(key) {
            return true;
        }
        (self.emit)(Item::File(found))
    }

    /// A split walk: asks the metadata of the files found so far, `threads` at once, and hands
    /// everything found over in order. False when `emit` asked to stop.
    fn flush(&mut self) -> bool {
        let Some(split) = &mut self.split else {
            return true;
        };
        let steps = std::mem::take(&mut split.steps);
        let dirs = std::mem::take(&mut split.dirs);
        let stamps = stat_split(&steps, split.threads);
        for (step, stamp) in steps.into_iter().zip(stamps) {
            let go_on = match step {
                Step::Item(item) => (self.emit)(*item),
                Step::File(file) => {
                    let (found, key) = *file;
                    !self.seen_files.insert(key) || (self.emit)(Item::File(found))
                }
                Step::Stat { dir, entry, name } => {
                    use std::os::unix::fs::DirEntryExt;
                    let (dir, folder, dev) = &dirs[dir as usize];
                    let mut path = PathBuf::with_capacity(dir.as_os_str().len() + name.len() + 1);
                    path.push(dir);
                    path.push(name);
                    match stamp {
                        Some(Ok(stamp)) => {
                            !self.seen_files.insert((*dev, entry.ino()))
                                || (self.emit)(Item::File(Found {
                                    path,
                                    folder: folder.clone(),
                                    stamp,
                                }))
                        }
                        Some(Err(e)) => (self.emit)(Item::Problem(problem(&path, &e))),
                        // (Every `Stat` step has its answer.)
                        None => true,
                    }
                }
            };
            if !go_on {
                return false;
            }
        }
        true
    }

    /// Walks one directory given as a root.
    fn dir(&mut self, root: &Path) -> bool {
        use std::os::unix::fs::{DirEntryExt, MetadataExt};
        // Depth-first with an explicit stack: no recursion limit to hit on deep trees.
        let mut stack: Vec<(PathBuf, bool)> = vec![(root.to_owned(), false)];
        while let Some((dir, inside)) = stack.pop() {
            let meta = match fs::metadata(&dir) {
                Ok(meta) => meta,
                Err(e) => {
                    // A folder that cannot be looked at (a path past PATH_MAX, a permission
                    // changed under the walk) is said, never skipped in silence.
                    if !self.put(Item::Problem(problem(&dir, &e))) {
                        return false;
                    }
                    continue;
                }
            };
            if !self.seen_dirs.insert(file_key(&meta)) {
                continue;
            }
            let dev = meta.dev();
            (self.on_dir)(&dir);
            let entries = match fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) => {
                    if !self.put(Item::Problem(problem(&dir, &e))) {
                        return false;
                    }
                    continue;
                }
            };
            let mut names: Vec<(std::ffi::OsString, fs::DirEntry)> = Vec::new();
            for entry in entries {
                match entry {
                    Ok(entry) => names.push((entry.file_name(), entry)),
                    Err(e) => {
                        if !self.put(Item::Problem(problem(&dir, &e))) {
                            return false;
                        }
                    }
                }
            }
            names.sort_by(|a, b| a.0.cmp(&b.0));
            let folder = inside
                .then(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
                .flatten();
            let dir_number = self.split.as_mut().map(|split| {
                split.dirs.push((dir.clone(), folder.clone(), dev));
                u32::try_from(split.dirs.len() - 1).unwrap_or(u32::MAX)
            });
            let mut subdirs = Vec::new();
            for (name, entry) in names {
                if name.as_encoded_bytes().first() == Some(&b'.') {
                    continue;
                }
                let kind = entry.file_type().ok();
                let plain_file = kind.is_some_and(|k| k.is_file());
                if let (true, Some(split), Some(dir)) = (plain_file, &mut self.split, dir_number) {
                    // Its metadata asked later, with others, on several threads (its path
                    // made only then).
                    if has_article_extension(Path::new(&name)) {
                        split.steps.push(Step::Stat { dir, entry, name });
                    }
                    continue;
                }
                let path = entry.path();
                let go_on = if kind.is_some_and(|k| k.is_dir()) {
                    subdirs.push((path, true));
                    true
                } else if plain_file && !self.stamps {
                    // Listing says it is a file: no need to ask the disk more.
                    !has_article_extension(&path)
                        || self.file(path, folder.clone(), (dev, entry.ino()), Stamp::default())
                } else if plain_file {
                    // Not a link: asked relative to the open folder (no walk of the whole path
                    // for each file, which is most of a warm start's check).
                    !has_article_extension(&path)
                        || match entry.metadata() {
                            Ok(meta) => self.file(
                                path,
                                folder.clone(),
                                (dev, entry.ino()),
                                Stamp::of(&meta),
                            ),
                            Err(e) => self.put(Item::Problem(problem(&path, &e))),
                        }
                } else {
                    // Symlinks are followed; a loop or a dangling link is reported when it could
                    // have been an article or a folder of them.
                    match fs::metadata(&path) {
                        Ok(meta) if meta.is_dir() => {
                            subdirs.push((path, true));
                            true
                        }
                        Ok(meta) => {
                            !has_article_extension(&path)
                                || self.file(
                                    path,
                                    folder.clone(),
                                    file_key(&meta),
                                    Stamp::of(&meta),
                                )
                        }
                        Err(e) => self.put(Item::Problem(problem(&path, &e))),
                    }
                };
                if !go_on {
                    return false;
                }
            }
            if self
                .split
                .as_ref()
                .is_some_and(|s| s.steps.len() >= s.batch || s.dirs.len() >= MAX_OPEN)
                && !self.flush()
            {
                return false;
            }
            // Reversed so the stack pops them in name order.
            stack.extend(subdirs.into_iter().rev());
        }
        true
    }
}

/// The stamps of the `Stat` steps (`None` for the others), asked by `threads` threads, each
/// for a run of the steps in turn.
fn stat_split(steps: &[Step], threads: usize) -> Vec<Option<std::io::Result<Stamp>>> {
    let stat = |steps: &[Step]| -> Vec<Option<std::io::Result<Stamp>>> {
        steps
            .iter()
            .map(|step| match step {
                Step::Stat { entry, .. } => Some(entry.metadata().map(|m| Stamp::of(&m))),
                _ => None,
            })
            .collect()
    };
    let per = steps.len().div_ceil(threads).max(1);
    if threads <= 1 || steps.len() < 2 * MIN_PER_THREAD {
        return stat(steps);
    }
    std::thread::scope(|scope| {
        let mut parts = steps.chunks(per);
        let first = parts.next().unwrap_or_default();
        let others: Vec<_> = parts.map(|part| scope.spawn(move || stat(part))).collect();
        let mut stamps = stat(first);
        for other in others {
            // A panic of a helper is the walk's own.
            stamps.extend(
                other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        stamps
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn walks_recursively_skipping_hidden_and_other_extensions() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("monde/sub")).unwrap();
        fs::create_dir_all(root.join(".hidden")).unwrap();
        for f in [
            "a.txt",
            "b.MD",
            "c.jpg",
            ".d.txt",
            "monde/e.text",
            "monde/sub/f.txt",
            ".hidden/g.txt",
        ] {
            fs::write(root.join(f), "x").unwrap();
        }
        let s = scan(&[root.to_owned()]);
        let names: Vec<String> = s
            .files
            .iter()
            .map(|f| f.path.strip_prefix(root).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.txt", "b.MD", "monde/e.text", "monde/sub/f.txt"]);
        assert_eq!(s.files[0].folder, None);
        assert_eq!(s.files[2].folder.as_deref(), Some("monde"));
        assert_eq!(s.files[3].folder.as_deref(), Some("sub"));
        assert!(s.problems.is_empty());
    }

    #[test]
    fn symlink_loops_and_dangling_links_do_not_hang_and_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("d")).unwrap();
        fs::write(root.join("d/a.txt"), "x").unwrap();
        symlink(root, root.join("d/up")).unwrap();
        symlink(root.join("loop.txt"), root.join("loop.txt")).unwrap();
        symlink(root.join("nowhere"), root.join("dangling.txt")).unwrap();
        let s = scan(&[root.to_owned()]);
        assert_eq!(s.files.len(), 1);
        let msgs: Vec<&str> = s.problems.iter().map(|p| p.message.as_str()).collect();
        assert!(msgs.contains(&"symbolic link loop"), "{msgs:?}");
        assert!(msgs.contains(&"broken symbolic link"), "{msgs:?}");
    }

    #[test]
    fn explicit_files_are_taken_whatever_their_extension() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("notes.log");
        fs::write(&f, "x").unwrap();
        let s = scan(&[f.clone(), dir.path().join("missing.txt")]);
        assert_eq!(s.files[0].path, f);
        assert_eq!(s.missing_roots, [dir.path().join("missing.txt")]);
    }

    /// Everything a walk hands over, in order, as text.
    fn items(walk: impl FnOnce(&mut dyn FnMut(Item) -> bool)) -> Vec<String> {
        let mut items = Vec::new();
        walk(&mut |item| {
            items.push(match item {
                Item::File(f) => {
                    format!("file {} {:?} {}", f.path.display(), f.folder, f.stamp.size)
                }
                Item::Problem(p) => format!("problem {} {}", p.path.display(), p.message),
                Item::Missing(p) => format!("missing {}", p.display()),
            });
            true
        });
        items
    }

    /// A split walk hands over what a walk does, in the same order, however its batches and
    /// threads cut the files: folders in turn, hidden ones skipped, links followed once,
    /// loops and dangling links said, roots given as files or missing.
    #[test]
    fn a_split_walk_hands_over_what_a_walk_does() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for d in ["a/b", "c", ".hidden", "e"] {
            fs::create_dir_all(root.join(d)).unwrap();
        }
        for k in 0..300 {
            let folder = ["a", "a/b", "c", "e"][k % 4];
            let ext = if k % 7 == 0 { "jpg" } else { "txt" };
            fs::write(root.join(format!("{folder}/{k:03}.{ext}")), "x".repeat(k)).unwrap();
        }
        fs::write(root.join(".hidden/h.txt"), "x").unwrap();
        fs::write(root.join("top.md"), "x").unwrap();
        symlink(root.join("a/001.txt"), root.join("c/link.txt")).unwrap();
        symlink(root.join("a"), root.join("e/again")).unwrap();
        symlink(root.join("loop.txt"), root.join("loop.txt")).unwrap();
        symlink(root.join("nowhere"), root.join("c/dangling.txt")).unwrap();
        let roots = [
            root.to_owned(),
            root.join("missing"),
            root.join("c/002.txt"),
            root.join("a"),
        ];
        let whole = items(|emit| walk(&roots, true, emit));
        assert!(whole.len() > 250, "{whole:?}");
        assert!(whole.iter().any(|i| i.starts_with("problem")), "{whole:?}");
        assert!(whole.iter().any(|i| i.starts_with("missing")), "{whole:?}");
        for (threads, batch) in [(1, BATCH), (2, BATCH), (2, 1), (3, 7), (2, 200)] {
            let split = items(|emit| walk_batches(&roots, threads, batch, &mut |_| {}, emit));
            assert_eq!(split, whole, "{threads} threads, batches of {batch}");
        }
        // Stopped when asked.
        let mut count = 0;
        walk_split(&roots, 2, &mut |_| {}, &mut |_| {
            count += 1;
            count < 10
        });
        assert_eq!(count, 10);
    }

    /// Each folder is handed over before it is listed: a file added to it right after (once
    /// the reader's watcher watches it) is found by the walk itself.
    #[test]
    fn each_folder_is_handed_over_before_it_is_listed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::create_dir_all(dir.path().join(".hidden")).unwrap();
        let mut handed = Vec::new();
        let mut found = Vec::new();
        walk_dirs(
            &[dir.path().to_owned()],
            true,
            &mut |d| {
                handed.push(d.to_owned());
                std::fs::write(d.join("late.txt"), "MONDE\n\nArrivé après.\n").unwrap();
            },
            &mut |item| {
                if let Item::File(f) = item {
                    found.push(f.path);
                }
                true
            },
        );
        handed.sort();
        found.sort();
        let root = dir.path().to_owned();
        assert_eq!(handed, [root.clone(), root.join("a"), root.join("a/b")]);
        assert_eq!(
            found,
            [
                root.join("a/b/late.txt"),
                root.join("a/late.txt"),
                root.join("late.txt")
            ]
        );
    }
}
