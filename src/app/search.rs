//! The query over the library, without blocking: each new query (or a library that changed
//! under one) asks the run loop for a search in the background ([`Effect::Search`]) with a
//! snapshot that costs a few pointers ([`Snapshot`]); the answer comes back as
//! [`Action::Searched`] (sure matches at once), then [`Action::Checked`] as the articles whose
//! text decides are read. A newer search makes older answers void (their generation is past),
//! and the run loop stops the older work.
//!
//! [`Action::Searched`]: crate::action::Action::Searched
//! [`Action::Checked`]: crate::action::Action::Checked

use std::borrow::Cow;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::folded::{FoldedChunk, locate};
use super::{App, Effect, Item, Progress};
use crate::items::Items;
use crate::query::engine::{Answer, Corpus, path_text};
use crate::query::eval::{Fields, Seen};
use crate::query::{Field, Plan, Sort, Term};
use crate::search::{Hits, Index};

/// `flags` bit: read.
pub const READ: u8 = 1;
/// `flags` bit: starred.
pub const STARRED: u8 = 2;
/// `flags` bit: read in a version other than the one on disk (`is:updated`).
pub const UPDATED: u8 = 4;

/// What a search in the background works on: the library as it was when it was asked for.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The articles.
    pub items: Items,
    /// Section number of each article.
    pub section_of: Vec<u16>,
    /// Section names.
    pub section_names: Vec<String>,
    /// Articles still there.
    pub alive: Vec<bool>,
    /// Marks of each article ([`READ`], [`STARRED`], [`UPDATED`]); empty when the query has
    /// no `is:`.
    pub flags: Vec<u8>,
    /// The word index.
    pub index: Index,
    /// The list's order: articles whose text must be read are read in this order, so the top
    /// of the list fills first.
    pub order: Vec<u32>,
    /// The articles' metadata folded, chunk by chunk, when the search thread has it
    /// ([`super::folded::FoldCache`]; empty: folded as needed).
    pub folded: Vec<Arc<FoldedChunk>>,
}

/// One search to run in the background.
#[derive(Debug, Clone)]
pub struct SearchJob {
    /// Which search this is (answers carry it back).
    pub generation: u64,
    /// The query.
    pub plan: Arc<Plan>,
    /// The library.
    pub snapshot: Snapshot,
    /// Articles already read for this query: not to read again.
    pub skip: Hits,
}

impl SearchJob {
    /// The list's order for `sort:title` (headlines folded, newest first among equal ones),
    /// computed here rather than on the UI thread: sorting 100 000 headlines takes longer
    /// than a frame. `None` for the other orders (the App keeps them itself).
    pub fn title_order(&self) -> Option<Vec<u32>> {
        if self.plan.query.sort != crate::query::Sort::Title {
            return None;
        }
        let snap = &self.snapshot;
        let key = |n: u32| -> Cow<'_, str> {
            let n = n as usize;
            match locate(&snap.folded, n).and_then(|(c, k)| c.parts(k, Field::Title)) {
                Some(mut parts) => Cow::Borrowed(parts.next().unwrap_or("").trim()),
                None => Cow::Owned(crate::fold::fold(snap.items[n].headline().trim())),
            }
        };
        let mut order = snap.order.clone();
        order.sort_by(|&a, &b| key(a).cmp(&key(b)));
        Some(order)
    }
}

/// What an article is, as far as the reader knows without reading it.
pub struct MetaDoc<'a> {
    item: &'a Item,
    section: &'a str,
    flags: u8,
    folded: Option<(&'a FoldedChunk, usize)>,
}

impl Snapshot {
    /// Article `n` as known without reading it.
    fn meta(&self, n: usize) -> MetaDoc<'_> {
        let section = self
            .section_of
            .get(n)
            .and_then(|&s| self.section_names.get(usize::from(s)))
            .map_or("", String::as_str);
        MetaDoc {
            item: &self.items[n],
            section,
            flags: self.flags.get(n).copied().unwrap_or(0),
            folded: locate(&self.folded, n),
        }
    }

    /// The section of article `n`.
    pub fn section(&self, n: usize) -> &str {
        self.meta(n).section
    }

    /// The marks of article `n`.
    pub fn flags(&self, n: usize) -> u8 {
        self.flags.get(n).copied().unwrap_or(0)
    }
}

impl Corpus for Snapshot {
    type Doc<'a> = MetaDoc<'a>;

    fn count(&self) -> usize {
        self.items.len().min(self.alive.len())
    }

    fn live(&self, n: usize) -> bool {
        self.alive.get(n).copied().unwrap_or(false)
    }

    fn doc(&self, n: usize) -> MetaDoc<'_> {
        self.meta(n)
    }
}

impl Fields for MetaDoc<'_> {
    fn section(&self) -> &str {
        self.section
    }

    fn path(&self) -> Cow<'_, str> {
        path_text(&self.item.source)
    }

    fn date_ns(&self) -> i64 {
        self.item.mtime_ns
    }

    fn read(&self) -> bool {
        self.flags & READ != 0
    }

    fn starred(&self) -> bool {
        self.flags & STARRED != 0
    }

    fn updated(&self) -> bool {
        self.flags & UPDATED != 0
    }

    fn scan(&self, field: Field, f: &mut dyn FnMut(&str) -> bool) -> Seen {
        let i = self.item;
        let titles = || std::iter::once(i.headline()).chain(i.alt_headline());
        let bylines = || i.byline().into_iter().chain(i.more_bylines());
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
                f(self.section);
                Seen::All
            }
            Field::Path => Seen::All,
            // The standfirst and the body are in the file only.
            Field::Any => {
                let _ = std::iter::once(self.section)
                    .chain(titles())
                    .chain(bylines())
                    .any(f);
                Seen::Some
            }
            Field::Body | Field::Quote => Seen::Some,
        }
    }

    fn scan_folded(&self, field: Field, f: &mut dyn FnMut(&str) -> bool) -> Option<(bool, Seen)> {
        let (chunk, k) = self.folded?;
        let mut parts = chunk.parts(k, field)?;
        if field == Field::Any {
            let found = f(&crate::fold::fold(self.section)) || parts.any(f);
            return Some((found, Seen::Some));
        }
        Some((parts.any(f), Seen::All))
    }
}

