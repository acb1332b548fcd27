//! The reader's state and [`App::update`], which applies an [`Action`] without any I/O. What
//! needs I/O (reading an article, reloading) is asked of the run loop as an [`Effect`]; the
//! changes to save are taken with [`App::take_changes`].

mod item;
mod library;
mod marks;
mod nav;
mod reader;
mod reload;
mod view;

use crate::action::Action;
use crate::article::Article;
use crate::filter::Query;
use crate::layout::{Anchor, Layout};
use crate::scan::Problem;
use crate::search::Index;
use crate::source::Source;
use crate::state::{Change, Clock, State};

pub use item::Item;
pub use marks::Marking;
pub use view::SectionRow;

/// A pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The sections list.
    Sections,
    /// The articles of the selected section.
    Articles,
    /// The open article.
    Reader,
}

/// A screen drawn over the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The key table.
    Help {
        /// First row shown.
        scroll: usize,
    },
    /// Files that had problems.
    Warnings {
        /// First row shown.
        scroll: usize,
    },
}

/// Work for the run loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Read and parse an article, then send [`Action::ArticleLoaded`].
    LoadArticle {
        /// Its number in the library.
        entry: u32,
        /// The library load it belongs to.
        generation: u64,
        /// Where it is.
        source: Source,
        /// The label its entry was listed with.
        label: Option<String>,
    },
    /// Start loading the library again (a new generation).
    Reload {
        /// The new generation.
        generation: u64,
    },
}

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
}

/// The active filters.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The text typed after `/`.
    pub text: String,
    /// Its parsed form.
    pub query: Query,
    /// `U`.
    pub unread_only: bool,
    /// `S`.
    pub starred_only: bool,
}

impl Filter {
    /// Is any filter active?
    pub fn is_active(&self) -> bool {
        !self.query.is_empty() || self.unread_only || self.starred_only
    }
}

/// A message for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The text.
    pub text: String,
    /// Needs attention (shown in the alert style).
    pub alert: bool,
}

/// Loading progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Files read.
    pub done: usize,
    /// Files to read.
    pub total: usize,
}

/// The whole state of the reader.
#[derive(Debug)]
pub struct App {
    /// The library's articles, in load order (their number is their index).
    pub entries: Vec<Item>,
    /// Entry numbers, newest first.
    order: Vec<u32>,
    /// Section number of each entry (index into `section_names`).
    section_of: Vec<u16>,
    /// False for entries whose file changed or went away since they were loaded.
    alive: Vec<bool>,
    /// How many files had problems (kept up to date as the library loads).
    problem_count: usize,
    /// The library changed since the lists were last rebuilt (see [`App::refresh`]).
    stale: bool,
    /// Section names, in first-seen order.
    section_names: Vec<String>,
    /// Files that could not be read.
    pub problems: Vec<Problem>,
    /// The full-text index.
    pub index: Index,
    /// The current library load.
    pub generation: u64,
    /// Loading progress, while the files are read.
    pub progress: Option<Progress>,
    /// Indexing progress, while the bodies are indexed (after the lists are complete).
    pub indexing: Option<Progress>,
    /// Read and starred marks.
    pub state: State,
    /// This reader's changes: stamps, what is left to save, undo.
    pub marking: marks::Marking,
    /// Sections with counts, "All" first.
    pub sections: Vec<SectionRow>,
    /// The selected row of `sections`.
    pub section_sel: usize,
    /// First row of `sections` shown.
    pub section_offset: usize,
    /// Entry numbers of the article list.
    pub view: Vec<u32>,
    /// The selected row of `view`.
    pub article_sel: usize,
    /// First row of `view` shown.
    pub article_offset: usize,
    /// The user moved the cursor in this list (until then it stays on the newest article).
    cursor_moved: bool,
    /// Articles matching the text filter, by entry number (None: no text filter).
    text_hits: Option<crate::search::Hits>,
    /// The focused pane.
    pub focus: Pane,
    /// The filters.
    pub filter: Filter,
    /// The filter prompt's text while it is open.
    pub prompt: Option<String>,
    /// An overlay, if shown.
    pub overlay: Option<Overlay>,
    /// The open article.
    pub reader: Option<Reader>,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// How articles are set (`[layout]` of config.toml, read by the shell).
    pub layout_options: crate::layout::Options,
    /// The status line's message.
    pub message: Option<Message>,
    /// Why the last save failed, until one succeeds.
    pub save_error: Option<String>,
    /// Set when the reader should end.
    pub quit: bool,
    effects: Vec<Effect>,
    /// Where the user was when a reload started, until it is found again.
    place: Option<reload::Place>,
}

