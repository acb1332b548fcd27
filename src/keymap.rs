//! The key table (SPEC §7): one list of bindings that dispatches keys and writes the help screen,
//! so the two cannot disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::action::Action;
use crate::app::prompt::Edit;

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
    /// The help text.
    pub help: &'static str,
}

/// The default keys.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[ch('j'), key(KeyCode::Down)],
        action: || Action::Down,
        help: "next item; in the reader, scroll a line down",
    },
    Binding {
        keys: &[ch('k'), key(KeyCode::Up)],
        action: || Action::Up,
        help: "previous item; in the reader, scroll a line up",
    },
    Binding {
        keys: &[ch('g'), key(KeyCode::Home)],
        action: || Action::Top,
        help: "first item; top of the article",
    },
    Binding {
        keys: &[ch('G'), key(KeyCode::End)],
        action: || Action::Bottom,
        help: "last item; bottom of the article",
    },
    Binding {
        keys: &[key(KeyCode::PageDown), ctrl('d')],
        action: || Action::PageDown,
        help: "page down",
    },
    Binding {
        keys: &[key(KeyCode::PageUp), ctrl('u')],
        action: || Action::PageUp,
        help: "page up",
    },
    Binding {
        keys: &[key(KeyCode::Tab), ch('l'), key(KeyCode::Right)],
        action: || Action::FocusNext,
        help: "focus the next pane",
    },
    Binding {
        keys: &[key(KeyCode::BackTab), ch('h'), key(KeyCode::Left)],
        action: || Action::FocusPrev,
        help: "focus the previous pane",
    },
    Binding {
        keys: &[key(KeyCode::Enter)],
        action: || Action::Open,
        help: "open the selected article (from sections: go to its articles)",
    },
    Binding {
        keys: &[ch(' ')],
        action: || Action::Space,
        help: "reader: page down; at the end, open the next unread article",
    },
    Binding {
        keys: &[ch('n')],
        action: || Action::NextUnread,
        help: "next unread article, across sections; with a find in the reader, the next match",
    },
    Binding {
        keys: &[ch('p')],
        action: || Action::PrevUnread,
        help: "previous unread article, across sections",
    },
    Binding {
        keys: &[ch('N')],
        action: || Action::PrevMatch,
        help: "with a find in the reader, the previous match",
    },
    Binding {
        keys: &[ch('m')],
        action: || Action::ToggleRead,
        help: "toggle read / unread",
    },
    Binding {
        keys: &[ch('s')],
        action: || Action::ToggleStar,
        help: "toggle star",
    },
    Binding {
        keys: &[ch('A')],
        action: || Action::MarkAllRead,
        help: "mark every article in the current view read (undoable)",
    },
    Binding {
        keys: &[ch('u')],
        action: || Action::Undo,
        help: "undo the last marking",
    },
    Binding {
        keys: &[ch('/')],
        action: || Action::FilterPrompt,
        help: "filter the list as you type (a query); in the reader, find in the article",
    },
    Binding {
        keys: &[ch('U')],
        action: || Action::ToggleUnreadOnly,
        help: "show unread only (toggle)",
    },
    Binding {
        keys: &[ch('S')],
        action: || Action::ToggleStarredOnly,
        help: "show starred only (toggle)",
    },
    Binding {
        keys: &[ch('O')],
        action: || Action::CycleSort,
        help: "order of the lists: newest first, oldest first, by section, by headline (cycles)",
    },
    Binding {
        keys: &[ch('z')],
        action: || Action::Zoom,
        help: "the reader alone on the whole screen (toggle)",
    },
    Binding {
        keys: &[ch('e')],
        action: || Action::Edit,
        help: "open the article's file in $VISUAL / $EDITOR (the terminal handed over and back)",
    },
    Binding {
        keys: &[ch('y')],
        action: || Action::CopyPath,
        help: "copy the article's path (OSC 52 and the system clipboard tool)",
    },
    Binding {
        keys: &[ch('Y')],
        action: || Action::CopyText,
        help: "copy the open article's text",
    },
    Binding {
        keys: &[ch('r')],
        action: || Action::Reload,
        help: "reload the library from disk",
    },
    Binding {
        keys: &[ch('w')],
        action: || Action::Warnings,
        help: "files that had problems",
    },
    Binding {
        keys: &[ch('?')],
        action: || Action::Help,
        help: "help",
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: || Action::Back,
        help: "back (close help, prompt, find, reader, zoom); in the lists, clear a filter",
    },
    Binding {
        keys: &[ch('q')],
        action: || Action::BackOrQuit,
        help: "back; quit from the lists when no article is open",
    },
    Binding {
        keys: &[ch('Q'), ctrl('c')],
        action: || Action::Quit,
        help: "quit at once (state is saved)",
    },
];

