//! Live updates: the library checked again while the reader runs (files added, changed or
//! removed, seen by the file watcher), applied without losing the user's place.
//!
//! Unlike `r`, nothing is forgotten: entries keep their numbers, the articles of changed or
//! removed files are marked gone, and those read again are appended. The lists are rebuilt
//! once, when the update's lists are complete, so no frame shows half of it; then the selection
//! stays on its article (found again by its file when that file changed, else on its
//! neighbour), at the same height on screen unless the list was at its top (new articles then
//! show above it), and the open article stays open, read again if its file changed.

use std::collections::HashSet;

use super::{App, Effect, Loading, Pane};
use crate::scan::Problem;
use crate::source::Source;

/// How many neighbours of the selected article are remembered, to select one of them if its
/// file goes.
const NEIGHBOURS: usize = 8;

/// An update under way.
#[derive(Debug, Default)]
pub(super) struct Live {
    /// Entries before the update: those it adds are numbered from here.
    first_new: usize,
    /// The selected article before the update, and its row on screen (from the list's top).
    selected: Option<(u32, usize)>,
    /// The articles after it in the list, then those before it (nearest first).
    neighbours: Vec<u32>,
    /// The list was scrolled to its top.
    at_top: bool,
    /// The files of the articles removed (changed or gone).
    removed: Vec<Source>,
    /// The update's lists are complete: time to show them.
    listed: bool,
}

impl Loading {
    /// The update's lists are complete.
    pub(super) fn update_listed(&mut self) {
        if let Some(live) = &mut self.live {
            live.listed = true;
        }
    }

    /// While an update's lists are incomplete, the lists shown are the old ones.
    pub(super) fn holding_lists(&self) -> bool {
        self.live.as_ref().is_some_and(|l| !l.listed)
    }
}

/// What an update changed, in articles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changed {
    /// New files' articles.
    pub added: usize,
    /// Articles whose file changed.
    pub updated: usize,
    /// Articles whose file went away.
    pub removed: usize,
}

