//! Saved state (SPEC §6): which articles are read and starred, and where each was left.
//!
//! ```text
//!   App::update ── State::change ──► Change ─► outbox ─► saver thread ─► Store::append
//!        ▲          (stamp after the winner)                  │        (one line, fsync)
//!        │                                                    ▼
//!   State::apply ◄── Store::refresh ◄── every file of the state folder, read incrementally:
//!   (later stamp wins)                  this device's, other devices', sync conflict copies
//! ```
//!
//! The state is a set of changes. Each change sets one flag of one article (read, starred,
//! reading position, the version last read) and carries a [`Stamp`] of a hybrid logical clock: wall time, a counter,
//! the device. Per article and flag, the change with the greatest stamp wins. Taking a maximum
//! over a total order is commutative, associative and idempotent, so files can be merged in any
//! order, any number of times, by any number of devices, and all of them agree.
//!
//! A change made here is stamped after the change it replaces ([`Stamp::after`]): a state
//! written by a clock that runs ahead (another machine, a hand-edited file in 2100) can never
//! make a later change made here lose. The pure part is this module and [`record`] (the line
//! format); the files are [`Store`]'s.

use std::path::Path;

use rustc_hash::FxHashMap;

use crate::fingerprint::Fingerprints;

mod compact;
mod device;
mod import;
pub mod record;
mod stamp;
mod store;

pub use device::device_id;
pub use stamp::{Clock, SKEW_ENV, Stamp};
pub use store::{LOCK_WAIT, Refresh, Store, file_name, state_dir};

/// The saved state, opened: the folder, what it says, and what to tell the user.
#[derive(Debug)]
pub struct Opened {
    /// The folder.
    pub store: Store,
    /// Every file of it, merged.
    pub state: State,
    /// This device.
    pub device: u64,
    /// Files moved aside, imported, refused.
    pub notices: Vec<String>,
}

/// Opens the state folder `dir` and reads it all. Writable, this device's id is read from
/// `data_dir` (`<data dir>/device-id`; the config dir when there is no data dir), drawn on
/// first use, and the folder made; read-only, nothing is written anywhere.
pub fn open(
    config_dir: &Path,
    dir: &Path,
    data_dir: Option<&Path>,
    writable: bool,
) -> Result<Opened, String> {
    let data_dir = data_dir.unwrap_or(config_dir);
    let device = if writable {
        device_id(data_dir)?
    } else {
        device::existing(data_dir).unwrap_or(0)
    };
    let (store, found) = Store::open(config_dir, dir, device, writable)?;
    let mut state = State::default();
    for c in &found.changes {
        state.apply(c);
    }
    Ok(Opened {
        store,
        state,
        device,
        notices: found.notices,
    })
}

/// A flag of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Flag {
    /// Read.
    Read,
    /// Starred.
    Starred,
    /// Where reading stopped.
    Position,
    /// The version of the article last read (its paragraphs' fingerprints).
    Seen,
}

/// A place in an article's text that survives a new width: a block (paragraph or intertitle)
/// and a character offset in it. `(0, 0)` is the top.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position {
    /// The block's number in the article.
    pub block: u32,
    /// Characters into the block.
    pub offset: u32,
}

/// What a change sets.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    /// Read or unread.
    Read(bool),
    /// Starred or not.
    Starred(bool),
    /// The reading position.
    Position(Position),
    /// The version of the article read: written when it is opened, or marked read by
    /// `kiosque mark --read`, so that a later version shows as updated.
    Seen(Fingerprints),
}

impl Value {
    /// The flag it sets.
    pub fn flag(&self) -> Flag {
        match self {
            Value::Read(_) => Flag::Read,
            Value::Starred(_) => Flag::Starred,
            Value::Position(_) => Flag::Position,
            Value::Seen(_) => Flag::Seen,
        }
    }

    /// Orders two values of one flag, so that two changes with one stamp (which one device
    /// never makes twice) still merge the same way whatever the order they are met in.
    fn rank(&self) -> (u64, &[u32]) {
        match self {
            Value::Read(b) | Value::Starred(b) => (u64::from(*b), &[]),
            Value::Position(p) => ((u64::from(p.block) << 32) | u64::from(p.offset), &[]),
            Value::Seen(f) => (f.digest(), f.paragraphs()),
        }
    }
}

/// One change: an article's flag set to a value at a stamp.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Change {
    /// The article.
    pub id: u64,
    /// What it sets.
    pub value: Value,
    /// When, by which device.
    pub stamp: Stamp,
}

impl Change {
    /// Does `self` win over `other` (the same article and flag)?
    fn beats(&self, other: &Change) -> bool {
        (self.stamp, self.value.rank()) > (other.stamp, other.value.rank())
    }
}

