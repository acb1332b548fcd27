//! The full-text index behind the `/` filter: which articles hold a word starting with each
//! query word ([`crate::filter`] semantics), over headline, alternate headline, standfirst,
//! bylines and body.
//!
//! The index is a list of immutable *segments*, each covering a run of consecutive articles. The
//! loader builds a segment per batch of articles on its own thread and hands it over whole, so
//! the UI thread never indexes and results stream in as segments arrive. A segment is a sorted
//! term list (so a word prefix is a range found by binary search) and, per term, the article
//! numbers that hold it, delta-encoded as LEB128 varints: a few bytes per (term, article) pair.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::article::Article;
use crate::filter::Query;
use crate::fold;

/// Folded words of an article, each once (in no particular order), gathered into `buf` (a
/// buffer reused from one article to the next).
pub fn article_words<'b>(
    article: &Article,
    bylines: &[String],
    buf: &'b mut String,
) -> Vec<&'b str> {
    buf.clear();
    for t in article.texts() {
        for c in t.text.chars() {
            fold::fold_char_into(c, buf);
        }
        buf.push('\n');
    }
    for b in bylines {
        for c in b.chars() {
            fold::fold_char_into(c, buf);
        }
        buf.push('\n');
    }
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    seen.reserve(512);
    fold::words(buf).filter(|w| seen.insert(w)).collect()
}

/// Builds one segment from the words of consecutive articles.
#[derive(Debug)]
pub struct SegmentBuilder {
    base: u32,
    docs: u32,
    postings: FxHashMap<String, Vec<u32>>,
}

impl SegmentBuilder {
    /// A builder whose first article has number `base` in the library.
    pub fn new(base: u32) -> SegmentBuilder {
        SegmentBuilder {
            base,
            docs: 0,
            postings: FxHashMap::default(),
        }
    }

    /// Adds the next article's distinct words.
    pub fn add<S: AsRef<str>>(&mut self, words: &[S]) {
        let doc = self.docs;
        for w in words {
            let w = w.as_ref();
            match self.postings.get_mut(w) {
                Some(list) => list.push(doc),
                None => {
                    self.postings.insert(w.to_owned(), vec![doc]);
                }
            }
        }
        self.docs += 1;
    }

    /// How many articles were added.
    pub fn len(&self) -> u32 {
        self.docs
    }

    /// True when no article was added.
    pub fn is_empty(&self) -> bool {
        self.docs == 0
    }

    /// The finished segment.
    pub fn finish(self) -> Segment {
        let terms = self
            .postings
            .into_iter()
            .map(|(t, docs)| (t.into_boxed_str(), docs))
            .collect();
        Segment::from_postings(self.base, self.docs, terms)
    }
}

/// An immutable part of the index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segment {
    /// Library number of its first article.
    pub base: u32,
    /// How many articles it covers.
    pub docs: u32,
    /// Sorted terms.
    pub terms: Vec<Box<str>>,
    /// Where each term's postings start in `postings` (one more entry than terms).
    pub starts: Vec<u32>,
    /// Delta-encoded article numbers, relative to `base`.
    pub postings: Vec<u8>,
}

impl Segment {
    /// A segment from each term's increasing article numbers (relative to `base`).
    pub fn from_postings(base: u32, docs: u32, mut terms: Vec<(Box<str>, Vec<u32>)>) -> Segment {
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut seg = Segment {
            base,
            docs,
            terms: Vec::with_capacity(terms.len()),
            starts: Vec::with_capacity(terms.len() + 1),
            postings: Vec::new(),
        };
        for (term, list) in terms {
            seg.starts
                .push(u32::try_from(seg.postings.len()).unwrap_or(u32::MAX));
            let mut prev = 0;
            for d in list {
                put_varint(&mut seg.postings, d - prev);
                prev = d;
            }
            seg.terms.push(term);
        }
        seg.starts
            .push(u32::try_from(seg.postings.len()).unwrap_or(u32::MAX));
        seg
    }

