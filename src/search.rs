//! The full-text index behind the query language's words ([`crate::query`]): which articles
//! hold a word starting with a given one, over section, headline, alternate headline,
//! standfirst, bylines (header segments) and body (body segments, kept apart so `body:` words
//! are answered here too).
//!
//! The index is a list of immutable *segments*, each covering a run of consecutive articles. The
//! loader builds a segment per batch of articles on its own thread and hands it over whole, so
//! the UI thread never indexes and results stream in as segments arrive. A segment is a sorted
//! term list (so a word prefix is a range found by binary search) and, per term, the article
//! numbers that hold it ([`postings`]), in the smallest of three forms: delta-encoded LEB128
//! varints (a word in one or two articles), Elias–Fano, or a bitmap (a word in more than about
//! one of the segment's articles in five).

mod hits;
mod postings;

use std::sync::Arc;

use rustc_hash::FxHashMap;

pub use hits::Hits;

use crate::fold;

/// Builds one segment from the words of consecutive articles.
#[derive(Debug)]
pub struct SegmentBuilder {
    base: u32,
    docs: u32,
    postings: FxHashMap<String, Vec<u32>>,
    /// The word being read (reused, to allocate only for new terms).
    word: String,
}

impl SegmentBuilder {
    /// A builder whose first article has number `base` in the library.
    pub fn new(base: u32) -> SegmentBuilder {
        SegmentBuilder {
            base,
            docs: 0,
            postings: FxHashMap::default(),
            word: String::new(),
        }
    }

    /// Adds the next article (number: one more than the last) from its texts.
    pub fn add_texts<'t>(&mut self, texts: impl IntoIterator<Item = &'t str>) {
        for text in texts {
            self.add_words(text, &mut |_| {});
        }
        self.docs += 1;
    }

    /// [`SegmentBuilder::add_texts_as`], handing each word, folded, to `each` as well (the
    /// story signature reads the words the index cuts: one pass over the text for both).
    pub fn add_texts_as_with<'t>(
        &mut self,
        doc: u32,
        texts: impl IntoIterator<Item = &'t str>,
        mut each: impl FnMut(&str),
    ) {
        self.docs = self.docs.max(doc);
        for text in texts {
            self.add_words(text, &mut each);
        }
        self.docs += 1;
    }

    /// Adds article `doc` (relative to the base; numbers only grow) from its texts; the
    /// numbers skipped hold no words.
    pub fn add_texts_as<'t>(&mut self, doc: u32, texts: impl IntoIterator<Item = &'t str>) {
        self.docs = self.docs.max(doc);
        self.add_texts(texts);
    }

    /// Adds the words of `text` to the current article (each handed to `each` too).
    fn add_words(&mut self, text: &str, each: &mut impl FnMut(&str)) {
        let mut word = std::mem::take(&mut self.word);
        each_word(text, &mut word, &mut |w| {
            each(w);
            self.record(w);
        });
        self.word = word;
    }

    /// Records a word for the current article, once.
    fn record(&mut self, word: &str) {
        let doc = self.docs;
        match self.postings.get_mut(word) {
            Some(list) => {
                if list.last() != Some(&doc) {
                    list.push(doc);
                }
            }
            None => {
                self.postings.insert(word.to_owned(), vec![doc]);
            }
        }
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

/// Cuts `text` into the index's words, handing each to `each`, folded: ASCII letters and
/// digits lowercased, any other character folded ([`fold::fold_char_into`]), a word ending
/// at anything else (folding may give a separator: ’ becomes '). `word` is scratch space.
pub fn each_word(text: &str, word: &mut String, each: &mut impl FnMut(&str)) {
    let mut end = |word: &mut String| {
        if !word.is_empty() {
            each(word);
            word.clear();
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
            } else {
                end(word);
            }
            continue;
        }
        let before = word.len();
        fold::fold_char_into(c, word);
        if let Some(i) = word[before..].find(|f: char| !f.is_alphanumeric()) {
            word.truncate(before + i);
            end(word);
        }
    }
    end(word);
}

/// An immutable part of the index. Terms are stored end to end in one string (`term_ends`
/// marks where each ends), so a segment is a handful of allocations however many terms it has:
/// cheap to keep, to save and to load.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Segment {
    /// Library number of its first article.
    pub base: u32,
    /// How many articles it covers.
    pub docs: u32,
    /// The sorted terms, end to end.
    terms: String,
    /// Where each term ends in `terms`.
    term_ends: Vec<u32>,
    /// Where each term's postings start in `postings` (one more entry than terms), the top
    /// two bits saying their form ([`postings::Form`]).
    starts: Vec<u32>,
    /// Article numbers relative to `base`, each term's as varints, Elias–Fano or a bitmap
    /// ([`postings`]).
    #[serde(with = "serde_bytes")]
    postings: Vec<u8>,
}

