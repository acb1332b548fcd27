//! Reading a library log back, record by record: every record's length bounded by what is
//! left of the file and its checksum checked before it is decoded; bodies' words and story
//! signatures stepped over when the reader does not want them.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use super::{
    BATCH_VARIANT, BODY_VARIANT, HEADER, LogKey, Record, SIGNATURES_VARIANT, checksum, header,
};
use crate::library::Entry;
use crate::search::Segment;
use crate::story;

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
