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
use std::io::{BufReader, BufWriter, Read, Write};
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
/// as a bitmap (`search::postings`, marked in the top bit of its start).
pub const VERSION: u32 = 8;

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

/// Reads a log, record by record.
pub struct LogReader {
    input: BufReader<File>,
    /// Bytes of the log read and checked so far.
    valid: u64,
    /// The log's length when opened: no record may claim more than what is left.
    len: u64,
    /// The log as it was when opened.
    key: LogKey,
    /// Leave the words of [`Record::Batch`] out ([`LogReader::without_words`]).
    skip_words: bool,
}

impl LogReader {
    /// Opens the log at `path`; `None` when it is missing, not a regular file (a FIFO put
    /// there must not hang the loader), or not a log of this version.
    pub fn open(path: &Path) -> Option<LogReader> {
        let (file, meta) =
            crate::disk::open_regular(path, u64::MAX, crate::disk::Links::Refuse).ok()?;
        let mut input = BufReader::with_capacity(1 << 20, file);
        let mut head = [0u8; HEADER];
        input.read_exact(&mut head).ok()?;
        (head == header()).then_some(LogReader {
            input,
            valid: HEADER as u64,
            len: meta.len(),
            key: LogKey::of(&meta),
            skip_words: false,
        })
    }

    /// A reader that leaves out the header words of each [`Record::Batch`] (a command that
    /// lists without a query uses no words): the record's checksum and its segment's span are
    /// still checked, its entries decoded, and its segment is given empty, with no word.
    pub fn without_words(mut self) -> LogReader {
        self.skip_words = true;
        self
    }

    /// The log as it was when opened (what a lists file made from it names).
    pub fn key(&self) -> LogKey {
        self.key
    }

    /// How many bytes of the log are good: its header and the records read back cleanly.
    pub fn valid_len(&self) -> u64 {
        self.valid
    }

