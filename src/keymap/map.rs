//! The key table in force: the default rows of [`super::BINDINGS`] and
//! [`super::PROMPT_BINDINGS`], with the keys `config.toml` gives the actions it names.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{BINDINGS, Binding, Key, PROMPT_BINDINGS};
use crate::action::Action;

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

/// One action of the key table in force, with the keys it has (the default ones, or those of
/// `config.toml`'s `[keys]`).
#[derive(Debug, Clone)]
pub struct Bound {
    /// The keys (none: the action is unbound).
    pub keys: Vec<Key>,
    /// What they do.
    pub action: fn() -> Action,
    /// Its name in `[keys]`.
    pub name: &'static str,
    /// The help text.
    pub help: &'static str,
}

/// The key table in force: the default one ([`BINDINGS`], [`PROMPT_BINDINGS`]) with the keys
/// of `config.toml` in place of the defaults of the actions it names. The same rows dispatch
/// keys and write the help, so `?` shows the keys as configured.
#[derive(Debug, Clone)]
pub struct Keymap {
    /// The lists' and the reader's keys.
    pub main: Vec<Bound>,
    /// The prompt's keys.
    pub prompt: Vec<Bound>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        let rows = |table: &[Binding]| {
            table
                .iter()
                .map(|b| Bound {
                    keys: b.keys.to_vec(),
                    action: b.action,
                    name: b.name,
                    help: b.help,
                })
                .collect()
        };
        Keymap {
            main: rows(BINDINGS),
            prompt: rows(PROMPT_BINDINGS),
        }
    }
}

/// A row of the help: the keys as written, the action's name, what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRow {
    /// The keys, separated by spaces (`—` for an action left without a key).
    pub keys: String,
    /// The action's name in `[keys]`.
    pub name: &'static str,
    /// What it does.
    pub help: &'static str,
}

impl Keymap {
    /// The action of a key pressed in the lists or the reader.
    pub fn action_for(&self, ev: &KeyEvent) -> Option<Action> {
        find(&self.main, ev)
    }

    /// The action of a key pressed while the filter prompt is open.
    pub fn prompt_action_for(&self, ev: &KeyEvent) -> Option<Action> {
        if let Some(a) = find(&self.prompt, ev) {
            return Some(a);
        }
        match ev.code {
            KeyCode::Char(c) if !ev.modifiers.contains(KeyModifiers::CONTROL) => {
                Some(Action::PromptChar(c))
            }
            _ => None,
        }
    }

    /// The help rows: the lists' and reader's keys, then the prompt's.
    pub fn help_rows(&self) -> Vec<HelpRow> {
        self.main
            .iter()
            .chain(&self.prompt)
            .map(|b| {
                let keys: Vec<String> = b.keys.iter().map(key_name).collect();
                HelpRow {
                    keys: if keys.is_empty() {
                        "—".into()
                    } else {
                        keys.join(" ")
                    },
                    name: b.name,
                    help: b.help,
                }
            })
            .collect()
    }
}

fn find(rows: &[Bound], ev: &KeyEvent) -> Option<Action> {
    rows.iter()
        .find(|b| b.keys.iter().any(|k| matches(k, ev)))
        .map(|b| (b.action)())
}

/// The action of a key pressed in the lists or the reader, with the default keys.
pub fn action_for(ev: &KeyEvent) -> Option<Action> {
    Keymap::default().action_for(ev)
}

/// The action of a key pressed in the prompt, with the default keys.
pub fn prompt_action_for(ev: &KeyEvent) -> Option<Action> {
    Keymap::default().prompt_action_for(ev)
}

/// The help rows of the default keys (the README's table).
pub fn help_rows() -> Vec<HelpRow> {
    Keymap::default().help_rows()
}

/// How a key is written in the help (and may be written in `[keys]`, see [`parse_key`]).
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
        KeyCode::Insert => "Insert".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if k.ctrl { format!("Ctrl-{base}") } else { base }
}
