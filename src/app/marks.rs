//! Marking: read / unread, stars, everything in view read, and undo.

use std::collections::HashMap;

use super::{App, Pane};
use crate::state::{Change, Clock, Flag, Position, Stamp, Value};

/// How many markings `u` can undo.
const UNDO_DEPTH: usize = 100;

/// One change `u` can take back: the flag and the value it had before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Undo {
    id: u64,
    flag: Flag,
    old: bool,
}

/// This reader's changes to the marks: who makes them, when, what is still to save, and what
/// `u` can take back.
#[derive(Debug, Default)]
pub struct Marking {
    /// This device's id (stamps carry it).
    pub device: u64,
    /// The clock stamps start from: the time the shell hands in, as this clock takes it
    /// (see [`Clock::at`]).
    pub clock: Clock,
    undo: Vec<Vec<Undo>>,
    /// The stamp of this reader's last write of each flag of each article (for undo).
    written: HashMap<(u64, Flag), Stamp>,
    /// Changes made and not yet handed to the run loop to save.
    pub(super) outbox: Vec<Change>,
}

impl Marking {
    /// A marking for `device`, stamping from `clock`.
    pub fn new(device: u64, clock: Clock) -> Marking {
        Marking {
            device,
            clock,
            ..Marking::default()
        }
    }
}

impl App {
    pub(super) fn on_saved(&mut self, result: Result<(), String>) {
        // A failed save is retried by the saver; until one succeeds, the status line says why
        // (said at once, over any message, the first time it fails or fails otherwise).
        if let Err(why) = &result
            && self.save_error.as_ref() != Some(why)
        {
            self.alert(format!("⚠ state not saved: {why}"));
        }
        self.save_error = result.err();
    }

    /// Marks made elsewhere (another device's file synced in, `kiosque mark`, a second
    /// reader) come in: the later change of each flag wins, and the counts follow.
    pub(super) fn on_state_read(&mut self, changes: &[Change], notices: Vec<String>) {
        let mut changed = false;
        for c in changes {
            changed |= self.state.apply(c);
        }
        if changed {
            self.rebuild_sections();
            self.marks_changed_views();
        }
        if let Some(last) = notices.into_iter().last() {
            self.alert(last);
        }
    }

    /// The article a marking key applies to: the open one in the reader, else the selected one.
    fn target(&self) -> Option<u32> {
        match self.focus {
            Pane::Reader => self.reader.as_ref().map(|r| r.entry),
            Pane::Articles => self.lists.selected_entry(),
            Pane::Sections => None,
        }
        .filter(|&n| (n as usize) < self.entries.len())
    }

    pub(super) fn push_undo(&mut self, changes: Vec<Undo>) {
        if changes.is_empty() {
            return;
        }
        let undo = &mut self.marking.undo;
        undo.push(changes);
        if undo.len() > UNDO_DEPTH {
            undo.remove(0);
        }
    }

    /// Sets a flag (stamped after the change it replaces), remembering the stamp and keeping
    /// the change to save; returns what undoes it.
    pub(super) fn write(&mut self, id: u64, flag: Flag, value: bool) -> Undo {
        let before = self.state.get(id);
        let (old, value) = match flag {
            Flag::Starred => (before.starred(), Value::Starred(value)),
            _ => (before.read(), Value::Read(value)),
        };
        let t = self.time_ms();
        let m = &mut self.marking;
        let change = self.state.change(id, value, t, m.device);
        m.written.insert((id, flag), change.stamp);
        m.outbox.push(change);
        Undo { id, flag, old }
    }

    /// The time of this update in milliseconds since the epoch, that changes are stamped with
    /// and queries count from: the shell's reading of the system clock (`screen.now`, set
    /// before each update: `update` reads no clock), as this reader's clock takes it (fixed in
    /// tests, shifted by the skew of the end-to-end tests).
    pub(super) fn time_ms(&self) -> i64 {
        self.marking.clock.at(self.screen.now.at.as_millisecond())
    }

    /// Sets the reading position of `id` (not undoable: it is where one is, not a marking),
    /// keeping the change to save.
    pub(super) fn write_position(&mut self, id: u64, position: Position) {
        let t = self.time_ms();
        let m = &mut self.marking;
        let change = self
            .state
            .change(id, Value::Position(position), t, m.device);
        m.outbox.push(change);
    }

    /// Takes the changes to save (the run loop hands them to the saver at once).
    pub fn take_changes(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.marking.outbox)
    }

    /// Are there changes the run loop has not taken yet?
    pub fn has_changes(&self) -> bool {
        !self.marking.outbox.is_empty()
    }

    /// Marks entry `n` read (opening it does), undoably.
    pub(super) fn mark_read(&mut self, n: u32) {
        let id = self.entries[n as usize].id;
        if !self.state.is_read(id) {
            let change = self.write(id, Flag::Read, true);
            self.push_undo(vec![change]);
            self.marks_changed();
        }
    }

    pub(super) fn toggle_read(&mut self) {
        if self.focus == Pane::Articles && self.row_is_story(self.lists.article_sel) {
            self.toggle_row_read(self.lists.article_sel);
            return;
        }
        let Some(n) = self.target() else {
            self.say("select an article first");
            return;
        };
        let id = self.entries[n as usize].id;
        let read = !self.state.is_read(id);
        let change = self.write(id, Flag::Read, read);
        self.push_undo(vec![change]);
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
        let change = self.write(id, Flag::Starred, starred);
        self.push_undo(vec![change]);
        self.say(if starred { "starred" } else { "star removed" });
        self.marks_changed();
    }

    /// `A`: every article of the current view read, as one undoable step (every article of
    /// each folded story; in a story's timeline, the story).
    pub(super) fn mark_all_read(&mut self) {
        let ids: Vec<u64> = (0..self.lists.view.len())
            .flat_map(|i| self.row_articles(i))
            .map(|&n| self.entries[n as usize].id)
            .filter(|&id| !self.state.is_read(id))
            .collect();
        let mut changes = Vec::new();
        for id in ids {
            changes.push(self.write(id, Flag::Read, true));
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
        let Some(changes) = self.marking.undo.pop() else {
            self.say("nothing to undo");
            return;
        };
        let mut n = 0;
        for u in changes.into_iter().rev() {
            // Only a flag still as this reader last wrote it is put back: a change made since
            // by another process (a merged save brought it in) is left alone.
            let mine = self.marking.written.get(&(u.id, u.flag)).copied();
            if mine.is_some() && self.state.stamp(u.id, u.flag) == mine {
                self.write(u.id, u.flag, u.old);
                n += 1;
            }
        }
        self.say(format!(
            "undone ({n} article{})",
            if n == 1 { "" } else { "s" }
        ));
        self.marks_changed();
    }

    /// Counts change; the list keeps its rows (see `rebuild_view`).
    pub(super) fn marks_changed(&mut self) {
        self.rebuild_sections();
        self.marks_changed_views();
    }
}
