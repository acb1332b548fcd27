//! The order of the article lists: newest first (the default), oldest first, by section, by
//! headline; a key cycles through them (the query language's `sort:` names the same orders).

use super::App;
use crate::fold::fold;

/// An order of the article lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Newest first.
    #[default]
    New,
    /// Oldest first.
    Old,
    /// By section, as the sections pane lists them; newest first within each.
    Section,
    /// By headline (accents and case ignored); newest first among equal ones.
    Title,
}

impl Sort {
    /// The next order of the cycle.
    pub fn next(self) -> Sort {
        match self {
            Sort::New => Sort::Old,
            Sort::Old => Sort::Section,
            Sort::Section => Sort::Title,
            Sort::Title => Sort::New,
        }
    }

    /// How the status line names it.
    pub fn name(self) -> &'static str {
        match self {
            Sort::New => "newest first",
            Sort::Old => "oldest first",
            Sort::Section => "by section",
            Sort::Title => "by headline",
        }
    }
}

/// The order chosen, and the library in that order (kept while the library does not change:
/// sorting 100 000 headlines is not work for every key).
#[derive(Debug, Default)]
pub struct Sorting {
    /// The order chosen.
    pub sort: Sort,
    /// Entry numbers in that order (empty for [`Sort::New`], which is the library's own order).
    sorted: Vec<u32>,
}

impl App {
    /// Every live entry in the chosen order.
    pub(super) fn ordered(&self) -> &[u32] {
        match self.sorting.sort {
            Sort::New => &self.order,
            _ => &self.sorting.sorted,
        }
    }

    /// Sorts the library again in the chosen order (after it changed, or the order did).
    pub(super) fn resort(&mut self) {
        let mut sorted = Vec::new();
        match self.sorting.sort {
            Sort::New => {}
            Sort::Old => sorted = self.order.iter().rev().copied().collect(),
            Sort::Section => {
                // The rank of each section number in the sections pane ("All" is row 0).
                let mut rank = vec![usize::MAX; self.section_names.len()];
                for (row, r) in self.sections.iter().enumerate() {
                    if let Some(slot) = r.number.and_then(|s| rank.get_mut(usize::from(s))) {
                        *slot = row;
                    }
                }
                sorted = self.order.clone();
                // Stable: newest first within a section.
                sorted.sort_by_key(|&n| {
                    self.section_of
                        .get(n as usize)
                        .and_then(|&s| rank.get(usize::from(s)))
                        .copied()
                        .unwrap_or(usize::MAX)
                });
            }
            Sort::Title => {
                sorted = self.order.clone();
                let entries = &self.entries;
                sorted.sort_by_cached_key(|&n| fold(&entries[n as usize].headline));
            }
        }
        self.sorting.sorted = sorted;
    }

    /// The order key: the next order, the list rebuilt around the selected article.
    pub(super) fn cycle_sort(&mut self) {
        self.sorting.sort = self.sorting.sort.next();
        self.resort();
        let kept = self.selected_entry();
        self.view.clear();
        self.rebuild_view();
        self.reselect(kept);
        self.say(format!("sorted {}", self.sorting.sort.name()));
    }
}
