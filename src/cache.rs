//! The persistent library index, in the user's cache dir: a log of what the loader sent the
//! reader (batches of entries with their index segments, relabelings, removals) and each file's
//! size and modification time. Replaying it draws the full lists without reading a single
//! article; the loader then checks the files for changes and appends what changed.
//!
//! File layout: `KQINDEX` magic, format version and a stamp of kiosque's version; then records, each a little-endian `u32`
//! length, a `u32` checksum (xxh3 of the payload, low half) and a postcard payload. A new log is
//! written to a temporary file and renamed into place once the lists are complete; the body
//! index is then appended in place. A crash can only tear the last record: reading stops at the
//! first record that does not check out, what comes before is used, and the next write starts
//! from there.

use std::fs::{self, File};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::library::{Entry, Sources};
use crate::search::Segment;
use crate::story;

const MAGIC: &[u8; 8] = b"KQINDEX\0";
/// Bumped whenever the record format or the parser's output changes. 3: stamps carry the inode
/// and status-change time; 4: entries keep their alternate headline and every byline (the
/// query language's `title:` and `by:`); 5: other formats (items of a feed, stated dates); 6:
/// the digest of each body's version ([`Record::Versions`]), the bodies' story signatures and
/// the stories ([`Record::Signatures`], [`Record::Stories`]); 8: a frequent word's postings
/// as a bitmap (`search::postings`, marked in the top bit of its start); 9: others in Elias–Fano
/// (marked in the next bit).
pub const VERSION: u32 = 9;

/// Header bytes: magic, format version, build stamp.
pub(crate) const HEADER: usize = 20;

/// The header of a log written by this build. Besides the format version it carries a stamp
/// of kiosque's version: a release whose parser reads files differently (a label found where
/// there was none) must not trust lists an older one stored, even if the record format did
/// not change.
fn header() -> [u8; HEADER] {
    header_for(MAGIC)
}

/// A header for a file of the cache (`magic`: what it is), with the format version and the
/// build stamp [`header`] gives the log.
pub(crate) fn header_for(magic: &[u8; 8]) -> [u8; HEADER] {
    let mut h = [0u8; HEADER];
    h[..8].copy_from_slice(magic);
    h[8..12].copy_from_slice(&VERSION.to_le_bytes());
    let stamp = xxhash_rust::xxh3::xxh3_64(env!("CARGO_PKG_VERSION").as_bytes());
    h[12..].copy_from_slice(&stamp.to_le_bytes());
    h
}

/// The first byte of a [`Record::Body`]'s payload (checked by a test).
const BODY_VARIANT: u8 = 4;
/// postcard's variant number of [`Record::Batch`].
const BATCH_VARIANT: u8 = 0;
/// The first byte of a [`Record::Signatures`]'s payload (checked by a test).
const SIGNATURES_VARIANT: u8 = 6;

/// One step of a load, as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Record {
    /// Articles appended to the library (each with its file's stamp) and their index segment.
    Batch {
        /// The entries.
        entries: Vec<Entry>,
        /// Their words.
        segment: Segment,
    },
    /// Entries replaced (a label found on second look): (number, entry), and their words.
    Relabeled {
        /// The new entries.
        updates: Vec<(u32, Entry)>,
        /// Their words.
        segment: Segment,
    },
    /// Entries whose files changed or went away.
    Removed(Vec<u32>),
    /// Entries given their canonical id: (number, id).
    Renumbered(Vec<(u32, u64)>),
    /// The words of the bodies of the entries numbered `segment.base` to
    /// `segment.base + segment.docs - 1`.
    Body(Segment),
    /// A [`Record::Body`] a reader chose not to decode: the articles it covers (never written).
    Skipped {
        /// Its `segment.base`.
        base: u32,
        /// Its `segment.docs`.
        docs: u32,
    },
    /// The story signatures of bodies just indexed (written before their [`Record::Body`], so
    /// a body in the index always has its signature in the log).
    Signatures(story::Stored),
    /// The library's stories once its bodies are all indexed: `(article, story)` for every
    /// article of a story of two or more (the others are alone). Good until a later record
    /// adds, removes or signs articles.
    Stories(Vec<(u32, u32)>),
    /// The last [`Record::Stories`] still holds, found again after articles were added,
    /// removed or signed (the log does not grow by the stories at every such start).
    StoriesHold,
    /// A [`Record::Signatures`] read back but not decoded: a replay leaves the signatures in
    /// the log until the stories must be found again (never written).
    SkippedSignatures,
    /// The version of each body indexed (the digest of its paragraphs' fingerprints,
    /// [`crate::fingerprint`]): (number, digest). Written before the [`Record::Body`] of the same
    /// entries, and read even where bodies are skipped: a few bytes per article tell which read
    /// articles were updated without reading them.
    Versions(Vec<(u32, u64)>),
}

