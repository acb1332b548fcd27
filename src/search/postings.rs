//! A segment's postings (issue 9: the index was most of the reader's memory). Each term's
//! article numbers are coded in whichever of two forms is smaller:
//!
//! - varints: the first article's number, then each difference from the previous, as LEB128
//!   varints (a byte for most of them);
//! - a bitmap: one bit per article of the segment (`docs.div_ceil(8)` bytes): for a word in
//!   more than about one article in eight, fewer bytes, and the fastest to read.
//!
//! The segment marks a bitmap with the top bit of the term's start ([`BITMAP`]). Codes in
//! bits (Rice codes of the gaps: by an earlier estimate about 40 % smaller than varints on the
//! library's words) were tried and measured: they made a word's look-up 3–4× slower (each code's length depends on
//! the one before, a chain the processor cannot overlap), so only the bitmaps stayed.

/// The top bit of a term's start: its postings are a bitmap.
pub(super) const BITMAP: u32 = 1 << 31;

/// Appends the code of one term's increasing article numbers, all below `docs`, to `out`;
/// true if it is a bitmap.
pub(super) fn put(out: &mut Vec<u8>, list: &[u32], docs: u32) -> bool {
    let varints: usize = gaps(list).map(varint_len).sum();
    let bitmap = docs.div_ceil(8) as usize;
    if bitmap <= varints {
        let start = out.len();
        out.resize(start + bitmap, 0);
        for &d in list {
            out[start + (d / 8) as usize] |= 1 << (d % 8);
        }
        true
    } else {
        for gap in gaps(list) {
            put_varint(out, gap);
        }
        false
    }
}

/// The differences a varint code holds: the first number, then each from the previous.
fn gaps(list: &[u32]) -> impl Iterator<Item = u32> + '_ {
    let mut prev = 0;
    list.iter().map(move |&d| {
        let gap = d.wrapping_sub(prev);
        prev = d;
        gap
    })
}

fn varint_len(n: u32) -> usize {
    (32 - (n | 1).leading_zeros()).div_ceil(7) as usize
}

pub(super) fn put_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads one varint off the front of `bytes`.
pub(super) fn take_varint(bytes: &mut &[u8]) -> u32 {
    let mut n = 0u32;
    let mut shift = 0;
    while let Some((&b, rest)) = bytes.split_first() {
        *bytes = rest;
        n |= u32::from(b & 0x7f).wrapping_shl(shift);
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    n
}

/// The article numbers of one term.
pub enum Docs<'a> {
    /// Varints still to read, and the last number read.
    Varints { bytes: &'a [u8], doc: u32 },
    /// A bitmap: the bytes not yet read, and the bits not yet read of the word whose first bit
    /// is article `at`.
    Bitmap { bytes: &'a [u8], word: u64, at: u32 },
}

impl<'a> Docs<'a> {
    pub(super) fn new(bytes: &'a [u8], bitmap: bool) -> Docs<'a> {
        if bitmap {
            Docs::Bitmap {
                bytes,
                word: 0,
                at: 0u32.wrapping_sub(64),
            }
        } else {
            Docs::Varints { bytes, doc: 0 }
        }
    }
}

impl Iterator for Docs<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        match self {
            Docs::Varints { bytes, doc } => {
                if bytes.is_empty() {
                    return None;
                }
                *doc = doc.wrapping_add(take_varint(bytes));
                Some(*doc)
            }
            Docs::Bitmap { bytes, word, at } => {
                while *word == 0 {
                    if bytes.is_empty() {
                        return None;
                    }
                    let n = bytes.len().min(8);
                    let mut buf = [0u8; 8];
                    buf[..n].copy_from_slice(&bytes[..n]);
                    *bytes = &bytes[n..];
                    *word = u64::from_le_bytes(buf);
                    *at = at.wrapping_add(64);
                }
                let bit = word.trailing_zeros();
                *word &= *word - 1;
                Some(at.wrapping_add(bit))
            }
        }
    }
}

/// Is `bytes` the whole code of one term, every number below `docs` and increasing?
pub(super) fn check(bytes: &[u8], bitmap: bool, docs: u32) -> bool {
    if bitmap {
        // Whole bytes: the bits past `docs` in the last one must be clear.
        return bytes.len() == docs.div_ceil(8) as usize
            && Docs::new(bytes, true).all(|d| d < docs);
    }
    let mut rest = bytes;
    let mut doc = 0u64;
    let mut first = true;
    while !rest.is_empty() {
        // A varint of more than 5 bytes, or one cut short, is damage.
        let len = rest.iter().position(|&b| b < 0x80).map(|p| p + 1);
        if len.is_none_or(|l| l > 5) {
            return false;
        }
        let gap = u64::from(take_varint(&mut rest));
        if gap == 0 && !first {
            return false;
        }
        first = false;
        doc += gap;
        if doc >= u64::from(docs) {
            return false;
        }
    }
    true
}
