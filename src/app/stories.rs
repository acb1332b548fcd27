//! Stories in the article list: each story folded into one row (`t`), and a story's timeline.
//!
//! A folded row stands for exactly the articles of its story that the list would show (in
//! this section or view, through the filters): its count is theirs, it is unread while one of
//! them is, and it sits where the newest of them would (the list's order). Enter on a row of
//! two or more opens its timeline: those same articles in the article list, oldest first, with
//! their dates; Esc or q goes back to the folded list. `A` marks what the list shows, so in a
//! timeline it marks the story, and in the folded list every article of every row; `m` on a
//! folded row marks all of its articles. `n` in a timeline goes to the story's next unread
//! article, then on to the next unread row of the folded list.

use super::{App, Pane};
use crate::state::Flag;

/// The library's stories and how the article list shows them.
#[derive(Debug, Default)]
pub struct Stories {
    /// The story of each article (by number: the number of the story's earliest article);
    /// `ALONE` for an article alone (or any article past its end).
    of: Vec<u32>,
    /// Fold each story into one row.
    pub folded: bool,
    /// The story whose timeline the article list shows.
    pub open: Option<u32>,
    /// The id of the story whose timeline was shown when the library was reloaded, to show it
    /// again once the stories are found again.
    reopen: Option<u64>,
    /// In a folded list, the articles of each row, end to end (in the list's order): row `i`
    /// holds `members[starts[i]..starts[i + 1]]`. Empty otherwise.
    starts: Vec<u32>,
    members: Vec<u32>,
}

const ALONE: u32 = crate::lists::ALONE;

impl Stories {
    /// The story of article `n`, if it is in one with others.
    pub fn of(&self, n: u32) -> Option<u32> {
        self.of.get(n as usize).copied().filter(|&s| s != ALONE)
    }

    /// How many articles are in a story with others.
    pub fn grouped(&self) -> usize {
        self.of.iter().filter(|&&s| s != ALONE).count()
    }
}

impl App {
    /// The loader's stories (they replace those known).
    pub(super) fn on_stories(&mut self, stories: Vec<(u32, u32)>) {
        let of = &mut self.stories.of;
        of.clear();
        of.resize(self.entries.len(), ALONE);
        for (n, story) in stories {
            if let Some(slot) = of.get_mut(n as usize) {
                *slot = story;
            }
        }
        self.stories_found();
    }

    /// The story of each article, as the lists file kept it (empty: none told).
    pub(super) fn set_stories(&mut self, of: Vec<u32>) {
        self.stories.of = of;
        self.stories_found();
    }

    /// The story of each article, for the lists file ([`ALONE`] for one alone; empty when
    /// none were told).
    pub(super) fn stories_of(&self) -> Vec<u32> {
        let mut of = self.stories.of.clone();
        if !of.is_empty() {
            of.resize(self.entries.len(), ALONE);
        }
        of
    }

    /// The stories were found (again): the timeline shown before is shown again, if its story
    /// is still there.
    fn stories_found(&mut self) {
        // The timeline shown before a reload, again; one whose story went is closed.
        if let Some(id) = self.stories.reopen.take() {
            self.stories.open = (0..self.stories.of.len())
                .find(|&n| self.stories.of[n] as usize == n && self.entries[n].id == id)
                .and_then(|n| u32::try_from(n).ok());
        }
        if let Some(open) = self.stories.open
            && !self.stories.of.contains(&open)
        {
            self.stories.open = None;
        }
    }

    /// Forgets the stories (a new load starts; the entries are still those of the old one),
    /// noting the timeline shown.
    pub(super) fn forget_stories(&mut self) {
        self.stories.reopen = self
            .stories
            .open
            .take()
            .and_then(|n| self.entries.get(n as usize))
            .map(|e| e.id);
        self.stories.of.clear();
    }

    /// The list `view` (the articles that pass, in the list's order) as the list shows it:
    /// folded into stories, or the open story's timeline, or as it is.
    pub(super) fn story_view(&mut self, view: Vec<u32>) -> Vec<u32> {
        self.stories.starts.clear();
        self.stories.members.clear();
        if let Some(story) = self.stories.open {
            let mut timeline: Vec<u32> = view
                .into_iter()
                .filter(|&n| self.stories.of(n) == Some(story))
                .collect();
            let entries = &self.entries;
            timeline.sort_by(|&a, &b| {
                let (a, b) = (&entries[a as usize], &entries[b as usize]);
                a.mtime_ns
                    .cmp(&b.mtime_ns)
                    .then_with(|| a.source.cmp(&b.source))
            });
            return timeline;
        }
        if !self.stories.folded {
            return view;
        }
        // The row of each story, in the order of its first (newest) article.
        let mut row_of = rustc_hash::FxHashMap::<u32, u32>::default();
        let mut rows: Vec<u32> = Vec::new();
        let mut counts: Vec<u32> = Vec::new();
        let row_numbers: Vec<u32> = view
            .iter()
            .map(|&n| {
                let key = self.stories.of(n);
                let row = match key.and_then(|s| row_of.get(&s).copied()) {
                    Some(row) => row,
                    None => {
                        let row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
                        rows.push(n);
                        counts.push(0);
                        if let Some(s) = key {
                            row_of.insert(s, row);
                        }
                        row
                    }
                };
                counts[row as usize] += 1;
                row
            })
            .collect();
        let starts = &mut self.stories.starts;
        starts.reserve(rows.len() + 1);
        let mut at = 0u32;
        for c in &counts {
            starts.push(at);
            at += c;
        }
        starts.push(at);
        let mut fill = starts.clone();
        let members = &mut self.stories.members;
        members.resize(view.len(), 0);
        for (&n, &row) in view.iter().zip(&row_numbers) {
            let slot = &mut fill[row as usize];
            members[*slot as usize] = n;
            *slot += 1;
        }
        rows
    }

