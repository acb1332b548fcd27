//! The mouse (SPEC §7): a click selects and focuses, a click on the selected row (or a double
//! click) opens, the wheel scrolls the pane under the pointer. Where a cell lies is the
//! geometry's business ([`crate::geometry::spot`]).

use super::{App, Pane};
use crate::action::Action;
use crate::geometry::Spot;

/// Lines (or rows) one notch of the wheel moves.
pub const WHEEL_LINES: isize = 3;

impl App {
    /// A click on cell (`x`, `y`).
    pub(super) fn click(&mut self, x: u16, y: u16, double: bool) {
        if self.screen.overlay.is_some() {
            // Anywhere: the help or the warnings close, as with Esc.
            self.screen.overlay = None;
            return;
        }
        match self.spot(x, y) {
            Some(Spot::Sections(row)) => {
                self.screen.focus = Pane::Sections;
                if let Some(row) = row {
                    let again = row == self.lists.section_sel;
                    self.select_section(row);
                    if again || double {
                        self.open_selected();
                    }
                }
            }
            Some(Spot::Articles(row)) => {
                self.screen.focus = Pane::Articles;
                let Some(row) = row else {
                    return;
                };
                let again = row == self.lists.article_sel;
                self.lists.article_sel = row;
                self.lists.cursor_moved = true;
                if !(again || double) {
                    return;
                }
                let n = self.lists.view[row];
                if self.reader.as_ref().is_some_and(|r| r.entry == n) {
                    // Open already (the second click of a double click, or a click on the
                    // article being read): the reader takes the focus.
                    self.screen.focus = Pane::Reader;
                } else if !self.open_timeline(row) {
                    self.open(n);
                }
            }
            Some(Spot::Reader) if self.reader.is_some() => self.screen.focus = Pane::Reader,
            _ => {}
        }
    }

    /// The wheel over cell (`x`, `y`): the pane under it scrolls, whichever has the focus.
    pub(super) fn wheel(&mut self, x: u16, y: u16, down: bool) {
        let delta = if down { WHEEL_LINES } else { -WHEEL_LINES };
        if self.screen.overlay.is_some() {
            for _ in 0..WHEEL_LINES {
                self.overlay_key(if down { Action::Down } else { Action::Up });
            }
            return;
        }
        match self.spot(x, y) {
            Some(Spot::Reader) => self.scroll_by(delta),
            Some(Spot::Sections(_)) => {
                let row =
                    super::lists::step(self.lists.section_sel, delta, self.lists.sections.len());
                self.select_section(row);
            }
            Some(Spot::Articles(_)) => self.lists.move_article_by(delta),
            _ => {}
        }
    }
}
