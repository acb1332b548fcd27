//! The key table (SPEC §7): one list of bindings that dispatches keys and writes the help screen,
//! so the two cannot disagree.

use crossterm::event::KeyCode;

use crate::action::{Action, Edit};

/// A key as the table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// With Ctrl held.
    pub ctrl: bool,
}

const fn key(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

/// One row of the table.
pub struct Binding {
    /// The keys.
    pub keys: &'static [Key],
    /// What they do.
    pub action: fn() -> Action,
    /// Its name in `config.toml`'s `[keys]` and in the help: snake_case, stable (a config
    /// written for one version keeps working).
    pub name: &'static str,
    /// The help text.
    pub help: &'static str,
}

/// The default keys.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[ch('j'), key(KeyCode::Down)],
        action: || Action::Down,
        name: "next",
        help: "next item; in the reader, scroll a line down",
    },
    Binding {
        keys: &[ch('k'), key(KeyCode::Up)],
        action: || Action::Up,
        name: "previous",
        help: "previous item; in the reader, scroll a line up",
    },
    Binding {
        keys: &[ch('g'), key(KeyCode::Home)],
        action: || Action::Top,
        name: "first",
        help: "first item; top of the article",
    },
    Binding {
        keys: &[ch('G'), key(KeyCode::End)],
        action: || Action::Bottom,
        name: "last",
        help: "last item; bottom of the article",
    },
    Binding {
        keys: &[key(KeyCode::PageDown), ctrl('d')],
        action: || Action::PageDown,
        name: "page_down",
        help: "page down",
    },
    Binding {
        keys: &[key(KeyCode::PageUp), ctrl('u')],
        action: || Action::PageUp,
        name: "page_up",
        help: "page up",
    },
    Binding {
        keys: &[key(KeyCode::Tab), ch('l'), key(KeyCode::Right)],
        action: || Action::FocusNext,
        name: "focus_next",
        help: "focus the next pane",
    },
    Binding {
        keys: &[key(KeyCode::BackTab), ch('h'), key(KeyCode::Left)],
        action: || Action::FocusPrev,
        name: "focus_previous",
        help: "focus the previous pane",
    },
    Binding {
        keys: &[key(KeyCode::Enter)],
        action: || Action::Open,
        name: "open",
        help: "open the selected article (from sections: go to its articles)",
    },
    Binding {
        keys: &[ch(' ')],
        action: || Action::Space,
        name: "read_on",
        help: "reader: page down; at the end, open the next unread article",
    },
    Binding {
        keys: &[ch('n')],
        action: || Action::NextUnread,
        name: "next_unread",
        help: "next unread article, across sections; with a find in the reader, the next match",
    },
    Binding {
        keys: &[ch('p')],
        action: || Action::PrevUnread,
        name: "previous_unread",
        help: "previous unread article, across sections",
    },
    Binding {
        keys: &[ch('N')],
        action: || Action::PrevMatch,
        name: "previous_match",
        help: "with a find in the reader, the previous match",
    },
    Binding {
        keys: &[ch('m')],
        action: || Action::ToggleRead,
        name: "toggle_read",
        help: "toggle read / unread",
    },
    Binding {
        keys: &[ch('s')],
        action: || Action::ToggleStar,
        name: "toggle_star",
        help: "toggle star",
    },
    Binding {
        keys: &[ch('A')],
        action: || Action::MarkAllRead,
        name: "mark_all_read",
        help: "mark every article in the current view read (undoable)",
    },
    Binding {
        keys: &[ch('u')],
        action: || Action::Undo,
        name: "undo",
        help: "undo the last marking",
    },
    Binding {
        keys: &[ch('/')],
        action: || Action::FilterPrompt,
        name: "filter",
        help: "filter the list as you type (a query); in the reader, find in the article",
    },
    Binding {
        keys: &[ch('U')],
        action: || Action::ToggleUnreadOnly,
        name: "unread_only",
        help: "show unread only (toggle)",
    },
    Binding {
        keys: &[ch('S')],
        action: || Action::ToggleStarredOnly,
        name: "starred_only",
        help: "show starred only (toggle)",
    },
    Binding {
        keys: &[ch('O')],
        action: || Action::CycleSort,
        name: "sort",
        help: "order of the lists: newest first, oldest first, by section, by headline (cycles)",
    },
    Binding {
        keys: &[ch('t')],
        action: || Action::ToggleStories,
        name: "fold_stories",
        help: "fold each story into one row (toggle); Enter on one shows its timeline",
    },
    Binding {
        keys: &[ch('z')],
        action: || Action::Zoom,
        name: "zoom",
        help: "the reader alone on the whole screen (toggle)",
    },
    Binding {
        keys: &[ch('e')],
        action: || Action::Edit,
        name: "edit",
        help: "open the article's file in $VISUAL / $EDITOR (the terminal handed over and back)",
    },
    Binding {
        keys: &[ch('y')],
        action: || Action::CopyPath,
        name: "copy_path",
        help: "copy the article's path (OSC 52 and the system clipboard tool)",
    },
    Binding {
        keys: &[ch('Y')],
        action: || Action::CopyText,
        name: "copy_text",
        help: "copy the open article's text",
    },
    Binding {
        keys: &[ch('r')],
        action: || Action::Reload,
        name: "reload",
        help: "reload the library from disk",
    },
    Binding {
        keys: &[ch('w')],
        action: || Action::Warnings,
        name: "warnings",
        help: "files that had problems",
    },
    Binding {
        keys: &[ch('?')],
        action: || Action::Help,
        name: "help",
        help: "help",
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: || Action::Back,
        name: "back",
        help: "back (close help, prompt, find, reader, zoom); in the lists, clear a filter",
    },
    Binding {
        keys: &[ch('q')],
        action: || Action::BackOrQuit,
        name: "back_or_quit",
        help: "back; quit from the lists when no article is open",
    },
    Binding {
        keys: &[ch('Q'), ctrl('c')],
        action: || Action::Quit,
        name: "quit",
        help: "quit at once (state is saved)",
    },
];

