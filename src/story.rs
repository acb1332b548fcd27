//! Stories: articles about the same story (a dispatch rewritten, a follow-up, the same event in
//! two sections) found by near-duplicate detection over their bodies, locally.
//!
//! Each body gets a MinHash signature of its word 3-grams (accents and case folded), made by
//! one-permutation hashing: every 3-gram is hashed once, the hash picks one of `K` bins and the
//! bin keeps its least value, so two signatures agree on a bin with about the probability that
//! the two sets of 3-grams overlap (their Jaccard similarity). That is one hash per word where
//! `K` hash functions would cost `K`: the body pass of the loader computes it beside the word
//! index, and the library's log keeps it ([`crate::cache`]), so a warm start computes none.
//!
//! [`cluster`] then groups a library: signatures are cut into bands of [`ROWS`] bins; articles
//! sharing a whole band are candidates (locality-sensitive hashing: no all-pairs comparison),
//! and candidates whose signatures agree on at least [`THRESHOLD`] of the bins, and whose
//! dates are less than [`WINDOW_DAYS`] apart, are one story. Agreements on values that many
//! articles hold at that bin do not count: they are text many articles share (a footer, a
//! stock paragraph), not a story. Stories are the connected groups (union-find), each named by
//! its earliest article. The tuning was chosen on planted stories (`examples/stories_quality`,
//! figures in BENCHMARKS.md): 2 bins a band and 0.2 found 95 % of the planted pairs and no
//! false one, where 3 bins and 0.3 found 81 %.

mod cluster;

pub use cluster::{Article, Tuning, cluster, cluster_with};

/// Bins of a signature.
pub const K: usize = 64;
// A signature's bins fit in the 64 bits of a mask (see `cluster`), and the bin is the top
// bits of a hash.
const _: () = assert!(K <= 64 && K.is_power_of_two());

/// Bins per band: a band is shared by two articles of Jaccard similarity `s` with the
/// probability `s^ROWS`, and some band of the `K / ROWS` with `1 - (1 - s^ROWS)^(K / ROWS)`.
pub const ROWS: usize = 2;
/// The share of agreeing bins (13 of 64) from which two candidates are one story: distinct
/// stories written in the same words agree on at most 0.19 in the quality corpus (0.3 with a
/// shared footer, which does not count), most variants on 0.6.
pub const THRESHOLD: f64 = 0.20;
/// Two articles further apart than this are never linked directly (a weekly bulletin written
/// from the same template is not one story running for years); a story may still run longer
/// through the follow-ups between them.
pub const WINDOW_DAYS: i64 = 30;
/// Fewer 3-grams than this (a brief) give no signature: too little text to tell.
const MIN_SHINGLES: usize = 24;
/// The value no bin holds: an absent signature in a [`Signatures`] table.
const NONE: u16 = u16::MAX;

/// A body's MinHash signature: the least value of each bin.
pub type Signature = [u16; K];

/// Hashes a folded word (64 bits, xxh3).
fn word_hash(word: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(word.as_bytes())
}

