//! What the user looks for: the filters and the query (with its prompt and the queries typed
//! before), the query's search and the articles it matched, and the texts found in articles.

use super::search::Search;
use super::{Filter, Prompt};
use crate::query::Sort;

/// The filters, the query and its search.
#[derive(Debug, Default)]
pub struct Finding {
    /// The filters.
    pub filter: Filter,
    /// The filter prompt, while it is open.
    pub prompt: Option<Prompt>,
    /// The query's search in the background.
    pub search: Search,
    /// Articles matching the query, by entry number (None: no query; articles past its bound
    /// arrived after the search and wait for the next one).
    pub(super) text_hits: Option<crate::search::Hits>,
    /// Queries typed before, oldest first.
    pub(super) history: Vec<String>,
    /// Texts found in articles before (this run), oldest first.
    pub(super) find_history: Vec<String>,
}

impl Finding {
    /// The queries typed before, oldest first (read from disk by the run loop).
    pub fn set_history(&mut self, history: Vec<String>) {
        self.history = history;
    }

    /// The queries typed before, oldest first.
    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// Does the query need the search thread: a filter, or `sort:title`?
    pub(super) fn needs_search(&self) -> bool {
        !self.filter.query.is_all() || self.filter.query.sort == Sort::Title
    }

    /// Is a search on its way (no answer yet, or articles still being read)?
    pub fn searching(&self) -> bool {
        self.search.running || self.search.checking.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Progress;

    #[test]
    fn a_search_is_needed_for_a_text_or_the_title_order() {
        let mut f = Finding::default();
        assert!(!f.needs_search());
        f.filter.query = crate::query::parse("sort:title").expect("a query");
        assert!(f.needs_search());
        f.filter.query = crate::query::parse("sort:old").expect("a query");
        assert!(!f.needs_search());
        f.filter.query = crate::query::parse("bce").expect("a query");
        assert!(f.needs_search());
    }

    #[test]
    fn a_search_runs_until_answered_and_settled() {
        let mut f = Finding::default();
        assert!(!f.searching());
        f.search.running = true;
        assert!(f.searching());
        f.search.running = false;
        f.search.checking = Some(Progress { done: 1, total: 3 });
        assert!(f.searching());
        f.search.checking = None;
        assert!(!f.searching());
    }

    #[test]
    fn the_history_is_set_and_read() {
        let mut f = Finding::default();
        assert!(f.history().is_empty());
        f.set_history(vec!["bce".into(), "section:monde".into()]);
        assert_eq!(f.history(), ["bce", "section:monde"]);
    }
}
