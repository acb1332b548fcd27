//! The lists file: the reader's lists as they were when a load last ended (every article as
//! the lists show it, the sections, the newest-first order, the versions and the stories),
//! kept beside the library's log (`<key>.kls`) and read in one go at the next start, so the
//! first frame shows the whole library with its final counts without replaying the log.
//!
//! It is only a copy: it names the log it was made from ([`LogKey`]: device, inode, length,
//! time), and a start uses it only while the log is still exactly that file. The loader then
//! replays the log behind it for the index (sending words, not entries) and checks the files as
//! always: what changed since comes as a live update. Everything read back is checked before
//! use (checksum, lengths, numbers in range, an order that is newest first, clean text); a file
//! that fails any check is ignored and written again.
//!
//! File layout: `KQLISTS` magic, format version and build stamp (as the log's header), the
//! payload's length (`u64`, little-endian), its xxh3 checksum (`u64`), then the payload:
//! [`Lists`] in postcard.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::cache::{HEADER, LogKey, header_for};
use crate::item::newest_first;
use crate::items::Items;

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

/// The file's payload: what is beside the articles (postcard, after its length), then the
/// articles ([`codec`]).
fn payload(lists: &Lists) -> std::io::Result<Vec<u8>> {
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
    let mut out = Vec::with_capacity(rest.len() + 8 + lists.items.len() * 250);
    out.extend_from_slice(&(rest.len() as u64).to_le_bytes());
    out.extend_from_slice(&rest);
    codec::encode(&lists.items, &mut out);
    Ok(out)
}

/// Writes `lists` to `path` (atomically: a reader never sees half of it).
pub fn write(path: &Path, lists: &Lists) -> std::io::Result<()> {
    let payload = payload(lists)?;
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(std::io::Error::other("a lists file without a folder"));
    };
    let name = name.to_string_lossy();
    crate::disk::write_atomically_with(dir, &name, crate::disk::PRIVATE, |f| {
        use std::io::Write;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, f);
        out.write_all(&header_for(MAGIC))?;
        out.write_all(&(payload.len() as u64).to_le_bytes())?;
        out.write_all(&xxhash_rust::xxh3::xxh3_64(&payload).to_le_bytes())?;
        out.write_all(&payload)?;
        out.flush()
    })
}

/// The lists at `path`, if they were made from the log `key` names and read back sound.
pub fn read(path: &Path, key: LogKey) -> Option<Lists> {
    let bytes = crate::disk::read_bounded(path, MAX_LEN, crate::disk::Links::Refuse).ok()?;
    decode(&bytes, key)
}

/// [`read`], from the file's bytes.
fn decode(bytes: &[u8], key: LogKey) -> Option<Lists> {
    let start = HEADER + 16;
    if bytes.len() < start || bytes[..HEADER] != header_for(MAGIC) {
        return None;
    }
    let word = |at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let (len, sum) = (word(HEADER), word(HEADER + 8));
    let payload = &bytes[start..];
    if payload.len() as u64 != len || xxhash_rust::xxh3::xxh3_64(payload) != sum {
        return None;
    }
    let (rest_len, after) = payload.split_first_chunk::<8>()?;
    let rest_len = usize::try_from(u64::from_le_bytes(*rest_len)).ok()?;
    let rest: Rest = postcard::from_bytes(after.get(..rest_len)?).ok()?;
    if rest.key != key {
        return None;
    }
    let (items, left) = codec::decode(&after[rest_len..])?;
    let lists = Lists {
        key: rest.key,
        items,
        sections: rest.sections,
        section_of: rest.section_of,
        alive: rest.alive,
        versions: rest.versions,
        order: rest.order,
        stories: rest.stories,
    };
    (left.is_empty() && lists.is_sound()).then_some(lists)
}

impl Lists {
    /// Does it hold together: one slot per article in every list, sections and stories in
    /// range, an order of every article still there (each once, newest first), clean text?
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
            && self.order.windows(2).all(|w| {
                let (a, b) = (&self.items[w[0] as usize], &self.items[w[1] as usize]);
                newest_first(a, b) != std::cmp::Ordering::Greater
            })
            // (The articles' texts are checked as they are read: [`codec`].)
            && self.sections.iter().all(|s| crate::sanitize::is_clean(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::item::Item;
    use crate::source::Source;

    fn item(i: u64, headline: &str) -> Item {
        Item {
            id: i,
            source: Source::File(format!("/lib/{i:03}.txt").into()),
            label: Some("MONDE".into()),
            headline: headline.into(),
            alt_headline: None,
            byline: Some("Par Anne".into()),
            more_bylines: Box::default(),
            warnings: Vec::new(),
            mtime_ns: i64::try_from(i).unwrap() * 1_000,
        }
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
    fn damaged_or_crafted_lists_are_refused() {
        let (_dir, path) = written(&lists());
        let good = std::fs::read(&path).unwrap();
        // A bit flipped anywhere in the payload, or the file cut short.
        for at in [HEADER + 20, good.len() - 1] {
            let mut bad = good.clone();
            bad[at] ^= 1;
            assert!(decode(&bad, key()).is_none(), "flip at {at}");
        }
        assert!(decode(&good[..good.len() - 3], key()).is_none());
        assert!(decode(b"KQLISTS", key()).is_none());
        // Sound payloads with a valid checksum, but lists that do not hold together.
        let crafted = |change: &dyn Fn(&mut Lists)| {
            let mut l = lists();
            change(&mut l);
            let (_d, p) = written(&l);
            read(&p, key())
        };
        assert!(crafted(&|_| ()).is_some());
        let bidi = |l: &mut Lists| {
            l.items.get_mut(0).unwrap().headline = "abc\u{202e}txt.exe".into();
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
        assert!(
            crafted(&|l| l.order = vec![0, 2]).is_none(),
            "not newest first"
        );
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
