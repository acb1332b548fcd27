//! What the reader keeps of each article: the least the lists, the status line and opening
//! need, so 100 000 of them stay small (about a third of a library [`Entry`]).
//!
//! Its texts (label, headlines, bylines) are kept end to end in one allocation, cut where
//! `ends` says: a library of 100 000 articles is then about 200 000 allocations (a path and a
//! text each) instead of 400 000, which is what a first frame from the lists file spends its
//! time making in a fresh process, and about 10 MB less (each allocation's own overhead and
//! the fat pointers of five fields).

use crate::library::Entry;
use crate::source::Source;

/// One article as the reader holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Its id.
    pub id: u64,
    /// Where to read it.
    pub source: Source,
    /// Problems met reading it.
    pub warnings: Vec<String>,
    /// Its date (ns since the epoch: the one its file states, else the file's modification
    /// time), for the newest-first order and the date column.
    pub mtime_ns: i64,
    /// Label, headline, alternate headline, bylines, end to end.
    text: Box<str>,
    /// Where the label, the headline, the alternate headline and the first byline end in
    /// `text`; each within it and at a character boundary, in this order (made so by
    /// [`Item::new`], the only way to make one).
    ends: [u32; 4],
    /// Which of the label, the alternate headline and the first byline there are (an empty
    /// one is not an absent one: `title:` looks at an empty alternate headline too).
    has: u8,
    /// Where each other byline ends (most articles have none: no allocation then).
    more: Box<[u32]>,
}

/// An article's texts, to make an [`Item`] from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Texts<'a> {
    /// The label it was listed with (to parse it the same way when opened).
    pub label: Option<&'a str>,
    /// Its headline.
    pub headline: &'a str,
    /// Its alternate headline (for `title:`).
    pub alt_headline: Option<&'a str>,
    /// Its first byline (the one the lists show).
    pub byline: Option<&'a str>,
    /// Its other bylines (none, for most articles; ignored without a first).
    pub more_bylines: &'a [&'a str],
}

const HAS_LABEL: u8 = 1;
const HAS_ALT: u8 = 2;
const HAS_BYLINE: u8 = 4;

impl Item {
    /// An article from its parts; its texts are copied into one allocation.
    ///
    /// Every text comes from one article, read up to [`crate::source::MAX_BYTES`] (16 MiB), so
    /// their lengths end to end fit a `u32`; were they ever longer, the texts past that would
    /// be cut (never a panic).
    pub fn new(
        id: u64,
        source: Source,
        texts: Texts<'_>,
        warnings: Vec<String>,
        mtime_ns: i64,
    ) -> Item {
        let Texts {
            label,
            headline,
            alt_headline,
            byline: first,
            more_bylines,
        } = texts;
        let others = if first.is_some() { more_bylines } else { &[] };
        let parts = [label, Some(headline), alt_headline, first];
        let len = parts.iter().flatten().chain(others).map(|t| t.len()).sum();
        let mut text = String::with_capacity(len);
        let end = |text: &mut String, t: &str| -> u32 {
            if u32::try_from(text.len() + t.len()).is_ok() {
                text.push_str(t);
            }
            // Cannot fail: `text` only grows while its length fits a u32 (just above).
            u32::try_from(text.len()).unwrap_or(u32::MAX)
        };
        let ends = parts.map(|p| end(&mut text, p.unwrap_or("")));
        let more = others.iter().map(|t| end(&mut text, t)).collect();
        let flag = |present: bool, flag: u8| if present { flag } else { 0 };
        Item {
            id,
            source,
            warnings,
            mtime_ns,
            text: text.into_boxed_str(),
            ends,
            has: flag(label.is_some(), HAS_LABEL)
                | flag(alt_headline.is_some(), HAS_ALT)
                | flag(first.is_some(), HAS_BYLINE),
            more,
        }
    }

    /// The text between two ends.
    fn cut(&self, from: u32, to: u32) -> &str {
        self.text.get(from as usize..to as usize).unwrap_or("")
    }

    /// The label it was listed with (to parse it the same way when opened).
    pub fn label(&self) -> Option<&str> {
        (self.has & HAS_LABEL != 0).then(|| self.cut(0, self.ends[0]))
    }

    /// Its headline.
    pub fn headline(&self) -> &str {
        self.cut(self.ends[0], self.ends[1])
    }

    /// Its alternate headline (for `title:`).
    pub fn alt_headline(&self) -> Option<&str> {
        (self.has & HAS_ALT != 0).then(|| self.cut(self.ends[1], self.ends[2]))
    }

    /// Its first byline.
    pub fn byline(&self) -> Option<&str> {
        (self.has & HAS_BYLINE != 0).then(|| self.cut(self.ends[2], self.ends[3]))
    }