    /// The next record: `None` at the end, `Some(Err)` when the log is damaged. With
    /// `skip_bodies`, a [`Record::Body`] is checked but not decoded: [`Record::Skipped`].
    pub fn next_record(&mut self, skip_bodies: bool) -> Option<Result<Record, String>> {
        let mut head = [0u8; 8];
        match self.input.read_exact(&mut head) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return None,
            Err(e) => return Some(Err(e.to_string())),
        }
        let len = u32::from_le_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let sum = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
        // A length beyond the end of the log is damage, not a reason to allocate 4 GiB.
        if len as u64 > self.len.saturating_sub(self.valid + 8) {
            return Some(Err("a record longer than the log".into()));
        }
        let mut payload = vec![0u8; len];
        if let Err(e) = self.input.read_exact(&mut payload) {
            return Some(Err(e.to_string()));
        }
        if checksum(&payload) != sum {
            return Some(Err("checksum mismatch".into()));
        }
        // postcard writes an enum's variant number first: 4 is `Body`, whose segment starts
        // with its base and its number of articles.
        if skip_bodies && payload.first() == Some(&BODY_VARIANT) {
            let Ok(((base, docs), _)) = postcard::take_from_bytes::<(u32, u32)>(&payload[1..])
            else {
                return Some(Err("a body record without its span".into()));
            };
            self.valid += 8 + len as u64;
            return Some(Ok(Record::Skipped { base, docs }));
        }
        if self.skip_words && payload.first() == Some(&BATCH_VARIANT) {
            // The entries first, then the segment, whose base and number of articles open it.
            let Ok((entries, rest)) = postcard::take_from_bytes::<Vec<Entry>>(&payload[1..]) else {
                return Some(Err("a batch record whose entries do not read back".into()));
            };
            let Ok(((base, docs), _)) = postcard::take_from_bytes::<(u32, u32)>(rest) else {
                return Some(Err("a batch record without its span".into()));
            };
            self.valid += 8 + len as u64;
            return Some(Ok(Record::Batch {
                entries,
                segment: Segment::from_postings(base, docs, Vec::new()),
            }));
        }
        if payload.first() == Some(&SIGNATURES_VARIANT) {
            self.valid += 8 + len as u64;
            return Some(Ok(Record::SkippedSignatures));
        }
        let record = postcard::from_bytes(&payload).map_err(|e| e.to_string());
        if record.is_ok() {
            self.valid += 8 + len as u64;
        }
        Some(record)
    }

    /// Reads the log again from its start, up to the `len` bytes a replay found good, for its
    /// signatures only (the other records are stepped over, not read), through the file
    /// opened for the replay: a log another kiosque put in place since is not this one.
    pub fn signatures(&mut self, len: u64) -> Vec<story::Stored> {
        use std::io::{Seek, SeekFrom};
        let mut found = Vec::new();
        if self.input.seek(SeekFrom::Start(HEADER as u64)).is_err() {
            return found;
        }
        let mut at = HEADER as u64;
        while at + 8 <= len {
            let mut head = [0u8; 8];
            if self.input.read_exact(&mut head).is_err() {
                break;
            }
            let size = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
            let sum = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
            let mut variant = [0u8; 1];
            if size == 0 || self.input.read_exact(&mut variant).is_err() {
                break;
            }
            if variant[0] == SIGNATURES_VARIANT {
                let mut payload = vec![0u8; size as usize];
                payload[0] = variant[0];
                if self.input.read_exact(&mut payload[1..]).is_err() || checksum(&payload) != sum {
                    break;
                }
                if let Ok(Record::Signatures(stored)) = postcard::from_bytes(&payload) {
                    found.push(stored);
                }
            } else if self.input.seek_relative(i64::from(size) - 1).is_err() {
                break;
            }
            at += 8 + u64::from(size);
        }
        found
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::Stamp;
    use crate::source::Source;

    fn record() -> Record {
        let article = crate::parse::parse("MONDELa fin\n\nUn texte.", None);
        let entry = Entry::new(
            Source::File(std::ffi::OsStr::from_bytes(b"odd\xffname.txt").into()),
            Some("monde".into()),
            &article,
            Stamp {
                size: 34,
                mtime_ns: 12_000_000_001,
                ctime_ns: 13_000_000_002,
                ino: 77,
            },
        );
        let mut b = crate::search::SegmentBuilder::new(0);
        b.add_texts([entry.headline.as_str()]);
        Record::Batch {
            entries: vec![entry],
            segment: b.finish(),
        }
    }

    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn records_round_trip_and_commit_is_atomic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("libraries/x.kix");
        let mut w = LogWriter::create(&path).unwrap();
        w.write(&record()).unwrap();
        w.write(&Record::Removed(vec![0])).unwrap();
        assert!(
            LogReader::open(&path).is_none(),
            "nothing in place before commit"
        );
        w.commit().unwrap();
        let mut r = LogReader::open(&path).unwrap();
        assert_eq!(r.next_record(false).unwrap().unwrap(), record());
        assert_eq!(
            r.next_record(false).unwrap().unwrap(),
            Record::Removed(vec![0])
        );
        assert!(r.next_record(false).is_none());
        // Appending keeps what was there.
        let len = {
            let mut r = LogReader::open(&path).unwrap();
            while r.next_record(false).is_some() {}
            r.valid_len()
        };
        assert_eq!(len, fs::metadata(&path).unwrap().len());
        let mut w = LogWriter::extend(&path, len).unwrap();
        w.write(&Record::Removed(vec![1])).unwrap();
        w.commit().unwrap();
        let mut r = LogReader::open(&path).unwrap();
        let all: Vec<Record> = std::iter::from_fn(|| r.next_record(false))
            .map(Result::unwrap)
            .collect();
        assert_eq!(all.len(), 3);
        let leftovers = fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file left");
    }

    #[test]
    fn temporary_logs_left_by_killed_writers_are_removed_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.kix");
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        let age = |f: &File| f.set_modified(hour_ago).unwrap();
        // A killed writer's: nobody holds its lock.
        let (dead, f) = crate::disk::create_temp(dir.path(), "x.kix").unwrap();
        age(&f);
        drop(f);
        // A live writer's (another process would hold it the same way), and another
        // library's.
        let live = LogWriter::create(&path).unwrap();
        age(live.out.get_ref());
        let (other, o) = crate::disk::create_temp(dir.path(), "y.kix").unwrap();
        age(&o);
        drop(o);
        let w = LogWriter::create(&path).unwrap();
        assert!(!dead.exists());
        assert!(live.tmp.exists(), "a live writer's file is kept");
        assert!(
            other.exists(),
            "another library's files are its own business"
        );
        drop((w, live));
    }

    #[test]
    fn a_log_written_by_another_version_of_kiosque_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.kix");
        let mut w = LogWriter::create(&path).unwrap();
        w.write(&record()).unwrap();
        w.commit().unwrap();
        assert!(LogReader::open(&path).is_some());
        // The build stamp follows the format version in the header.
        let mut bytes = fs::read(&path).unwrap();
        bytes[12] ^= 1;
        fs::write(&path, &bytes).unwrap();
        assert!(LogReader::open(&path).is_none());
    }

    #[test]
    fn a_torn_last_record_ends_the_log_there() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.kix");
        let mut w = LogWriter::create(&path).unwrap();
        w.write(&record()).unwrap();
        w.write(&Record::Removed(vec![0])).unwrap();
        w.commit().unwrap();
        let full = fs::metadata(&path).unwrap().len();
        // A crash in the middle of the last record.
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(full - 3)
            .unwrap();
        let mut r = LogReader::open(&path).unwrap();
        assert_eq!(r.next_record(false).unwrap().unwrap(), record());
        assert!(r.next_record(false).unwrap().is_err());
        let good = r.valid_len();
        assert!(good < full - 3);
        // Extending starts from the good part.
        let mut w = LogWriter::extend(&path, good).unwrap();
        w.write(&Record::Removed(vec![0])).unwrap();
        w.commit().unwrap();
        let mut r = LogReader::open(&path).unwrap();
        let all: Vec<_> = std::iter::from_fn(|| r.next_record(false)).collect();
        assert_eq!(all.len(), 2);
        assert!(all.iter().all(Result::is_ok));
    }

    #[test]
    fn damaged_logs_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.kix");
        let mut w = LogWriter::create(&path).unwrap();
        w.write(&record()).unwrap();
        w.commit().unwrap();
        let mut bytes = fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        fs::write(&path, &bytes).unwrap();
        let mut r = LogReader::open(&path).unwrap();
        assert!(r.next_record(false).unwrap().is_err());
        fs::write(&path, b"not a log").unwrap();
        assert!(LogReader::open(&path).is_none());
        // A record that claims 4 GiB is refused before anything is allocated.
        let mut bytes = header().to_vec();
        bytes.extend_from_slice(&(u32::MAX - 8).to_le_bytes());
        bytes.extend_from_slice(&[0; 4]);
        bytes.extend_from_slice(b"short");
        fs::write(&path, &bytes).unwrap();
        let mut r = LogReader::open(&path).unwrap();
        let why = r.next_record(false).unwrap().unwrap_err();
        assert!(why.contains("longer than the log"), "{why}");
    }

    #[test]
    fn a_body_record_starts_with_its_variant_number_and_skipping_it_keeps_its_span() {
        let mut b = crate::search::SegmentBuilder::new(300);
        b.add_texts(["un mot"]);
        b.add_texts(["deux mots"]);
        let body = Record::Body(b.finish());
        let bytes = postcard::to_stdvec(&body).unwrap();
        assert_eq!(bytes[0], BODY_VARIANT);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.kix");
        let mut w = LogWriter::create(&path).unwrap();
        w.write(&body).unwrap();
        w.commit().unwrap();
        let mut r = LogReader::open(&path).unwrap();
        assert_eq!(
            r.next_record(true).unwrap().unwrap(),
            Record::Skipped { base: 300, docs: 2 }
        );
    }

    #[test]
    fn a_batch_read_without_words_keeps_its_entries_and_span_and_no_word() {
        let batch = record();
        assert_eq!(postcard::to_stdvec(&batch).unwrap()[0], BATCH_VARIANT);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.kix");
        let mut w = LogWriter::create(&path).unwrap();
        w.write(&batch).unwrap();
        w.write(&Record::Removed(vec![0])).unwrap();
        w.commit().unwrap();
        let mut r = LogReader::open(&path).unwrap().without_words();
        let Record::Batch { entries, segment } = r.next_record(false).unwrap().unwrap() else {
            panic!("not a batch");
        };
        let Record::Batch {
            entries: written,
            segment: words,
        } = batch
        else {
            unreachable!()
        };
        assert_eq!(entries, written);
        assert!(words.term_count() > 0, "the batch written has words");
        assert_eq!((segment.base, segment.docs), (words.base, words.docs));
        assert!(segment.term_count() == 0 && segment.is_sound());
        // The records after it read on.
        assert_eq!(
            r.next_record(false).unwrap().unwrap(),
            Record::Removed(vec![0])
        );
        // A batch cut short is damage, as when its words are read.
        let bytes = fs::read(&path).unwrap();
        fs::write(&path, &bytes[..bytes.len() - 20]).unwrap();
        let mut r = LogReader::open(&path).unwrap().without_words();
        assert!(r.next_record(false).unwrap().is_err());
    }

    #[test]
    fn signatures_are_read_back_on_demand_from_the_log_as_replayed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.kix");
        let body = "Un texte assez long pour avoir une signature, avec des mots qui se suivent \
            et forment des triplets en nombre suffisant pour que le calcul ait un sens ici, \
            puis encore quelques mots pour faire bonne mesure dans ce petit test.";
        let sig = story::signature(body).unwrap();
        let mut stored = story::Stored::default();
        stored.push(0, &sig);
        let signed = Record::Signatures(stored.clone());
        assert_eq!(postcard::to_stdvec(&signed).unwrap()[0], SIGNATURES_VARIANT);
        let mut w = LogWriter::create(&path).unwrap();
        w.write(&record()).unwrap();
        w.write(&signed).unwrap();
        w.write(&Record::Removed(vec![0])).unwrap();
        w.commit().unwrap();
        let mut r = LogReader::open(&path).unwrap();
        let all: Vec<Record> = std::iter::from_fn(|| r.next_record(true))
            .map(Result::unwrap)
            .collect();
        assert_eq!(all[1], Record::SkippedSignatures, "not decoded by a replay");
        let len = r.valid_len();
        // Another log put in place meanwhile is not read: the replay's file is.
        std::fs::remove_file(&path).unwrap();
        fs::write(&path, b"something else").unwrap();
        assert_eq!(r.signatures(len), [stored]);
    }

    #[test]
    fn one_log_per_library() {
        let d = Path::new("/cache");
        let a = path_for(d, &Sources::Paths(vec!["/a".into()])).unwrap();
        let b = path_for(d, &Sources::Paths(vec!["/b".into()])).unwrap();
        assert_ne!(a, b);
        assert!(path_for(d, &Sources::Bundled).is_none());
    }
}
