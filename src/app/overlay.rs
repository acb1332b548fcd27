//! The screens over the panes (help, files with problems): keys while one is shown, and the
//! rows of the warnings view.

use super::{App, Item, Overlay};
use crate::action::Action;

impl App {
    pub(super) fn overlay_key(&mut self, action: Action) {
        let Some(overlay) = self.screen.overlay else {
            return;
        };
        let rows = match overlay {
            Overlay::Help { .. } => self.screen.keys.help_rows().len(),
            Overlay::Warnings { .. } => self.warning_count(),
        };
        let scroll = match overlay {
            Overlay::Help { scroll } | Overlay::Warnings { scroll } => scroll,
        };
        let new_scroll = match action {
            Action::Down => (scroll + 1).min(rows.saturating_sub(1)),
            Action::Up => scroll.saturating_sub(1),
            Action::PageDown | Action::Space => {
                (scroll + usize::from(self.screen.size.1 / 2)).min(rows.saturating_sub(1))
            }
            Action::PageUp => scroll.saturating_sub(usize::from(self.screen.size.1 / 2)),
            Action::Top => 0,
            Action::Bottom => rows.saturating_sub(1),
            Action::Back | Action::BackOrQuit => {
                self.screen.overlay = None;
                return;
            }
            Action::Help if matches!(overlay, Overlay::Help { .. }) => {
                self.screen.overlay = None;
                return;
            }
            Action::Warnings if matches!(overlay, Overlay::Warnings { .. }) => {
                self.screen.overlay = None;
                return;
            }
            Action::Help => {
                self.screen.overlay = Some(Overlay::Help { scroll: 0 });
                return;
            }
            Action::Warnings => {
                self.screen.overlay = Some(Overlay::Warnings { scroll: 0 });
                return;
            }
            _ => scroll,
        };
        self.screen.overlay = Some(match overlay {
            Overlay::Help { .. } => Overlay::Help { scroll: new_scroll },
            Overlay::Warnings { .. } => Overlay::Warnings { scroll: new_scroll },
        });
    }

    /// Rows of the warnings view: unreadable files, then files read with warnings.
    pub fn warning_rows(&self) -> Vec<(String, String)> {
        // config.toml's problems first: the user wrote them, and can fix them.
        let mut rows: Vec<(String, String)> = self.screen.config_warnings.clone();
        if let Some(why) = &self.loading.unwatched {
            rows.push(("live updates".into(), why.clone()));
        }
        rows.extend(self.loading.problems.iter().map(|p| {
            (
                crate::sanitize::one_line(&p.path.to_string_lossy()),
                p.message.clone(),
            )
        }));
        for e in self.live_entries() {
            for w in &e.warnings {
                rows.push((e.source.display(), w.clone()));
            }
        }
        rows
    }

    pub(super) fn count_problem_files(&self) -> usize {
        usize::from(!self.screen.config_warnings.is_empty())
            + usize::from(self.loading.unwatched.is_some())
            + self.loading.problems.len()
            + self
                .live_entries()
                .filter(|e| !e.warnings.is_empty())
                .count()
    }

    fn warning_count(&self) -> usize {
        self.screen.config_warnings.len()
            + usize::from(self.loading.unwatched.is_some())
            + self.loading.problems.len()
            + self.live_entries().map(|e| e.warnings.len()).sum::<usize>()
    }

    /// The entries whose files are still there as loaded.
    pub(super) fn live_entries(&self) -> impl Iterator<Item = &Item> {
        self.entries
            .iter()
            .zip(&self.catalog.alive)
            .filter(|(_, a)| **a)
            .map(|(e, _)| e)
    }
}
