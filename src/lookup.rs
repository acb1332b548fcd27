//! Article ids to the files they are read from, without replaying the library log: what
//! `kiosque mark ID` and `kiosque show ID` need, in a few reads of a small file.
//!
//! `<cache dir>/libraries/<key>.ids`, written beside the log whenever a load ends:
//!
//! ```text
//! "KQIDS\0\0\0"  version u32  log stamp (size u64, mtime ns i64, inode u64)  count u32
//! count × (id u64, offset u32, len u32), sorted by id
//! count × (inode u64, row u32), sorted by inode (files by their inode: `mark FILE`)
//! records: postcard (id, source, folder, label, stamp, identity, stated date)
//! ```
//!
//! It is trusted only while the log is the one it was written beside (same size, time and
//! inode); every length and offset is checked against the file, every text is checked clean
//! (SPEC §8), and anything odd means "no lookup": the caller loads the library instead.

use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::library::{Entry, section_name};
use crate::scan::Stamp;
use crate::source::Source;

const MAGIC: &[u8; 8] = b"KQIDS\0\0\0";
const VERSION: u32 = 2;
const HEADER: usize = 8 + 4 + 24 + 4;
const ROW: usize = 16;
const INODE_ROW: usize = 12;
/// A lookup larger than this is not read (10 million articles' worth).
const CAP: u64 = 2 << 30;

/// What a command needs of an article to mark or show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Record {
    /// Its id.
    pub id: u64,
    /// Where it is read from.
    pub source: Source,
    /// The folder it was found in.
    pub folder: Option<String>,
    /// The label it was listed with.
    pub label: Option<String>,
    /// Its file's size, times and inode when listed.
    pub stamp: Stamp,
    /// Its content identity (its id, unless files share the identity).
    pub identity: u64,
    /// The date its file states.
    pub stated_date: Option<i64>,
}

impl Record {
    /// The entry a command works with: no headline or words (the article is read again to be
    /// shown), its section as the list has it.
    pub fn entry(&self) -> Entry {
        let article = crate::article::Article {
            label: self.label.clone(),
            ..crate::article::Article::default()
        };
        let mut e = Entry::new(
            self.source.clone(),
            self.folder.clone(),
            &article,
            self.stamp,
        );
        e.id = self.id;
        e.section = section_name(self.label.as_deref(), self.folder.as_deref());
        e.stated_date = self.stated_date;
        e
    }

    fn is_clean(&self) -> bool {
        let clean = |t: &str| matches!(crate::sanitize::clean(t).0, std::borrow::Cow::Borrowed(_));
        self.folder.iter().chain(&self.label).all(|t| clean(t))
    }
}

/// The lookup beside `log`.
pub fn path(log: &Path) -> PathBuf {
    log.with_extension("ids")
}

fn log_stamp(log: &Path) -> Option<[u8; 24]> {
    let m = std::fs::symlink_metadata(log).ok()?;
    let s = Stamp::of(&m);
    let mut out = [0u8; 24];
    out[..8].copy_from_slice(&m.size().to_le_bytes());
    out[8..16].copy_from_slice(&s.mtime_ns.to_le_bytes());
    out[16..].copy_from_slice(&m.ino().to_le_bytes());
    Some(out)
}

/// Writes the lookup beside `log`, for the log as it is now (best effort: without it, commands
/// load the library): the articles `ids` names (id,
/// then a number `record` makes that article's record from; the first of an id is kept).
///
/// The records are made and written one at a time, the table of rows (28 bytes an article)
/// written last in its place: neither the records nor the file is ever whole in memory (at
/// 100 000 articles they were 55 MB, the reader's peak when a start found a file changed).
pub fn write(log: &Path, mut ids: Vec<(u64, u32)>, record: impl Fn(u32) -> Record) {
    use std::io::Write;
    let (Some(dir), Some(stamp)) = (log.parent(), log_stamp(log)) else {
        return;
    };
    ids.sort_unstable();
    ids.dedup_by_key(|&mut (id, _)| id);
    let Ok(count) = u32::try_from(ids.len()) else {
        return;
    };
    let name = path(log);
    let Some(name) = name.file_name() else {
        return;
    };
    let table_len = ids.len() * (ROW + INODE_ROW);
    let _ = crate::disk::write_atomically_with(
        dir,
        &name.to_string_lossy(),
        crate::disk::PRIVATE,
        |f| {
            let too_big = || std::io::Error::other("a lookup past 4 GiB");
            let mut table = Vec::with_capacity(table_len);
            let mut inodes: Vec<(u64, u32)> = Vec::with_capacity(ids.len());
            let mut out = std::io::BufWriter::with_capacity(1 << 20, &mut *f);
            out.write_all(&vec![0u8; HEADER + table_len])?;
            let mut offset = 0u32;
            for (row, &(id, n)) in (0u32..).zip(&ids) {
                let r = record(n);
                let bytes = postcard::to_stdvec(&r).map_err(std::io::Error::other)?;
                let len = u32::try_from(bytes.len()).map_err(|_| too_big())?;
                table.extend_from_slice(&id.to_le_bytes());
                table.extend_from_slice(&offset.to_le_bytes());
                table.extend_from_slice(&len.to_le_bytes());
                inodes.push((r.stamp.ino, row));
                out.write_all(&bytes)?;
                offset = offset.checked_add(len).ok_or_else(too_big)?;
            }
            out.flush()?;
            drop(out);
            // Rows by inode (a file's articles share it: a feed's items).
            inodes.sort_unstable();
            for (ino, row) in inodes {
                table.extend_from_slice(&ino.to_le_bytes());
                table.extend_from_slice(&row.to_le_bytes());
            }
            let mut head = Vec::with_capacity(HEADER + table.len());
            head.extend_from_slice(MAGIC);
            head.extend_from_slice(&VERSION.to_le_bytes());
            head.extend_from_slice(&stamp);
            head.extend_from_slice(&count.to_le_bytes());
            head.extend_from_slice(&table);
            f.rewind()?;
            f.write_all(&head)
        },
    );
}

