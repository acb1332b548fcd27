//! What the lists show: sections with their counts, and the articles of the selected section
//! that pass the filters.

use super::App;
use crate::fold::fold;
use crate::library::CATCH_ALL;

/// A row of the sections list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionRow {
    /// Its name ("All" for the first row).
    pub name: String,
    /// Unread articles.
    pub unread: usize,
    /// All articles.
    pub total: usize,
    /// Its section number; `None` for "All".
    pub(super) number: Option<u16>,
}

/// The name of the first row.
pub const ALL: &str = "All";

impl App {
    /// Sections, then the article list.
    pub(super) fn rebuild(&mut self) {
        self.rebuild_sections();
        if self.sort() != crate::query::Sort::New {
            self.resort();
        }
        self.rebuild_view();
    }

    /// Recounts the sections, keeping the selected one selected.
    pub(super) fn rebuild_sections(&mut self) {
        let selected = self.sections.get(self.section_sel).map(|s| s.number);
        let mut unread = vec![0usize; self.section_names.len()];
        let mut total = vec![0usize; self.section_names.len()];
        for (n, e) in self.entries.iter().enumerate() {
            if !self.alive[n] {
                continue;
            }
            let s = usize::from(self.section_of[n]);
            total[s] += 1;
            if !self.state.is_read(e.id) {
                unread[s] += 1;
            }
        }
        let mut rows: Vec<SectionRow> = self
            .section_names
            .iter()
            .enumerate()
            .map(|(i, name)| SectionRow {
                name: name.clone(),
                unread: unread[i],
                total: total[i],
                number: u16::try_from(i).ok(),
            })
            // A section whose articles all moved (a label found on second look) disappears.
            .filter(|r| r.total > 0)
            .collect();
        rows.sort_by_cached_key(|r| (r.name == CATCH_ALL, fold(&r.name)));
        rows.insert(
            0,
            SectionRow {
                name: ALL.into(),
                unread: unread.iter().sum(),
                total: total.iter().sum(),
                number: None,
            },
        );
        self.sections = rows;
        self.section_sel = selected
            .and_then(|sel| self.sections.iter().position(|r| r.number == sel))
            .unwrap_or(0);
    }

    /// Does entry `n` pass the filters, in section `section` (`None`: all)?
    pub(super) fn passes(&self, n: u32, section: Option<u16>) -> bool {
        let i = n as usize;
        let e = &self.entries[i];
        self.alive[i]
            && section.is_none_or(|s| self.section_of[i] == s)
            && (!self.filter.unread_only || !self.state.is_read(e.id))
            && (!self.filter.starred_only || self.state.is_starred(e.id))
            && self.text_hits.as_ref().is_none_or(|h| h.contains(i))
    }

    /// The article list of section row `row`, in the list's order.
    pub(super) fn view_of(&self, row: usize) -> Vec<u32> {
        let section = self.sections.get(row).and_then(|r| r.number);
        self.list_order()
            .iter()
            .copied()
            .filter(|&n| self.passes(n, section))
            .collect()
    }

    /// Recomputes the article list, keeping the selected article selected (and listed, even if
    /// it no longer passes a filter: an article does not vanish under the cursor).
    pub(super) fn rebuild_view(&mut self) {
        let selected = self.view.get(self.article_sel).copied();
        let section = self.sections.get(self.section_sel).and_then(|r| r.number);
        let mut view = self.view_of(self.section_sel);
        if let Some(sel) = selected
            && !view.contains(&sel)
            && (sel as usize) < self.entries.len()
            && section.is_none_or(|s| self.section_of[sel as usize] == s)
            && self.list_order().contains(&sel)
        {
            let order = self.list_order();
            let rank = |n: &u32| order.iter().position(|o| o == n);
            let at = view.partition_point(|n| rank(n) < rank(&sel));
            view.insert(at, sel);
        }
        self.view = view;
        // Until the cursor is moved, it stays on the newest article, as the library fills in.
        self.article_sel = if self.cursor_moved {
            selected
                .and_then(|s| self.view.iter().position(|&n| n == s))
                .unwrap_or(0)
                .min(self.view.len().saturating_sub(1))
        } else {
            0
        };
    }

    /// After a filter changed: the list again, from its first article.
    pub(super) fn refilter(&mut self) {
        self.view.clear();
        self.cursor_moved = false;
        self.rebuild_view();
        self.article_sel = 0;
        self.article_offset = 0;
    }

    /// The name of the selected section.
    pub fn section_name(&self) -> &str {
        self.sections
            .get(self.section_sel)
            .map_or(ALL, |r| r.name.as_str())
    }
}
