//! Work the reader asks of the run loop: whatever needs I/O, which [`App::update`] never does.
//!
//! [`App::update`]: super::App::update

use std::path::PathBuf;

use crate::source::Source;

use super::{SearchJob, ViewsJob};

/// Work for the run loop.
#[derive(Debug, Clone)]
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
    /// Search the library in the background (stopping any older search), then send
    /// [`Action::Searched`] and [`Action::Checked`].
    Search(Box<SearchJob>),
    /// Stop any search in the background (the query matches everything).
    StopSearch,
    /// Find the articles of the saved views in the background (after any search of the
    /// query), then send [`Action::ViewsCounted`].
    CountViews(Box<ViewsJob>),
    /// Add a query to the history kept on disk.
    Remember(String),
    /// Hand the terminal to `$VISUAL` / `$EDITOR` (else `vi`) on this file, take it back, then
    /// send [`crate::action::Action::Edited`].
    Edit(PathBuf),
    /// Keep the lists, complete, for the next start ([`crate::lists`]).
    KeepLists(Box<crate::lists::Lists>),
    /// Put text on the clipboard (OSC 52 to the terminal, and a clipboard tool when there is
    /// one), then send [`crate::action::Action::Copied`].
    Copy {
        /// What it is, to say so ("path", "text").
        what: &'static str,
        /// The text.
        text: String,
    },
}
