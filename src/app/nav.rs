//! Moving around: selections, pages, focus, and keeping the selection on screen.

use super::{App, Pane};

impl App {
    /// Rows the focused list shows, from the pane geometry.
    fn list_rows(&self, pane: Pane) -> usize {
        let area = ratatui::layout::Rect::new(0, 0, self.screen.size.0, self.screen.size.1);
        self.panes(area)
            .and_then(|p| match pane {
                Pane::Sections => p.sections,
                Pane::Articles => p.articles,
                Pane::Reader => p.reader,
            })
            .map_or(1, |r| usize::from(r.height.saturating_sub(2)).max(1))
    }

    pub(super) fn move_by(&mut self, delta: isize) {
        match self.screen.focus {
            Pane::Sections => {
                let sel =
                    super::lists::step(self.lists.section_sel, delta, self.lists.sections.len());
                self.select_section(sel);
            }
            Pane::Articles => self.lists.move_article_by(delta),
            Pane::Reader => self.scroll_by(delta),
        }
    }

    pub(super) fn move_to_end(&mut self, last: bool) {
        match self.screen.focus {
            Pane::Sections => {
                let sel = if last {
                    self.lists.sections.len().saturating_sub(1)
                } else {
                    0
                };
                self.select_section(sel);
            }
            Pane::Articles => self.lists.article_to_end(last),
            Pane::Reader => self.scroll_by(if last { isize::MAX / 2 } else { isize::MIN / 2 }),
        }
    }

    pub(super) fn page(&mut self, direction: isize) {
        let rows = self.list_rows(self.screen.focus);
        let delta = direction * isize::try_from(rows.saturating_sub(1).max(1)).unwrap_or(1);
        self.move_by(delta);
    }

    /// Selects section row `row` and shows its articles.
    pub(super) fn select_section(&mut self, row: usize) {
        if row != self.lists.section_sel {
            self.lists.section_sel = row;
            // A story's timeline is of the section left.
            self.stories.open = None;
            self.lists.view.clear();
            self.lists.cursor_moved = false;
            self.rebuild_view();
            self.lists.article_sel = 0;
            self.lists.article_offset = 0;
        }
    }

    /// The panes focus moves through, in order.
    fn focusable(&self) -> Vec<Pane> {
        let mut panes = vec![Pane::Sections, Pane::Articles];
        if self.reader.is_some() {
            panes.push(Pane::Reader);
        }
        panes
    }

    pub(super) fn focus_step(&mut self, delta: isize) {
        let panes = self.focusable();
        let at = panes
            .iter()
            .position(|p| *p == self.screen.focus)
            .unwrap_or(0);
        let next = at as isize + delta;
        // No wrapping: h at the left edge and l at the right edge stay put, as in a file manager.
        if let Some(p) = usize::try_from(next).ok().and_then(|n| panes.get(n)) {
            self.screen.focus = *p;
        }
        // Leaving the zoomed reader for a list brings the panes back: a list must be seen to
        // be moved in.
        if self.screen.zoom && self.screen.focus != Pane::Reader {
            self.screen.zoom = false;
            self.relayout();
        }
    }

    /// Adjusts list offsets so the selections are on screen.
    pub(super) fn keep_visible(&mut self) {
        let sections = self.list_rows(Pane::Sections);
        let articles = self.list_rows(Pane::Articles);
        self.lists.keep_visible(sections, articles);
    }
}