/// Does `query` depend on the marks (`is:read`, `is:unread`, `is:starred`, `is:updated`)?
pub fn uses_marks(query: &crate::query::Query) -> bool {
    query.terms().iter().any(|t| matches!(t, Term::Is(_)))
}

/// The search of the active query.
#[derive(Debug, Default)]
pub struct Search {
    /// The latest search asked for.
    pub generation: u64,
    /// It has not answered yet.
    pub running: bool,
    /// The library changed while it ran: search again when it answers.
    pub again: bool,
    /// It is for a new query: its answer starts the list from its first match.
    fresh: bool,
    /// Articles being read to settle the query, while they are.
    pub checking: Option<Progress>,
    /// Articles read for the current query: whether they matched, and their marks then.
    known: FxHashMap<u32, (bool, u8)>,
}

impl App {
    /// The marks of entry `n`, as `flags` bits.
    pub(super) fn flags_of(&self, n: usize) -> u8 {
        let Some(mark) = self
            .entries
            .get(n)
            .and_then(|e| self.marks.state.mark(e.id))
        else {
            return 0;
        };
        u8::from(mark.read()) * READ
            + u8::from(mark.starred()) * STARRED
            + u8::from(mark.updated(self.version_of(n))) * UPDATED
    }

    /// The library as it is now, for a search in the background (`marks`: with each
    /// article's marks, for queries with `is:`).
    pub(super) fn snapshot(&self, marks: bool) -> Snapshot {
        let flags = if marks {
            (0..self.entries.len()).map(|i| self.flags_of(i)).collect()
        } else {
            Vec::new()
        };
        Snapshot {
            items: self.entries.clone(),
            section_of: self.catalog.section_of.clone(),
            section_names: self.catalog.section_names.clone(),
            alive: self.catalog.alive.clone(),
            flags,
            index: self.index.clone(),
            order: self.list_order().to_vec(),
            folded: Vec::new(),
        }
    }

    /// Forgets what was read for the query (a new query, or a library that changed).
    pub(super) fn forget_checked(&mut self) {
        self.finding.search.known.clear();
    }

    /// Asks for the active query to be searched again (`fresh`: it is a new query).
    pub(super) fn start_search(&mut self, fresh: bool) {
        self.finding.search.generation += 1;
        self.finding.search.checking = None;
        self.finding.search.again = false;
        if !self.finding.needs_search() {
            self.finding.search.running = false;
            self.finding.text_hits = None;
            self.effects.push(Effect::StopSearch);
            return;
        }
        let plan = Arc::new(Plan::new(self.finding.filter.query.clone(), self.time_ms()));
        let uses_marks = uses_marks(&plan.query);
        let n = self.entries.len();
        let mut skip = Hits::none(n);
        for (&k, &(_, was)) in &self.finding.search.known {
            if !uses_marks || self.flags_of(k as usize) == was {
                skip.set(k as usize);
            }
        }
        let snapshot = self.snapshot(uses_marks);
        self.finding.search.running = true;
        self.finding.search.fresh = fresh;
        self.effects.push(Effect::Search(Box::new(SearchJob {
            generation: self.finding.search.generation,
            plan,
            snapshot,
            skip,
        })));
    }

    /// The sure matches of a search (and the list's order, for `sort:title`), and how many
    /// articles it still reads.
    pub(super) fn on_searched(&mut self, generation: u64, answer: Answer, order: Option<Vec<u32>>) {
        if generation != self.finding.search.generation {
            return;
        }
        if let Some(order) = order {
            self.sorting.set(order, Sort::Title);
        }
        self.finding.search.running = false;
        let mut hits = answer.yes;
        let mut left = answer.maybe.count();
        for (&k, &(matched, _)) in &self.finding.search.known {
            if answer.maybe.contains(k as usize) {
                left -= 1;
                if matched {
                    hits.set(k as usize);
                }
            }
        }
        self.finding.search.checking = (left > 0).then_some(Progress {
            done: 0,
            total: left,
        });
        // A query that only orders the list (`sort:title`) filters nothing.
        self.finding.text_hits = (!self.finding.filter.query.is_all()).then_some(hits);
        if std::mem::take(&mut self.finding.search.fresh) {
            self.refilter();
        } else {
            self.rebuild_view();
        }
        if self.finding.search.again {
            self.start_search(false);
        }
    }

    /// Articles read for the search: which match.
    pub(super) fn on_checked(&mut self, generation: u64, results: Vec<(u32, bool)>, done: bool) {
        if generation != self.finding.search.generation {
            return;
        }
        let read = results.len();
        for (n, matched) in results {
            let flags = self.flags_of(n as usize);
            self.finding.search.known.insert(n, (matched, flags));
            if matched && let Some(h) = &mut self.finding.text_hits {
                h.set(n as usize);
            }
        }
        if let Some(p) = &mut self.finding.search.checking {
            p.done = (p.done + read).min(p.total);
        }
        if done {
            self.finding.search.checking = None;
        }
        self.rebuild_view();
    }
}
