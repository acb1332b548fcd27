//! A segment's postings (issue 9: the index was most of the reader's memory). Each term's
//! article numbers are coded in whichever of three forms is smallest ([`Form`]):
//!
//! - varints: the first article's number, then each difference from the previous, as LEB128
//!   varints (a byte for most of them): the smallest for a word in one or two articles;
//! - Elias–Fano: how many articles (a varint), then each number's low `l` bits packed end to
//!   end, then its high bits as a bitmap of "high part plus rank" (`l` is fixed by the count
//!   and the segment's size, so nothing else is stored): about `2 + log2(articles / count)`
//!   bits a number, whatever the gaps. Reading one is a `trailing_zeros` in the high bits and a
//!   shift in the low ones, neither depending on the length of the code before it (unlike the
//!   Rice codes tried before, which made a look-up 3–4× slower);
//! - a bitmap: one bit per article of the segment (`docs.div_ceil(8)` bytes): for a word in
//!   more than about one article in five, about as few bytes, and the fastest to read.
//!
//! The segment marks the form in the top two bits of the term's start ([`BITMAP`],
//! [`ELIAS_FANO`]). On the 100 000 articles of the generated corpus (31 million postings) the
//! three forms take 20.8 MB where varints and bitmaps took 25.0 (gaps packed in blocks of 128,
//! a width a block, would take 22.9), and a look-up is about 10 % slower (BENCHMARKS.md).

/// The top bit of a term's start: its postings are a bitmap.
pub(super) const BITMAP: u32 = 1 << 31;
/// The next bit: its postings are Elias–Fano coded.
pub(super) const ELIAS_FANO: u32 = 1 << 30;
/// The bits of a start that say its form (the rest is an offset, below [`ELIAS_FANO`]).
pub(super) const FORM: u32 = BITMAP | ELIAS_FANO;

/// How one term's article numbers are coded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    Varints,
    EliasFano,
    Bitmap,
}

impl Form {
    /// The form a start's top bits say (`None`: both set, which no segment writes).
    pub(super) fn of(start: u32) -> Option<Form> {
        match start & FORM {
            0 => Some(Form::Varints),
            ELIAS_FANO => Some(Form::EliasFano),
            BITMAP => Some(Form::Bitmap),
            _ => None,
        }
    }

    /// The bits a start carries for this form.
    pub(super) fn bits(self) -> u32 {
        match self {
            Form::Varints => 0,
            Form::EliasFano => ELIAS_FANO,
            Form::Bitmap => BITMAP,
        }
    }
}