/// What tells that a log file is the one it was (a file put in its place has another inode; one
/// appended to, another length and time): device, inode, length, modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LogKey {
    /// Device.
    pub dev: u64,
    /// Inode.
    pub ino: u64,
    /// Length in bytes.
    pub len: u64,
    /// Modification time, ns since the epoch.
    pub mtime_ns: i64,
}

impl LogKey {
    /// The key of a file with this metadata.
    pub fn of(m: &fs::Metadata) -> LogKey {
        use std::os::unix::fs::MetadataExt;
        LogKey {
            dev: m.dev(),
            ino: m.ino(),
            len: m.len(),
            mtime_ns: m.mtime().saturating_mul(1_000_000_000) + m.mtime_nsec(),
        }
    }

    /// The key of the file at `path` now.
    pub fn at(path: &Path) -> Option<LogKey> {
        fs::metadata(path).ok().map(|m| LogKey::of(&m))
    }
}

/// The log file of a library (none for the bundled seeds, which cost nothing to load).
pub fn path_for(cache_dir: &Path, sources: &Sources) -> Option<PathBuf> {
    let Sources::Paths(paths) = sources else {
        return None;
    };
    Some(
        cache_dir
            .join("libraries")
            .join(format!("{:016x}.kix", key(paths))),
    )
}

/// Notes beside the log at `log` which paths its library is made of (`<key>.roots`: the
/// canonical paths, each ended by a NUL byte), so a command given a file can find the library
/// the reader indexed it in. Best effort: without it, a file is only found in the library given.
pub fn note_roots(log: &Path, paths: &[PathBuf]) {
    use std::os::unix::ffi::OsStrExt;
    let (Some(dir), Some(name)) = (log.parent(), log.file_stem()) else {
        return;
    };
    let mut bytes = Vec::new();
    for p in paths {
        let abs = fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        bytes.extend_from_slice(abs.as_os_str().as_bytes());
        bytes.push(0);
    }
    let name = format!("{}.roots", name.to_string_lossy());
    if fs::read(dir.join(&name)).is_ok_and(|old| old == bytes) {
        return;
    }
    let _ = fs::create_dir_all(dir);
    let _ = crate::disk::write_atomically(dir, &name, &bytes);
}

/// The libraries indexed in `cache_dir` that hold `file` (one of their paths is the file or a
/// folder above it), as their paths.
pub fn libraries_holding(cache_dir: &Path, file: &Path) -> Vec<Vec<PathBuf>> {
    use std::os::unix::ffi::OsStrExt;
    let Ok(file) = fs::canonicalize(file) else {
        return Vec::new();
    };
    let Ok(entries) = fs::read_dir(cache_dir.join("libraries")) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        if path.extension().is_none_or(|x| x != "roots") {
            continue;
        }
        let Ok(bytes) = crate::disk::read_bounded(&path, 1 << 20, crate::disk::Links::Refuse)
        else {
            continue;
        };
        let roots: Vec<PathBuf> = bytes
            .split(|&b| b == 0)
            .filter(|r| !r.is_empty())
            .map(|r| PathBuf::from(std::ffi::OsStr::from_bytes(r)))
            .collect();
        if roots.iter().any(|r| file.starts_with(r)) {
            found.push(roots);
        }
    }
    found.sort();
    found
}

