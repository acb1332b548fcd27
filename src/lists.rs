//! The lists file: the reader's lists as they were when a load last ended (every article as
//! the lists show it, the sections, the newest-first order, the versions and the stories),
//! kept beside the library's log (`<key>.kls`) and read at the next start, on every core, so the
//! first frame shows the whole library with its final counts without replaying the log.
//!
//! It is only a copy: it names the log it was made from ([`LogKey`]: device, inode, length,
//! time), and a start uses it only while the log is still exactly that file. The loader then
//! replays the log behind it for the index (sending words, not entries) and checks the files as
//! always: what changed since comes as a live update. Everything read back is checked before
//! use (checksum, lengths, numbers in range, an order of every article still there, clean text); a file
//! that fails any check is ignored and written again.
//!
//! File layout ([`write`]): `KQLISTS` magic, format version and build stamp (as the log's
//! header), a head (what is beside the articles, and a table of the chunks of articles) under
//! its own checksum, then the chunks ([`codec`]), each under its own.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::cache::{HEADER, LogKey, header_for};
use crate::item::Item;
use crate::items::{CHUNK_LEN, Items};
use std::sync::Arc;

mod codec;

const MAGIC: &[u8; 8] = b"KQLISTS\0";
/// The largest lists file read (about 250 bytes an article: 8 million articles).
const MAX_LEN: u64 = 2 << 30;
/// `stories` of an article alone.
pub const ALONE: u32 = u32::MAX;

/// The lists as a load left them.
#[derive(Debug, Clone)]
pub struct Lists {
    /// The log they were made from.
    pub key: LogKey,
    /// Every article, by number (those gone included: the index's numbers are the log's).
    pub items: Items,
    /// Section names.
    pub sections: Vec<String>,
    /// Each article's section (index into `sections`).
    pub section_of: Vec<u16>,
    /// Is each article's file still there as loaded?
    pub alive: Vec<bool>,
    /// Each article's version on disk (0: not known).
    pub versions: Vec<u64>,
    /// The articles still there, newest first.
    pub order: Vec<u32>,
    /// Each article's story ([`ALONE`]: none); empty when no stories were told.
    pub stories: Vec<u32>,
}

/// What the file holds beside the articles, as written ([`Rest`] read back: the same fields,
/// in the same order).
#[derive(Serialize)]
struct RestRef<'a> {
    key: LogKey,
    sections: &'a [String],
    section_of: &'a [u16],
    alive: &'a [bool],
    versions: &'a [u64],
    order: &'a [u32],
    stories: &'a [u32],
}

#[derive(Deserialize)]
struct Rest {
    key: LogKey,
    sections: Vec<String>,
    section_of: Vec<u16>,
    alive: Vec<bool>,
    versions: Vec<u64>,
    order: Vec<u32>,
    stories: Vec<u32>,
}

/// The lists file beside the log at `log`.
pub fn path_for(log: &Path) -> PathBuf {
    log.with_extension("kls")
}

/// Bytes before the payload: the header, the payload's length, the head's checksum.
const START: usize = HEADER + 16;
/// Bytes of a chunk's entry in the table: where it is, its length, its checksum.
const ENTRY: usize = 24;

