//! The screen: its size, focus, overlay and message, how it is shown (the time dates are
//! relative to, colour or not, zoom), and the way back: `Esc` and `q`.

use ratatui::layout::Rect;

use super::{App, Pane};
use crate::date::Now;
use crate::geometry::{self, Panes, Shown, Spot};

/// A screen drawn over the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The key table.
    Help {
        /// First row shown.
        scroll: usize,
    },
    /// Files that had problems.
    Warnings {
        /// First row shown.
        scroll: usize,
    },
}

/// A message for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The text.
    pub text: String,
    /// Needs attention (shown in the alert style).
    pub alert: bool,
}

/// What the shell tells about the screen, what is on it, and the zoom.
#[derive(Debug, Default)]
pub struct Screen {
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// The focused pane.
    pub focus: Pane,
    /// An overlay, if shown.
    pub overlay: Option<Overlay>,
    /// The status line's message.
    pub message: Option<Message>,
    /// The time the lists' relative dates count from, marks are stamped with and queries count
    /// from, and the zone dates are read in. Set by the shell before each frame and each update
    /// (reading the clock is its business): `update` stays deterministic, and tests choose
    /// their own.
    pub now: Now,
    /// The open article alone on the whole screen (`z`).
    pub zoom: bool,
    /// `NO_COLOR`: no colour at all; what colour told is told by bold, reverse, italic and
    /// underline.
    pub mono: bool,
    /// The theme (`config.toml`'s, else the default one).
    pub theme: crate::theme::Theme,
    /// The key table in force: the help shows it, the shell dispatches with it.
    pub keys: crate::keymap::Keymap,
    /// Pane widths, the measure, the list's columns.
    pub layout: crate::config::LayoutConfig,
    /// `config.toml`'s warnings (an unknown setting), for `w`: where, and what.
    pub config_warnings: Vec<(String, String)>,
}

impl Screen {
    /// Is the terminal wide enough for three panes side by side?
    pub fn wide(&self) -> bool {
        self.size.0 >= crate::geometry::WIDE
    }
}

impl App {
    /// What the screen shows, as the geometry needs it.
    pub fn shown(&self) -> Shown<'_> {
        Shown {
            size: self.screen.size,
            focus: self.screen.focus,
            reader_open: self.reader.is_some(),
            zoom: self.screen.zoom,
            layout: &self.screen.layout,
            sections: (self.lists.section_offset, self.lists.sections.len()),
            articles: (self.lists.article_offset, self.lists.view.len()),
        }
    }

    /// The panes of this screen in a terminal `area`; `None` when it is too small to use.
    pub fn panes(&self, area: Rect) -> Option<Panes> {
        geometry::panes_with(
            area,
            self.screen.focus,
            self.reader.is_some(),
            self.screen.zoom,
            &self.screen.layout,
        )
    }

    /// What is under cell (`x`, `y`) of the screen (0-based).
    pub fn spot(&self, x: u16, y: u16) -> Option<Spot> {
        geometry::spot(&self.shown(), x, y)
    }

    /// `z`: the open article alone on the whole screen, or back to the panes.
    pub(super) fn toggle_zoom(&mut self) {
        if self.reader.is_none() {
            self.say("z zooms the open article (Enter opens one)");
            return;
        }
        self.keeping_match_in_view(|app| {
            app.screen.zoom = !app.screen.zoom;
            if app.screen.zoom {
                app.screen.focus = Pane::Reader;
            }
            app.relayout();
        });
    }

    /// Esc and q. A find in the reader first: ended. Then the reader (with its zoom): closed. In the lists, Esc clears a filter
    /// (keeping the selected article selected); then either key closes an open article, and
    /// only then does `q` quit (SPEC §7: "q quits only from the lists with no article open").
    pub(super) fn back(&mut self, quit_from_lists: bool) {
        let esc = !quit_from_lists;
        if self.end_find() {
            // The find first: the article stays open.
        } else if self.screen.focus == Pane::Reader {
            self.close_reader();
        } else if self.screen.focus == Pane::Articles && self.close_timeline() {
            // A story's timeline: back to the folded list.
        } else if esc && !self.finding.filter.text.is_empty() {
            let kept = self.lists.selected_entry();
            self.clear_query();
            self.reselect(kept);
        } else if esc && (self.finding.filter.unread_only || self.finding.filter.starred_only) {
            // Esc with no text filter clears the other filters: there is always a way back to
            // the whole list.
            let kept = self.lists.selected_entry();
            self.finding.filter.unread_only = false;
            self.finding.filter.starred_only = false;
            self.refilter();
            self.reselect(kept);
            self.say("filters cleared");
        } else if self.reader.is_some() {
            self.close_reader();
        } else if quit_from_lists {
            self.quit = true;
        }
    }

    /// Puts the cursor back on entry `n` when the list holds it (after the list was rebuilt).
    pub(super) fn reselect(&mut self, n: Option<u32>) {
        if let Some(row) = n.and_then(|n| self.row_of(n)) {
            self.lists.article_sel = row;
            self.lists.cursor_moved = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_screen_focuses_the_articles_and_is_wide_from_the_threshold() {
        let mut screen = Screen {
            size: (geometry::WIDE - 1, 40),
            ..Screen::default()
        };
        assert_eq!(screen.focus, Pane::Articles);
        assert!(screen.overlay.is_none() && screen.message.is_none());
        assert!(!screen.wide());
        screen.size.0 = geometry::WIDE;
        assert!(screen.wide());
    }
}