/// The keys of the filter prompt; every other key without Ctrl types its character.
pub const PROMPT_BINDINGS: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Enter)],
        action: || Action::PromptAccept,
        name: "prompt_accept",
        help: "prompt: keep the query and go to its first match (a find: keep it)",
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: || Action::Back,
        name: "prompt_cancel",
        help: "prompt: clear the query and close the prompt (a find: end it)",
    },
    Binding {
        keys: &[key(KeyCode::Left)],
        action: || Action::PromptEdit(Edit::Left),
        name: "prompt_left",
        help: "prompt: cursor one character left",
    },
    Binding {
        keys: &[key(KeyCode::Right)],
        action: || Action::PromptEdit(Edit::Right),
        name: "prompt_right",
        help: "prompt: cursor one character right",
    },
    Binding {
        keys: &[key(KeyCode::Home), ctrl('a')],
        action: || Action::PromptEdit(Edit::Home),
        name: "prompt_home",
        help: "prompt: cursor to the start",
    },
    Binding {
        keys: &[key(KeyCode::End), ctrl('e')],
        action: || Action::PromptEdit(Edit::End),
        name: "prompt_end",
        help: "prompt: cursor to the end",
    },
    Binding {
        keys: &[key(KeyCode::Backspace), ctrl('h')],
        action: || Action::PromptEdit(Edit::Backspace),
        name: "prompt_backspace",
        help: "prompt: delete the character before the cursor",
    },
    Binding {
        keys: &[key(KeyCode::Delete)],
        action: || Action::PromptEdit(Edit::Delete),
        name: "prompt_delete",
        help: "prompt: delete the character under the cursor",
    },
    Binding {
        keys: &[ctrl('w')],
        action: || Action::PromptEdit(Edit::DeleteWord),
        name: "prompt_delete_word",
        help: "prompt: delete the word before the cursor",
    },
    Binding {
        keys: &[ctrl('u')],
        action: || Action::PromptEdit(Edit::DeleteToStart),
        name: "prompt_delete_to_start",
        help: "prompt: delete from the start to the cursor",
    },
    Binding {
        keys: &[key(KeyCode::Up)],
        action: || Action::PromptEdit(Edit::Older),
        name: "prompt_older",
        help: "prompt: the previous query of the history",
    },
    Binding {
        keys: &[key(KeyCode::Down)],
        action: || Action::PromptEdit(Edit::Newer),
        name: "prompt_newer",
        help: "prompt: the next query of the history",
    },
    Binding {
        keys: &[ctrl('c')],
        action: || Action::Quit,
        name: "prompt_quit",
        help: "prompt: quit at once (state is saved)",
    },
];

mod bind;
mod map;

pub use bind::{KeySetting, parse_key};
pub use map::{Bound, HelpRow, Keymap, action_for, help_rows, key_name, prompt_action_for};

#[cfg(test)]
mod tests;