impl Changed {
    /// What the status line says ("3 articles added, 1 updated"), `None` for nothing.
    pub fn say(&self) -> Option<String> {
        let parts: Vec<(usize, &str)> = [
            (self.added, "added"),
            (self.updated, "updated"),
            (self.removed, "removed"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .collect();
        let ((n, first), rest) = parts.split_first()?;
        let mut text = format!("{n} article{} {first}", if *n == 1 { "" } else { "s" });
        for (n, what) in rest {
            text.push_str(&format!(", {n} {what}"));
        }
        Some(text)
    }
}

impl App {
    /// A live update starts: what is on screen is noted, to keep it.
    pub(super) fn begin_update(&mut self, problems: Vec<Problem>) {
        self.loading.problems = problems;
        let sel = self.lists.article_sel;
        let selected = self
            .lists
            .view
            .get(sel)
            .map(|&n| (n, sel.saturating_sub(self.lists.article_offset)));
        let after = self.lists.view.iter().skip(sel + 1).take(NEIGHBOURS);
        let before = self.lists.view[..sel.min(self.lists.view.len())]
            .iter()
            .rev()
            .take(NEIGHBOURS);
        self.loading.live = Some(Live {
            first_new: self.entries.len(),
            selected,
            neighbours: after.chain(before).copied().collect(),
            at_top: self.lists.article_offset == 0,
            removed: Vec::new(),
            listed: false,
        });
    }

    /// Articles of a live update are removed: their files are noted.
    pub(super) fn note_removed(&mut self, numbers: &[u32]) {
        if let Some(live) = &mut self.loading.live {
            live.removed.extend(
                numbers
                    .iter()
                    .filter_map(|&n| self.entries.get(n as usize))
                    .map(|e| e.source.clone()),
            );
        }
    }

    /// After the lists were rebuilt with an update: the selection and the open article found
    /// again.
    pub(super) fn keep_place(&mut self) {
        let Some(mut live) = self.loading.live.take() else {
            return;
        };
        if live.listed {
            self.find_place(&live);
            // Once: later rebuilds (bodies indexed) keep the selection as any rebuild does.
            live.selected = None;
        }
        self.loading.live = Some(live);
    }

    fn find_place(&mut self, live: &Live) {
        if let Some((was, row_on_screen)) = live.selected {
            let found = self
                .again(was, live)
                .or_else(|| live.neighbours.iter().find_map(|&n| self.again(n, live)))
                .and_then(|n| self.lists.view.iter().position(|&v| v == n));
            if let Some(row) = found {
                self.lists.article_sel = row;
                self.lists.cursor_moved = true;
                self.lists.article_offset = if live.at_top {
                    0
                } else {
                    row.saturating_sub(row_on_screen)
                };
            }
        }
        let open = self.reader.as_ref().map(|r| r.entry);
        if let Some(open) = open
            && !self
                .catalog
                .alive
                .get(open as usize)
                .copied()
                .unwrap_or(true)
        {
            match self.again(open, live) {
                Some(n) => {
                    if let Some(r) = &mut self.reader {
                        r.entry = n;
                    }
                    if let Some(e) = self.entries.get(n as usize) {
                        self.effects.push(Effect::LoadArticle {
                            entry: n,
                            generation: self.loading.generation,
                            source: e.source.clone(),
                            label: e.label().map(str::to_owned),
                        });
                    }
                }
                None => {
                    // Its file is gone: the reader does not go on showing (and marking) an
                    // article that is no longer there.
                    self.reader = None;
                    self.screen.zoom = false;
                    if self.screen.focus == Pane::Reader {
                        self.screen.focus = Pane::Articles;
                    }
                    self.alert(
                        "the open article is no longer in the library: its file was removed",
                    );
                }
            }
        }
    }

    /// Entry `n` as it is after the update: itself if its file did not change, else the
    /// article the update read from the same file.
    fn again(&self, n: u32, live: &Live) -> Option<u32> {
        if self.catalog.is_alive(n as usize) {
            return Some(n);
        }
        let source = &self.entries.get(n as usize)?.source;
        (live.first_new..self.entries.len())
            .find(|&m| self.catalog.is_alive(m) && self.entries[m].source == *source)
            .and_then(|m| u32::try_from(m).ok())
    }

    /// The update is done: what changed is said (an alert already shown stays).
    pub(super) fn end_update(&mut self) {
        let Some(live) = self.loading.live.take() else {
            return;
        };
        let changed = self.changed(&live);
        if let Some(text) = changed.say()
            && !self.screen.message.as_ref().is_some_and(|m| m.alert)
        {
            self.say(text);
        }
    }

    /// The folders cannot be watched: said once in the status line, and kept with the files
    /// that had problems.
    pub(super) fn on_unwatched(&mut self, why: String) {
        if !self.screen.message.as_ref().is_some_and(|m| m.alert) {
            self.say(format!("⚠ {why} (w)"));
        }
        self.loading.unwatched = Some(why);
        self.loading.problem_count = self.count_problem_files();
    }

    /// What `live` changed, in articles.
    fn changed(&self, live: &Live) -> Changed {
        let removed: HashSet<&Source> = live.removed.iter().collect();
        let fresh: HashSet<&Source> = (live.first_new..self.entries.len())
            .filter(|&m| self.catalog.is_alive(m))
            .map(|m| &self.entries[m].source)
            .collect();
        let updated = fresh.iter().filter(|s| removed.contains(*s)).count();
        Changed {
            added: fresh.len() - updated,
            updated,
            removed: removed.iter().filter(|s| !fresh.contains(*s)).count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Changed, Live, Loading};

    #[test]
    fn an_update_holds_the_old_lists_until_its_own_are_complete() {
        let mut loading = Loading::new();
        assert!(!loading.holding_lists());
        // Nothing under way: nothing to complete.
        loading.update_listed();
        assert!(loading.live.is_none());
        loading.live = Some(Live::default());
        assert!(loading.holding_lists());
        loading.update_listed();
        assert!(!loading.holding_lists());
    }

    #[test]
    fn what_changed_is_said_briefly() {
        let say = |added, updated, removed| {
            Changed {
                added,
                updated,
                removed,
            }
            .say()
        };
        assert_eq!(say(0, 0, 0), None);
        assert_eq!(say(3, 0, 0).as_deref(), Some("3 articles added"));
        assert_eq!(say(1, 0, 0).as_deref(), Some("1 article added"));
        assert_eq!(say(0, 1, 0).as_deref(), Some("1 article updated"));
        assert_eq!(say(0, 0, 2).as_deref(), Some("2 articles removed"));
        assert_eq!(
            say(2, 1, 4).as_deref(),
            Some("2 articles added, 1 updated, 4 removed")
        );
    }
}
