//! What the lists know of each article beside the article itself ([`super::Items`], by the
//! same numbers): its section, whether its file is still there as loaded, the version of its
//! body indexed; and the articles newest first, and the section names. These vectors grow
//! together, one slot per entry, only through these methods.

use std::cmp::Ordering;

use super::Items;
use super::item::newest_first;

/// The library as the lists see it, entry by entry (an entry's number indexes each vector).
#[derive(Debug, Default)]
pub(super) struct Catalog {
    /// Entry numbers, newest first (entries still there only).
    pub(super) order: Vec<u32>,
    /// Section number of each entry (index into `section_names`).
    pub(super) section_of: Vec<u16>,
    /// False for entries whose file changed or went away since they were loaded.
    pub(super) alive: Vec<bool>,
    /// The digest of each entry's version on disk, once its body is indexed (0 until then).
    versions: Vec<u64>,
    /// Section names, in first-seen order.
    pub(super) section_names: Vec<String>,
}

impl Catalog {
    /// Room for `n` more entries (a hint: lists are not grown by doubling).
    pub(super) fn reserve(&mut self, n: usize) {
        self.section_of.reserve(n);
        self.alive.reserve(n);
    }

    /// Forgets every entry and section.
    pub(super) fn clear(&mut self) {
        self.alive.clear();
        self.versions.clear();
        self.order.clear();
        self.section_of.clear();
        self.section_names.clear();
    }

    /// Adds the next entry, in section `section`: there, no version known yet. It joins the
    /// order with [`Catalog::merge_new`].
    pub(super) fn push(&mut self, section: &str) {
        let s = self.section_number(section);
        self.section_of.push(s);
        self.alive.push(true);
        self.versions.push(0);
    }

    /// Moves entry `n` to section `section` (its label was split again).
    pub(super) fn relabel(&mut self, n: usize, section: &str) {
        let s = self.section_number(section);
        if let Some(slot) = self.section_of.get_mut(n) {
            *slot = s;
        }
    }

    /// The section of entry `n` ("" for an entry there is not).
    pub(super) fn section(&self, n: usize) -> &str {
        self.section_of
            .get(n)
            .and_then(|&s| self.section_names.get(usize::from(s)))
            .map_or("", String::as_str)
    }

    /// Is entry `n`'s file still there as it was loaded?
    pub(super) fn is_alive(&self, n: usize) -> bool {
        self.alive.get(n).copied().unwrap_or(false)
    }

    /// How many entries are still there.
    pub(super) fn alive_count(&self) -> usize {
        self.alive.iter().filter(|&&a| a).count()
    }

    /// Entries whose file changed or went away: no longer there, nor in the order.
    pub(super) fn remove(&mut self, numbers: &[u32]) {
        for &n in numbers {
            if let Some(a) = self.alive.get_mut(n as usize) {
                *a = false;
            }
        }
        let alive = &self.alive;
        self.order.retain(|&n| alive[n as usize]);
    }

    /// The digest of entry `n`'s version on disk (0: not known yet).
    pub(super) fn version(&self, n: usize) -> u64 {
        self.versions.get(n).copied().unwrap_or(0)
    }

    /// Sets the version of entry `n`; false when there is no such entry.
    pub(super) fn set_version(&mut self, n: usize, digest: u64) -> bool {
        match self.versions.get_mut(n) {
            Some(slot) => {
                *slot = digest;
                true
            }
            None => false,
        }
    }

    /// Merges entries `first..` of `items` (just added) into the newest-first order.
    pub(super) fn merge_new(&mut self, items: &Items, first: usize) {
        let mut fresh: Vec<u32> = (first..items.len())
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
            .collect();
        let cmp = |a: &u32, b: &u32| newest_first(&items[*a as usize], &items[*b as usize]);
        fresh.sort_by(cmp);
        let old = std::mem::take(&mut self.order);
        let mut merged = Vec::with_capacity(old.len() + fresh.len());
        let (mut i, mut j) = (0, 0);
        while i < old.len() && j < fresh.len() {
            if cmp(&old[i], &fresh[j]) != Ordering::Greater {
                merged.push(old[i]);
                i += 1;
            } else {
                merged.push(fresh[j]);
                j += 1;
            }
        }
        merged.extend_from_slice(&old[i..]);
        merged.extend_from_slice(&fresh[j..]);
        self.order = merged;
    }

    /// The number of a section name, adding it when new.
    fn section_number(&mut self, name: &str) -> u16 {
        if let Some(i) = self.section_names.iter().position(|n| n == name) {
            return u16::try_from(i).unwrap_or(u16::MAX);
        }
        self.section_names.push(name.to_owned());
        u16::try_from(self.section_names.len() - 1).unwrap_or(u16::MAX)
    }
}