impl Segment {
    /// A segment from each term's increasing article numbers (relative to `base`).
    pub fn from_postings(base: u32, docs: u32, mut terms: Vec<(Box<str>, Vec<u32>)>) -> Segment {
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut seg = Segment {
            base,
            docs,
            terms: String::with_capacity(terms.iter().map(|t| t.0.len()).sum()),
            term_ends: Vec::with_capacity(terms.len()),
            starts: Vec::with_capacity(terms.len() + 1),
            postings: Vec::new(),
        };
        for (term, list) in terms {
            let start = start_index(seg.postings.len());
            let form = postings::put(&mut seg.postings, &list, docs);
            seg.starts.push(start | form.bits());
            seg.terms.push_str(&term);
            seg.term_ends.push(index(seg.terms.len()));
        }
        seg.starts.push(start_index(seg.postings.len()));
        seg.postings.shrink_to_fit();
        seg
    }

    /// How many terms it holds.
    pub fn term_count(&self) -> usize {
        self.term_ends.len()
    }

    /// Term number `i`.
    pub fn term(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.term_ends[i - 1] as usize
        };
        &self.terms[start..self.term_ends[i] as usize]
    }

    /// The article numbers (relative to `base`) holding term number `i`.
    pub fn docs_of(&self, i: usize) -> postings::Docs<'_> {
        let (from, to, form) = self.span(i);
        let form = form.unwrap_or(postings::Form::Varints);
        postings::Docs::new(&self.postings[from..to], form, self.docs)
    }

    /// Where term number `i`'s postings are in `postings`, and their form (`None` for a start
    /// that names none, which only damage writes).
    fn span(&self, i: usize) -> (usize, usize, Option<postings::Form>) {
        let (from, to) = (self.starts[i], self.starts[i + 1] & !postings::FORM);
        let form = postings::Form::of(from);
        ((from & !postings::FORM) as usize, to as usize, form)
    }

    /// Sets `hits[base + doc]` for every article holding a word that starts with `prefix`, of
    /// those `keep` accepts (all without it).
    fn mark_prefix(&self, prefix: &str, hits: &mut Hits, keep: Option<&dyn Fn(u32) -> bool>) {
        let n = self.term_count();
        let from = partition(n, |i| self.term(i) < prefix);
        let base = self.base;
        for i in from..n {
            if !self.term(i).starts_with(prefix) {
                break;
            }
            // `for_each` reads the postings in one loop (`postings::Docs::fold`).
            match keep {
                None => self
                    .docs_of(i)
                    .for_each(|doc| hits.set(base.wrapping_add(doc) as usize)),
                Some(keep) => self.docs_of(i).for_each(|doc| {
                    let n = base.wrapping_add(doc);
                    if keep(n) {
                        hits.set(n as usize);
                    }
                }),
            }
        }
    }

    /// The same postings with article `d` (relative) renumbered to `numbers[d]` (absolute),
    /// for a segment built over scattered articles.
    pub fn renumbered(&self, numbers: &[u32]) -> Segment {
        let terms = (0..self.term_count())
            .map(|i| {
                let docs = self.docs_of(i).map(|d| numbers[d as usize]).collect();
                (Box::from(self.term(i)), docs)
            })
            .collect();
        Segment::from_postings(0, numbers.iter().max().map_or(0, |m| m + 1), terms)
    }

    /// Bytes of memory the segment holds.
    pub fn heap_bytes(&self) -> usize {
        self.terms.len() + (self.term_ends.len() + self.starts.len()) * 4 + self.postings.len()
    }

    /// Does it hold together (term and posting bounds in order, on character boundaries,
    /// every code whole and of its form's length, every article number within `docs`,
    /// `base + docs` within range)? Segments read back from the library log are checked
    /// before use: a damaged or crafted log must give a rebuilt index, never a panic or a
    /// wrong article.
    pub fn is_sound(&self) -> bool {
        let n = self.term_ends.len();
        if self.base.checked_add(self.docs).is_none()
            || self.starts.len() != n + 1
            || self.starts.first().map(|&s| s & !postings::FORM) != Some(0)
            || self.starts.last().map(|&s| s as usize) != Some(self.postings.len())
            || self
                .term_ends
                .last()
                .is_some_and(|&e| e as usize != self.terms.len())
        {
            return false;
        }
        let mut prev_end = 0;
        for i in 0..n {
            let end = self.term_ends[i] as usize;
            if end < prev_end || !self.terms.is_char_boundary(end) {
                return false;
            }
            prev_end = end;
            let (from, to, form) = self.span(i);
            let sound = form.is_some_and(|form| {
                self.postings
                    .get(from..to)
                    .is_some_and(|code| postings::check(code, form, self.docs))
            });
            if !sound {
                return false;
            }
        }
        true
    }

    /// The coded postings, to damage them in tests.
    #[cfg(test)]
    pub(crate) fn postings_mut(&mut self) -> &mut Vec<u8> {
        &mut self.postings
    }
}

