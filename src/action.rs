//! Everything that can change the reader's state. Keys become actions through
//! [`crate::keymap`]; the loader, the terminal and the run loop send the others.
//! [`crate::app::App::update`] applies them, without I/O.

use crate::article::Article;
use crate::loader::Load;
use crate::query::engine::Answer;
use crate::state::Change;

/// One edit of a prompt's line (the filter's, or the find's in the article).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Insert text at the cursor.
    Insert(String),
    /// Delete the character before the cursor.
    Backspace,
    /// Delete the character under the cursor.
    Delete,
    /// Delete the word before the cursor (and the blanks after it).
    DeleteWord,
    /// Delete from the start of the line to the cursor.
    DeleteToStart,
    /// Cursor one character left.
    Left,
    /// Cursor one character right.
    Right,
    /// Cursor to the start.
    Home,
    /// Cursor to the end.
    End,
    /// The previous (older) query of the history.
    Older,
    /// The next (newer) query of the history, then what was typed.
    Newer,
}

/// One change to apply.
#[derive(Debug)]
pub enum Action {
    /// Next item; in the reader, scroll a line down.
    Down,
    /// Previous item; in the reader, scroll a line up.
    Up,
    /// First item; top of the article.
    Top,
    /// Last item; bottom of the article.
    Bottom,
    /// Page down.
    PageDown,
    /// Page up.
    PageUp,
    /// Focus the next pane.
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Open the selected article (from sections: go to its articles).
    Open,
    /// Reader: page down; at the end, open the next unread article.
    Space,
    /// Next unread article, across sections.
    NextUnread,
    /// Previous unread article, across sections.
    PrevUnread,
    /// Toggle read / unread.
    ToggleRead,
    /// Toggle the star.
    ToggleStar,
    /// Mark every article of the current view read (undoable).
    MarkAllRead,
    /// Undo the last marking.
    Undo,
    /// Open the filter prompt.
    FilterPrompt,
    /// Show unread articles only (toggle).
    ToggleUnreadOnly,
    /// Show starred articles only (toggle).
    ToggleStarredOnly,
    /// Reload the library from disk.
    Reload,
    /// Show or hide the help.
    Help,
    /// Show or hide the files that had problems.
    Warnings,
    /// Back: close help, prompt or reader; clear a filter; in the lists, `q` quits.
    Back,
    /// `q`: back, and quit from the lists.
    BackOrQuit,
    /// Quit at once (state is saved).
    Quit,
    /// The next order of the lists: newest first, oldest first, by section, by headline.
    CycleSort,
    /// The reader alone on the whole screen (toggle).
    Zoom,
    /// Each story folded into one row (toggle).
    ToggleStories,
    /// With a find active in the reader, the previous match (`n` goes to the next).
    PrevMatch,
    /// Open the article's file in `$VISUAL` / `$EDITOR`.
    Edit,
    /// Copy the article's path.
    CopyPath,
    /// Copy the article's text.
    CopyText,
    /// A click of the main mouse button on cell (`x`, `y`), 0-based.
    Click {
        /// Column.
        x: u16,
        /// Row.
        y: u16,
        /// The second click of a double click.
        double: bool,
    },
    /// The mouse wheel turned over cell (`x`, `y`).
    Wheel {
        /// Column.
        x: u16,
        /// Row.
        y: u16,
        /// Towards the end (the wheel turned down).
        down: bool,
    },
    /// A key bound to nothing (its name, to say so).
    Unbound(String),

    /// A character typed in the filter prompt.
    PromptChar(char),
    /// Text pasted in the prompt (bracketed paste): one edit, one search.
    PromptPaste(String),
    /// An edit of the prompt: cursor, deletion, history.
    PromptEdit(Edit),
    /// Enter in the prompt: keep the filter.
    PromptAccept,

    /// The editor asked for with [`crate::app::Effect::Edit`] has ended: whether the file
    /// changed, or why it could not be edited.
    Edited(Result<bool, String>),
    /// What became of a [`crate::app::Effect::Copy`]: what to say, or why nothing was copied.
    Copied(Result<String, String>),

    /// No key for a while: a moment to save the reading position (the shell says when).
    Idle,
    /// The library's folders cannot be watched for changes (or no longer): why, and what is
    /// done instead (shown with the files that had problems, `w`).
    Unwatched(String),
    /// The terminal's new size (columns, rows).
    Resize(u16, u16),
    /// A message from the background loader.
    Load(Load),
    /// An article asked for with [`crate::app::Effect::LoadArticle`] was read.
    ArticleLoaded {
        /// Its number in the library.
        entry: u32,
        /// Which load of the library it belongs to.
        generation: u64,
        /// The article, or why it could not be read.
        article: Result<Box<Article>, String>,
    },
    /// The saver made the changes handed to it durable, or says why it could not (it tries
    /// again).
    Saved(Result<(), String>),
    /// The sure matches of the search asked for with [`crate::app::Effect::Search`] (and the
    /// articles whose text decides, read next).
    Searched {
        /// Which search.
        generation: u64,
        /// Its answer.
        answer: Answer,
        /// The list's order, for `sort:title`.
        order: Option<Vec<u32>>,
    },
    /// Articles read for a search: whether each matches.
    Checked {
        /// Which search.
        generation: u64,
        /// (article number, matches).
        results: Vec<(u32, bool)>,
        /// Every article to read was read.
        done: bool,
    },
    /// The articles of the saved views, asked for with [`crate::app::Effect::CountViews`]: those
    /// known so far, then (`done`) all.
    ViewsCounted {
        /// Which count.
        generation: u64,
        /// For each view, in order, the articles that match.
        hits: Vec<crate::search::Hits>,
        /// The articles whose text decides have all been read.
        done: bool,
    },
    /// Changes read from the state folder (other devices, other processes), and what to tell
    /// the user about its files.
    StateRead {
        /// Changes, some perhaps known already (applying them again changes nothing).
        changes: Vec<Change>,
        /// Notices (a file moved aside, lines that could not be read).
        notices: Vec<String>,
    },
}
