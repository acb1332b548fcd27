//! `r`: loading the library again without losing one's place.
//!
//! A reload renumbers every article, so what the user was looking at is remembered by identity
//! (and the section by name) and found again as the new load brings it in.

use super::App;

/// What was on screen when a reload started, to find again in the new load.
#[derive(Debug, Clone, Default)]
pub(super) struct Place {
    /// The selected section's name (`None`: "All").
    section: Option<String>,
    /// The selected article's identity.
    selected: Option<u64>,
    /// The open article's identity.
    open: Option<u64>,
    /// Entries of the new load already looked at.
    seen: usize,
}

/// The status message while a reload runs (replaced when it ends).
pub(super) const RELOADING: &str = "reloading the library…";

impl App {
    /// `r`: load the library again.
    pub(super) fn reload(&mut self) {
        self.generation += 1;
        self.progress = Some(super::Progress { done: 0, total: 0 });
        self.effects.push(super::Effect::Reload {
            generation: self.generation,
        });
        self.say(RELOADING);
    }

    /// Notes what is on screen before the library is forgotten.
    pub(super) fn remember_place(&mut self) {
        let id = |n: u32| self.entries.get(n as usize).map(|e| e.id);
        self.place = Some(Place {
            section: self
                .sections
                .get(self.section_sel)
                .filter(|r| r.number.is_some())
                .map(|r| r.name.clone()),
            selected: self.view.get(self.article_sel).copied().and_then(id),
            open: self.reader.as_ref().and_then(|r| id(r.entry)),
            seen: 0,
        });
        self.section_sel = 0;
        self.cursor_moved = false;
    }

    /// A key was pressed during the reload: the user has moved on, the lists are theirs.
    /// (The open article is still found again: it stays on screen whatever the keys.)
    pub(super) fn user_took_over(&mut self) {
        if let Some(p) = &mut self.place {
            p.section = None;
            p.selected = None;
        }
    }

    /// Puts the section, selection and open article back as they come in (after the lists
    /// were rebuilt).
    pub(super) fn restore_place(&mut self) {
        let Some(mut place) = self.place.take() else {
            return;
        };
        if let Some(name) = &place.section
            && let Some(row) = self.sections.iter().position(|r| &r.name == name)
        {
            place.section = None;
            self.section_sel = row;
            self.rebuild_view();
        }
        for n in place.seen..self.entries.len() {
            let id = self.entries[n].id;
            let n = u32::try_from(n).unwrap_or(u32::MAX);
            if place.open == Some(id) {
                place.open = None;
                if let Some(r) = &mut self.reader {
                    r.entry = n;
                }
            }
            // Only once its section is back: the article is looked for in the list shown.
            if place.section.is_none()
                && place.selected == Some(id)
                && let Some(row) = self.view.iter().position(|&v| v == n)
            {
                place.selected = None;
                self.article_sel = row;
                self.cursor_moved = true;
            }
        }
        if place.section.is_none() {
            place.seen = self.entries.len();
        }
        let done = self.progress.is_none() && self.indexing.is_none();
        let pending = place.section.is_some() || place.selected.is_some() || place.open.is_some();
        if pending && !done {
            self.place = Some(place);
        }
    }
}