/// The keys of the filter prompt; every other key without Ctrl types its character.
pub const PROMPT_BINDINGS: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Enter)],
        action: || Action::PromptAccept,
        help: "prompt: keep the query and go to its first match (a find: keep it)",
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: || Action::Back,
        help: "prompt: clear the query and close the prompt (a find: end it)",
    },
    Binding {
        keys: &[key(KeyCode::Left)],
        action: || Action::PromptEdit(Edit::Left),
        help: "prompt: cursor one character left",
    },
    Binding {
        keys: &[key(KeyCode::Right)],
        action: || Action::PromptEdit(Edit::Right),
        help: "prompt: cursor one character right",
    },
    Binding {
        keys: &[key(KeyCode::Home), ctrl('a')],
        action: || Action::PromptEdit(Edit::Home),
        help: "prompt: cursor to the start",
    },
    Binding {
        keys: &[key(KeyCode::End), ctrl('e')],
        action: || Action::PromptEdit(Edit::End),
        help: "prompt: cursor to the end",
    },
    Binding {
        keys: &[key(KeyCode::Backspace), ctrl('h')],
        action: || Action::PromptEdit(Edit::Backspace),
        help: "prompt: delete the character before the cursor",
    },
    Binding {
        keys: &[key(KeyCode::Delete)],
        action: || Action::PromptEdit(Edit::Delete),
        help: "prompt: delete the character under the cursor",
    },
    Binding {
        keys: &[ctrl('w')],
        action: || Action::PromptEdit(Edit::DeleteWord),
        help: "prompt: delete the word before the cursor",
    },
    Binding {
        keys: &[ctrl('u')],
        action: || Action::PromptEdit(Edit::DeleteToStart),
        help: "prompt: delete from the start to the cursor",
    },
    Binding {
        keys: &[key(KeyCode::Up)],
        action: || Action::PromptEdit(Edit::Older),
        help: "prompt: the previous query of the history",
    },
    Binding {
        keys: &[key(KeyCode::Down)],
        action: || Action::PromptEdit(Edit::Newer),
        help: "prompt: the next query of the history",
    },
    Binding {
        keys: &[ctrl('c')],
        action: || Action::Quit,
        help: "prompt: quit at once (state is saved)",
    },
];

fn matches(k: &Key, ev: &KeyEvent) -> bool {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    if k.ctrl != ctrl {
        return false;
    }
    match (k.code, ev.code) {
        // Letters compare as typed: `G` arrives as Shift+G or as G, depending on the terminal.
        (KeyCode::Char(a), KeyCode::Char(b)) => {
            if k.ctrl {
                a.eq_ignore_ascii_case(&b)
            } else {
                a == b
            }
        }
        (a, b) => a == b,
    }
}

/// The action of a key pressed in the lists or the reader.
pub fn action_for(ev: &KeyEvent) -> Option<Action> {
    BINDINGS
        .iter()
        .find(|b| b.keys.iter().any(|k| matches(k, ev)))
        .map(|b| (b.action)())
}

/// The action of a key pressed while the filter prompt is open.
pub fn prompt_action_for(ev: &KeyEvent) -> Option<Action> {
    if let Some(b) = PROMPT_BINDINGS
        .iter()
        .find(|b| b.keys.iter().any(|k| matches(k, ev)))
    {
        return Some((b.action)());
    }
    match ev.code {
        KeyCode::Char(c) if !ev.modifiers.contains(KeyModifiers::CONTROL) => {
            Some(Action::PromptChar(c))
        }
        _ => None,
    }
}

/// How a key is written in the help.
pub fn key_name(k: &Key) -> String {
    let base = match k.code {
        KeyCode::Char(' ') => "Space".to_owned(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Down => "↓".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Delete => "Delete".into(),
        other => format!("{other:?}"),
    };
    if k.ctrl { format!("Ctrl-{base}") } else { base }
}

/// The help rows: keys, then what they do; the lists' and reader's keys, then the prompt's.
pub fn help_rows() -> Vec<(String, &'static str)> {
    BINDINGS
        .iter()
        .chain(PROMPT_BINDINGS)
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(key_name).collect();
            (keys.join(" "), b.help)
        })
        .collect()
}

#[cfg(test)]
mod tests;