/// How many articles the lookup beside `log` holds, when it is current.
pub fn count(log: &Path) -> Option<u32> {
    header(log).map(|(_, _, count)| count)
}

/// Is there a lookup for `log` as it is now?
pub fn is_current(log: &Path) -> bool {
    header(log).is_some()
}

fn header(log: &Path) -> Option<(std::fs::File, u64, u32)> {
    let stamp = log_stamp(log)?;
    let (mut file, meta) =
        crate::disk::open_regular(&path(log), CAP, crate::disk::Links::Refuse).ok()?;
    let mut head = [0u8; HEADER];
    file.read_exact(&mut head).ok()?;
    let count = u32::from_le_bytes(head[36..40].try_into().ok()?);
    let fits = (HEADER as u64 + u64::from(count) * (ROW + INODE_ROW) as u64) <= meta.len();
    (head[..8] == *MAGIC && head[8..12] == VERSION.to_le_bytes() && head[12..36] == stamp && fits)
        .then_some((file, meta.len(), count))
}

/// The records of `ids` in the lookup beside `log`: `None` when there is no current lookup or
/// it does not read back soundly; a `None` in the list for an id it does not hold.
pub fn find(log: &Path, ids: &[u64]) -> Option<Vec<Option<Record>>> {
    let mut l = Lookup::open(log)?;
    let mut found = Vec::with_capacity(ids.len());
    for &id in ids {
        // Binary search over the rows on disk: a few reads, whatever the library's size.
        let (mut lo, mut hi) = (0u32, l.count);
        let mut hit = None;
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let (at, offset, n) = l.row(mid)?;
            match at.cmp(&id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    hit = Some((offset, n));
                    break;
                }
            }
        }
        let Some((offset, n)) = hit else {
            found.push(None);
            continue;
        };
        let record = l.record(offset, n)?;
        if record.id != id {
            return None;
        }
        found.push(Some(record));
    }
    Some(found)
}

