//! The `/` prompt: edits, what they do to the query, and the history. A text that does not
//! parse leaves the list as it was and shows why; one that parses replaces the query and
//! starts a search (one per edit: a paste is one edit).

use super::prompt::{self, Edit, Prompt};
use super::{App, Effect, Pane};
use crate::action::Action;
use crate::fold::fold;
use crate::library::CATCH_ALL;
use crate::query::{self, Query, Sort};

impl App {
    /// Replaces the query and its text, and searches for it.
    pub(super) fn set_query(&mut self, text: String, query: Query) {
        let resort = query.sort != self.filter.query.sort;
        self.filter.text = text;
        self.filter.query = query;
        self.forget_checked();
        if resort {
            self.resort();
        }
        self.start_search(true);
        if self.filter.query.is_all() {
            self.refilter();
        }
    }

    /// Clears the query.
    pub(super) fn clear_query(&mut self) {
        self.set_query(String::new(), Query::default());
    }

    /// `/`: an empty prompt whose text replaces the query as you type.
    pub(super) fn open_prompt(&mut self) {
        self.prompt = Some(Prompt::default());
        self.clear_query();
    }

    /// The queries typed before, oldest first (read from disk by the run loop).
    pub fn set_history(&mut self, history: Vec<String>) {
        self.history = history;
    }

    /// The queries typed before, oldest first.
    pub fn history(&self) -> &[String] {
        &self.history
    }

    pub(super) fn prompt_key(&mut self, action: Action) {
        let Some(mut p) = self.prompt.take() else {
            return;
        };
        let edit = match action {
            Action::PromptChar(c) => Edit::Insert(c.to_string()),
            Action::PromptPaste(text) => Edit::Insert(text),
            Action::PromptEdit(e) => e,
            Action::PromptAccept => {
                if p.error.is_some() {
                    // The list is still that of the last query that parsed: Enter would keep
                    // something other than what the prompt shows.
                    self.prompt = Some(p);
                    return;
                }
                self.accept(&p.text);
                return;
            }
            Action::Back => {
                self.clear_query();
                return;
            }
            _ => {
                self.prompt = Some(p);
                return;
            }
        };
        if p.edit(edit, &self.history) {
            match query::parse(&p.text) {
                Ok(q) => {
                    p.error = None;
                    if q == self.filter.query {
                        // Spacing changed, not the meaning: no new search.
                        self.filter.text.clone_from(&p.text);
                    } else {
                        self.set_query(p.text.clone(), q);
                    }
                }
                Err(e) => p.error = Some(e),
            }
        }
        self.prompt = Some(p);
    }

    /// Enter: the query stays; the list gets the focus, on its first match.
    fn accept(&mut self, text: &str) {
        self.focus = Pane::Articles;
        self.article_sel = 0;
        self.article_offset = 0;
        let kept = text.trim();
        if !kept.is_empty() && kept.len() <= prompt::HISTORY_ENTRY_MAX {
            prompt::remember(&mut self.history, kept);
            // Written by the run loop, which merges it with what other readers wrote.
            self.effects.push(Effect::Remember(kept.to_owned()));
        }
        if self.view.is_empty() && !text.trim().is_empty() && !self.searching() {
            self.say(format!("no article matches “{text}”"));
        }
    }

    /// The list's order: newest first, or as the query's `sort:` says (for `sort:title`, the
    /// last order the search thread sent: articles that arrived since wait for the next one,
    /// as they do for a filter; newest first until the first one comes).
    pub(super) fn list_order(&self) -> &[u32] {
        let sort = self.filter.query.sort;
        if sort == Sort::New || self.sorted_by != sort {
            &self.order
        } else {
            &self.sorted
        }
    }

    /// Orders the list again as the query's `sort:` says (after the library or the sort
    /// changed).
    pub(super) fn resort(&mut self) {
        let sort = self.filter.query.sort;
        if sort == Sort::Title {
            // Sorted by the search thread (Action::Searched): until then, as it was.
            return;
        }
        let mut sorted = self.order.clone();
        match sort {
            Sort::New => sorted = Vec::new(),
            Sort::Old => sorted.reverse(),
            Sort::Section => {
                // As the sections pane lists them: by name, accents and case ignored, the
                // catch-all last; newest first within each (the sort is stable).
                let mut rank: Vec<(bool, String, u16)> = self
                    .section_names
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        (
                            s == CATCH_ALL,
                            fold(s),
                            u16::try_from(i).unwrap_or(u16::MAX),
                        )
                    })
                    .collect();
                rank.sort();
                let mut of = vec![0usize; self.section_names.len()];
                for (r, (_, _, s)) in rank.iter().enumerate() {
                    of[usize::from(*s)] = r;
                }
                sorted.sort_by_key(|&n| {
                    self.section_of
                        .get(n as usize)
                        .and_then(|&s| of.get(usize::from(s)))
                        .copied()
                        .unwrap_or(usize::MAX)
                });
            }
            Sort::Title => {}
        }
        self.sorted = sorted;
        self.sorted_by = sort;
    }
}
