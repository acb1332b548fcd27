//! Marking: read / unread, stars, everything in view read, and undo.

use super::{App, Pane};
use crate::state::Flag;

/// How many markings `u` can undo.
const UNDO_DEPTH: usize = 100;

/// One change `u` can take back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Undo {
    id: u64,
    flag: Flag,
    old: bool,
    at: i64,
}

impl Undo {
    fn new(id: u64, flag: Flag, old: bool, at: i64) -> Undo {
        Undo { id, flag, old, at }
    }
}

impl App {
    /// The article a marking key applies to: the open one in the reader, else the selected one.
    fn target(&self) -> Option<u32> {
        match self.focus {
            Pane::Reader => self.reader.as_ref().map(|r| r.entry),
            Pane::Articles => self.view.get(self.article_sel).copied(),
            Pane::Sections => None,
        }
        .filter(|&n| (n as usize) < self.entries.len())
    }

    fn push_undo(&mut self, changes: Vec<Undo>) {
        if changes.is_empty() {
            return;
        }
        self.undo.push(changes);
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
    }

    /// Marks entry `n` read (opening it does), undoably.
    pub(super) fn mark_read(&mut self, n: u32) {
        let id = self.entries[n as usize].id;
        if !self.state.is_read(id) {
            let now = self.clock.now();
            let old = self.state.set_read(id, true, now);
            self.push_undo(vec![Undo::new(id, Flag::Read, old.read, now)]);
            self.marks_changed();
        }
    }

    pub(super) fn toggle_read(&mut self) {
        let Some(n) = self.target() else {
            self.say("select an article first");
            return;
        };
        let id = self.entries[n as usize].id;
        let read = !self.state.is_read(id);
        let now = self.clock.now();
        let old = self.state.set_read(id, read, now);
        self.push_undo(vec![Undo::new(id, Flag::Read, old.read, now)]);
        self.say(if read { "marked read" } else { "marked unread" });
        self.marks_changed();
    }

    pub(super) fn toggle_star(&mut self) {
        let Some(n) = self.target() else {
            self.say("select an article first");
            return;
        };
        let id = self.entries[n as usize].id;
        let starred = !self.state.is_starred(id);
        let now = self.clock.now();
        let old = self.state.set_starred(id, starred, now);
        self.push_undo(vec![Undo::new(id, Flag::Starred, old.starred, now)]);
        self.say(if starred { "starred" } else { "star removed" });
        self.marks_changed();
    }

    /// `A`: every article of the current view read, as one undoable step.
    pub(super) fn mark_all_read(&mut self) {
        let mut changes = Vec::new();
        for i in 0..self.view.len() {
            let id = self.entries[self.view[i] as usize].id;
            if !self.state.is_read(id) {
                let now = self.clock.now();
                let old = self.state.set_read(id, true, now);
                changes.push(Undo::new(id, Flag::Read, old.read, now));
            }
        }
        let n = changes.len();
        self.push_undo(changes);
        if n == 0 {
            self.say("nothing unread here");
        } else {
            self.say(format!(
                "marked {n} article{} read (u undoes)",
                if n == 1 { "" } else { "s" }
            ));
            self.marks_changed();
        }
    }

    /// `u`: puts back the marks the last marking changed.
    pub(super) fn undo(&mut self) {
        let Some(changes) = self.undo.pop() else {
            self.say("nothing to undo");
            return;
        };
        let mut n = 0;
        for u in changes {
            let now = self.clock.now();
            n += usize::from(self.state.undo(u.id, u.flag, u.old, u.at, now));
        }
        self.say(format!(
            "undone ({n} article{})",
            if n == 1 { "" } else { "s" }
        ));
        self.marks_changed();
    }

    /// Counts change; the list keeps its rows (see `rebuild_view`).
    fn marks_changed(&mut self) {
        self.dirty = true;
        self.rebuild_sections();
    }
}