/// Writes `lists` to `path` (atomically: a reader never sees half of it).
///
/// Layout: the header; the payload's length (`u64`); the xxh3 checksum of the head (`u64`);
/// the head: what is beside the articles (its length, then postcard), the number of articles,
/// and a table giving, for each chunk of articles, where it is in the file, its length and its
/// checksum; then the chunks ([`codec`]). A reader reads the head, then each chunk where the
/// table says, on several cores, with no buffer the size of the file.
pub fn write(path: &Path, lists: &Lists) -> std::io::Result<()> {
    let rest = postcard::to_stdvec(&RestRef {
        key: lists.key,
        sections: &lists.sections,
        section_of: &lists.section_of,
        alive: &lists.alive,
        versions: &lists.versions,
        order: &lists.order,
        stories: &lists.stories,
    })
    .map_err(std::io::Error::other)?;
    // The head (where each chunk is, its length, its checksum) comes before the chunks: its
    // place is kept, each chunk is encoded and written in turn into one reused buffer, and the
    // head is written last, in its place. A library's chunks are never all in memory at once
    // (25 MB at 100 000 articles, at the moment the reader's memory is at its highest).
    let chunks = lists.items.chunks();
    let table_at = 8 + rest.len() + 8;
    let head_len = table_at + chunks.len() * ENTRY;
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(std::io::Error::other("a lists file without a folder"));
    };
    let name = name.to_string_lossy();
    crate::disk::write_atomically_with(dir, &name, crate::disk::PRIVATE, |f| {
        use std::io::{Seek, Write};
        let mut head = Vec::with_capacity(head_len);
        head.extend_from_slice(&(rest.len() as u64).to_le_bytes());
        head.extend_from_slice(&rest);
        head.extend_from_slice(&(lists.items.len() as u64).to_le_bytes());
        let mut out = std::io::BufWriter::with_capacity(1 << 20, &mut *f);
        out.write_all(&vec![0u8; START + head_len])?;
        let mut at = (START + head_len) as u64;
        let mut bytes = Vec::new();
        for c in chunks {
            bytes.clear();
            codec::encode_chunk(c, &mut bytes);
            head.extend_from_slice(&at.to_le_bytes());
            head.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            head.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&bytes).to_le_bytes());
            out.write_all(&bytes)?;
            at += bytes.len() as u64;
        }
        out.flush()?;
        drop(out);
        let payload_len = at - START as u64;
        f.rewind()?;
        let mut start = header_for(MAGIC).to_vec();
        start.extend_from_slice(&payload_len.to_le_bytes());
        start.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&head).to_le_bytes());
        f.write_all(&start)?;
        f.write_all(&head)
    })
}

/// The lists at `path`, if they were made from the log `key` names and read back sound.
pub fn read(path: &Path, key: LogKey) -> Option<Lists> {
    let (file, meta) = crate::disk::open_regular(path, MAX_LEN, crate::disk::Links::Refuse).ok()?;
    decode(&file, meta.len(), key)
}

/// [`read`], from the open file of `len` bytes.
fn decode(file: &std::fs::File, len: u64, key: LogKey) -> Option<Lists> {
    use std::os::unix::fs::FileExt;
    let at = |offset: u64, n: u64| -> Option<Vec<u8>> {
        // Never past the end: a length read from the file asks for nothing it does not hold.
        if offset.checked_add(n)? > len {
            return None;
        }
        let mut bytes = vec![0u8; usize::try_from(n).ok()?];
        file.read_exact_at(&mut bytes, offset).ok()?;
        Some(bytes)
    };
    let start = at(0, START as u64)?;
    let word = |b: &[u8], i: usize| u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]));
    if start[..HEADER] != header_for(MAGIC) || word(&start, HEADER) != len - START as u64 {
        return None;
    }
    let rest_len = word(&at(START as u64, 8)?, 0);
    let before_table = 8u64.checked_add(rest_len)?.checked_add(8)?;
    let n = word(&at(START as u64 + before_table - 8, 8)?, 0);
    let n = usize::try_from(n).ok()?;
    let chunks = n.div_ceil(CHUNK_LEN);
    let head_len = before_table.checked_add(u64::try_from(chunks.checked_mul(ENTRY)?).ok()?)?;
    let head = at(START as u64, head_len)?;
    if xxhash_rust::xxh3::xxh3_64(&head) != word(&start, HEADER + 8) {
        return None;
    }
    let rest_bytes = head.get(8..8 + usize::try_from(rest_len).ok()?)?;
    // The key comes first: lists of another log are refused before anything else is decoded.
    let (found, _) = postcard::take_from_bytes::<LogKey>(rest_bytes).ok()?;
    if found != key {
        return None;
    }
    let table = &head[usize::try_from(before_table).ok()?..];
    let entry = |c: usize| {
        let e = &table[c * ENTRY..(c + 1) * ENTRY];
        (word(e, 0), word(e, 8), word(e, 16))
    };
    // The chunks, read and decoded on every core (a few at a time each, with one buffer).
    let cores = std::thread::available_parallelism()
        .map_or(1, |c| c.get())
        .clamp(1, 4);
    let per = chunks.div_ceil(cores).max(1);
    let read = |from: usize, to: usize| -> Option<Vec<Arc<Vec<Item>>>> {
        let mut buf = Vec::new();
        (from..to)
            .map(|c| {
                let (offset, size, sum) = entry(c);
                if offset.checked_add(size)? > len {
                    return None;
                }
                buf.resize(usize::try_from(size).ok()?, 0);
                file.read_exact_at(&mut buf, offset).ok()?;
                if xxhash_rust::xxh3::xxh3_64(&buf) != sum {
                    return None;
                }
                let count = CHUNK_LEN.min(n - c * CHUNK_LEN);
                codec::decode_chunk(&buf, count).map(Arc::new)
            })
            .collect()
    };
    // What is beside the articles is decoded on this thread while the others read theirs.
    let (rest, parts) = std::thread::scope(|s| {
        let others: Vec<_> = (1..cores)
            .map(|p| (p * per).min(chunks))
            .map(|from| s.spawn(move || read(from, (from + per).min(chunks))))
            .collect();
        let rest = postcard::from_bytes::<Rest>(rest_bytes).ok();
        let mut parts = vec![read(0, per.min(chunks))];
        parts.extend(others.into_iter().map(|h| h.join().ok().flatten()));
        (rest, parts)
    });
    let rest = rest?;
    let mut all = Vec::with_capacity(chunks);
    for part in parts {
        all.extend(part?);
    }
    let lists = Lists {
        key: rest.key,
        items: Items::from_chunks(all, n),
        sections: rest.sections,
        section_of: rest.section_of,
        alive: rest.alive,
        versions: rest.versions,
        order: rest.order,
        stories: rest.stories,
    };
    lists.is_sound().then_some(lists)
}

