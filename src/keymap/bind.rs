//! `[keys]` of `config.toml`: keys written as text, given to the actions they name, and the
//! conflicts that would make a key ambiguous.

use crossterm::event::KeyCode;

use super::map::{Bound, Keymap};
use super::{Key, key_name};
use crate::diagnostic::Problem;

/// One entry of `[keys]`: an action's name and the keys written for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySetting {
    /// The action's name (`next`, `prompt_home`, …).
    pub action: String,
    /// The keys as written (`"j"`, `"Down"`, `"Ctrl-d"`); empty: the action has no key.
    pub keys: Vec<String>,
    /// The line of the entry in `config.toml`.
    pub line: usize,
}

/// Reads a key as `[keys]` writes it: one character (`"j"`, `"G"`, `"/"`, `"é"`), a named key
/// (`Down` or `↓`, `PgDn`/`PageDown`, `Home`, `Tab`, `Shift-Tab`, `Enter`, `Esc`, `Space`,
/// `Backspace`, `Delete`, `Insert`, `F1`…`F12`; names in any case), or `Ctrl-` and a letter
/// (`Ctrl-d`, also written `C-d` or `Ctrl+d`). Every name the help shows reads back.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let bad = || {
        format!(
            "“{text}” is not a key (write one character, a name such as Down, PgDn, Enter, Esc, Space, F5, or Ctrl-d)"
        )
    };
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return match c {
            c if c.is_control() => Err(bad()),
            '↓' => Ok(named(KeyCode::Down)),
            '↑' => Ok(named(KeyCode::Up)),
            '←' => Ok(named(KeyCode::Left)),
            '→' => Ok(named(KeyCode::Right)),
            c => Ok(named(KeyCode::Char(c))),
        };
    }
    let lower = text.to_lowercase();
    for prefix in ["ctrl-", "ctrl+", "c-"] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            let mut cs = rest.chars();
            return match (cs.next(), cs.next()) {
                (Some(c), None) if c.is_ascii_alphanumeric() => Ok(Key {
                    code: KeyCode::Char(c),
                    ctrl: true,
                }),
                _ => Err(bad()),
            };
        }
    }
    let code = match lower.as_str() {
        "down" => KeyCode::Down,
        "up" => KeyCode::Up,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pgdn" | "pagedown" | "page_down" | "page-down" => KeyCode::PageDown,
        "pgup" | "pageup" | "page_up" | "page-up" => KeyCode::PageUp,
        "tab" => KeyCode::Tab,
        "shift-tab" | "shift+tab" | "backtab" => KeyCode::BackTab,
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "space" => KeyCode::Char(' '),
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        f if f.starts_with('f') => match f[1..].parse::<u8>() {
            Ok(n @ 1..=12) => KeyCode::F(n),
            _ => return Err(bad()),
        },
        _ => return Err(bad()),
    };
    Ok(named(code))
}