/// The records of the articles read from the file of inode `ino` (a feed's items share their
/// file), by the lookup beside `log`: `None` when there is no current lookup or it does not
/// read back soundly. The caller checks that the file is the one recorded.
pub fn find_inode(log: &Path, ino: u64) -> Option<Vec<Record>> {
    let mut l = Lookup::open(log)?;
    // The first row of the inode table at or after `ino`.
    let (mut lo, mut hi) = (0u32, l.count);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if l.inode_row(mid)?.0 < ino {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let mut found = Vec::new();
    while lo < l.count {
        let (at, row) = l.inode_row(lo)?;
        // A bound on what one file holds: a crafted table cannot make this loop long.
        if at != ino || found.len() >= 100_000 {
            break;
        }
        if row >= l.count {
            return None;
        }
        let (_, offset, n) = l.row(row)?;
        let record = l.record(offset, n)?;
        if record.stamp.ino != ino {
            return None;
        }
        found.push(record);
        lo += 1;
    }
    Some(found)
}

/// An open lookup, its header checked.
struct Lookup {
    file: std::fs::File,
    len: u64,
    count: u32,
}

impl Lookup {
    fn open(log: &Path) -> Option<Lookup> {
        let (file, len, count) = header(log)?;
        Some(Lookup { file, len, count })
    }

    fn read_at(&mut self, at: u64, buf: &mut [u8]) -> Option<()> {
        if at.checked_add(buf.len() as u64)? > self.len {
            return None;
        }
        self.file.seek(SeekFrom::Start(at)).ok()?;
        self.file.read_exact(buf).ok()
    }

    /// Row `i` of the id table: (id, offset, length) of its record.
    fn row(&mut self, i: u32) -> Option<(u64, u32, u32)> {
        let mut row = [0u8; ROW];
        self.read_at(HEADER as u64 + u64::from(i) * ROW as u64, &mut row)?;
        Some((
            u64::from_le_bytes(row[..8].try_into().ok()?),
            u32::from_le_bytes(row[8..12].try_into().ok()?),
            u32::from_le_bytes(row[12..].try_into().ok()?),
        ))
    }

    /// Row `i` of the inode table: (inode, row of the id table).
    fn inode_row(&mut self, i: u32) -> Option<(u64, u32)> {
        let mut row = [0u8; INODE_ROW];
        let table = HEADER as u64 + u64::from(self.count) * ROW as u64;
        self.read_at(table + u64::from(i) * INODE_ROW as u64, &mut row)?;
        Some((
            u64::from_le_bytes(row[..8].try_into().ok()?),
            u32::from_le_bytes(row[8..].try_into().ok()?),
        ))
    }

    /// The record at `offset` in the blob, `n` bytes long, read back and checked clean.
    fn record(&mut self, offset: u32, n: u32) -> Option<Record> {
        let blob = HEADER as u64 + u64::from(self.count) * (ROW + INODE_ROW) as u64;
        let mut bytes = vec![0u8; usize::try_from(n).ok()?];
        self.read_at(blob.checked_add(u64::from(offset))?, &mut bytes)?;
        let record: Record = postcard::from_bytes(&bytes).ok()?;
        record.is_clean().then_some(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: u64) -> Record {
        Record {
            id,
            source: Source::File(format!("/lib/{id}.txt").into()),
            folder: Some("monde".into()),
            label: Some("MONDE".into()),
            stamp: Stamp {
                mtime_ns: 5,
                ino: 1000 + id % 3,
                ..Stamp::default()
            },
            identity: id,
            stated_date: None,
        }
    }

    /// [`write`], of these records (the first of an id kept).
    fn write_all(log: &Path, records: Vec<Record>) {
        let ids = (0u32..).zip(&records).map(|(n, r)| (r.id, n)).collect();
        write(log, ids, |n| records[n as usize].clone());
    }

    #[test]
    fn ids_are_found_while_the_log_is_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("x.kix");
        std::fs::write(&log, b"a log").unwrap();
        write_all(&log, (0..1000).rev().map(|i| record(i * 7)).collect());
        let got = find(&log, &[0, 7 * 500, 3, 7 * 999]).unwrap();
        assert_eq!(got[0], Some(record(0)));
        assert_eq!(got[1], Some(record(3500)));
        assert_eq!(got[2], None);
        assert_eq!(got[3], Some(record(6993)));
        assert_eq!(got[1].as_ref().unwrap().entry().section, "MONDE");
        // The log changed: the lookup is not trusted.
        std::fs::write(&log, b"another log, longer").unwrap();
        assert!(find(&log, &[0]).is_none());
    }

    #[test]
    fn files_are_found_by_their_inode() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("x.kix");
        std::fs::write(&log, b"a log").unwrap();
        write_all(&log, (0..300).map(|i| record(i * 5)).collect());
        // Inodes 1000, 1001, 1002 hold a hundred records each (as a feed's items share one).
        for ino in 1000..1003 {
            let got = find_inode(&log, ino).unwrap();
            assert_eq!(got.len(), 100);
            assert!(got.iter().all(|r| r.stamp.ino == ino && r.id % 5 == 0));
        }
        assert_eq!(find_inode(&log, 999), Some(Vec::new()));
        assert_eq!(find_inode(&log, 5000), Some(Vec::new()));
        std::fs::write(&log, b"the log changed").unwrap();
        assert!(find_inode(&log, 1000).is_none());
    }

    #[test]
    fn a_damaged_or_crafted_lookup_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("x.kix");
        std::fs::write(&log, b"a log").unwrap();
        let mut bad = record(1);
        bad.label = Some("\u{202e}MONDE".into());
        write_all(&log, vec![record(0), bad]);
        assert!(find(&log, &[0]).is_some());
        assert!(find(&log, &[1]).is_none(), "unclean text");
        // A count beyond the file, an offset beyond the file.
        let p = path(&log);
        let mut bytes = std::fs::read(&p).unwrap();
        bytes[36..40].copy_from_slice(&u32::MAX.to_le_bytes());
        std::fs::write(&p, &bytes).unwrap();
        assert!(find(&log, &[0]).is_none());
        write_all(&log, vec![record(0)]);
        let mut bytes = std::fs::read(&p).unwrap();
        bytes[HEADER + 8..HEADER + 12].copy_from_slice(&u32::MAX.to_le_bytes());
        std::fs::write(&p, &bytes).unwrap();
        assert!(find(&log, &[0]).is_none());
    }
}
