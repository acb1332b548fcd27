//! The order of the article lists: newest first (the default), oldest first, by section, by
//! headline. A query's `sort:` chooses it; when the query says nothing, the order key (`O`)
//! does. Orders other than newest first are kept computed while the library does not change
//! (sorting 100 000 headlines is not work for every key); a query's `sort:title` is computed
//! by the search thread, never on this one.

use super::App;
use crate::fold::fold;
use crate::library::CATCH_ALL;
pub use crate::query::Sort;

/// The order chosen with the key, and the library in the order in force.
#[derive(Debug, Default)]
pub struct Sorting {
    /// The order chosen with the key.
    pub sort: Sort,
    /// Entry numbers in order `sorted_by` (empty until computed).
    sorted: Vec<u32>,
    /// The order `sorted` is in.
    sorted_by: Sort,
}

impl Sorting {
    /// Forgets the computed order (its numbers name another load's entries).
    pub(super) fn forget(&mut self) {
        self.sorted.clear();
        self.sorted_by = Sort::New;
    }

    /// Takes an order computed elsewhere (the search thread's `sort:title`).
    pub(super) fn set(&mut self, order: Vec<u32>, by: Sort) {
        self.sorted = order;
        self.sorted_by = by;
    }
}

impl App {
    /// The order in force: the query's `sort:` when it says one, else the key's.
    pub fn sort(&self) -> Sort {
        if self.finding.filter.query.sort == Sort::New {
            self.sorting.sort
        } else {
            self.finding.filter.query.sort
        }
    }

    /// Every live entry in the order in force (for a query's `sort:title`, the last order the
    /// search thread sent: newest first until the first one comes; articles that arrived since
    /// wait for the next one, as they do for a filter).
    pub(super) fn list_order(&self) -> &[u32] {
        let sort = self.sort();
        if sort == Sort::New || self.sorting.sorted_by != sort {
            &self.catalog.order
        } else {
            &self.sorting.sorted
        }
    }

    /// Sorts the library again in the order in force (after it changed, or the order did).
    pub(super) fn resort(&mut self) {
        let sort = self.sort();
        if sort == Sort::Title && self.finding.filter.query.sort == Sort::Title {
            // Sorted by the search thread (Action::Searched): until then, as it was.
            return;
        }
        let mut sorted = Vec::new();
        match sort {
            Sort::New => {}
            Sort::Old => sorted = self.catalog.order.iter().rev().copied().collect(),
            Sort::Section => {
                // As the sections pane lists them: by name, accents and case ignored, the
                // catch-all last; newest first within each (the sort is stable).
                let mut rank: Vec<(bool, String, usize)> = self
                    .catalog
                    .section_names
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s == CATCH_ALL, fold(s), i))
                    .collect();
                rank.sort();
                let mut of = vec![0usize; self.catalog.section_names.len()];
                for (r, (_, _, s)) in rank.iter().enumerate() {
                    of[*s] = r;
                }
                sorted = self.catalog.order.clone();
                sorted.sort_by_key(|&n| {
                    self.catalog
                        .section_of
                        .get(n as usize)
                        .and_then(|&s| of.get(usize::from(s)))
                        .copied()
                        .unwrap_or(usize::MAX)
                });
            }
            Sort::Title => {
                // Asked with the key: one sort, when the key is pressed or the library changes.
                sorted = self.catalog.order.clone();
                let entries = &self.entries;
                sorted.sort_by_cached_key(|&n| fold(entries[n as usize].headline().trim()));
            }
        }
        self.sorting.set(sorted, sort);
    }

    /// The order key: the next order, the list rebuilt around the selected article.
    pub(super) fn cycle_sort(&mut self) {
        self.sorting.sort = self.sorting.sort.next();
        self.resort();
        let kept = self.lists.selected_entry();
        self.lists.view.clear();
        self.rebuild_view();
        self.reselect(kept);
        if self.finding.filter.query.sort == Sort::New {
            self.say(format!("sorted {}", self.sorting.sort.name()));
        } else {
            self.say(format!(
                "sorted {} once the query's sort: is gone",
                self.sorting.sort.name()
            ));
        }
    }
}
