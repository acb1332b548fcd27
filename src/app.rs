//! The reader's state and [`App::update`], which applies an [`Action`] without any I/O. What
//! needs I/O (reading an article, reloading) is asked of the run loop as an [`Effect`]; the
//! changes to save are taken with [`Marks::take_changes`].

mod catalog;
mod effect;
mod filter;
mod find;
mod finding;
pub mod folded;
mod handoff;
mod kept_lists;
mod keys;
mod library;
mod lists;
mod live;
mod loading;
mod marks;
mod mouse;
mod nav;
mod overlay;
mod position;
pub mod prompt;
mod reader;
mod reload;
mod screen;
pub mod search;
mod sort;
mod stories;
mod updates;
mod view;
mod views;

use crate::action::Action;
use crate::article::Article;
use crate::changes::Changes;
use crate::layout::{Anchor, Layout};
use crate::search::Index;
use crate::state::State;

pub use crate::geometry::Pane;
pub use crate::item::Item;
pub use crate::items::Items;
use catalog::Catalog;
pub use effect::Effect;
pub use filter::{Filter, Progress};
pub use find::{Find, Mark};
pub use finding::Finding;
pub use lists::Lists;
pub use live::Changed;
pub use loading::Loading;
pub use marks::{Marking, Marks};
pub use prompt::Prompt;
pub use screen::{Message, Overlay, Screen};
pub use search::{SearchJob, Snapshot};
pub use sort::{Sort, Sorting};
pub use stories::Stories;
pub use view::{Scope, SectionRow};
pub use views::{SavedView, ViewsJob};

/// The open article.
#[derive(Debug, Clone)]
pub struct Reader {
    /// Its number in the library.
    pub entry: u32,
    /// The article, once read.
    pub article: Option<Box<Article>>,
    /// Why it could not be read.
    pub error: Option<String>,
    /// Its lines at the current width.
    pub layout: Layout,
    /// Its lines at the widths it was shown at before (most recent first), so resizing back
    /// and forth, or moving between narrow and wide panes, does not lay it out again.
    pub other_widths: Vec<Layout>,
    /// The first line shown.
    pub scroll: usize,
    /// Where the first line shown comes from, kept across re-wraps.
    pub anchor: Anchor,
    /// Put at its saved reading position already (done once, when it is first read).
    pub placed: bool,
    /// A find in it (`/` in the reader).
    pub find: Option<Find>,
    /// What changed since the version read before it was opened (none: nothing, or it was
    /// never read).
    pub changes: Option<Changes>,
}

/// The whole state of the reader, in owned parts: the library (its entries, their catalog,
/// the full-text index) and its loading; the marks; what the user asks for (the query and
/// filters, the order, the saved views, the stories); what is shown (the lists, the open
/// article, the screen); and what [`App::update`] leaves for the run loop.
#[derive(Debug)]
pub struct App {
    /// The library's articles, in load order (their number is their index).
    pub entries: Items,
    /// Each entry's section, presence and version, and the newest-first order.
    catalog: Catalog,
    /// The full-text index.
    pub index: Index,
    /// The library's loads and live updates: which is current, how far, the problems found.
    pub loading: Loading,
    /// The marks (read, starred, reading positions), this reader's changes to them, and the
    /// saving of those.
    pub marks: Marks,
    /// The filters and the query (its prompt, its history), its search and what it matched.
    pub finding: Finding,
    /// The order of the article lists.
    pub sorting: Sorting,
    /// The saved views of `config.toml`, their matches and how they are counted.
    pub views: views::Views,
    /// The library's stories, folded or not, and the timeline open.
    pub stories: Stories,
    /// The sections list and the article list, with their selections and first rows shown.
    pub lists: Lists,
    /// The open article.
    pub reader: Option<Reader>,
    /// The screen: its size, the focused pane, an overlay, the status line's message, and how
    /// it is shown (the time dates are relative to, colour, zoom).
    pub screen: Screen,
    /// Work asked of the run loop (reading an article, a search, a reload…), taken with
    /// [`App::take_effects`].
    effects: Vec<Effect>,
    /// Set when the reader should end.
    pub quit: bool,
}

