//! Receiving the library from the loader: batches of articles arrive while the reader runs.

use super::{App, Progress};
use crate::loader::{Load, LoadEvent};

impl App {
    pub(super) fn on_load(&mut self, load: Load) {
        if load.generation != self.loading.generation {
            return;
        }
        match load.event {
            LoadEvent::Started { files, problems } => {
                self.loading.live = None;
                self.reset_library();
                self.loading.problems = problems;
                // Room for the articles the loader expects (a hint it bounds), rather than
                // lists grown by doubling.
                self.catalog.reserve(files);
                self.loading.progress = Some(Progress {
                    done: 0,
                    total: files,
                });
            }
            LoadEvent::Batch {
                entries,
                segment,
                problems,
            } => {
                let done = entries.len() + problems.len();
                self.add_entries(entries);
                self.index.push(segment);
                self.loading.problems.extend(problems);
                if let Some(p) = &mut self.loading.progress {
                    p.done += done;
                    // A replayed log does not say in advance how much it holds.
                    p.total = p.total.max(p.done);
                }
                self.library_changed();
            }
            LoadEvent::Relabeled { updates, segment } => {
                let numbers: Vec<u32> = updates.iter().map(|(n, _)| *n).collect();
                for (n, entry) in updates {
                    let n = n as usize;
                    if n < self.entries.len() {
                        self.catalog.relabel(n, &entry.section);
                        if let Some(e) = self.entries.get_mut(n) {
                            *e = entry.into();
                        }
                    }
                }
                self.index.push_relabeled(segment, &numbers);
                // Their sections and headlines changed: what was read for the query may not
                // hold any more.
                self.forget_checked();
                self.library_changed();
            }
            LoadEvent::Renumbered(ids) => {
                for (n, id) in ids {
                    if let Some(e) = self.entries.get_mut(n as usize) {
                        e.id = id;
                    }
                }
                self.library_changed();
            }
            LoadEvent::Update { problems } => {
                self.begin_update(problems);
                self.library_changed();
            }
            LoadEvent::Total(files) => {
                let p = self
                    .loading
                    .progress
                    .get_or_insert(Progress { done: 0, total: 0 });
                p.total = files.max(p.done);
            }
            LoadEvent::Problems(problems) => {
                self.loading.problems.extend(problems);
                self.loading.problem_count = self.count_problem_files();
            }
            LoadEvent::Removed(numbers) => {
                self.note_removed(&numbers);
                self.catalog.remove(&numbers);
                self.library_changed();
            }
            LoadEvent::Listed { bodies } => {
                self.loading.update_listed();
                self.loading.progress = None;
                self.loading.indexing = (bodies > 0).then_some(Progress {
                    done: 0,
                    total: bodies,
                });
                self.library_changed();
            }
            LoadEvent::Versions(versions) => self.on_versions(versions),
            LoadEvent::Bodies { segment, count } => {
                self.index.push_body(segment);
                if let Some(p) = &mut self.loading.indexing {
                    p.done = (p.done + count).min(p.total);
                }
                // New words change the matches of a query, not the lists otherwise.
                if self.finding.needs_search() {
                    self.library_changed();
                }
            }
            LoadEvent::Stories(stories) => {
                self.on_stories(stories);
                if self.stories.folded || self.stories.open.is_some() {
                    self.library_changed();
                }
            }
            LoadEvent::Lists(lists) => self.on_lists(*lists),
            LoadEvent::Words(segment) => {
                self.index.push(segment);
                if self.finding.needs_search() {
                    self.library_changed();
                }
            }
            LoadEvent::RelabeledWords { numbers, segment } => {
                self.index.push_relabeled(segment, &numbers);
                if self.finding.needs_search() {
                    self.library_changed();
                }
            }
            LoadEvent::Logged(key) => self.keep_lists(key),
            LoadEvent::Done => {
                self.loading.indexing = None;
                self.loading.progress = None;
                let reloading = self
                    .screen
                    .message
                    .as_ref()
                    .is_some_and(|m| m.text == super::reload::RELOADING);
                if self.loading.live.is_some() {
                    // The update shown at once (with the place kept), then said. (A reload
                    // that started from the lists file ends so too: what changed since.)
                    self.loading.update_listed();
                    self.library_changed();
                    self.refresh();
                    self.end_update();
                    if reloading {
                        let changed = self.screen.message.take().map(|m| m.text);
                        let changed = changed.filter(|t| t != super::reload::RELOADING);
                        self.say_reloaded(changed);
                    }
                    return;
                }
                let files = self.count_problem_files();
                if reloading {
                    self.say_reloaded(None);
                }
                // An alert already shown (a state file moved aside) stays until a key is pressed.
                if files > 0 && self.screen.message.is_none() {
                    self.say(format!(
                        "{files} file{} had problems (w shows them)",
                        if files == 1 { "" } else { "s" }
                    ));
                }
                self.library_changed();
            }
        }
    }