/// Appends the code of one term's increasing article numbers, all below `docs`, to `out`, in
/// the smallest form, except that a bitmap, the fastest to read, is kept up to a quarter larger
/// than Elias–Fano (at 100 000 articles that costs 0.1 MB and reads 1.3 million numbers of the
/// 31 million from bitmaps rather than Elias–Fano).
pub(super) fn put(out: &mut Vec<u8>, list: &[u32], docs: u32) -> Form {
    let varints: usize = gaps(list).map(varint_len).sum();
    let bitmap = docs.div_ceil(8) as usize;
    let count = u32::try_from(list.len()).unwrap_or(u32::MAX);
    let ef = EliasFano::shape(count, docs);
    let elias_fano = ef.map_or(usize::MAX, |s| s.len());
    if bitmap <= varints && bitmap.saturating_mul(4) <= elias_fano.saturating_mul(5) {
        let start = out.len();
        out.resize(start + bitmap, 0);
        for &d in list {
            out[start + (d / 8) as usize] |= 1 << (d % 8);
        }
        Form::Bitmap
    } else if let Some(shape) = ef.filter(|_| elias_fano < varints) {
        shape.put(out, list);
        Form::EliasFano
    } else {
        for gap in gaps(list) {
            put_varint(out, gap);
        }
        Form::Varints
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

/// The shape of an Elias–Fano code: `count` numbers below `docs`, their low `low` bits packed
/// in `low_bytes`, then the high bits' bitmap in `high_bytes`. All of it follows from the count
/// and the segment's size.
#[derive(Debug, Clone, Copy)]
struct EliasFano {
    count: u32,
    low: u32,
    low_bytes: usize,
    high_bytes: usize,
}

impl EliasFano {
    /// `None` for no numbers, or more numbers than articles (a damaged count).
    fn shape(count: u32, docs: u32) -> Option<EliasFano> {
        if count == 0 || count > docs {
            return None;
        }
        let low = (docs / count).ilog2();
        Some(EliasFano {
            count,
            low,
            low_bytes: usize::try_from((u64::from(count) * u64::from(low)).div_ceil(8)).ok()?,
            high_bytes: usize::try_from(high_bits(count, docs, low).div_ceil(8)).ok()?,
        })
    }

    /// Bytes of the whole code, the count included.
    fn len(&self) -> usize {
        varint_len(self.count) + self.low_bytes + self.high_bytes
    }

    fn put(&self, out: &mut Vec<u8>, list: &[u32]) {
        put_varint(out, self.count);
        let lows = out.len();
        out.resize(lows + self.low_bytes + self.high_bytes, 0);
        let highs = lows + self.low_bytes;
        let mask = (1u64 << self.low) - 1;
        for (i, &d) in list.iter().enumerate() {
            let bit = i as u64 * u64::from(self.low);
            let value = u64::from(d) & mask;
            // A low part spans at most five bytes (31 bits from any bit of the first).
            for b in 0..5u64 {
                let at = lows + (bit / 8 + b) as usize;
                let shifted = (value << (bit % 8)) >> (8 * b);
                if shifted == 0 || at >= highs {
                    break;
                }
                out[at] |= shifted as u8;
            }
            let high = (u64::from(d) >> self.low) as usize + i;
            out[highs + high / 8] |= 1 << (high % 8);
        }
    }
}

/// How many bits the high parts take: number `i` sets bit `i + (d >> low)`, and the last
/// goes up to `count - 1 + ((docs - 1) >> low)`.
fn high_bits(count: u32, docs: u32, low: u32) -> u64 {
    u64::from(count) + u64::from(docs.saturating_sub(1) >> low)
}

/// Appends `list` in Elias–Fano whatever its size (tests force the form).
#[cfg(test)]
pub(super) fn put_elias_fano(out: &mut Vec<u8>, list: &[u32], docs: u32) {
    let count = u32::try_from(list.len()).unwrap_or(u32::MAX);
    if let Some(shape) = EliasFano::shape(count, docs) {
        shape.put(out, list);
    }
}

/// The article numbers of one term.
pub enum Docs<'a> {
    /// Varints still to read, and the last number read.
    Varints { bytes: &'a [u8], doc: u32 },
    /// A bitmap: the bytes not yet read, and the bits not yet read of the word whose first bit
    /// is article `at`.
    Bitmap { bytes: &'a [u8], word: u64, at: u32 },
    /// An Elias–Fano code being read.
    EliasFano(Reader<'a>),
}

/// What is left to read of an Elias–Fano code.
pub struct Reader<'a> {
    /// The high bits not yet loaded, the word being read and the position of its first bit.
    highs: &'a [u8],
    word: u64,
    at: u32,
    /// The low bits, all of them (number `i`'s are at bit `i * low`), and how many a number has.
    lows: &'a [u8],
    low: u32,
    /// Numbers read, and still to read.
    read: u32,
    left: u32,
}

impl<'a> Docs<'a> {
    /// The numbers of a code of `form`, in a segment of `docs` articles.
    pub(super) fn new(bytes: &'a [u8], form: Form, docs: u32) -> Docs<'a> {
        match form {
            Form::Varints => Docs::Varints { bytes, doc: 0 },
            Form::Bitmap => Docs::Bitmap {
                bytes,
                word: 0,
                at: 0u32.wrapping_sub(64),
            },
            Form::EliasFano => {
                let mut rest = bytes;
                let count = take_varint(&mut rest);
                let shape = EliasFano::shape(count, docs);
                let (low, low_bytes, left) =
                    shape.map_or((0, 0, 0), |s| (s.low, s.low_bytes, s.count));
                let (lows, highs) = rest.split_at(low_bytes.min(rest.len()));
                Docs::EliasFano(Reader {
                    highs,
                    word: 0,
                    at: 0u32.wrapping_sub(64),
                    lows,
                    low,
                    read: 0,
                    left,
                })
            }
        }
    }
}

/// The next 64 bits of `bytes` (zeros past its end), and the bytes after them.
#[inline]
fn take_word(bytes: &mut &[u8]) -> u64 {
    if let Some((word, rest)) = bytes.split_first_chunk::<8>() {
        *bytes = rest;
        return u64::from_le_bytes(*word);
    }
    let mut buf = [0u8; 8];
    buf[..bytes.len()].copy_from_slice(bytes);
    *bytes = &[];
    u64::from_le_bytes(buf)
}

/// The next 32 bits of `bytes` (zeros past its end), and the bytes after them.
#[inline]
fn take_u32(bytes: &mut &[u8]) -> u32 {
    if let Some((word, rest)) = bytes.split_first_chunk::<4>() {
        *bytes = rest;
        return u32::from_le_bytes(*word);
    }
    let mut buf = [0u8; 4];
    buf[..bytes.len()].copy_from_slice(bytes);
    *bytes = &[];
    u32::from_le_bytes(buf)
}

/// The `low` bits of number `i` (`mask`: `low` ones) in `lows` (zeros past its end).
#[inline]
fn low_bits(lows: &[u8], i: u32, low: u32, mask: u64) -> u32 {
    let bit = i as usize * low as usize;
    let at = bit / 8;
    // The 64 bits from the byte holding the first: a number's 31 bits at most, shifted by 7.
    let word = match lows.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        Some(word) => u64::from_le_bytes(*word),
        None => {
            let mut buf = [0u8; 8];
            let rest = lows.get(at..).unwrap_or_default();
            buf[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(buf)
        }
    };
    ((word >> (bit % 8)) & mask) as u32
}

impl Reader<'_> {
    #[inline]
    fn next(&mut self) -> Option<u32> {
        if self.left == 0 {
            return None;
        }
        while self.word == 0 {
            if self.highs.is_empty() {
                return None;
            }
            self.word = take_word(&mut self.highs);
            self.at = self.at.wrapping_add(64);
        }
        let high = self
            .at
            .wrapping_add(self.word.trailing_zeros())
            .wrapping_sub(self.read);
        self.word &= self.word - 1;
        let low = low_bits(self.lows, self.read, self.low, (1u64 << self.low) - 1);
        self.read += 1;
        self.left -= 1;
        Some(high.wrapping_shl(self.low) | low)
    }

    /// Every number left, to `f`: the loop a look-up runs, its state in locals.
    #[inline]
    fn fold<B>(self, mut acc: B, mut f: impl FnMut(B, u32) -> B) -> B {
        let Reader {
            mut highs,
            mut word,
            mut at,
            lows,
            low,
            mut read,
            mut left,
        } = self;
        let mask = (1u64 << low) - 1;
        // The low bits read in order through a buffer of `held` bits, from number `read`'s.
        let bit = read as usize * low as usize;
        let mut rest = lows.get(bit / 8..).unwrap_or_default();
        let (mut buffer, mut held) = (0u64, 0u32);
        if !bit.is_multiple_of(8) {
            buffer = u64::from(take_u32(&mut rest)) >> (bit % 8);
            held = 32 - (bit % 8) as u32;
        }
        loop {
            // The numbers whose high parts are in this word: at most those left (a sound code
            // has no more set bits than numbers, but a check reads codes not yet found sound).
            let n = word.count_ones().min(left);
            left -= n;
            // `at - read`: a number's high part is its bit's position less the numbers before it.
            let mut offset = at.wrapping_sub(read);
            read = read.wrapping_add(n);
            for _ in 0..n {
                let high = offset.wrapping_add(word.trailing_zeros());
                word &= word - 1;
                offset = offset.wrapping_sub(1);
                if held < low {
                    // Fewer than 31 bits held: 32 more fit in the 64.
                    buffer |= u64::from(take_u32(&mut rest)) << held;
                    held += 32;
                }
                let value = (buffer & mask) as u32;
                buffer >>= low;
                held -= low;
                acc = f(acc, high.wrapping_shl(low) | value);
            }
            if highs.is_empty() || left == 0 {
                return acc;
            }
            word = take_word(&mut highs);
            at = at.wrapping_add(64);
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
                    *word = take_word(bytes);
                    *at = at.wrapping_add(64);
                }
                let bit = word.trailing_zeros();
                *word &= *word - 1;
                Some(at.wrapping_add(bit))
            }
            Docs::EliasFano(reader) => reader.next(),
        }
    }

    /// A look-up reads every number of a term (`for_each` comes here): each form's loop with
    /// its state in locals rather than `next`'s match on every number.
    #[inline]
    fn fold<B, F: FnMut(B, u32) -> B>(self, init: B, mut f: F) -> B {
        match self {
            Docs::Varints { mut bytes, mut doc } => {
                let mut acc = init;
                while !bytes.is_empty() {
                    doc = doc.wrapping_add(take_varint(&mut bytes));
                    acc = f(acc, doc);
                }
                acc
            }
            Docs::Bitmap {
                mut bytes,
                mut word,
                mut at,
            } => {
                let mut acc = init;
                loop {
                    while word != 0 {
                        acc = f(acc, at.wrapping_add(word.trailing_zeros()));
                        word &= word - 1;
                    }
                    if bytes.is_empty() {
                        return acc;
                    }
                    word = take_word(&mut bytes);
                    at = at.wrapping_add(64);
                }
            }
            Docs::EliasFano(reader) => reader.fold(init, f),
        }
    }
}

/// Is `bytes` the whole code of one term in `form`, every number below `docs` and increasing?
pub(super) fn check(bytes: &[u8], form: Form, docs: u32) -> bool {
    match form {
        // Whole bytes: the bits past `docs` in the last one must be clear.
        Form::Bitmap => {
            bytes.len() == docs.div_ceil(8) as usize
                && Docs::new(bytes, form, docs).all(|d| d < docs)
        }
        Form::EliasFano => check_elias_fano(bytes, docs),
        Form::Varints => check_varints(bytes, docs),
    }
}

fn check_varints(bytes: &[u8], docs: u32) -> bool {
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

/// An Elias–Fano code is sound when its count is a whole varint within the segment's size, the
/// code is exactly as long as that count says, its high bits hold exactly `count` set bits, and
/// the numbers they give increase and stay below `docs`.
fn check_elias_fano(bytes: &[u8], docs: u32) -> bool {
    let len = bytes.iter().position(|&b| b < 0x80).map(|p| p + 1);
    if len.is_none_or(|l| l > 5) {
        return false;
    }
    let mut rest = bytes;
    let count = take_varint(&mut rest);
    let Some(shape) = EliasFano::shape(count, docs) else {
        return false;
    };
    if shape.len() != bytes.len() {
        return false;
    }
    let (lows, highs) = rest.split_at(shape.low_bytes);
    // The bits past the last low part must be clear.
    let low_spare = (shape.low_bytes as u64 * 8) - u64::from(count) * u64::from(shape.low);
    if lows
        .last()
        .is_some_and(|&b| low_spare > 0 && u32::from(b) >> (8 - low_spare) != 0)
    {
        return false;
    }
    let ones: u64 = highs.iter().map(|b| u64::from(b.count_ones())).sum();
    // The bits past the last high part must be clear.
    let used = high_bits(count, docs, shape.low);
    let spare = (highs.len() as u64 * 8).saturating_sub(used);
    let last_clear = highs
        .last()
        .is_none_or(|&b| spare == 0 || u32::from(b) >> (8 - spare) == 0);
    if ones != u64::from(count) || !last_clear {
        return false;
    }
    let mut prev: Option<u32> = None;
    let mut read = 0u32;
    for d in Docs::new(bytes, Form::EliasFano, docs) {
        if d >= docs || prev.is_some_and(|p| d <= p) {
            return false;
        }
        prev = Some(d);
        read += 1;
    }
    read == count
}
