//! What the reader keeps of each article: the least the lists, the status line and opening
//! need, so 100 000 of them stay small (about a third of a library [`Entry`]).

use crate::library::Entry;
use crate::source::Source;

/// One article as the reader holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Its id.
    pub id: u64,
    /// Where to read it.
    pub source: Source,
    /// The label it was listed with (to parse it the same way when opened).
    pub label: Option<Box<str>>,
    /// Its headline.
    pub headline: Box<str>,
    /// Its alternate headline (for `title:`).
    pub alt_headline: Option<Box<str>>,
    /// Its first byline.
    pub byline: Option<Box<str>>,
    /// Its other bylines (for `by:`; most articles have none).
    pub more_bylines: Box<[Box<str>]>,
    /// Problems met reading it.
    pub warnings: Vec<String>,
    /// Its date (ns since the epoch: the one its file states, else the file's modification
    /// time), for the newest-first order and the date column.
    pub mtime_ns: i64,
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
        Item {
            id: e.id,
            source,
            label: e.label.as_deref().map(Box::from),
            headline: Box::from(e.headline.as_str()),
            alt_headline: e.alt_headline.as_deref().map(Box::from),
            byline: e.bylines.first().map(|b| Box::from(b.as_str())),
            more_bylines: e
                .bylines
                .iter()
                .skip(1)
                .map(|b| Box::from(b.as_str()))
                .collect(),
            warnings: e.warnings.clone(),
            mtime_ns: e.date_ns(),
        }
    }
}

/// The order of every list: newest first, then by path (as [`crate::library::newest_first`]).
pub fn newest_first(a: &Item, b: &Item) -> std::cmp::Ordering {
    b.mtime_ns
        .cmp(&a.mtime_ns)
        .then_with(|| a.source.cmp(&b.source))
}