impl App {
    /// A reader with no articles yet, the given marks, and a terminal of `size`.
    pub fn new(state: State, size: (u16, u16)) -> App {
        let mut app = App {
            entries: Vec::new(),
            order: Vec::new(),
            section_of: Vec::new(),
            alive: Vec::new(),
            problem_count: 0,
            stale: false,
            section_names: Vec::new(),
            problems: Vec::new(),
            index: Index::default(),
            generation: 0,
            progress: Some(Progress { done: 0, total: 0 }),
            indexing: None,
            state,
            marking: marks::Marking::new(0, Clock::from_env()),
            sections: Vec::new(),
            section_sel: 0,
            section_offset: 0,
            view: Vec::new(),
            article_sel: 0,
            article_offset: 0,
            cursor_moved: false,
            text_hits: None,
            focus: Pane::Articles,
            filter: Filter::default(),
            prompt: None,
            overlay: None,
            reader: None,
            size,
            layout_options: crate::layout::Options::default(),
            message: None,
            save_error: None,
            quit: false,
            effects: Vec::new(),
            place: None,
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
        self.message = Some(Message {
            text: text.into(),
            alert: false,
        });
    }

    /// Sets an alert in the status line.
    fn alert(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
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
        ) {
            self.message = None;
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
            Action::Quit => self.quit = true,
            action if self.prompt.is_some() => self.prompt_key(action),
            action if self.overlay.is_some() => self.overlay_key(action),
            action => self.key(action),
        }
        self.keep_visible();
    }

    fn key(&mut self, action: Action) {
        match action {
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::Top => self.move_to_end(false),
            Action::Bottom => self.move_to_end(true),
            Action::PageDown => self.page(1),
            Action::PageUp => self.page(-1),
            Action::FocusNext => self.focus_step(1),
            Action::FocusPrev => self.focus_step(-1),
            Action::Open => self.open_selected(),
            Action::Space => self.space(),
            Action::NextUnread => self.next_unread(true),
            Action::PrevUnread => self.next_unread(false),
            Action::ToggleRead => self.toggle_read(),
            Action::ToggleStar => self.toggle_star(),
            Action::MarkAllRead => self.mark_all_read(),
            Action::Undo => self.undo(),
            Action::FilterPrompt => self.open_prompt(),
            Action::ToggleUnreadOnly => {
                self.filter.unread_only = !self.filter.unread_only;
                self.refilter();
            }
            Action::ToggleStarredOnly => {
                self.filter.starred_only = !self.filter.starred_only;
                self.refilter();
            }
            Action::Reload => self.reload(),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Warnings => self.overlay = Some(Overlay::Warnings { scroll: 0 }),
            Action::Back => self.back(false),
            Action::BackOrQuit => self.back(true),
            _ => {}
        }
    }

    /// Esc and q: close the reader, clear a filter (Esc), or quit from the lists (q).
    fn back(&mut self, quit_from_lists: bool) {
        if self.focus == Pane::Reader {
            self.close_reader();
        } else if !quit_from_lists && !self.filter.text.is_empty() {
            self.set_text_filter(String::new());
        } else if !quit_from_lists && (self.filter.unread_only || self.filter.starred_only) {
            // Esc with no text filter clears the other filters: there is always a way back to
            // the whole list.
            self.filter.unread_only = false;
            self.filter.starred_only = false;
            self.refilter();
            self.say("filters cleared");
        } else if quit_from_lists {
            self.quit = true;
        } else if self.focus == Pane::Articles && self.reader.is_some() && !self.wide() {
            self.focus = Pane::Reader;
        }
    }

