//! A library loaded whole ([`crate::library::Library`]) as the engine sees it: what
//! `kiosque list --query` (and later `export` and saved views) search.

use std::borrow::Cow;

use super::Field;
use super::engine::{Corpus, path_text};
use super::eval::{Fields, FullDoc, Seen};
use crate::article::Article;
use crate::library::Entry;
use crate::state::State;

/// Entries in load order (entry `i` is article `i` of the index) with their marks.
pub struct Entries<'a> {
    /// The entries.
    pub entries: &'a [Entry],
    /// The marks.
    pub state: &'a State,
}

/// An entry as known without reading its file.
pub struct MetaEntry<'a> {
    entry: &'a Entry,
    state: &'a State,
}

impl Corpus for Entries<'_> {
    type Doc<'a>
        = MetaEntry<'a>
    where
        Self: 'a;

    fn count(&self) -> usize {
        self.entries.len()
    }

    fn live(&self, _: usize) -> bool {
        true
    }

    fn doc(&self, n: usize) -> MetaEntry<'_> {
        MetaEntry {
            entry: &self.entries[n],
            state: self.state,
        }
    }
}

impl Fields for MetaEntry<'_> {
    fn section(&self) -> &str {
        &self.entry.section
    }

    fn path(&self) -> Cow<'_, str> {
        path_text(&self.entry.source)
    }

    fn date_ns(&self) -> i64 {
        self.entry.stamp.mtime_ns
    }

    fn read(&self) -> bool {
        self.state.is_read(self.entry.id)
    }

    fn starred(&self) -> bool {
        self.state.is_starred(self.entry.id)
    }

    fn scan(&self, field: Field, f: &mut dyn FnMut(&str) -> bool) -> Seen {
        let e = self.entry;
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
/// [`path_text`] of its source.
pub fn full<'a>(
    entry: &'a Entry,
    article: &'a Article,
    path: &'a str,
    state: &State,
) -> FullDoc<'a> {
    FullDoc {
        section: &entry.section,
        path,
        date_ns: entry.stamp.mtime_ns,
        read: state.is_read(entry.id),
        starred: state.is_starred(entry.id),
        article,
    }
}