    /// Its other bylines (for `by:`; most articles have none).
    pub fn more_bylines(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.more.len()).map(|k| {
            let from = k.checked_sub(1).map_or(self.ends[3], |p| self.more[p]);
            self.cut(from, self.more[k])
        })
    }

    /// A bare article for tests: a headline, no label, alternate headline or byline.
    #[cfg(test)]
    pub fn sample(id: u64, source: Source, headline: &str, mtime_ns: i64) -> Item {
        let texts = Texts {
            headline,
            ..Texts::default()
        };
        Item::new(id, source, texts, Vec::new(), mtime_ns)
    }

    /// The same article with another headline (tests change one this way).
    #[cfg(test)]
    pub fn with_headline(&self, headline: &str) -> Item {
        let more: Vec<&str> = self.more_bylines().collect();
        let texts = Texts {
            label: self.label(),
            headline,
            alt_headline: self.alt_headline(),
            byline: self.byline(),
            more_bylines: &more,
        };
        let (source, warnings) = (self.source.clone(), self.warnings.clone());
        Item::new(self.id, source, texts, warnings, self.mtime_ns)
    }

    /// Its texts, as [`Item::new`] was given them.
    pub fn texts(&self) -> (Option<&str>, &str, Option<&str>, Option<&str>) {
        (
            self.label(),
            self.headline(),
            self.alt_headline(),
            self.byline(),
        )
    }
}

impl From<Entry> for Item {
    /// Copies what it keeps rather than moving it: the entry was built on a loader thread, and
    /// copies made here live with the reader's other data, so the loader's memory can all go
    /// back once loading ends instead of staying pinned by a few long-lived strings.
    fn from(e: Entry) -> Item {
        let source = match &e.source {
            Source::File(p) => Source::File(p.as_path().into()),
            Source::Item(p, i) => Source::Item(p.as_path().into(), *i),
            Source::Bundled(i) => Source::Bundled(*i),
        };
        // Empty for most articles: no allocation then.
        let more: Vec<&str> = e.bylines.iter().skip(1).map(String::as_str).collect();
        let texts = Texts {
            label: e.label.as_deref(),
            headline: &e.headline,
            alt_headline: e.alt_headline.as_deref(),
            byline: e.bylines.first().map(String::as_str),
            more_bylines: &more,
        };
        Item::new(e.id, source, texts, e.warnings.clone(), e.date_ns())
    }
}

/// The order of every list: newest first, then by path (as [`crate::library::newest_first`]).
pub fn newest_first(a: &Item, b: &Item) -> std::cmp::Ordering {
    b.mtime_ns
        .cmp(&a.mtime_ns)
        .then_with(|| a.source.cmp(&b.source))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(byline: Option<&'a str>, more: &'a [&'a str]) -> Texts<'a> {
        Texts {
            label: Some(""),
            headline: "« Été » à Zürich",
            alt_headline: None,
            byline,
            more_bylines: more,
        }
    }

    #[test]
    fn its_texts_read_back_as_given_an_empty_one_not_an_absent_one() {
        let more = ["Bob", "", "Chloé"];
        let i = Item::new(
            1,
            Source::Bundled(0),
            texts(Some("Par Anne"), &more),
            vec![],
            5,
        );
        assert_eq!(i.label(), Some(""));
        assert_eq!(i.headline(), "« Été » à Zürich");
        assert_eq!(i.alt_headline(), None);
        assert_eq!(i.byline(), Some("Par Anne"));
        assert_eq!(i.more_bylines().collect::<Vec<_>>(), more);
        assert_eq!(i.more_bylines().len(), 3);
        let bare = Item::sample(2, Source::Bundled(0), "", 0);
        assert_eq!(bare.texts(), (None, "", None, None));
        assert_eq!(bare.more_bylines().count(), 0);
        let alt = Texts {
            alt_headline: Some(""),
            ..Texts::default()
        };
        let alt = Item::new(3, Source::Bundled(0), alt, vec![], 0);
        assert_eq!(alt.alt_headline(), Some(""));
    }

    #[test]
    fn other_bylines_need_a_first_and_a_change_keeps_the_rest() {
        let i = Item::new(1, Source::Bundled(0), texts(None, &["Bob"]), vec![], 0);
        assert_eq!((i.byline(), i.more_bylines().len()), (None, 0));
        let more = ["Bob"];
        let i = Item::new(
            1,
            Source::Bundled(0),
            texts(Some("Ann"), &more),
            vec!["w".into()],
            7,
        );
        let j = i.with_headline("Autre");
        assert_eq!(j.headline(), "Autre");
        assert_eq!((j.label(), j.byline()), (Some(""), Some("Ann")));
        assert_eq!(j.more_bylines().collect::<Vec<_>>(), ["Bob"]);
        assert_eq!((j.warnings.len(), j.mtime_ns), (1, 7));
    }

    #[test]
    fn an_entry_becomes_an_item_with_all_its_bylines() {
        let article = crate::parse::parse("Un titre\n\nLe corps.\n", None);
        let stamp = crate::scan::Stamp::default();
        let mut e = Entry::new(Source::File("/a.txt".into()), None, &article, stamp);
        e.bylines = vec!["A".into(), "B".into(), "C".into()];
        e.label = Some("MONDE".into());
        let i = Item::from(e.clone());
        assert_eq!(i.headline(), e.headline);
        assert_eq!(i.label(), Some("MONDE"));
        assert_eq!(i.byline(), Some("A"));
        assert_eq!(i.more_bylines().collect::<Vec<_>>(), ["B", "C"]);
    }
}