    fn overlay_key(&mut self, action: Action) {
        let Some(overlay) = self.overlay else {
            return;
        };
        let rows = match overlay {
            Overlay::Help { .. } => crate::keymap::BINDINGS.len(),
            Overlay::Warnings { .. } => self.warning_count(),
        };
        let scroll = match overlay {
            Overlay::Help { scroll } | Overlay::Warnings { scroll } => scroll,
        };
        let new_scroll = match action {
            Action::Down => (scroll + 1).min(rows.saturating_sub(1)),
            Action::Up => scroll.saturating_sub(1),
            Action::PageDown | Action::Space => {
                (scroll + usize::from(self.size.1 / 2)).min(rows.saturating_sub(1))
            }
            Action::PageUp => scroll.saturating_sub(usize::from(self.size.1 / 2)),
            Action::Top => 0,
            Action::Bottom => rows.saturating_sub(1),
            Action::Back | Action::BackOrQuit => {
                self.overlay = None;
                return;
            }
            Action::Help if matches!(overlay, Overlay::Help { .. }) => {
                self.overlay = None;
                return;
            }
            Action::Warnings if matches!(overlay, Overlay::Warnings { .. }) => {
                self.overlay = None;
                return;
            }
            Action::Help => {
                self.overlay = Some(Overlay::Help { scroll: 0 });
                return;
            }
            Action::Warnings => {
                self.overlay = Some(Overlay::Warnings { scroll: 0 });
                return;
            }
            _ => scroll,
        };
        self.overlay = Some(match overlay {
            Overlay::Help { .. } => Overlay::Help { scroll: new_scroll },
            Overlay::Warnings { .. } => Overlay::Warnings { scroll: new_scroll },
        });
    }

    /// Rows of the warnings view: unreadable files, then files read with warnings.
    pub fn warning_rows(&self) -> Vec<(String, String)> {
        let mut rows: Vec<(String, String)> = self
            .problems
            .iter()
            .map(|p| {
                (
                    crate::sanitize::one_line(&p.path.to_string_lossy()),
                    p.message.clone(),
                )
            })
            .collect();
        for e in self.live_entries() {
            for w in &e.warnings {
                rows.push((e.source.display(), w.clone()));
            }
        }
        rows
    }

    /// How many files had problems (counted as the library loads, not per frame).
    pub fn problem_files(&self) -> usize {
        self.problem_count
    }

    fn count_problem_files(&self) -> usize {
        self.problems.len()
            + self
                .live_entries()
                .filter(|e| !e.warnings.is_empty())
                .count()
    }

    fn warning_count(&self) -> usize {
        self.problems.len() + self.live_entries().map(|e| e.warnings.len()).sum::<usize>()
    }

    /// The entries whose files are still there as loaded.
    fn live_entries(&self) -> impl Iterator<Item = &Item> {
        self.entries
            .iter()
            .zip(&self.alive)
            .filter(|(_, a)| **a)
            .map(|(e, _)| e)
    }

    /// The section of entry `n`.
    pub fn section_of(&self, n: u32) -> &str {
        self.section_of
            .get(n as usize)
            .and_then(|&s| self.section_names.get(usize::from(s)))
            .map_or("", String::as_str)
    }

    /// Articles in the library.
    pub fn article_count(&self) -> usize {
        self.sections.first().map_or(0, |s| s.total)
    }

    fn on_saved(&mut self, result: Result<(), String>) {
        // A failed save is retried by the saver; until one succeeds, the status line says why.
        self.save_error = result.err();
    }

    /// Marks made elsewhere (another device's file synced in, `kiosque mark`, a second
    /// reader) come in: the later change of each flag wins, and the counts follow.
    fn on_state_read(&mut self, changes: &[Change], notices: Vec<String>) {
        let mut changed = false;
        for c in changes {
            changed |= self.state.apply(c);
        }
        if changed {
            self.rebuild_sections();
        }
        if let Some(last) = notices.into_iter().last() {
            self.alert(last);
        }
    }

    /// Is the terminal wide enough for three panes side by side?
    pub fn wide(&self) -> bool {
        self.size.0 >= crate::ui::WIDE
    }
}

#[cfg(test)]
mod tests;
