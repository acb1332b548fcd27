//! A library loaded whole ([`crate::library::Library`]) as the engine sees it: what
//! `kiosque list --query` (and later `export` and saved views) search.

use std::borrow::Cow;

use super::Field;
use super::engine::{Corpus, path_text};
use super::eval::{Fields, FullDoc, Seen};
use crate::article::Article;
use crate::library::Entry;
use crate::state::State;

/// Entries by their number in the load (slot `i` is article `i` of the index; `None` for a
/// number whose file changed or went away) with their marks.
pub struct Entries<'a> {
    /// The entries.
    pub slots: &'a [Option<&'a Entry>],
    /// The marks.
    pub state: &'a State,
}

/// An entry as known without reading its file.
pub struct MetaEntry<'a> {
    entry: Option<&'a Entry>,
    state: &'a State,
}

impl Corpus for Entries<'_> {
    type Doc<'a>
        = MetaEntry<'a>
    where
        Self: 'a;

    fn count(&self) -> usize {
        self.slots.len()
    }

    fn live(&self, n: usize) -> bool {
        self.slots.get(n).is_some_and(Option::is_some)
    }

    fn doc(&self, n: usize) -> MetaEntry<'_> {
        MetaEntry {
            // The engine asks only for live documents; a dead one would read as empty.
            entry: self.slots.get(n).copied().flatten(),
            state: self.state,
        }
    }
}

impl Fields for MetaEntry<'_> {
    fn section(&self) -> &str {
        self.entry.map_or("", |e| &e.section)
    }

    fn path(&self) -> Cow<'_, str> {
        self.entry
            .map_or(Cow::Borrowed(""), |e| path_text(&e.source))
    }

    fn date_ns(&self) -> i64 {
        self.entry.map_or(0, Entry::date_ns)
    }

    fn read(&self) -> bool {
        self.entry.is_some_and(|e| self.state.is_read(e.id))
    }

    fn starred(&self) -> bool {
        self.entry.is_some_and(|e| self.state.is_starred(e.id))
    }

    fn updated(&self) -> bool {
        self.entry
            .is_some_and(|e| self.state.is_updated(e.id, e.version.unwrap_or(0)))
    }

    fn scan(&self, field: Field, f: &mut dyn FnMut(&str) -> bool) -> Seen {
        let Some(e) = self.entry else {
            return Seen::All;
        };
        let titles = || std::iter::once(e.headline.as_str()).chain(e.alt_headline.as_deref());
        let bylines = || e.bylines.iter().map(String::as_str);
        match field {
            Field::Title => {
                let _ = titles().any(f);
                Seen::All
            }
            Field::By => {
                let _ = bylines().any(f);
                Seen::All
            }
            Field::Section => {
                f(&e.section);
                Seen::All
            }
            Field::Path => Seen::All,
            Field::Any => {
                let _ = std::iter::once(e.section.as_str())
                    .chain(titles())
                    .chain(e.standfirst.as_deref())
                    .chain(bylines())
                    .any(f);
                Seen::Some
            }
            Field::Body | Field::Quote => Seen::Some,
        }
    }
}

/// The whole of an entry's article, read, for [`super::eval::matches`]; `path` is
/// [`path_text`] of its source. The version on disk is the entry's when known, else the
/// article's own.
pub fn full<'a>(
    entry: &'a Entry,
    article: &'a Article,
    path: &'a str,
    state: &State,
) -> FullDoc<'a> {
    FullDoc {
        section: &entry.section,
        path,
        date_ns: entry.date_ns(),
        read: state.is_read(entry.id),
        starred: state.is_starred(entry.id),
        updated: state.mark(entry.id).is_some_and(|m| {
            m.seen().is_some()
                && m.updated(entry.version.unwrap_or_else(|| {
                    crate::fingerprint::Fingerprints::of_blocks(&article.blocks).digest()
                }))
        }),
        article,
    }
}
