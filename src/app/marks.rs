//! Marking: read / unread, stars, everything in view read, and undo.

use std::collections::HashMap;

use super::{App, Pane};
use crate::state::{Change, Clock, Flag, Position, Stamp, State, Value};

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

/// The marks: every device's as merged, this reader's changes to them, and what they count.
#[derive(Debug)]
pub struct Marks {
    /// Read and starred marks.
    pub state: State,
    /// This reader's changes: stamps, what is left to save, undo.
    pub marking: Marking,
    /// Read articles whose file is in another version than the one read.
    pub updated: usize,
    /// Why the last save failed, until one succeeds.
    pub save_error: Option<String>,
}

impl Marks {
    /// The marks `state`, before this reader changes any.
    pub fn new(state: State) -> Marks {
        Marks {
            state,
            marking: Marking::new(0, Clock::default()),
            updated: 0,
            save_error: None,
        }
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

    /// Sets a flag (stamped after the change it replaces, at `t` ms), remembering the stamp
    /// and keeping the change to save; returns what undoes it.
    pub(super) fn write(&mut self, id: u64, flag: Flag, value: bool, t: i64) -> Undo {
        let before = self.state.get(id);
        let (old, value) = match flag {
            Flag::Starred => (before.starred(), Value::Starred(value)),
            _ => (before.read(), Value::Read(value)),
        };
        let m = &mut self.marking;
        let change = self.state.change(id, value, t, m.device);
        m.written.insert((id, flag), change.stamp);
        m.outbox.push(change);
        Undo { id, flag, old }
    }

    /// Sets the reading position of `id` at `t` ms (not undoable: it is where one is, not a
    /// marking), keeping the change to save.
    pub(super) fn write_position(&mut self, id: u64, position: Position, t: i64) {
        let m = &mut self.marking;
        let change = self
            .state
            .change(id, Value::Position(position), t, m.device);
        m.outbox.push(change);
    }

    /// Puts back, at `t` ms, the marks the last marking changed; how many (`None`: nothing to
    /// undo).
    pub(super) fn undo(&mut self, t: i64) -> Option<usize> {
        let changes = self.marking.undo.pop()?;
        let mut n = 0;
        for u in changes.into_iter().rev() {
            // Only a flag still as this reader last wrote it is put back: a change made since
            // by another process (a merged save brought it in) is left alone.
            let mine = self.marking.written.get(&(u.id, u.flag)).copied();
            if mine.is_some() && self.state.stamp(u.id, u.flag) == mine {
                self.write(u.id, u.flag, u.old, t);
                n += 1;
            }
        }
        Some(n)
    }

    /// Takes the changes to save (the run loop hands them to the saver at once).
    pub fn take_changes(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.marking.outbox)
    }

    /// Are there changes the run loop has not taken yet?
    pub fn has_changes(&self) -> bool {
        !self.marking.outbox.is_empty()
    }
}

impl App {
    pub(super) fn on_saved(&mut self, result: Result<(), String>) {
        // A failed save is retried by the saver; until one succeeds, the status line says why
        // (said at once, over any message, the first time it fails or fails otherwise).
        if let Err(why) = &result
            && self.marks.save_error.as_ref() != Some(why)
        {
            self.alert(format!("⚠ state not saved: {why}"));
        }
        self.marks.save_error = result.err();
    }

