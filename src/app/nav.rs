//! Moving around: selections, pages, focus, and keeping the selection on screen.

use super::{App, Pane};

impl App {
    /// Rows the focused list shows, from the pane geometry.
    fn list_rows(&self, pane: Pane) -> usize {
        let area = ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1);
        self.panes(area)
            .and_then(|p| match pane {
                Pane::Sections => p.sections,
                Pane::Articles => p.articles,
                Pane::Reader => p.reader,
            })
            .map_or(1, |r| usize::from(r.height.saturating_sub(2)).max(1))
    }

    pub(super) fn move_by(&mut self, delta: isize) {
        match self.focus {
            Pane::Sections => {
                let sel = step(self.section_sel, delta, self.sections.len());
                self.select_section(sel);
            }
            Pane::Articles => {
                self.article_sel = step(self.article_sel, delta, self.view.len());
                self.cursor_moved = true;
            }
            Pane::Reader => self.scroll_by(delta),
        }
    }

    pub(super) fn move_to_end(&mut self, last: bool) {
        match self.focus {
            Pane::Sections => {
                let sel = if last {
                    self.sections.len().saturating_sub(1)
                } else {
                    0
                };
                self.select_section(sel);
            }
            Pane::Articles => {
                self.cursor_moved = true;
                self.article_sel = if last {
                    self.view.len().saturating_sub(1)
                } else {
                    0
                };
            }
            Pane::Reader => self.scroll_by(if last { isize::MAX / 2 } else { isize::MIN / 2 }),
        }
    }

    pub(super) fn page(&mut self, direction: isize) {
        let rows = self.list_rows(self.focus);
        let delta = direction * isize::try_from(rows.saturating_sub(1).max(1)).unwrap_or(1);
        self.move_by(delta);
    }

    /// Selects section row `row` and shows its articles.
    pub(super) fn select_section(&mut self, row: usize) {
        if row != self.section_sel {
            self.section_sel = row;
            // A story's timeline is of the section left.
            self.stories.open = None;
            self.view.clear();
            self.cursor_moved = false;
            self.rebuild_view();
            self.article_sel = 0;
            self.article_offset = 0;
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
        let at = panes.iter().position(|p| *p == self.focus).unwrap_or(0);
        let next = at as isize + delta;
        // No wrapping: h at the left edge and l at the right edge stay put, as in a file manager.
        if let Some(p) = usize::try_from(next).ok().and_then(|n| panes.get(n)) {
            self.focus = *p;
        }
        // Leaving the zoomed reader for a list brings the panes back: a list must be seen to
        // be moved in.
        if self.screen.zoom && self.focus != Pane::Reader {
            self.screen.zoom = false;
            self.relayout();
        }
    }

    /// Adjusts list offsets so the selections are on screen.
    pub(super) fn keep_visible(&mut self) {
        let rows = self.list_rows(Pane::Sections);
        self.section_offset = visible(self.section_offset, self.section_sel, rows);
        let rows = self.list_rows(Pane::Articles);
        self.article_offset = visible(self.article_offset, self.article_sel, rows);
    }
}

/// `sel` moved by `delta`, kept within `0..len`.
pub(super) fn step(sel: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let moved = sel as isize + delta;
    usize::try_from(moved.max(0)).unwrap_or(0).min(len - 1)
}

/// The first row to show so that `sel` is among `rows` rows.
fn visible(offset: usize, sel: usize, rows: usize) -> usize {
    if sel < offset {
        sel
    } else if sel >= offset + rows {
        sel + 1 - rows
    } else {
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_and_offsets() {
        assert_eq!(step(0, -1, 5), 0);
        assert_eq!(step(3, 10, 5), 4);
        assert_eq!(step(0, 1, 0), 0);
        assert_eq!(visible(0, 12, 10), 3);
        assert_eq!(visible(5, 2, 10), 2);
        assert_eq!(visible(5, 8, 10), 5);
    }
}
