//! `r`: loading the library again without losing one's place.
//!
//! A reload renumbers every article, so what the user was looking at is remembered by identity
//! (and the section by name) and found again as the new load brings it in.

use super::{App, Effect};
use crate::source::Source;

/// What was on screen when a reload started, to find again in the new load.
#[derive(Debug, Clone, Default)]
pub(super) struct Place {
    /// The selected section's name (`None`: "All").
    section: Option<String>,
    /// The selected article's identity.
    selected: Option<u64>,
    /// The open article's identity, and its file (an edited headline changes the identity).
    open: Option<(u64, Source)>,
    /// Entries of the new load already looked at.
    seen: usize,
}

/// The status message while a reload runs (replaced when it ends).
pub(super) const RELOADING: &str = "reloading the library…";

impl App {
    /// `r`: load the library again.
    pub(super) fn reload(&mut self) {
        self.loading.generation += 1;
        self.loading.progress = Some(super::Progress { done: 0, total: 0 });
        self.effects.push(super::Effect::Reload {
            generation: self.loading.generation,
        });
        self.say(RELOADING);
    }

    /// Notes what is on screen before the library is forgotten.
    pub(super) fn remember_place(&mut self) {
        let id = |n: u32| self.entries.get(n as usize).map(|e| e.id);
        self.loading.place = Some(Place {
            section: self
                .lists
                .sections
                .get(self.lists.section_sel)
                .filter(|r| r.scope != super::Scope::All)
                .map(|r| r.name.clone()),
            selected: self.lists.selected_entry().and_then(id),
            open: self.reader.as_ref().and_then(|r| {
                let e = self.entries.get(r.entry as usize)?;
                Some((e.id, e.source.clone()))
            }),
            seen: 0,
        });
        self.lists.section_sel = 0;
        self.lists.cursor_moved = false;
    }

    /// A key was pressed during the reload: the user has moved on, the lists are theirs.
    /// (The open article is still found again: it stays on screen whatever the keys.)
    pub(super) fn user_took_over(&mut self) {
        if let Some(p) = &mut self.loading.place {
            p.section = None;
            p.selected = None;
        }
    }

    /// Puts the section, selection and open article back as they come in (after the lists
    /// were rebuilt).
    pub(super) fn restore_place(&mut self) {
        let Some(mut place) = self.loading.place.take() else {
            return;
        };
        if let Some(name) = &place.section
            && let Some(row) = self.lists.sections.iter().position(|r| &r.name == name)
        {
            place.section = None;
            self.lists.section_sel = row;
            self.rebuild_view();
        }
        for n in place.seen..self.entries.len() {
            let id = self.entries[n].id;
            let same =
                |(open, source): &(u64, Source)| *open == id || *source == self.entries[n].source;
            let n = u32::try_from(n).unwrap_or(u32::MAX);
            if place.open.as_ref().is_some_and(same) {
                place.open = None;
                self.reread(n);
            }
            // Only once its section is back: the article is looked for in the list shown.
            if place.section.is_none()
                && place.selected == Some(id)
                && let Some(row) = self.row_of(n)
            {
                place.selected = None;
                self.lists.article_sel = row;
                self.lists.cursor_moved = true;
            }
        }
        if place.section.is_none() {
            place.seen = self.entries.len();
        }
        let done = self.loading.progress.is_none() && self.loading.indexing.is_none();
        let pending = place.section.is_some() || place.selected.is_some() || place.open.is_some();
        if pending && !done {
            self.loading.place = Some(place);
        } else if place.open.is_some() && self.reader.is_some() {
            // Its file is gone: the reader does not go on showing (and marking) an article
            // that is no longer there.
            self.reader = None;
            self.screen.zoom = false;
            self.screen.focus = super::Pane::Articles;
            self.alert("the open article is no longer in the library: its file was removed");
        }
    }

    /// The open article, found again as entry `n` of the new load, is read again: its file
    /// may have changed. The place on screen is kept (by its anchor).
    fn reread(&mut self, n: u32) {
        let Some(r) = &mut self.reader else {
            return;
        };
        r.entry = n;
        if let Some(e) = self.entries.get(n as usize) {
            self.effects.push(Effect::LoadArticle {
                entry: n,
                generation: self.loading.generation,
                source: e.source.clone(),
                label: e.label().map(str::to_owned),
            });
        }
    }
}
