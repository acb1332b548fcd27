//! What the lists know of each article beside the article itself ([`super::Items`], by the
//! same numbers): its section, whether its file is still there as loaded, the version of its
//! body indexed; and the articles newest first, and the section names. These vectors grow
//! together, one slot per entry, only through these methods.

use std::cmp::Ordering;

use rustc_hash::FxHashMap;

use super::Items;
use crate::item::newest_first;

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
    /// The number of each section name (a library may have tens of thousands of sections:
    /// an article's section is found without going through them).
    section_numbers: FxHashMap<String, u16>,
    /// Entries numbered from here on are not in `order` yet ([`Catalog::merge_due`]).
    merged: usize,
    /// When entries were last merged into the order (ms since the epoch, the app's clock).
    merged_at: i64,
}

impl Catalog {
    /// The catalog of the lists file ([`crate::lists::Lists`], checked sound): every entry
    /// merged into the order already.
    pub(super) fn from_lists(
        section_names: Vec<String>,
        section_of: Vec<u16>,
        alive: Vec<bool>,
        versions: Vec<u64>,
        order: Vec<u32>,
    ) -> Catalog {
        let section_numbers = section_names
            .iter()
            .enumerate()
            .map(|(n, s)| (s.clone(), u16::try_from(n).unwrap_or(u16::MAX)))
            .collect();
        Catalog {
            merged: alive.len(),
            order,
            section_of,
            alive,
            versions,
            section_names,
            section_numbers,
            merged_at: 0,
        }
    }

    /// Each entry's version on disk (0: not known yet).
    pub(super) fn versions(&self) -> &[u64] {
        &self.versions
    }

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
        self.section_numbers.clear();
        self.merged = 0;
    }

    /// Adds the next entry, in section `section`: there, no version known yet. It joins the
    /// order with [`Catalog::merge_due`].
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

    /// Merges the entries added since the last merge into the newest-first order, when it is
    /// due: always with `complete` (the lists are complete, or a live update ends), else once
    /// the new entries are an eighth of the order or half a second after the last merge.
    ///
    /// Each merge walks the whole order: merging every batch as it comes cost the reader's
    /// thread a walk per batch while a library loads (n² / 4 096 comparisons, 3.8 s at
    /// 1 000 000 articles). Merged geometrically, a load walks the order about eight times in
    /// all, plus twice a second at most.
    pub(super) fn merge_due(&mut self, items: &Items, complete: bool, now_ms: i64) {
        let pending = self.pending(items);
        if pending == 0 {
            return;
        }
        if complete || pending * 8 >= self.order.len() || now_ms - self.merged_at >= 500 {
            self.merge_new(items);
            self.merged = items.len();
            self.merged_at = now_ms;
        }
    }

    /// Entries added and not merged into the order yet.
    pub(super) fn pending(&self, items: &Items) -> usize {
        items.len().saturating_sub(self.merged)
    }

    /// Merges entries `merged..` of `items` (those still there) into the newest-first order.
    fn merge_new(&mut self, items: &Items) {
        let mut fresh: Vec<u32> = (self.merged..items.len())
            .filter(|&n| self.is_alive(n))
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
        if let Some(&n) = self.section_numbers.get(name) {
            return n;
        }
        let n = u16::try_from(self.section_names.len()).unwrap_or(u16::MAX);
        self.section_names.push(name.to_owned());
        self.section_numbers.insert(name.to_owned(), n);
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Item;
    use crate::source::Source;

    fn item(i: u64) -> Item {
        let source = Source::File(format!("/lib/{i:06}.txt").into());
        // Dates in no order, as the loader's walk (by path) gives them.
        let mtime_ns = i64::try_from((i * 7919) % 1000).unwrap();
        Item::sample(i, source, &i.to_string(), mtime_ns)
    }

    fn add(c: &mut Catalog, items: &mut Items, n: u64) {
        for _ in 0..n {
            let i = items.len() as u64;
            c.push(&format!("s{}", i % 3));
            items.push(item(i));
        }
    }

    fn newest_first_everywhere(c: &Catalog, items: &Items) -> bool {
        c.order.windows(2).all(|w| {
            newest_first(&items[w[0] as usize], &items[w[1] as usize]) != Ordering::Greater
        })
    }

    #[test]
    fn new_entries_are_merged_in_steps_while_loading_and_all_of_them_once_complete() {
        let (mut c, mut items) = (Catalog::default(), Items::default());
        add(&mut c, &mut items, 64);
        c.merge_due(&items, false, 0);
        assert_eq!(
            c.order.len(),
            64,
            "an empty order takes the first batch at once"
        );
        // A batch under an eighth of the order waits (the clock stands still)...
        add(&mut c, &mut items, 7);
        c.merge_due(&items, false, 100);
        assert_eq!((c.order.len(), c.pending(&items)), (64, 7));
        // ...until the new entries reach an eighth of it,
        add(&mut c, &mut items, 1);
        c.merge_due(&items, false, 200);
        assert_eq!((c.order.len(), c.pending(&items)), (72, 0));
        // or half a second has passed,
        add(&mut c, &mut items, 1);
        c.merge_due(&items, false, 650);
        assert_eq!(c.order.len(), 72);
        c.merge_due(&items, false, 700);
        assert_eq!(c.order.len(), 73);
        // or the lists are complete; and an entry gone before its merge is never in the order.
        add(&mut c, &mut items, 2);
        c.remove(&[73]);
        c.merge_due(&items, true, 701);
        assert_eq!((c.order.len(), c.pending(&items)), (74, 0));
        assert!(!c.order.contains(&73));
        assert!(newest_first_everywhere(&c, &items));
    }

    #[test]
    fn a_load_in_many_batches_walks_the_order_a_few_times_only() {
        // 1 000 batches of 100 with a clock that stands still: merged about 8 × ln(1000) times,
        // where a merge per batch made 1 000.
        let (mut c, mut items) = (Catalog::default(), Items::default());
        let mut merges = 0;
        for _ in 0..1000 {
            add(&mut c, &mut items, 100);
            let before = c.pending(&items);
            c.merge_due(&items, false, 0);
            merges += usize::from(c.pending(&items) < before);
        }
        c.merge_due(&items, true, 0);
        assert_eq!(c.order.len(), 100_000);
        assert!(merges < 80, "{merges} merges");
        assert!(newest_first_everywhere(&c, &items));
    }

    #[test]
    fn tens_of_thousands_of_sections_are_numbered_in_first_seen_order() {
        let mut c = Catalog::default();
        for i in 0..50_000 {
            c.push(&format!("section {}", i % 40_000));
        }
        assert_eq!(c.section_names.len(), 40_000);
        assert_eq!(c.section(45_000), "section 5000");
        assert_eq!(c.section_of[45_000], 5000);
    }
}
