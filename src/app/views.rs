//! Saved views (`[[views]]` of `config.toml`): rows after "All" in the sections pane, with
//! their unread/total counts, selected like a section.
//!
//! Which articles a view holds is found in the background, by the same engine as `/`
//! ([`Effect::CountViews`], answered by [`crate::action::Action::ViewsCounted`]): once the
//! library is listed, again when it changes, and when marks change for a view whose query
//! reads them (`is:unread`). The UI thread only builds the job (a snapshot of a few pointers)
//! and, on each mark, recounts unread articles over the sets it holds.

use std::sync::Arc;

use super::view::{Scope, SectionRow};
use super::{App, Effect, Snapshot};
use crate::config::Settings;
use crate::query::{Plan, Query};
use crate::search::Hits;

/// One saved view.
#[derive(Debug, Clone)]
pub struct SavedView {
    /// Its name.
    pub name: String,
    /// Its query.
    pub query: Query,
    /// The query reads the marks: a mark changes what the view holds.
    uses_marks: bool,
    /// The articles it holds, by entry number (`None` until first found).
    pub hits: Option<Hits>,
    /// Articles whose text decides are still being read.
    pub counting: bool,
}

/// The saved views, and their count in the background.
#[derive(Debug, Default)]
pub struct Views {
    /// In the order of `config.toml`.
    pub list: Vec<SavedView>,
    /// The latest count asked for (answers of older ones are dropped).
    generation: u64,
    /// What the views hold may have changed: count again once the library is listed.
    stale: bool,
}

/// A count of the saved views to run in the background.
#[derive(Debug, Clone)]
pub struct ViewsJob {
    /// Which count this is.
    pub generation: u64,
    /// Each view's query, in order.
    pub plans: Vec<Arc<Plan>>,
    /// The library.
    pub snapshot: Snapshot,
}

impl App {
    /// Takes what `config.toml` says for the screen: theme, keys, layout, saved views, and
    /// its warnings for `w`. Called by the shell before the first frame.
    pub fn configure(&mut self, settings: &Settings) {
        self.screen.theme = settings.theme;
        self.screen.keys = settings.keymap.clone();
        self.screen.layout = settings.config.layout.clone();
        self.screen.config_warnings = settings
            .problems
            .iter()
            .map(|p| {
                let at = p.line.map(|l| format!(":{l}")).unwrap_or_default();
                (format!("{}{at}", settings.file), p.message.clone())
            })
            .collect();
        self.views.list = settings
            .views
            .iter()
            .map(|v| SavedView {
                name: v.name.clone(),
                uses_marks: super::search::uses_marks(&v.query),
                query: v.query.clone(),
                hits: None,
                counting: true,
            })
            .collect();
        self.views.stale = true;
        self.loading.problem_count = self.count_problem_files();
        self.rebuild_sections();
        self.relayout();
    }

    /// The rows of the saved views, counted over the articles still there.
    pub(super) fn view_rows(&self) -> Vec<SectionRow> {
        self.views
            .list
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let (mut unread, mut total) = (0, 0);
                for n in v.hits.iter().flat_map(Hits::iter) {
                    if !self.catalog.is_alive(n) {
                        continue;
                    }
                    total += 1;
                    if !self.marks.state.is_read(self.entries[n].id) {
                        unread += 1;
                    }
                }
                SectionRow {
                    name: v.name.clone(),
                    unread,
                    total,
                    scope: Scope::View(i),
                    counting: v.hits.is_none() || v.counting,
                }
            })
            .collect()
    }

    /// Does saved view `v` hold entry `n`?
    pub(super) fn in_view(&self, v: usize, n: u32) -> bool {
        self.views
            .list
            .get(v)
            .and_then(|v| v.hits.as_ref())
            .is_some_and(|h| h.contains(n as usize))
    }

    /// The library changed: the views are found again once it is listed.
    pub(super) fn views_changed(&mut self) {
        if !self.views.list.is_empty() {
            self.views.stale = true;
        }
    }

    /// Marks changed: the views whose query reads them are found again.
    pub(super) fn marks_changed_views(&mut self) {
        if self.views.list.iter().any(|v| v.uses_marks) {
            self.views.stale = true;
        }
    }

    /// A reload starts: what the views held names entries of the old load.
    pub(super) fn forget_views(&mut self) {
        self.views.generation += 1;
        for v in &mut self.views.list {
            v.hits = None;
            v.counting = true;
        }
        self.views_changed();
    }

    /// Asks for the views to be found, when they may have changed and the library is listed.
    pub(super) fn count_views(&mut self) {
        if !self.views.stale || self.views.list.is_empty() || self.loading.progress.is_some() {
            return;
        }
        self.views.stale = false;
        self.views.generation += 1;
        let now = self.time_ms();
        let marks = self.views.list.iter().any(|v| v.uses_marks);
        self.effects.push(Effect::CountViews(Box::new(ViewsJob {
            generation: self.views.generation,
            plans: self
                .views
                .list
                .iter()
                .map(|v| Arc::new(Plan::new(v.query.clone(), now)))
                .collect(),
            snapshot: self.snapshot(marks),
        })));
    }

    /// What the views hold, in part or (`done`) whole.
    pub(super) fn on_views_counted(&mut self, generation: u64, hits: Vec<Hits>, done: bool) {
        if generation != self.views.generation {
            return;
        }
        for (v, h) in self.views.list.iter_mut().zip(hits) {
            v.hits = Some(h);
            v.counting = !done;
        }
        self.rebuild_sections();
        if matches!(self.lists.scope_of(self.lists.section_sel), Scope::View(_)) {
            self.rebuild_view();
        }
    }
}
