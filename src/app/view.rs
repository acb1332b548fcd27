//! What the lists show: sections with their counts, and the articles of the selected section
//! that pass the filters.

use super::App;
use crate::fold::fold;
use crate::library::CATCH_ALL;

/// What a row of the sections list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every article ("All").
    All,
    /// The articles of saved view number `n` (`config.toml`'s `[[views]]`).
    View(usize),
    /// The articles of section number `n`.
    Section(u16),
}

impl Scope {
    /// Its section number, for a section.
    pub fn section(self) -> Option<u16> {
        match self {
            Scope::Section(s) => Some(s),
            _ => None,
        }
    }
}

/// A row of the sections list: "All", the saved views, the sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionRow {
    /// Its name ("All" for the first row).
    pub name: String,
    /// Unread articles.
    pub unread: usize,
    /// All articles.
    pub total: usize,
    /// What it holds.
    pub scope: Scope,
    /// A saved view whose articles are still being found (its counts are not known yet, or
    /// only in part).
    pub counting: bool,
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
        let selected = self
            .lists
            .sections
            .get(self.lists.section_sel)
            .map(|s| s.scope);
        let mut unread = vec![0usize; self.catalog.section_names.len()];
        let mut total = vec![0usize; self.catalog.section_names.len()];
        let mut updated = 0;
        for (n, e) in self.entries.iter().enumerate() {
            if !self.catalog.alive[n] {
                continue;
            }
            let s = usize::from(self.catalog.section_of[n]);
            total[s] += 1;
            match self.marks.state.mark(e.id) {
                Some(m) if m.read() => updated += usize::from(m.updated(self.version_of(n))),
                _ => unread[s] += 1,
            }
        }
        self.marks.updated = updated;
        let mut rows: Vec<SectionRow> = self
            .catalog
            .section_names
            .iter()
            .enumerate()
            .map(|(i, name)| SectionRow {
                name: name.clone(),
                unread: unread[i],
                total: total[i],
                scope: u16::try_from(i).map_or(Scope::All, Scope::Section),
                counting: false,
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
                scope: Scope::All,
                counting: false,
            },
        );
        // The saved views after "All", before the sections: what the user chose to see first.
        let views = self.view_rows();
        rows.splice(1..1, views);
        self.lists.sections = rows;
        self.lists.section_sel = selected
            .and_then(|sel| self.lists.sections.iter().position(|r| r.scope == sel))
            .unwrap_or(0);
    }

    /// Does entry `n` pass the filters, in `scope`?
    pub(super) fn passes(&self, n: u32, scope: Scope) -> bool {
        let i = n as usize;
        let e = &self.entries[i];
        self.catalog.alive[i]
            && self.in_scope(n, scope)
            && (!self.finding.filter.unread_only || !self.marks.state.is_read(e.id))
            && (!self.finding.filter.starred_only || self.marks.state.is_starred(e.id))
            && self
                .finding
                .text_hits
                .as_ref()
                .is_none_or(|h| h.contains(i))
    }

    /// Is entry `n` in `scope`?
    pub(super) fn in_scope(&self, n: u32, scope: Scope) -> bool {
        match scope {
            Scope::All => true,
            Scope::Section(s) => self.catalog.section_of.get(n as usize) == Some(&s),
            Scope::View(v) => self.in_view(v, n),
        }
    }

    /// The article list of section row `row`, in the list's order.
    pub(super) fn view_of(&self, row: usize) -> Vec<u32> {
        let scope = self.lists.scope_of(row);
        self.list_order()
            .iter()
            .copied()
            .filter(|&n| self.passes(n, scope))
            .collect()
    }

    /// Recomputes the article list, keeping the selected article selected (and listed, even if
    /// it no longer passes a filter: an article does not vanish under the cursor).
    pub(super) fn rebuild_view(&mut self) {
        let selected = self.lists.selected_entry();
        let scope = self.lists.scope_of(self.lists.section_sel);
        let mut view = self.view_of(self.lists.section_sel);
        // A saved view's article stays too when it leaves the view (read, in `is:unread`).
        if let Some(sel) = selected
            && !view.contains(&sel)
            && (sel as usize) < self.entries.len()
            && (matches!(scope, Scope::View(_)) || self.in_scope(sel, scope))
            && self.list_order().contains(&sel)
        {
            let order = self.list_order();
            let rank = |n: &u32| order.iter().position(|o| o == n);
            let at = view.partition_point(|n| rank(n) < rank(&sel));
            view.insert(at, sel);
        }
        self.lists.view = self.story_view(view);
        // Until the cursor is moved, it stays on the newest article, as the library fills in.
        self.lists.article_sel = if self.lists.cursor_moved {
            selected
                .and_then(|s| self.row_of(s))
                .unwrap_or(0)
                .min(self.lists.view.len().saturating_sub(1))
        } else {
            0
        };
    }

    /// After a filter changed: the list again, from its first article.
    pub(super) fn refilter(&mut self) {
        self.lists.view.clear();
        self.lists.cursor_moved = false;
        self.rebuild_view();
        self.lists.article_sel = 0;
        self.lists.article_offset = 0;
    }
}
