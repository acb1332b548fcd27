//! The `/` prompt: edits, what they do to the query, and the history. A text that does not
//! parse leaves the list as it was and shows why; one that parses replaces the query and
//! starts a search (one per edit: a paste is one edit).

use super::prompt::{self, Edit, Prompt};
use super::{App, Effect, Pane};
use crate::action::Action;
use crate::query::{self, Query};

/// The active filters.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The text of the query (the last text typed after `/` that parsed).
    pub text: String,
    /// The query.
    pub query: Query,
    /// `U`.
    pub unread_only: bool,
    /// `S`.
    pub starred_only: bool,
}

impl Filter {
    /// Is any filter active?
    pub fn is_active(&self) -> bool {
        !self.query.is_all() || self.unread_only || self.starred_only
    }
}

/// Loading progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Files read.
    pub done: usize,
    /// Files to read.
    pub total: usize,
}

impl App {
    /// Replaces the query and its text, and searches for it.
    pub(super) fn set_query(&mut self, text: String, query: Query) {
        let resort = query.sort != self.finding.filter.query.sort;
        self.finding.filter.text = text;
        self.finding.filter.query = query;
        self.forget_checked();
        if resort {
            self.resort();
        }
        self.start_search(true);
        if self.finding.filter.query.is_all() {
            self.refilter();
        }
    }

    /// Clears the query.
    pub(super) fn clear_query(&mut self) {
        self.set_query(String::new(), Query::default());
    }

    /// `/`: an empty prompt whose text replaces the query as you type.
    pub(super) fn open_prompt(&mut self) {
        self.finding.prompt = Some(Prompt::default());
        self.clear_query();
    }

    pub(super) fn prompt_key(&mut self, action: Action) {
        let Some(mut p) = self.finding.prompt.take() else {
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
                    self.finding.prompt = Some(p);
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
                self.finding.prompt = Some(p);
                return;
            }
        };
        if p.edit(edit, &self.finding.history) {
            match query::parse(&p.text) {
                Ok(q) => {
                    p.error = None;
                    if q == self.finding.filter.query {
                        // Spacing changed, not the meaning: no new search.
                        self.finding.filter.text.clone_from(&p.text);
                    } else {
                        self.set_query(p.text.clone(), q);
                    }
                }
                Err(e) => p.error = Some(e),
            }
        }
        self.finding.prompt = Some(p);
    }

    /// Enter: the query stays; the list gets the focus, on its first match.
    fn accept(&mut self, text: &str) {
        self.screen.focus = Pane::Articles;
        self.lists.article_sel = 0;
        self.lists.article_offset = 0;
        let kept = text.trim();
        if !kept.is_empty() && kept.len() <= prompt::HISTORY_ENTRY_MAX {
            prompt::remember(&mut self.finding.history, kept);
            // Written by the run loop, which merges it with what other readers wrote.
            self.effects.push(Effect::Remember(kept.to_owned()));
        }
        if self.lists.view.is_empty() && !text.trim().is_empty() && !self.finding.searching() {
            self.say(format!("no article matches “{text}”"));
        }
    }
}
