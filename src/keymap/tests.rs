//! The key table: every key of SPEC §7 bound, none twice, the help written from it.

use super::*;
use crossterm::event::{KeyEvent, KeyModifiers};

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
        (Char('N'), shift, "PrevMatch"),
        (Char('e'), none, "Edit"),
        (Char('y'), none, "CopyPath"),
        (Char('Y'), shift, "CopyText"),
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
    for table in [BINDINGS, PROMPT_BINDINGS] {
        let mut seen = Vec::new();
        for b in table {
            for k in b.keys {
                assert!(!seen.contains(k), "{k:?} bound twice");
                seen.push(*k);
            }
        }
    }
}

#[test]
fn help_is_written_from_the_table() {
    let rows = help_rows();
    assert_eq!(rows.len(), BINDINGS.len() + PROMPT_BINDINGS.len());
    assert!(
        rows.iter()
            .any(|r| r.keys == "Home Ctrl-a" && r.help.starts_with("prompt:"))
    );
    assert!(
        rows.iter()
            .any(|r| r.keys == "j ↓" && r.help.contains("next item") && r.name == "next")
    );
    assert!(rows.iter().any(|r| r.keys == "Q Ctrl-c"));
    // Every action has a name of its own, snake_case.
    let mut names: Vec<&str> = rows.iter().map(|r| r.name).collect();
    assert!(
        names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
    );
    names.sort_unstable();
    let count = names.len();
    names.dedup();
    assert_eq!(names.len(), count, "a name used twice");
}

#[test]
fn prompt_keys() {
    let typed = prompt_action_for(&KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE));
    assert!(matches!(typed, Some(Action::PromptChar('q'))));
    let enter = prompt_action_for(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert!(matches!(enter, Some(Action::PromptAccept)));
    let c = KeyModifiers::CONTROL;
    let none = KeyModifiers::NONE;
    for (code, m, want) in [
        (KeyCode::Char('a'), c, Edit::Home),
        (KeyCode::Char('e'), c, Edit::End),
        (KeyCode::Home, none, Edit::Home),
        (KeyCode::Left, none, Edit::Left),
        (KeyCode::Right, none, Edit::Right),
        (KeyCode::Char('u'), c, Edit::DeleteToStart),
        (KeyCode::Char('w'), c, Edit::DeleteWord),
        (KeyCode::Backspace, none, Edit::Backspace),
        (KeyCode::Char('h'), c, Edit::Backspace),
        (KeyCode::Up, none, Edit::Older),
        (KeyCode::Down, none, Edit::Newer),
    ] {
        match prompt_action_for(&KeyEvent::new(code, m)) {
            Some(Action::PromptEdit(e)) => assert_eq!(e, want, "{code:?}"),
            other => panic!("{code:?}: {other:?}"),
        }
    }
    let quit = prompt_action_for(&KeyEvent::new(KeyCode::Char('c'), c));
    assert!(matches!(quit, Some(Action::Quit)));
    assert!(prompt_action_for(&KeyEvent::new(KeyCode::Char('z'), c)).is_none());
}
