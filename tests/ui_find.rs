//! The matches of a find drawn in the reader: each highlighted where it stands (across a line
//! break too), the current one apart from the others, with colour and without (`NO_COLOR`);
//! the count in the status line.

mod support;

use kiosque::action::Action;
use kiosque::app::App;
use kiosque::library::Sources;
use kiosque::loader;
use kiosque::state::State;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use support::screen::{act, buffer, row};

/// The bundled seed, open, with `text` found (typed after `/`, then Enter).
fn found(size: (u16, u16), text: &str, mono: bool) -> App {
    let mut app = App::new(State::default(), size);
    let mut loads = Vec::new();
    loader::load(&Sources::Bundled, 0, loader::Options::default(), &mut |l| {
        loads.push(l);
        true
    });
    for l in loads {
        app.update(Action::Load(l));
    }
    app.screen.mono = mono;
    act(&mut app, Action::Open);
    act(&mut app, Action::FilterPrompt);
    for c in text.chars() {
        act(&mut app, Action::PromptChar(c));
    }
    act(&mut app, Action::PromptAccept);
    app
}

/// The text of the runs of cells that `is_match`, row by row.
fn runs(buf: &Buffer, is_match: impl Fn(&ratatui::buffer::Cell) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        let mut run = String::new();
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            if is_match(c) {
                run.push_str(c.symbol());
            } else if !run.is_empty() {
                out.push(std::mem::take(&mut run));
            }
        }
        if !run.is_empty() {
            out.push(run);
        }
    }
    out
}

#[test]
fn matches_are_highlighted_and_the_current_one_stands_apart() {
    let mut app = found((80, 30), "etats-unis", false);
    act(&mut app, Action::NextUnread);
    let buf = buffer(&app);
    let others = runs(&buf, |c| c.bg == Color::Yellow);
    let current = runs(&buf, |c| c.bg == Color::LightMagenta);
    assert_eq!(current, ["États-Unis"], "{others:?}");
    assert!(!others.is_empty());
    assert!(
        others
            .iter()
            .all(|r| r == "États-Unis" || r == "Etats-Unis"),
        "{others:?}"
    );
    let status = row(&buf, 29);
    let count = app.reader.as_ref().unwrap().find.as_ref().unwrap().count();
    assert!(count.starts_with("2/"), "{count}");
    assert!(
        status.contains(&format!("“etats-unis” {count}")),
        "{status:?}"
    );
}

#[test]
fn without_colour_matches_are_in_reverse_video() {
    let app = found((80, 30), "cybercriminel", true);
    let buf = buffer(&app);
    let reversed = runs(&buf, |c| {
        c.modifier.contains(Modifier::REVERSED) && c.bg == Color::Reset && c.fg == Color::Reset
    });
    // The status line is reversed too; the matches are the runs of the text.
    let text: Vec<&String> = reversed
        .iter()
        .filter(|r| r.to_lowercase().starts_with("cyber"))
        .collect();
    assert!(!text.is_empty(), "{reversed:?}");
    let current = runs(&buf, |c| {
        c.modifier
            .contains(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED)
    });
    assert_eq!(current.len(), 1, "{current:?}");
}

#[test]
fn a_match_cut_by_a_line_break_is_highlighted_on_both_lines() {
    // Some width cuts the phrase; there it shows as two runs, one ending a line and one
    // starting the next.
    let cut = (30..70).find_map(|w| {
        let app = found((w, 30), "agence de sécurité nationale russe", false);
        let buf = buffer(&app);
        let current = runs(&buf, |c| c.bg == Color::LightMagenta);
        (current.len() == 2).then_some(current)
    });
    let parts = cut.expect("a width cutting the phrase");
    assert_eq!(
        format!("{} {}", parts[0], parts[1]),
        "agence de sécurité nationale russe"
    );
}