impl Lists {
    /// Does it hold together: one slot per article in every list, sections and stories in
    /// range, an order of every article still there (each once), clean text? (An order not
    /// newest first, which only a crafted file could hold, is shown as it is: it only orders
    /// the list, and checking it cost a tenth of the read, each article's date fetched out of
    /// order.)
    pub fn is_sound(&self) -> bool {
        let n = self.items.len();
        let alive = self.alive.iter().filter(|&&a| a).count();
        let mut listed = vec![false; n];
        let order_fits = self.order.len() == alive
            && self.order.iter().all(|&e| {
                let e = e as usize;
                e < n && self.alive[e] && !std::mem::replace(&mut listed[e], true)
            });
        order_fits
            && self.section_of.len() == n
            && self.alive.len() == n
            && self.versions.len() == n
            && (self.stories.is_empty() || self.stories.len() == n)
            && self.sections.len() <= usize::from(u16::MAX) + 1
            && self
                .section_of
                .iter()
                .all(|&s| usize::from(s) < self.sections.len())
            && self.stories.iter().all(|&s| s == ALONE || (s as usize) < n)
            // (The articles' texts are checked as they are read: [`codec`].)
            && self.sections.iter().all(|s| crate::sanitize::is_clean(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::item::{Item, Texts};
    use crate::source::Source;

    fn item(i: u64, headline: &str) -> Item {
        let texts = Texts {
            label: Some("MONDE"),
            headline,
            byline: Some("Par Anne"),
            ..Texts::default()
        };
        let source = Source::File(format!("/lib/{i:03}.txt").into());
        Item::new(
            i,
            source,
            texts,
            Vec::new(),
            i64::try_from(i).unwrap() * 1_000,
        )
    }

    fn key() -> LogKey {
        LogKey {
            dev: 1,
            ino: 2,
            len: 3,
            mtime_ns: 4,
        }
    }

    fn lists() -> Lists {
        let items: Vec<Item> = (0..3).map(|i| item(i, &format!("Titre {i}"))).collect();
        Lists {
            key: key(),
            items: Items::from_vec(items),
            sections: vec!["MONDE".into(), "SPORT".into()],
            section_of: vec![0, 1, 0],
            alive: vec![true, false, true],
            versions: vec![7, 0, 9],
            order: vec![2, 0],
            stories: vec![ALONE, ALONE, ALONE],
        }
    }

    fn written(l: &Lists) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.kls");
        write(&path, l).unwrap();
        (dir, path)
    }

    #[test]
    fn lists_read_back_as_written_for_the_log_they_name_only() {
        let l = lists();
        let (_dir, path) = written(&l);
        let back = read(&path, key()).expect("read back");
        assert!(back.items.iter().eq(l.items.iter()));
        assert_eq!(
            (&back.sections, &back.order, &back.versions),
            (&l.sections, &l.order, &l.versions)
        );
        // The log appended to, or another log put in its place: not these lists.
        for other in [
            LogKey { len: 4, ..key() },
            LogKey { ino: 9, ..key() },
            LogKey {
                mtime_ns: 5,
                ..key()
            },
        ] {
            assert!(read(&path, other).is_none());
        }
    }

    #[test]
    fn many_chunks_read_back_in_order_on_every_core() {
        let n = 2 * crate::items::CHUNK_LEN + 5;
        let items: Vec<Item> = (0..n as u64)
            .map(|i| item(i, &format!("Titre {i}")))
            .collect();
        let l = Lists {
            key: key(),
            items: Items::from_vec(items),
            sections: vec!["MONDE".into()],
            section_of: vec![0; n],
            alive: vec![true; n],
            versions: vec![0; n],
            order: (0..n as u32).rev().collect(),
            stories: Vec::new(),
        };
        let (_dir, path) = written(&l);
        let back = read(&path, key()).expect("read back");
        assert_eq!(back.items.len(), n);
        assert!(back.items.iter().eq(l.items.iter()));
        assert_eq!(back.order, l.order);
    }

    #[test]
    fn damaged_or_crafted_lists_are_refused() {
        let (dir, path) = written(&lists());
        let good = std::fs::read(&path).unwrap();
        let bad_file = dir.path().join("bad.kls");
        let read_bytes = |bytes: &[u8]| {
            std::fs::write(&bad_file, bytes).unwrap();
            read(&bad_file, key())
        };
        assert!(read_bytes(&good).is_some());
        // A bit flipped anywhere (the header, the head, a chunk), or the file cut short.
        for at in [3, START + 20, good.len() - 1] {
            let mut bad = good.clone();
            bad[at] ^= 1;
            assert!(read_bytes(&bad).is_none(), "flip at {at}");
        }
        assert!(read_bytes(&good[..good.len() - 3]).is_none());
        assert!(read_bytes(b"KQLISTS").is_none());
        // A head that claims more articles than the file holds chunks for (its checksum
        // recomputed: only the table's bounds stop it).
        let mut more = good.clone();
        let rest_len = u64::from_le_bytes(good[START..START + 8].try_into().unwrap()) as usize;
        let n_at = START + 8 + rest_len;
        more[n_at..n_at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        let head_end = n_at + 8 + ENTRY;
        let sum = xxhash_rust::xxh3::xxh3_64(&more[START..head_end]);
        more[HEADER + 8..HEADER + 16].copy_from_slice(&sum.to_le_bytes());
        assert!(read_bytes(&more).is_none());
        // Sound payloads with a valid checksum, but lists that do not hold together.
        let crafted = |change: &dyn Fn(&mut Lists)| {
            let mut l = lists();
            change(&mut l);
            let (_d, p) = written(&l);
            read(&p, key())
        };
        assert!(crafted(&|_| ()).is_some());
        let bidi = |l: &mut Lists| {
            let first = l.items.get_mut(0).unwrap();
            *first = first.with_headline("abc\u{202e}txt.exe");
        };
        assert!(crafted(&bidi).is_none(), "a bidi control in a headline");
        let escape = |l: &mut Lists| l.sections[1] = "\x1b[31mSPORT".into();
        assert!(crafted(&escape).is_none(), "an escape in a section");
        assert!(
            crafted(&|l| l.order = vec![2, 0, 1]).is_none(),
            "a gone article listed"
        );
        assert!(
            crafted(&|l| l.order = vec![2, 2]).is_none(),
            "an article twice"
        );
        // An order not newest first is only an order: shown as it is.
        assert!(crafted(&|l| l.order = vec![0, 2]).is_some());
        assert!(crafted(&|l| l.order = vec![2, 9]).is_none(), "past the end");
        assert!(
            crafted(&|l| l.section_of[0] = 2).is_none(),
            "no such section"
        );
        assert!(crafted(&|l| l.versions.pop().map_or((), drop)).is_none());
        assert!(crafted(&|l| l.stories[0] = 3).is_none(), "no such story");
    }

    #[test]
    fn a_fifo_or_a_link_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo.kls");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(read(&fifo, key()).is_none());
        }
        let (_d, real) = written(&lists());
        let link = dir.path().join("link.kls");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert!(read(&link, key()).is_none());
    }
}
