//! Fingerprints of an article's version: a small hash of each paragraph (and intertitle) of its
//! body, so that the version an article had when it was read can be kept beside its read mark
//! (SPEC §6, `seen` in the state files) and compared with the version on disk now: the article
//! is *updated* when they differ, and the paragraphs added, changed or removed are found by
//! diffing the two lists ([`crate::changes`]).
//!
//! A paragraph's fingerprint is the low 32 bits of the xxh3 hash of its words, joined by one
//! space: a file re-wrapped, re-indented, given other line endings or trailing spaces keeps
//! its fingerprints; a word changed, added or removed changes its paragraph's. 32 bits are
//! enough for what they decide: an edit goes unnoticed only when the edited paragraph hashes to
//! exactly the value its old text had (one chance in four billion per paragraph changed), and
//! they keep a read mark's line in the state file short (8 hex digits a paragraph).
//!
//! At most [`MAX_PARAGRAPHS`] are kept: the paragraphs of a longer body beyond the first
//! `MAX_PARAGRAPHS - 1` share the last fingerprint (a hash of theirs), so a change there is
//! still seen, as a change of that whole tail.
//!
//! The whole version has a 64-bit [`Fingerprints::digest`] (a hash of the list): the loader
//! computes it for every body it indexes ([`digest_of_body`]), so telling whether a read
//! article is updated costs a comparison of two numbers.

use std::sync::Arc;

use crate::article::Block;

/// The most fingerprints kept for one version.
pub const MAX_PARAGRAPHS: usize = 512;

/// The fingerprints of one version of an article's body. Cheap to clone (shared).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Fingerprints(Arc<Inner>);

#[derive(PartialEq, Eq, Hash)]
struct Inner {
    digest: u64,
    paragraphs: Box<[u32]>,
}

impl std::fmt::Debug for Fingerprints {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Fingerprints({})", self.to_hex())
    }
}

impl Fingerprints {
    /// Fingerprints given as they are (at most [`MAX_PARAGRAPHS`] are kept).
    pub fn new(mut paragraphs: Vec<u32>) -> Fingerprints {
        paragraphs.truncate(MAX_PARAGRAPHS);
        Fingerprints(Arc::new(Inner {
            digest: digest_of(&paragraphs),
            paragraphs: paragraphs.into_boxed_slice(),
        }))
    }

    /// The fingerprints of a body given as text (blocks separated by blank lines): what the
    /// loader indexes.
    pub fn of_body(body: &str) -> Fingerprints {
        Fingerprints::new(paragraphs_of_body(body))
    }

    /// The fingerprints of an article's blocks: what the reader shows.
    pub fn of_blocks(blocks: &[Block]) -> Fingerprints {
        let mut b = Builder::default();
        for block in blocks {
            for line in block.text.text.split('\n').map(str::trim) {
                if !line.is_empty() {
                    b.line(line);
                }
            }
            // One fingerprint a block, whatever it holds.
            b.open = true;
            b.end_paragraph();
        }
        Fingerprints::new(b.finish())
    }

    /// A hash of the whole version (never 0).
    pub fn digest(&self) -> u64 {
        self.0.digest
    }

    /// One fingerprint per paragraph (the last one standing for the tail of a longer body).
    pub fn paragraphs(&self) -> &[u32] {
        &self.0.paragraphs
    }

    /// The form kept in the state files: 8 lowercase hex digits per paragraph.
    pub fn to_hex(&self) -> String {
        use std::fmt::Write;
        let mut out = String::with_capacity(8 * self.0.paragraphs.len());
        for p in self.paragraphs() {
            // Writing to a String cannot fail.
            let _ = write!(out, "{p:08x}");
        }
        out
    }

    /// Reads [`Fingerprints::to_hex`]'s form; `None` for anything else (a length that is not
    /// a multiple of 8, more than [`MAX_PARAGRAPHS`], a character that is not a hex digit).
    pub fn from_hex(hex: &str) -> Option<Fingerprints> {
        let bytes = hex.as_bytes();
        if !bytes.len().is_multiple_of(8)
            || bytes.len() / 8 > MAX_PARAGRAPHS
            || !bytes.iter().all(u8::is_ascii_hexdigit)
        {
            return None;
        }
        let paragraphs = bytes
            .chunks(8)
            .map(|c| {
                // Eight ASCII hex digits: valid UTF-8 and a u32, checked above.
                std::str::from_utf8(c)
                    .ok()
                    .and_then(|s| u32::from_str_radix(s, 16).ok())
            })
            .collect::<Option<Vec<u32>>>()?;
        Some(Fingerprints::new(paragraphs))
    }
}