    /// The articles row `i` of the article list stands for: its story's, folded; else its own.
    pub fn row_articles(&self, i: usize) -> &[u32] {
        let s = &self.stories;
        match (s.starts.get(i), s.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => &s.members[a as usize..b as usize],
            _ => self.lists.view.get(i..=i).unwrap_or(&[]),
        }
    }

    /// The row of the article list showing article `n` (its story's row when folded).
    pub(super) fn row_of(&self, n: u32) -> Option<usize> {
        self.lists.view.iter().position(|&v| v == n).or_else(|| {
            let story = self.stories.of(n)?;
            if self.stories.starts.is_empty() {
                return None;
            }
            self.lists
                .view
                .iter()
                .position(|&v| self.stories.of(v) == Some(story))
        })
    }

    /// Is a row folded (a story of two or more articles in this list)?
    pub fn row_is_story(&self, i: usize) -> bool {
        self.row_articles(i).len() > 1
    }

    /// Has row `i` an unread article?
    pub fn row_unread(&self, i: usize) -> bool {
        self.row_articles(i)
            .iter()
            .any(|&n| !self.marks.state.is_read(self.entries[n as usize].id))
    }

    /// `t`: stories folded into one row each, or not.
    pub(super) fn toggle_stories(&mut self) {
        let kept = self.lists.selected_entry();
        self.stories.folded = !self.stories.folded;
        self.stories.open = None;
        self.rebuild_view();
        self.reselect(kept);
        if self.stories.folded {
            let folded = self.lists.view.len();
            let stories = (0..folded).filter(|&i| self.row_is_story(i)).count();
            self.say(
                if self.stories.of.is_empty() && self.loading.indexing.is_some() {
                    "stories folded (they are found once the bodies are indexed)".to_owned()
                } else {
                    format!(
                        "stories folded: {stories} stor{} of several articles · Enter shows one",
                        if stories == 1 { "y" } else { "ies" }
                    )
                },
            );
        } else {
            self.say("stories unfolded");
        }
    }

    /// Enter on a folded row of two or more: its timeline, the cursor on its first unread
    /// article (else its first).
    pub(super) fn open_timeline(&mut self, row: usize) -> bool {
        if !self.row_is_story(row) {
            return false;
        }
        let Some(story) = self.lists.view.get(row).and_then(|&n| self.stories.of(n)) else {
            return false;
        };
        self.stories.open = Some(story);
        self.rebuild_view();
        let first_unread = self
            .lists
            .view
            .iter()
            .position(|&n| !self.marks.state.is_read(self.entries[n as usize].id));
        self.lists.article_sel = first_unread.unwrap_or(0);
        self.lists.article_offset = 0;
        self.lists.cursor_moved = true;
        self.screen.focus = Pane::Articles;
        true
    }

    /// Back from a timeline to the folded list, the cursor on the story's row.
    pub(super) fn close_timeline(&mut self) -> bool {
        let Some(story) = self.stories.open.take() else {
            return false;
        };
        self.rebuild_view();
        if let Some(row) = self
            .lists
            .view
            .iter()
            .position(|&n| self.stories.of(n) == Some(story))
        {
            self.lists.article_sel = row;
            self.lists.cursor_moved = true;
        }
        true
    }

    /// `m` on a folded row: all its articles read, or all unread when they all are read
    /// already (one step for `u`).
    pub(super) fn toggle_row_read(&mut self, row: usize) {
        let articles = self.row_articles(row).to_vec();
        let read = articles
            .iter()
            .any(|&n| !self.marks.state.is_read(self.entries[n as usize].id));
        let changes: Vec<_> = articles
            .iter()
            .filter_map(|&n| {
                let id = self.entries[n as usize].id;
                (self.marks.state.is_read(id) != read).then_some(id)
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|id| self.write(id, Flag::Read, read))
            .collect();
        let n = changes.len();
        self.marks.push_undo(changes);
        self.say(format!(
            "story marked {} ({n} article{})",
            if read { "read" } else { "unread" },
            if n == 1 { "" } else { "s" }
        ));
        self.marks_changed();
    }
}
