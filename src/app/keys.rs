//! What each key does in the lists and the reader (the prompts and overlays have their own).

use super::{App, Overlay, Pane};
use crate::action::Action;

impl App {
    pub(super) fn key(&mut self, action: Action) {
        match action {
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::Top => self.move_to_end(false),
            Action::Bottom => self.move_to_end(true),
            Action::PageDown => self.page(1),
            Action::PageUp => self.page(-1),
            Action::FocusNext => self.focus_step(1),
            Action::FocusPrev => self.focus_step(-1),
            Action::Open => self.open_selected(),
            Action::Space => self.space(),
            Action::NextUnread if self.finding() => self.find_step(true),
            Action::NextUnread => self.next_unread(true),
            Action::PrevMatch if self.finding() => self.find_step(false),
            Action::PrevMatch => {
                self.say("N goes back to the previous match of a find (/ in the reader)")
            }
            Action::PrevUnread => self.next_unread(false),
            Action::ToggleRead => self.toggle_read(),
            Action::ToggleStar => self.toggle_star(),
            Action::MarkAllRead => self.mark_all_read(),
            Action::Undo => self.undo(),
            Action::FilterPrompt if self.screen.focus == Pane::Reader && self.reader.is_some() => {
                self.open_find();
            }
            Action::FilterPrompt => self.open_prompt(),
            Action::ToggleUnreadOnly => {
                self.finding.filter.unread_only = !self.finding.filter.unread_only;
                self.refilter();
            }
            Action::ToggleStarredOnly => {
                self.finding.filter.starred_only = !self.finding.filter.starred_only;
                self.refilter();
            }
            Action::Reload => self.reload(),
            Action::Help => self.screen.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Warnings => self.screen.overlay = Some(Overlay::Warnings { scroll: 0 }),
            Action::Back => self.back(false),
            Action::BackOrQuit => self.back(true),
            Action::CycleSort => self.cycle_sort(),
            Action::ToggleStories => self.toggle_stories(),
            Action::Zoom => self.toggle_zoom(),
            Action::Edit => self.edit(),
            Action::CopyPath => self.copy(false),
            Action::CopyText => self.copy(true),
            Action::Click { x, y, double } => self.click(x, y, double),
            Action::Wheel { x, y, down } => self.wheel(x, y, down),
            Action::Unbound(key) => self.say(format!("{key}: not a key here · ? for help")),
            _ => {}
        }
    }
}