    /// Marks made elsewhere (another device's file synced in, `kiosque mark`, a second
    /// reader) come in: the later change of each flag wins, and the counts follow.
    pub(super) fn on_state_read(&mut self, changes: &[Change], notices: Vec<String>) {
        let mut changed = false;
        for c in changes {
            changed |= self.marks.state.apply(c);
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
        match self.screen.focus {
            Pane::Reader => self.reader.as_ref().map(|r| r.entry),
            Pane::Articles => self.lists.selected_entry(),
            Pane::Sections => None,
        }
        .filter(|&n| (n as usize) < self.entries.len())
    }

    /// Sets a flag, stamped with this update's time; returns what undoes it.
    pub(super) fn write(&mut self, id: u64, flag: Flag, value: bool) -> Undo {
        let t = self.time_ms();
        self.marks.write(id, flag, value, t)
    }

    /// The time of this update in milliseconds since the epoch, that changes are stamped with
    /// and queries count from: the shell's reading of the system clock (`screen.now`, set
    /// before each update: `update` reads no clock), as this reader's clock takes it (fixed in
    /// tests, shifted by the skew of the end-to-end tests).
    pub(super) fn time_ms(&self) -> i64 {
        self.marks
            .marking
            .clock
            .at(self.screen.now.at.as_millisecond())
    }

    /// Sets the reading position of `id`, stamped with this update's time.
    pub(super) fn write_position(&mut self, id: u64, position: Position) {
        let t = self.time_ms();
        self.marks.write_position(id, position, t);
    }

    /// Marks entry `n` read (opening it does), undoably.
    pub(super) fn mark_read(&mut self, n: u32) {
        let id = self.entries[n as usize].id;
        if !self.marks.state.is_read(id) {
            let change = self.write(id, Flag::Read, true);
            self.marks.push_undo(vec![change]);
            self.marks_changed();
        }
    }

    pub(super) fn toggle_read(&mut self) {
        if self.screen.focus == Pane::Articles && self.row_is_story(self.lists.article_sel) {
            self.toggle_row_read(self.lists.article_sel);
            return;
        }
        let Some(n) = self.target() else {
            self.say("select an article first");
            return;
        };
        let id = self.entries[n as usize].id;
        let read = !self.marks.state.is_read(id);
        let change = self.write(id, Flag::Read, read);
        self.marks.push_undo(vec![change]);
        self.say(if read { "marked read" } else { "marked unread" });
        self.marks_changed();
    }

    pub(super) fn toggle_star(&mut self) {
        let Some(n) = self.target() else {
            self.say("select an article first");
            return;
        };
        let id = self.entries[n as usize].id;
        let starred = !self.marks.state.is_starred(id);
        let change = self.write(id, Flag::Starred, starred);
        self.marks.push_undo(vec![change]);
        self.say(if starred { "starred" } else { "star removed" });
        self.marks_changed();
    }

    /// `A`: every article of the current view read, as one undoable step (every article of
    /// each folded story; in a story's timeline, the story).
    pub(super) fn mark_all_read(&mut self) {
        let ids: Vec<u64> = (0..self.lists.view.len())
            .flat_map(|i| self.row_articles(i))
            .map(|&n| self.entries[n as usize].id)
            .filter(|&id| !self.marks.state.is_read(id))
            .collect();
        let mut changes = Vec::new();
        for id in ids {
            changes.push(self.write(id, Flag::Read, true));
        }
        let n = changes.len();
        self.marks.push_undo(changes);
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
        let t = self.time_ms();
        let Some(n) = self.marks.undo(t) else {
            self.say("nothing to undo");
            return;
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_is_kept_to_save_and_undone_unless_changed_since() {
        let mut marks = Marks::new(State::default());
        assert!(!marks.has_changes());
        let undo = marks.write(7, Flag::Read, true, 1_000);
        marks.push_undo(vec![undo]);
        assert!(marks.state.is_read(7));
        assert!(marks.has_changes());
        assert_eq!(marks.take_changes().len(), 1);
        assert!(!marks.has_changes());

        assert_eq!(marks.undo(2_000), Some(1));
        assert!(!marks.state.is_read(7));
        // The undo is a change to save too, and is not itself undone.
        assert_eq!(marks.take_changes().len(), 1);
        assert_eq!(marks.undo(3_000), None);

        // Another device's later change to the flag is left alone by undo.
        let undo = marks.write(7, Flag::Starred, true, 4_000);
        marks.push_undo(vec![undo]);
        let mut other = marks.state.clone();
        let theirs = other.change(7, Value::Starred(false), 5_000, 2);
        assert!(marks.state.apply(&theirs));
        assert_eq!(marks.undo(6_000), Some(0));
        assert!(!marks.state.is_starred(7));
    }

    #[test]
    fn undo_keeps_the_last_steps_only_and_no_empty_one() {
        let mut marks = Marks::new(State::default());
        marks.push_undo(Vec::new());
        assert_eq!(marks.undo(0), None);
        for id in 0..UNDO_DEPTH as u64 + 5 {
            let undo = marks.write(id, Flag::Read, true, 1_000 + id as i64);
            marks.push_undo(vec![undo]);
        }
        let mut steps = 0;
        while marks.undo(1_000_000).is_some() {
            steps += 1;
        }
        assert_eq!(steps, UNDO_DEPTH);
        // The oldest steps were dropped: their articles stay read.
        assert!((0..5).all(|id| marks.state.is_read(id)));
        assert!(!marks.state.is_read(5));
    }

    #[test]
    fn a_reading_position_is_saved_but_not_undone() {
        let mut marks = Marks::new(State::default());
        marks.write_position(3, Position::default(), 1_000);
        assert_eq!(marks.take_changes().len(), 1);
        assert_eq!(marks.undo(2_000), None);
    }
}