/// The winning change of each flag of one article (`None`: never changed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mark {
    read: Option<Change>,
    starred: Option<Change>,
    position: Option<Change>,
    seen: Option<Change>,
}

impl Mark {
    fn slot(&mut self, flag: Flag) -> &mut Option<Change> {
        match flag {
            Flag::Read => &mut self.read,
            Flag::Starred => &mut self.starred,
            Flag::Position => &mut self.position,
            Flag::Seen => &mut self.seen,
        }
    }

    fn get(&self, flag: Flag) -> Option<&Change> {
        match flag {
            Flag::Read => self.read.as_ref(),
            Flag::Starred => self.starred.as_ref(),
            Flag::Position => self.position.as_ref(),
            Flag::Seen => self.seen.as_ref(),
        }
    }

    /// The version last read, if one was kept.
    pub fn seen(&self) -> Option<&Fingerprints> {
        match &self.seen {
            Some(Change {
                value: Value::Seen(f),
                ..
            }) => Some(f),
            _ => None,
        }
    }

    /// Is it read, and was it read in a version other than the one whose digest is `current`
    /// (0: not known yet, never updated)?
    pub fn updated(&self, current: u64) -> bool {
        current != 0 && self.read() && self.seen().is_some_and(|f| f.digest() != current)
    }

    /// Is it read?
    pub fn read(&self) -> bool {
        matches!(
            self.read,
            Some(Change {
                value: Value::Read(true),
                ..
            })
        )
    }

    /// Is it starred?
    pub fn starred(&self) -> bool {
        matches!(
            self.starred,
            Some(Change {
                value: Value::Starred(true),
                ..
            })
        )
    }

    /// Where reading stopped (the top when never said).
    pub fn position(&self) -> Position {
        match self.position {
            Some(Change {
                value: Value::Position(p),
                ..
            }) => p,
            _ => Position::default(),
        }
    }
}

/// The merged marks, by article id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    marks: FxHashMap<u64, Mark>,
}

impl State {
    /// The mark of `id` (unread, not starred, at the top when never touched).
    pub fn get(&self, id: u64) -> Mark {
        self.marks.get(&id).cloned().unwrap_or_default()
    }

    /// The mark of `id`, if it has one.
    pub fn mark(&self, id: u64) -> Option<&Mark> {
        self.marks.get(&id)
    }

    /// The version of `id` last read, if one was kept.
    pub fn seen(&self, id: u64) -> Option<&Fingerprints> {
        self.marks.get(&id)?.seen()
    }

    /// Is `id` read, in a version other than the one whose digest is `current` (0: not known)?
    pub fn is_updated(&self, id: u64, current: u64) -> bool {
        self.marks.get(&id).is_some_and(|m| m.updated(current))
    }

    /// Is `id` read?
    pub fn is_read(&self, id: u64) -> bool {
        self.marks.get(&id).is_some_and(Mark::read)
    }

    /// Is `id` starred?
    pub fn is_starred(&self, id: u64) -> bool {
        self.marks.get(&id).is_some_and(Mark::starred)
    }

    /// The stamp of the change that set `id`'s `flag` (`None`: never set).
    pub fn stamp(&self, id: u64, flag: Flag) -> Option<Stamp> {
        self.marks.get(&id)?.get(flag).map(|c| c.stamp)
    }

    /// Takes `change` in if it wins over what is known of its article and flag; says whether
    /// it did.
    pub fn apply(&mut self, change: &Change) -> bool {
        let slot = self
            .marks
            .entry(change.id)
            .or_default()
            .slot(change.value.flag());
        match slot {
            Some(old) if !change.beats(old) => false,
            _ => {
                *slot = Some(change.clone());
                true
            }
        }
    }

    /// Takes in every change of `other` (the merge of two states).
    pub fn merge(&mut self, other: &State) {
        for c in other.changes() {
            self.apply(&c);
        }
    }

    /// A change made here, now: `value` for `id`, stamped by `device` at `wall` ms (or just
    /// after the change it replaces, when that one is stamped later), applied and returned to be
    /// saved.
    pub fn change(&mut self, id: u64, value: Value, wall: i64, device: u64) -> Change {
        let after = self.stamp(id, value.flag());
        let change = Change {
            id,
            value,
            stamp: Stamp::after(after, wall, device),
        };
        self.apply(&change);
        change
    }

    /// Every winning change.
    pub fn changes(&self) -> impl Iterator<Item = Change> + '_ {
        self.marks
            .values()
            .flat_map(|m| [&m.read, &m.starred, &m.position, &m.seen])
            .flatten()
            .cloned()
    }

    /// How many articles have a mark.
    pub fn len(&self) -> usize {
        self.marks.len()
    }

    /// Has no article any mark?
    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }
}

#[cfg(test)]
mod tests;
