//! The lists file ([`crate::lists`]): the lists a load left, kept for the next start, and
//! shown at once by it while the loader replays the log (for the words) and checks the files.

use super::catalog::Catalog;
use super::{App, Effect, Progress};
use crate::cache::LogKey;
use crate::lists::Lists;

impl App {
    /// The lists as the last load left them: the library as it was, whole, with its counts. The
    /// words follow, as the log is replayed; what changed since, as a live update.
    pub(super) fn on_lists(&mut self, lists: Lists) {
        self.loading.live = None;
        self.reset_library();
        let Lists {
            items,
            sections,
            section_of,
            alive,
            versions,
            order,
            stories,
            ..
        } = lists;
        let n = items.len();
        self.entries = items;
        self.catalog = Catalog::from_lists(sections, section_of, alive, versions, order);
        self.set_stories(stories);
        self.loading.progress = None;
        // The index is not there yet: a query finds more as its words come.
        self.loading.indexing = (n > 0).then_some(Progress { done: 0, total: n });
        self.library_changed();
    }

    /// The log this load (or update) left is `key`: the lists, if complete, are kept under it.
    pub(super) fn keep_lists(&mut self, key: LogKey) {
        if self.loading.progress.is_some() || self.loading.live.is_some() {
            return;
        }
        let now_ms = self.screen.now.at.as_millisecond();
        self.catalog.merge_due(&self.entries, true, now_ms);
        let c = &self.catalog;
        let lists = Lists {
            key,
            items: self.entries.clone(),
            sections: c.section_names.clone(),
            section_of: c.section_of.clone(),
            alive: c.alive.clone(),
            versions: c.versions().to_vec(),
            order: c.order.clone(),
            stories: self.stories_of(),
        };
        self.effects.push(Effect::KeepLists(Box::new(lists)));
    }
}