/// The first `i` in `0..n` for which `before(i)` is false (`before` true then false).
pub(crate) fn partition(n: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

fn index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A postings offset as stored, below the bits that say its form ([`postings::FORM`]: a
/// segment's postings, a few thousand articles' words, stay far below 1 GB; a larger one would
/// be unsound, never wrong).
fn start_index(n: usize) -> u32 {
    u32::try_from(n)
        .ok()
        .filter(|&n| n < postings::ELIAS_FANO)
        .unwrap_or(postings::ELIAS_FANO - 1)
}

/// Where in the articles the index looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Everywhere.
    Any,
    /// Section, headlines, standfirst, bylines.
    Header,
    /// Body.
    Body,
}

/// The index: segments covering the library's articles. Segments are shared (`Arc`), so a
/// copy of the index for a search in the background costs a few pointers.
#[derive(Debug, Clone, Default)]
pub struct Index {
    segments: Vec<Arc<Segment>>,
    /// Which segments hold body words (the others hold header words).
    body: Vec<bool>,
    /// Articles whose header was read again (a label found on second look), with the number of
    /// the segment holding their current header words: older header segments still hold the
    /// words of their first reading, which no longer count.
    relabeled: FxHashMap<u32, usize>,
}

impl Index {
    /// Adds a segment of header words (section, headlines, standfirst, bylines).
    pub fn push(&mut self, segment: Segment) {
        self.segments.push(Arc::new(segment));
        self.body.push(false);
    }

    /// Adds a segment of header words of articles read again: `numbers` are the articles it
    /// covers, whose header words in earlier segments no longer count.
    pub fn push_relabeled(&mut self, segment: Segment, numbers: &[u32]) {
        let at = self.segments.len();
        for &n in numbers {
            self.relabeled.insert(n, at);
        }
        self.push(segment);
    }

    /// Adds a segment of body words.
    pub fn push_body(&mut self, segment: Segment) {
        self.segments.push(Arc::new(segment));
        self.body.push(true);
    }

    /// Forgets everything (before a reload).
    pub fn clear(&mut self) {
        *self = Index::default();
    }

    /// The segments.
    pub fn segments(&self) -> impl Iterator<Item = &Segment> {
        self.segments.iter().map(AsRef::as_ref)
    }

    /// Adds to `hits` the articles with a word starting with `prefix` (folded) in `scope`.
    /// False if `stop` said to stop.
    pub fn mark(
        &self,
        prefix: &str,
        scope: Scope,
        hits: &mut Hits,
        stop: &dyn Fn() -> bool,
    ) -> bool {
        for (i, seg) in self.segments.iter().enumerate() {
            if stop() {
                return false;
            }
            let body = self.body[i];
            if (scope == Scope::Body && !body) || (scope == Scope::Header && body) {
                continue;
            }
            if body || self.relabeled.is_empty() {
                seg.mark_prefix(prefix, hits, None);
            } else {
                let current = |doc: u32| self.relabeled.get(&doc).is_none_or(|&s| s == i);
                seg.mark_prefix(prefix, hits, Some(&current));
            }
        }
        true
    }

    /// Which of the first `n` articles hold a word starting with each of `words` (folded) in
    /// `scope`; `None` if `stop` said to stop. Stops early once no article is left.
    pub fn find(
        &self,
        words: &[String],
        scope: Scope,
        n: usize,
        stop: &dyn Fn() -> bool,
    ) -> Option<Hits> {
        let mut result = Hits::all(n);
        // Longer words first: fewer articles, so the intersection empties soonest.
        let mut order: Vec<&String> = words.iter().collect();
        order.sort_by_key(|w| std::cmp::Reverse(w.len()));
        for word in order {
            let mut hits = Hits::none(n);
            if !self.mark(word, scope, &mut hits, stop) {
                return None;
            }
            result.and(&hits);
            if result.is_empty() {
                break;
            }
        }
        Some(result)
    }

    /// Which of the first `n` articles hold every word of `text` at a word start, anywhere.
    pub fn find_text(&self, text: &str, n: usize) -> Hits {
        let folded = crate::fold::fold(text);
        let words: Vec<String> = crate::fold::words(&folded).map(str::to_owned).collect();
        self.find(&words, Scope::Any, n, &|| false)
            .unwrap_or_else(|| Hits::none(n))
    }

    /// Bytes of memory the index holds.
    pub fn heap_bytes(&self) -> usize {
        self.segments.iter().map(|s| s.heap_bytes()).sum()
    }
}

#[cfg(test)]
mod tests;