    /// A reload ended: how many articles the library holds, and what changed (`changed`, as
    /// a live update says it) when that was found.
    fn say_reloaded(&mut self, changed: Option<String>) {
        let n = self.catalog.alive_count();
        let s = if n == 1 { "" } else { "s" };
        self.say(match changed {
            Some(c) => format!("library reloaded: {n} article{s} ({c})"),
            None => format!("library reloaded: {n} article{s}"),
        });
    }

    /// Forgets the library (a reload starts), keeping marks, filters and what was selected.
    pub(super) fn reset_library(&mut self) {
        if !self.entries.is_empty() {
            self.remember_place();
        }
        self.forget_stories();
        self.entries.clear();
        self.catalog.clear();
        // Numbers of the old load: the new one is sorted again as it comes.
        self.sorting.forget();
        self.loading.problems.clear();
        self.index.clear();
        self.lists.view.clear();
        // The old answers mean nothing in the new load: until the first search of it answers,
        // an active query shows nothing rather than everything.
        if self.finding.searching() {
            self.effects.push(super::Effect::StopSearch);
        }
        self.finding.search.generation += 1;
        self.finding.search.running = false;
        self.finding.search.checking = None;
        self.forget_checked();
        self.forget_views();
        self.finding.text_hits =
            (!self.finding.filter.query.is_all()).then(|| crate::search::Hits::none(0));
        self.loading.indexing = None;
        // The sorted order names entries of the old load.
        self.resort();
        if let Some(r) = &mut self.reader {
            // The open article stays on screen; its number means nothing in the new load.
            r.entry = u32::MAX;
        }
    }

    /// Appends entries and merges them into the newest-first order.
    fn add_entries(&mut self, entries: Vec<crate::library::Entry>) {
        for e in entries {
            self.catalog.push(&e.section);
            self.entries.push(e.into());
        }
        // They join the order when the lists are next brought up to date ([`App::refresh`]).
    }

    /// Sections, filter hits, the list and the problem count after the library changed.
    ///
    /// Only noted here: batches arrive many per frame while a library loads, and the work is
    /// done once, by [`App::refresh`], before the next frame or key.
    pub(super) fn library_changed(&mut self) {
        self.loading.stale = true;
    }

    /// Brings the lists up to date with the library, if it changed since.
    pub fn refresh(&mut self) {
        // A live update's lists are shown whole, once complete.
        if self.loading.stale && !self.loading.holding_lists() {
            let complete = self.loading.progress.is_none();
            let now_ms = self.screen.now.at.as_millisecond();
            self.catalog.merge_due(&self.entries, complete, now_ms);
            // Entries not merged yet wait for the next batch (one comes every few milliseconds
            // while a library loads) or for the lists to be complete: keeping the lists stale
            // for them would rebuild them at every frame, on the cores the loader needs.
            self.refresh_lists();
            self.views_changed();
        }
        self.count_views();
    }

    fn refresh_lists(&mut self) {
        self.loading.stale = false;
        self.loading.problem_count = self.count_problem_files();
        self.rebuild();
        if self.finding.needs_search() {
            // One search at a time while the library loads: a newer one waits for the answer
            // of the one running, so answers keep coming however fast batches arrive.
            if self.finding.search.running {
                self.finding.search.again = true;
            } else {
                self.start_search(false);
            }
        }
        self.restore_place();
        self.keep_place();
        self.keep_visible();
    }
}
