//! Articles updated since they were read: the version of each article on disk (sent by the
//! loader as it indexes the bodies), which read articles are in another version than the one
//! read, and what changed in the open one.
//!
//! Opening an article keeps its version as read (a [`Value::Seen`] change, saved like the
//! marks): from then on a new version of its file makes it *updated* (`is:updated`, `↻` in the
//! list) until it is opened again, which shows what changed ([`Changes`]) and keeps the new
//! version.

use super::App;
use crate::article::Article;
use crate::changes::Changes;
use crate::fingerprint::Fingerprints;
use crate::state::Value;

impl App {
    /// The versions of some bodies: (number, digest).
    pub(super) fn on_versions(&mut self, versions: Vec<(u32, u64)>) {
        let mut read_before = false;
        for (n, digest) in versions {
            let n = n as usize;
            if self.catalog.set_version(n, digest) {
                // Only an article read in some version can come back updated.
                read_before |= self
                    .entries
                    .get(n)
                    .is_some_and(|e| self.marks.state.seen(e.id).is_some());
            }
        }
        if read_before {
            self.library_changed();
        }
    }

    /// The digest of entry `n`'s version on disk (0: not known yet).
    pub fn version_of(&self, n: usize) -> u64 {
        self.catalog.version(n)
    }

    /// Was entry `n` read in a version other than the one on disk?
    pub fn is_updated(&self, n: usize) -> bool {
        self.entries
            .get(n)
            .is_some_and(|e| self.marks.state.is_updated(e.id, self.version_of(n)))
    }

    /// Entry `n` was read (opened) in this version: kept as the version read, and the changes
    /// from the version read before, if it was another.
    pub(super) fn read_version(&mut self, n: u32, article: &Article) -> Option<Changes> {
        let id = self.entries.get(n as usize)?.id;
        let now = Fingerprints::of_blocks(&article.blocks);
        self.catalog.set_version(n as usize, now.digest());
        let before = self.marks.state.seen(id).cloned();
        if before.as_ref() == Some(&now) {
            return None;
        }
        let t = self.time_ms();
        let m = &mut self.marks.marking;
        let change = self
            .marks
            .state
            .change(id, Value::Seen(now.clone()), t, m.device);
        m.outbox.push(change);
        if before.is_some() {
            // It was updated, and is no more: the counts and the views with `is:updated`
            // change (an article read for the first time was never updated).
            self.marks_changed();
        }
        before
            .map(|old| Changes::between(&old, &now, article.blocks.len()))
            .filter(|c| !c.is_empty())
    }
}