impl App {
    /// A reader with no articles yet, the given marks, and a terminal of `size`.
    pub fn new(state: State, size: (u16, u16)) -> App {
        let mut app = App {
            entries: Items::default(),
            catalog: Catalog::default(),
            index: Index::default(),
            loading: Loading::new(),
            marks: Marks::new(state),
            finding: Finding::default(),
            sorting: Sorting::default(),
            views: views::Views::default(),
            stories: Stories::default(),
            lists: Lists::default(),
            reader: None,
            screen: Screen {
                size,
                ..Screen::default()
            },
            effects: Vec::new(),
            quit: false,
        };
        app.rebuild();
        app
    }

    /// Takes the work asked of the run loop.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Sets the status line's message.
    fn say(&mut self, text: impl Into<String>) {
        self.screen.message = Some(Message {
            text: text.into(),
            alert: false,
        });
    }

    /// Sets an alert in the status line.
    fn alert(&mut self, text: impl Into<String>) {
        self.screen.message = Some(Message {
            text: text.into(),
            alert: true,
        });
    }

    /// Applies one action. Loader messages only note that the lists must be rebuilt; anything
    /// else first brings them up to date.
    pub fn update(&mut self, action: Action) {
        if !matches!(action, Action::Load(_)) {
            self.refresh();
        }
        // A key clears the last message; what happens in the background does not.
        if !matches!(
            action,
            Action::Load(_)
                | Action::ArticleLoaded { .. }
                | Action::Saved(_)
                | Action::StateRead { .. }
                | Action::Resize(..)
                | Action::Idle
                | Action::Unwatched(_)
                | Action::Searched { .. }
                | Action::Checked { .. }
                | Action::ViewsCounted { .. }
                | Action::Edited(_)
                | Action::Copied(_)
        ) {
            self.screen.message = None;
            self.user_took_over();
        }
        match action {
            Action::Load(load) => self.on_load(load),
            Action::ArticleLoaded {
                entry,
                generation,
                article,
            } => self.on_article(entry, generation, article),
            Action::Saved(result) => self.on_saved(result),
            Action::StateRead { changes, notices } => self.on_state_read(&changes, notices),
            Action::Resize(w, h) => self.on_resize(w, h),
            Action::Idle => self.record_position(),
            Action::Unwatched(why) => self.on_unwatched(why),
            Action::Searched {
                generation,
                answer,
                order,
            } => self.on_searched(generation, answer, order),
            Action::Checked {
                generation,
                results,
                done,
            } => self.on_checked(generation, results, done),
            Action::ViewsCounted {
                generation,
                hits,
                done,
            } => self.on_views_counted(generation, hits, done),
            Action::Edited(result) => self.on_edited(result),
            Action::Copied(result) => self.on_copied(result),
            Action::Quit => {
                self.record_position();
                self.quit = true;
            }
            action if self.finding.prompt.is_some() => self.prompt_key(action),
            action if self.find_prompt().is_some() => self.find_key(action),
            // The mouse says where it points; over an overlay, it is `click` and `wheel` that
            // know what to do.
            action
                if self.screen.overlay.is_some()
                    && !matches!(action, Action::Click { .. } | Action::Wheel { .. }) =>
            {
                self.overlay_key(action)
            }
            action => self.key(action),
        }
        self.keep_visible();
    }

    /// The section of entry `n`.
    pub fn section_of(&self, n: u32) -> &str {
        self.catalog.section(n as usize)
    }
}

#[cfg(test)]
mod filter_tests;
#[cfg(test)]
mod find_tests;
#[cfg(test)]
mod live_tests;
#[cfg(test)]
mod loading_tests;
#[cfg(test)]
mod marks_tests;
#[cfg(test)]
mod mouse_tests;
#[cfg(test)]
mod query_tests;
#[cfg(test)]
mod reader_tests;
#[cfg(test)]
mod stories_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod updates_tests;