const fn named(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

/// The key as compared for conflicts: `Ctrl-D` is `Ctrl-d` (see `matches`).
fn canonical(k: Key) -> Key {
    match k.code {
        KeyCode::Char(c) if k.ctrl => Key {
            code: KeyCode::Char(c.to_ascii_lowercase()),
            ctrl: true,
        },
        _ => k,
    }
}

impl Keymap {
    /// The default key table with `settings` applied: each action named gets the keys written
    /// for it instead of its defaults. Problems: an action that does not exist (a warning:
    /// an unknown setting), a key that cannot be read, and a key left to two actions of one
    /// context (errors, naming the key and both actions; the default table is returned then).
    pub fn configured(settings: &[KeySetting]) -> (Keymap, Vec<Problem>) {
        let mut map = Keymap::default();
        let mut problems = Vec::new();
        // The line of the entry that gave each action its keys.
        let mut given: Vec<(&'static str, usize)> = Vec::new();
        for s in settings {
            let Some(row) = map
                .main
                .iter_mut()
                .chain(map.prompt.iter_mut())
                .find(|b| b.name == s.action)
            else {
                let hint = suggest(&s.action)
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                problems.push(Problem::warning(
                    Some(s.line),
                    format!("[keys]: no action is named `{}`{hint}; ignored", s.action),
                ));
                continue;
            };
            let mut keys = Vec::new();
            for text in &s.keys {
                match parse_key(text) {
                    Ok(k) if !keys.contains(&canonical(k)) => keys.push(canonical(k)),
                    Ok(_) => {}
                    Err(why) => problems.push(Problem::error(
                        Some(s.line),
                        format!("[keys] {}: {why}", s.action),
                    )),
                }
            }
            row.keys = keys;
            given.push((row.name, s.line));
        }
        let line_of = |name: &str| given.iter().rev().find(|g| g.0 == name).map(|g| g.1);
        for (rows, context) in [
            (&map.main, "the lists and the reader"),
            (&map.prompt, "the prompt"),
        ] {
            let mut seen: Vec<(Key, &'static str)> = Vec::new();
            for b in rows {
                for &k in &b.keys {
                    let k = canonical(k);
                    match seen.iter().find(|(s, _)| *s == k) {
                        Some(&(_, first)) if first != b.name => {
                            let line = line_of(b.name).or_else(|| line_of(first));
                            problems.push(Problem::error(
                                line,
                                format!(
                                    "[keys]: {} is bound to both `{first}` and `{}` in {context}; give one of them other keys",
                                    key_name(&k),
                                    b.name
                                ),
                            ));
                        }
                        Some(_) => {}
                        None => seen.push((k, b.name)),
                    }
                }
            }
        }
        if problems.iter().any(Problem::is_error) {
            return (Keymap::default(), problems);
        }
        (map, problems)
    }

    /// Every action's name, the lists' first.
    pub fn names(&self) -> impl Iterator<Item = &Bound> {
        self.main.iter().chain(&self.prompt)
    }
}

/// The action name closest to a mistyped one, if one is close.
fn suggest(name: &str) -> Option<&'static str> {
    let map = Keymap::default();
    map.names()
        .map(|b| (crate::diagnostic::distance(name, b.name), b.name))
        .filter(|(d, n)| *d <= (n.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_as_the_help_writes_them() {
        for b in Keymap::default().names() {
            for k in &b.keys {
                assert_eq!(parse_key(&key_name(k)), Ok(*k), "{}", key_name(k));
            }
        }
        assert_eq!(parse_key("C-d"), parse_key("Ctrl-d"));
        assert_eq!(parse_key("ctrl+D").map(canonical), parse_key("Ctrl-d"));
        assert_eq!(parse_key("pagedown"), parse_key("PgDn"));
        assert_eq!(parse_key("F5").map(|k| k.code), Ok(KeyCode::F(5)));
        for bad in ["", "Ctrl-", "Ctrl-dd", "F13", "Hyper-x", "\x1b", "jk"] {
            assert!(parse_key(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn configured_keys_replace_the_defaults() {
        let s = |action: &str, keys: &[&str], line| KeySetting {
            action: action.into(),
            keys: keys.iter().map(|k| k.to_string()).collect(),
            line,
        };
        let (map, problems) = Keymap::configured(&[s("next", &["J", "Down"], 3)]);
        assert!(problems.is_empty(), "{problems:?}");
        let next = map.main.iter().find(|b| b.name == "next").unwrap();
        assert_eq!(
            next.keys.iter().map(key_name).collect::<Vec<_>>(),
            ["J", "↓"]
        );
        // `j` is free now.
        let (_, problems) = Keymap::configured(&[s("next", &["J"], 3), s("zoom", &["j"], 4)]);
        assert!(problems.is_empty(), "{problems:?}");
        // A key of another action's defaults: an error naming both, at the entry's line.
        let (map, problems) = Keymap::configured(&[s("quit", &["j"], 7)]);
        assert_eq!(problems.len(), 1);
        let p = &problems[0];
        assert!(p.is_error() && p.line == Some(7), "{p:?}");
        assert!(
            p.message.contains("j is bound to both `next` and `quit`"),
            "{}",
            p.message
        );
        assert!(
            map.main
                .iter()
                .any(|b| b.name == "quit" && b.keys.len() == 2)
        );
        // The prompt is a context of its own: `Ctrl-u` pages up in the lists and deletes there.
        let (_, problems) = Keymap::configured(&[s("prompt_home", &["Ctrl-u"], 2)]);
        assert!(
            problems[0].message.contains("in the prompt"),
            "{problems:?}"
        );
        // Unknown names are warnings with a suggestion; unreadable keys are errors.
        let (_, problems) = Keymap::configured(&[s("nxet", &["x"], 1), s("undo", &["Hyper"], 2)]);
        assert!(!problems[0].is_error());
        assert!(
            problems[0].message.contains("did you mean `next`"),
            "{problems:?}"
        );
        assert!(problems[1].is_error());
        // No key: the action is left unbound, and the help says so.
        let (map, problems) = Keymap::configured(&[s("zoom", &[], 1)]);
        assert!(problems.is_empty());
        let rows = map.help_rows();
        assert!(rows.iter().any(|r| r.name == "zoom" && r.keys == "—"));
    }
}
