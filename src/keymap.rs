//! The key table (SPEC §7): one list of bindings that dispatches keys and writes the help screen,
//! so the two cannot disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::action::Action;

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
        help: "next unread article, across sections",
    },
    Binding {
        keys: &[ch('p')],
        action: || Action::PrevUnread,
        help: "previous unread article, across sections",
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
        help: "filter as you type (accents and case ignored); Enter keeps it, Esc clears it",
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
        help: "back (close help, prompt, reader, zoom); in the lists, clear a filter",
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
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    match ev.code {
        KeyCode::Enter => Some(Action::PromptAccept),
        KeyCode::Esc => Some(Action::Back),
        KeyCode::Backspace => Some(Action::PromptBackspace),
        KeyCode::Char('c') if ctrl => Some(Action::Quit),
        KeyCode::Char('w' | 'h') if ctrl => Some(if ev.code == KeyCode::Char('h') {
            Action::PromptBackspace
        } else {
            Action::PromptDeleteWord
        }),
        KeyCode::Char(c) if !ctrl => Some(Action::PromptChar(c)),
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
        other => format!("{other:?}"),
    };
    if k.ctrl { format!("Ctrl-{base}") } else { base }
}

/// The help rows: keys, then what they do.
pub fn help_rows() -> Vec<(String, &'static str)> {
    BINDINGS
        .iter()
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(key_name).collect();
            (keys.join(" "), b.help)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> Option<Action> {
        action_for(&KeyEvent::new(code, modifiers))
    }

    #[test]
    fn every_spec_key_is_bound() {
        use KeyCode::*;
        let none = KeyModifiers::NONE;
        let shift = KeyModifiers::SHIFT;
        let c = KeyModifiers::CONTROL;
        let cases: &[(KeyCode, KeyModifiers, &str)] = &[
            (Char('j'), none, "Down"),
            (Down, none, "Down"),
            (Char('k'), none, "Up"),
            (Up, none, "Up"),
            (Char('g'), none, "Top"),
            (Home, none, "Top"),
            (Char('G'), shift, "Bottom"),
            (End, none, "Bottom"),
            (PageDown, none, "PageDown"),
            (Char('d'), c, "PageDown"),
            (PageUp, none, "PageUp"),
            (Char('u'), c, "PageUp"),
            (Tab, none, "FocusNext"),
            (BackTab, shift, "FocusPrev"),
            (Char('l'), none, "FocusNext"),
            (Right, none, "FocusNext"),
            (Char('h'), none, "FocusPrev"),
            (Left, none, "FocusPrev"),
            (Enter, none, "Open"),
            (Char(' '), none, "Space"),
            (Char('n'), none, "NextUnread"),
            (Char('p'), none, "PrevUnread"),
            (Char('m'), none, "ToggleRead"),
            (Char('s'), none, "ToggleStar"),
            (Char('A'), shift, "MarkAllRead"),
            (Char('u'), none, "Undo"),
            (Char('/'), none, "FilterPrompt"),
            (Char('U'), shift, "ToggleUnreadOnly"),
            (Char('S'), shift, "ToggleStarredOnly"),
            (Char('r'), none, "Reload"),
            (Char('?'), shift, "Help"),
            (Esc, none, "Back"),
            (Char('q'), none, "BackOrQuit"),
            (Char('Q'), shift, "Quit"),
            (Char('c'), c, "Quit"),
            (Char('z'), none, "Zoom"),
            (Char('O'), shift, "CycleSort"),
        ];
        for (code, m, want) in cases {
            let got = press(*code, *m).map(|a| format!("{a:?}"));
            assert_eq!(got.as_deref(), Some(*want), "{code:?} {m:?}");
        }
        assert!(press(Char('o'), none).is_none());
        assert!(press(Char(':'), none).is_none());
    }

    #[test]
    fn no_key_is_bound_twice() {
        let mut seen = Vec::new();
        for b in BINDINGS {
            for k in b.keys {
                assert!(!seen.contains(k), "{k:?} bound twice");
                seen.push(*k);
            }
        }
    }

    #[test]
    fn help_is_written_from_the_table() {
        let rows = help_rows();
        assert_eq!(rows.len(), BINDINGS.len());
        assert!(
            rows.iter()
                .any(|(k, h)| k == "j ↓" && h.contains("next item"))
        );
        assert!(rows.iter().any(|(k, _)| k == "Q Ctrl-c"));
    }

    #[test]
    fn prompt_keys() {
        let typed = prompt_action_for(&KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE));
        assert!(matches!(typed, Some(Action::PromptChar('q'))));
        let enter = prompt_action_for(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        assert!(matches!(enter, Some(Action::PromptAccept)));
    }
}