/// A key naming a library: its paths, made absolute. (Not the version: a log another version
/// wrote is replaced, under the same name, rather than left beside the new one for ever.)
fn key(paths: &[PathBuf]) -> u64 {
    use std::os::unix::ffi::OsStrExt;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for p in paths {
        let abs = fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        h.update(abs.as_os_str().as_bytes());
        h.update(b"\0");
    }
    h.digest()
}

fn checksum(payload: &[u8]) -> u32 {
    // The low half of the hash is enough to tell a torn or foreign record.
    (xxhash_rust::xxh3::xxh3_64(payload) & 0xffff_ffff) as u32
}

/// A temporary log beside `path`, locked while this writer lives ([`crate::disk::create_temp`]);
/// the temporaries killed writers left behind are removed on the way.
fn create_temp(path: &Path) -> std::io::Result<(PathBuf, File)> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(std::io::Error::other("a log path without a folder"));
    };
    let name = name.to_string_lossy();
    crate::disk::remove_stale_temporaries(dir, &name);
    crate::disk::create_temp(dir, &name)
}

/// Writes a new log beside the old one and puts it in place when committed.
pub struct LogWriter {
    tmp: PathBuf,
    path: PathBuf,
    out: BufWriter<File>,
    /// Renamed into place already: later records are appended to the log itself.
    in_place: bool,
}

impl LogWriter {
    /// Starts a new, empty log for `path`.
    pub fn create(path: &Path) -> std::io::Result<LogWriter> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let (tmp, file) = create_temp(path)?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        out.write_all(&header())?;
        Ok(LogWriter {
            tmp,
            path: path.to_owned(),
            out,
            in_place: false,
        })
    }

    /// Starts a new log holding a copy of the first `len` bytes of the log at `path` (its good
    /// part), to append to it.
    pub fn extend(path: &Path, len: u64) -> std::io::Result<LogWriter> {
        let (tmp, mut file) = create_temp(path)?;
        let copied = File::open(path).and_then(|old| std::io::copy(&mut old.take(len), &mut file));
        if let Err(e) = copied {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
        Ok(LogWriter {
            tmp,
            path: path.to_owned(),
            out: BufWriter::with_capacity(1 << 20, file),
            in_place: false,
        })
    }

    /// Appends a record.
    pub fn write(&mut self, record: &Record) -> std::io::Result<()> {
        let payload = postcard::to_stdvec(record).map_err(std::io::Error::other)?;
        let len = u32::try_from(payload.len()).map_err(std::io::Error::other)?;
        self.out.write_all(&len.to_le_bytes())?;
        self.out.write_all(&checksum(&payload).to_le_bytes())?;
        self.out.write_all(&payload)
    }

    /// Puts what was written in place (and keeps writing to it: later records are appended to
    /// the log in place).
    /// Puts what was written so far in place, without waiting for the disk: a cold load does so
    /// after each batch, so that a reader quit (or killed) while listing leaves the articles
    /// listed for the next start, which replays them and reads only the rest. A record the
    /// process did not finish writing reads back as torn (its checksum), and what follows is
    /// found again by the check.
    pub fn checkpoint(&mut self) -> std::io::Result<()> {
        self.out.flush()?;
        if !self.in_place {
            fs::rename(&self.tmp, &self.path)?;
            self.in_place = true;
        }
        Ok(())
    }

    /// The log as this writer left it, once in place (from the file it writes, not from the
    /// path: a log another kiosque put there since is not this one).
    pub fn key(&mut self) -> Option<LogKey> {
        if !self.in_place || self.out.flush().is_err() {
            return None;
        }
        self.out.get_ref().metadata().ok().map(|m| LogKey::of(&m))
    }

    pub fn commit(&mut self) -> std::io::Result<()> {
        self.out.flush()?;
        self.out.get_ref().sync_all()?;
        if !self.in_place {
            fs::rename(&self.tmp, &self.path)?;
            self.in_place = true;
        }
        Ok(())
    }
}

impl Drop for LogWriter {
    fn drop(&mut self) {
        if !self.in_place {
            // Never committed: the half-written log goes.
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

mod reader;

pub use reader::LogReader;

#[cfg(test)]
mod tests;
