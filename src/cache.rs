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

const MAGIC: &[u8; 8] = b"KQINDEX\0";
/// Bumped whenever the record format or the parser's output changes. 3: entries keep their
/// alternate headline and every byline (the query language's `title:` and `by:`).
pub const VERSION: u32 = 3;

/// Header bytes: magic, format version, build stamp.
const HEADER: usize = 20;

/// The header of a log written by this build. Besides the format version it carries a stamp
/// of kiosque's version: a release whose parser reads files differently (a label found where
/// there was none) must not trust lists an older one stored, even if the record format did
/// not change.
fn header() -> [u8; HEADER] {
    let mut h = [0u8; HEADER];
    h[..8].copy_from_slice(MAGIC);
    h[8..12].copy_from_slice(&VERSION.to_le_bytes());
    let stamp = xxhash_rust::xxh3::xxh3_64(env!("CARGO_PKG_VERSION").as_bytes());
    h[12..].copy_from_slice(&stamp.to_le_bytes());
    h
}

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
}

impl LogReader {
    /// Opens the log at `path`; `None` when it is missing or not a log of this version.
    pub fn open(path: &Path) -> Option<LogReader> {
        let mut input = BufReader::with_capacity(1 << 20, File::open(path).ok()?);
        let mut head = [0u8; HEADER];
        input.read_exact(&mut head).ok()?;
        (head == header()).then_some(LogReader {
            input,
            valid: HEADER as u64,
        })
    }

    /// How many bytes of the log are good: its header and the records read back cleanly.
    pub fn valid_len(&self) -> u64 {
        self.valid
    }

    /// The next record: `None` at the end, `Some(Err)` when the log is damaged.
    pub fn next_record(&mut self) -> Option<Result<Record, String>> {
        let mut head = [0u8; 8];
        match self.input.read_exact(&mut head) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return None,
            Err(e) => return Some(Err(e.to_string())),
        }
        let len = u32::from_le_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let sum = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
        let mut payload = vec![0u8; len];
        if let Err(e) = self.input.read_exact(&mut payload) {
            return Some(Err(e.to_string()));
        }
        if checksum(&payload) != sum {
            return Some(Err("checksum mismatch".into()));
        }
        let record = postcard::from_bytes(&payload).map_err(|e| e.to_string());
        if record.is_ok() {
            self.valid += 8 + len as u64;
        }
        Some(record)
    }
}

/// A temporary name beside `path`, unique to this process and this writer; the temporary
/// files a killed kiosque left behind are removed on the way.
fn temp_path(path: &Path) -> PathBuf {
    static WRITERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    remove_stale_temps(path);
    path.with_extension(format!("tmp-{}-{n}", std::process::id()))
}

/// Removes the temporary logs of processes that are gone (a kiosque quit, killed or crashed
/// while writing; quitting does not wait for the loader). Only where `/proc` says which
/// processes exist: elsewhere a live writer's file could be taken for a stale one.
fn remove_stale_temps(path: &Path) {
    let proc = Path::new("/proc");
    let (Some(dir), Some(stem)) = (path.parent(), path.file_stem()) else {
        return;
    };
    if !proc.join("self").exists() {
        return;
    }
    let Ok(files) = fs::read_dir(dir) else {
        return;
    };
    let prefix = format!("{}.tmp-", stem.to_string_lossy());
    for f in files.flatten() {
        let name = f.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let pid = rest.split('-').next().unwrap_or("");
        if pid.bytes().all(|b| b.is_ascii_digit()) && !pid.is_empty() && !proc.join(pid).exists() {
            let _ = fs::remove_file(f.path());
        }
    }
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
        let tmp = temp_path(path);
        let mut out = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
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
        let tmp = temp_path(path);
        fs::copy(path, &tmp)?;
        let file = File::options().append(true).open(&tmp)?;
        file.set_len(len)?;
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
        assert_eq!(r.next_record().unwrap().unwrap(), record());
        assert_eq!(r.next_record().unwrap().unwrap(), Record::Removed(vec![0]));
        assert!(r.next_record().is_none());
        // Appending keeps what was there.
        let len = {
            let mut r = LogReader::open(&path).unwrap();
            while r.next_record().is_some() {}
            r.valid_len()
        };
        assert_eq!(len, fs::metadata(&path).unwrap().len());
        let mut w = LogWriter::extend(&path, len).unwrap();
        w.write(&Record::Removed(vec![1])).unwrap();
        w.commit().unwrap();
        let mut r = LogReader::open(&path).unwrap();
        let all: Vec<Record> = std::iter::from_fn(|| r.next_record())
            .map(Result::unwrap)
            .collect();
        assert_eq!(all.len(), 3);
        let leftovers = fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file left");
    }

    #[test]
    fn temporary_logs_of_dead_processes_are_removed_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.kix");
        // No process has a number this high (the kernel's limit is 2^22).
        let dead = dir.path().join("x.tmp-999999999-0");
        let mine = dir.path().join(format!("x.tmp-{}-99", std::process::id()));
        let init = dir.path().join("x.tmp-1-0");
        let other = dir.path().join("y.tmp-999999999-0");
        for f in [&dead, &mine, &init, &other] {
            fs::write(f, b"half a log").unwrap();
        }
        let w = LogWriter::create(&path).unwrap();
        assert!(!dead.exists());
        assert!(
            mine.exists() && init.exists(),
            "live writers' files are kept"
        );
        assert!(
            other.exists(),
            "another library's files are its own business"
        );
        drop(w);
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
        assert_eq!(r.next_record().unwrap().unwrap(), record());
        assert!(r.next_record().unwrap().is_err());
        let good = r.valid_len();
        assert!(good < full - 3);
        // Extending starts from the good part.
        let mut w = LogWriter::extend(&path, good).unwrap();
        w.write(&Record::Removed(vec![0])).unwrap();
        w.commit().unwrap();
        let mut r = LogReader::open(&path).unwrap();
        let all: Vec<_> = std::iter::from_fn(|| r.next_record()).collect();
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
        assert!(r.next_record().unwrap().is_err());
        fs::write(&path, b"not a log").unwrap();
        assert!(LogReader::open(&path).is_none());
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