/// The digest of the version of a body given as text ([`Fingerprints::of_body`]'s digest,
/// without keeping the fingerprints).
pub fn digest_of_body(body: &str) -> u64 {
    digest_of(&paragraphs_of_body(body))
}

/// The fingerprints of a body given as text: its blocks are runs of non-blank lines, each line
/// trimmed, as the parser makes them ([`crate::parse::body_blocks`]). One pass over the text,
/// nothing allocated per block: the loader does this for every body it indexes.
fn paragraphs_of_body(body: &str) -> Vec<u32> {
    let mut b = Builder::default();
    for line in body.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            b.end_paragraph();
        } else {
            b.line(line);
        }
    }
    b.end_paragraph();
    b.finish()
}

/// Are the words of a trimmed line one space apart already: no two spaces in a row, and no
/// other ASCII white space (nor any other control)? Written without an early exit, so that it
/// is vectorised.
fn is_spaced_once(line: &[u8]) -> bool {
    let controls = line.iter().fold(false, |acc, &b| acc | (b < b' '));
    let doubled = line
        .iter()
        .zip(line.iter().skip(1))
        .fold(false, |acc, (&a, &b)| acc | ((a == b' ') & (b == b' ')));
    !(controls | doubled)
}

/// The digest of a list of fingerprints; 0 (which the reader uses for "not known yet") is
/// never one.
fn digest_of(paragraphs: &[u32]) -> u64 {
    let mut bytes = Vec::with_capacity(4 * paragraphs.len());
    for p in paragraphs {
        bytes.extend_from_slice(&p.to_le_bytes());
    }
    xxhash_rust::xxh3::xxh3_64(&bytes).max(1)
}

/// Hashes paragraphs one after the other, folding those past the bound into the last.
#[derive(Default)]
struct Builder {
    /// The words of the paragraph being hashed, one space between each.
    words: Vec<u8>,
    /// A line of the paragraph was given (an empty paragraph is none).
    open: bool,
    kept: Vec<u32>,
    /// The hashes of the paragraphs from the last kept place on, once there are too many.
    tail: Option<xxhash_rust::xxh3::Xxh3>,
    /// The full hash of the paragraph in the last place, while the tail is not started.
    last: u64,
}

impl Builder {
    /// Adds a line (trimmed, not empty) to the paragraph: its words, one space before each but
    /// the paragraph's first.
    fn line(&mut self, line: &str) {
        let bytes = line.as_bytes();
        if self.open {
            self.words.push(b' ');
        }
        self.open = true;
        if is_spaced_once(bytes) {
            // Most lines: words already one space apart, copied whole.
            self.words.extend_from_slice(bytes);
            return;
        }
        for (i, word) in line.split_ascii_whitespace().enumerate() {
            if i > 0 {
                self.words.push(b' ');
            }
            self.words.extend_from_slice(word.as_bytes());
        }
    }

    /// Ends the paragraph being given (nothing when no line was).
    fn end_paragraph(&mut self) {
        if !std::mem::take(&mut self.open) {
            return;
        }
        let hash = xxhash_rust::xxh3::xxh3_64(&self.words);
        self.words.clear();
        if let Some(tail) = &mut self.tail {
            tail.update(&hash.to_le_bytes());
        } else if self.kept.len() < MAX_PARAGRAPHS {
            self.kept.push(hash as u32);
            self.last = hash;
        } else {
            // One too many: the last place stands for every paragraph from it on.
            let mut tail = xxhash_rust::xxh3::Xxh3::new();
            tail.update(&self.last.to_le_bytes());
            tail.update(&hash.to_le_bytes());
            self.tail = Some(tail);
        }
    }

    fn finish(mut self) -> Vec<u32> {
        if let (Some(tail), Some(last)) = (self.tail, self.kept.last_mut()) {
            // Truncation keeps the low half of the hash, as for every paragraph.
            *last = tail.digest() as u32;
        }
        self.kept
    }
}

#[cfg(test)]
mod tests;