/// Mixes the hashes of three words into the hash of the 3-gram (the order matters).
fn shingle(a: u64, b: u64, c: u64) -> u64 {
    let h = a.rotate_left(21) ^ b.rotate_left(42) ^ c;
    // A finaliser (murmur3's), so the bin and value bits below are evenly spread.
    let h = (h ^ (h >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    let h = (h ^ (h >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Builds a signature from a body's words, folded, in order (as the word index cuts them:
/// the loader hands it the words [`crate::search::SegmentBuilder`] reads).
#[derive(Debug, Clone)]
pub struct Signer {
    /// Per bin, the least 3-gram hash seen: the 32 bits after the bin's own in the high half
    /// (what is compared), the low 16 bits (what is kept: evenly spread whatever the number
    /// of 3-grams, so a value shared by many articles is text they share, not chance).
    bins: [u64; K],
    last: (u64, u64),
    words: usize,
    shingles: usize,
}

impl Default for Signer {
    fn default() -> Signer {
        Signer {
            bins: [u64::MAX; K],
            last: (0, 0),
            words: 0,
            shingles: 0,
        }
    }
}

impl Signer {
    /// The next word of the body, folded.
    pub fn word(&mut self, word: &str) {
        // One-letter words (l’, d’, à, a) carry no story (the word is folded: its bytes are
        // letters, but for the odd letter outside Latin).
        if word.len() < 2 {
            return;
        }
        let w2 = word_hash(word);
        self.words += 1;
        let (w0, w1) = self.last;
        if self.words >= 3 {
            let h = shingle(w0, w1, w2);
            let bin = (h >> (64 - K.trailing_zeros())) as usize;
            let packed = ((h >> 26) & 0xffff_ffff) << 16 | (h & 0xffff);
            self.bins[bin] = self.bins[bin].min(packed);
            self.shingles += 1;
        }
        self.last = (w1, w2);
    }

    /// The signature (`None` when the body is too short to tell).
    pub fn finish(&self) -> Option<Signature> {
        (self.shingles >= MIN_SHINGLES).then(|| densified(&self.bins))
    }
}

/// The signature of a body (`None` when it is too short to tell): its words cut and folded as
/// the word index does.
pub fn signature(body: &str) -> Option<Signature> {
    let mut signer = Signer::default();
    crate::search::each_word(body, &mut String::new(), &mut |w| signer.word(w));
    signer.finish()
}

/// The bins as a signature: an empty bin (a short body has some) takes the value of the next
/// full one, marked by the distance, so that two bodies agree on it only when they agree on
/// the bin it borrows from (rotation densification, Shrivastava and Li 2014).
fn densified(bins: &[u64; K]) -> Signature {
    let mut sig = [0u16; K];
    for (i, slot) in sig.iter_mut().enumerate() {
        let (distance, packed) = (0..K)
            .map(|d| (d, bins[(i + d) % K]))
            .find(|(_, v)| *v != u64::MAX)
            .unwrap_or((0, 0));
        // 16 bits tell bins apart well enough (two unrelated bins agree once in 65 535);
        // `NONE` is never a value.
        let v = (packed & 0xffff) as u16 ^ (distance as u16).wrapping_mul(0x9e37);
        *slot = v.min(NONE - 1);
    }
    sig
}

/// How many bins two signatures agree on, as a share.
pub fn similarity(a: &Signature, b: &Signature) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / K as f64
}

/// The signatures of a library's articles, by number, end to end (an article without one
/// holds `NONE` in every bin): 128 bytes an article, one allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signatures {
    values: Vec<u16>,
}

impl Signatures {
    /// Articles numbered below this have a slot.
    pub fn len(&self) -> usize {
        self.values.len() / K
    }

    /// Is there no slot at all?
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The signature of article `n`, if known.
    pub fn get(&self, n: u32) -> Option<&Signature> {
        let at = n as usize * K;
        let sig: &Signature = self.values.get(at..at + K)?.try_into().ok()?;
        (sig[0] != NONE).then_some(sig)
    }

    /// Sets (or, with `None`, forgets) the signature of article `n`.
    pub fn set(&mut self, n: u32, sig: Option<&Signature>) {
        let at = n as usize * K;
        if self.values.len() < at + K {
            if sig.is_none() {
                return;
            }
            self.values.resize(at + K, NONE);
        }
        match sig {
            Some(s) => self.values[at..at + K].copy_from_slice(s),
            None => self.values[at..at + K].fill(NONE),
        }
    }
}

/// Signatures as stored in the library's log: the numbers of the articles, and their
/// signatures end to end as little-endian bytes (one copy to read back, no per-value decoding).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stored {
    /// The articles, by number.
    pub numbers: Vec<u32>,
    /// `K` little-endian `u16` per article, in the order of `numbers`.
    #[serde(with = "serde_bytes")]
    pub values: Vec<u8>,
}

impl Stored {
    /// Adds article `n`'s signature.
    pub fn push(&mut self, n: u32, sig: &Signature) {
        self.numbers.push(n);
        for v in sig {
            self.values.extend_from_slice(&v.to_le_bytes());
        }
    }

    /// Does it hold together: `K` values for each article, and no value that marks an absent
    /// signature?
    pub fn is_sound(&self) -> bool {
        self.values.len() == self.numbers.len() * K * 2
            && self
                .values
                .chunks_exact(2)
                .all(|b| u16::from_le_bytes([b[0], b[1]]) != NONE)
    }

    /// Each article's number and signature.
    pub fn iter(&self) -> impl Iterator<Item = (u32, Signature)> + '_ {
        self.numbers
            .iter()
            .zip(self.values.chunks_exact(K * 2))
            .map(|(&n, bytes)| {
                let mut sig = [0u16; K];
                for (v, b) in sig.iter_mut().zip(bytes.chunks_exact(2)) {
                    *v = u16::from_le_bytes([b[0], b[1]]);
                }
                (n, sig)
            })
    }
}

#[cfg(test)]
mod tests;