    /// Sets `hits[base + doc]` for every article holding a word that starts with `prefix`.
    fn mark_prefix(&self, prefix: &str, hits: &mut [bool]) {
        let from = self.terms.partition_point(|t| &**t < prefix);
        for (i, term) in self.terms[from..].iter().enumerate() {
            if !term.starts_with(prefix) {
                break;
            }
            let i = from + i;
            let (s, e) = (self.starts[i] as usize, self.starts[i + 1] as usize);
            let mut bytes = &self.postings[s..e];
            let mut doc = 0u32;
            while !bytes.is_empty() {
                doc += take_varint(&mut bytes);
                if let Some(h) = hits.get_mut((self.base + doc) as usize) {
                    *h = true;
                }
            }
        }
    }

    /// Bytes of memory the segment holds (terms, offsets and postings).
    pub fn heap_bytes(&self) -> usize {
        self.terms.iter().map(|t| t.len() + 16).sum::<usize>()
            + self.starts.len() * 4
            + self.postings.len()
    }
}

fn put_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads one varint off the front of `bytes`.
pub fn take_varint(bytes: &mut &[u8]) -> u32 {
    let mut n = 0u32;
    let mut shift = 0;
    while let Some((&b, rest)) = bytes.split_first() {
        *bytes = rest;
        n |= u32::from(b & 0x7f) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    n
}

/// The index: segments covering the library's articles.
#[derive(Debug, Clone, Default)]
pub struct Index {
    segments: Vec<Segment>,
}

impl Index {
    /// Adds a segment.
    pub fn push(&mut self, segment: Segment) {
        self.segments.push(segment);
    }

    /// Forgets everything (before a reload).
    pub fn clear(&mut self) {
        self.segments.clear();
    }

    /// The segments.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Which of the first `n` articles match `query` (all of them when it is empty).
    pub fn matches(&self, query: &Query, n: usize) -> Vec<bool> {
        let mut result = vec![true; n];
        for word in query.words() {
            let mut hits = vec![false; n];
            for seg in &self.segments {
                seg.mark_prefix(word, &mut hits);
            }
            for (r, h) in result.iter_mut().zip(hits) {
                *r &= h;
            }
        }
        result
    }

    /// Bytes of memory the index holds.
    pub fn heap_bytes(&self) -> usize {
        self.segments.iter().map(Segment::heap_bytes).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        let f = fold::fold(s);
        let mut w: Vec<String> = fold::words(&f).map(str::to_owned).collect();
        w.sort();
        w.dedup();
        w
    }

    fn index(docs: &[&str], per_segment: usize) -> Index {
        let mut idx = Index::default();
        for (chunk_no, chunk) in docs.chunks(per_segment).enumerate() {
            let mut b = SegmentBuilder::new((chunk_no * per_segment) as u32);
            for d in chunk {
                b.add(&words(d));
            }
            idx.push(b.finish());
        }
        idx
    }

    #[test]
    fn word_prefixes_across_segments() {
        let docs = [
            "La Russie et les États-Unis",
            "cybercriminalité en hausse",
            "Les États généraux",
            "rien à voir",
        ];
        for per in [1, 2, 4] {
            let idx = index(&docs, per);
            let hits = |q: &str| {
                idx.matches(&Query::new(q), docs.len())
                    .iter()
                    .enumerate()
                    .filter(|(_, h)| **h)
                    .map(|(i, _)| i)
                    .collect::<Vec<_>>()
            };
            assert_eq!(hits("etats"), [0, 2]);
            assert_eq!(hits("etats-unis"), [0]);
            assert_eq!(hits("cyber"), [1]);
            assert_eq!(hits("CYBERCRIMINALITE"), [1]);
            assert_eq!(hits("criminalite"), Vec::<usize>::new());
            assert_eq!(hits(""), [0, 1, 2, 3]);
        }
    }

    #[test]
    fn varints_round_trip() {
        let mut v = Vec::new();
        for n in [0, 1, 127, 128, 300, u32::MAX] {
            put_varint(&mut v, n);
        }
        let mut b = &v[..];
        for n in [0, 1, 127, 128, 300, u32::MAX] {
            assert_eq!(take_varint(&mut b), n);
        }
        assert!(b.is_empty());
    }
}
