//! Render tests of an article updated since it was read (issue 12): the mark in the article
//! list, and the reader showing what changed (insta snapshots), then the styles, which
//! snapshots cannot see: the changed paragraphs in the `changed` role with their mark in the
//! margin, quotations in them still in the quotation's, the notes in `change_note`, and
//! without colour the marks still there.

mod support;

use std::path::Path;
use std::time::{Duration, SystemTime};

use kiosque::action::Action;
use kiosque::app::App;
use kiosque::fingerprint::Fingerprints;
use kiosque::library::Sources;
use kiosque::loader;
use kiosque::state::{State, Value};
use kiosque::theme::Theme;
use ratatui::style::{Color, Modifier};
use support::screen::{act, cells_of, draw, row};

/// The version read.
const OLD: &str = "MONDELa fin d’un monde\n\nMONDELe chapeau de l’article, qui ne change pas.\n\
Antoine Mercier pour 20 Minutes\n\nPremier paragraphe, qui ne change pas.\n\n\
Deuxième paragraphe : « une citation » et la suite.\n\n\
Troisième paragraphe, qui sera retiré.\n\nQuatrième paragraphe, le dernier.\n";

/// The version on disk: the second paragraph corrected, the third removed, one added.
fn new_text() -> String {
    OLD.replace(
        "Deuxième paragraphe : « une citation » et la suite.",
        "Deuxième paragraphe corrigé : « une citation » et une précision.",
    )
    .replace("Troisième paragraphe, qui sera retiré.\n\n", "")
        + "\nUn paragraphe ajouté à la fin.\n"
}

/// A library of the updated article and another one, at fixed times.
fn library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let base = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    for (name, text, age) in [
        ("a.txt", new_text(), 0),
        (
            "b.txt",
            "SPORTUn autre article\n\nSon seul paragraphe.\n".to_owned(),
            1,
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        support::set_mtime(&path, base - Duration::from_secs(86_400 * age));
    }
    dir
}

/// The reader on `dir`, the article read in its old version.
fn app(dir: &Path, size: (u16, u16)) -> App {
    let id = kiosque::parse::parse(&new_text(), None).identity();
    let old = kiosque::parse::parse(OLD, None);
    let mut state = State::default();
    state.change(id, Value::Read(true), 1_000, 1);
    state.change(
        id,
        Value::Seen(Fingerprints::of_blocks(&old.blocks)),
        1_000,
        1,
    );
    let mut app = App::new(state, size);
    app.screen.now = kiosque::date::Now::at(1_700_000_000 + 3600, jiff::tz::TimeZone::UTC);
    let mut loads = Vec::new();
    loader::load(
        &Sources::Paths(vec![dir.to_owned()]),
        0,
        loader::Options::default(),
        &mut |l| {
            loads.push(l);
            true
        },
    );
    for l in loads {
        app.update(Action::Load(l));
    }
    app.refresh();
    app
}

#[test]
fn the_list_marks_it_and_the_reader_shows_what_changed() {
    let dir = library();
    for size in [(120, 40), (60, 20)] {
        let mut a = app(dir.path(), size);
        assert_eq!(a.marks.updated, 1);
        let t = draw(&a);
        let (w, h) = size;
        insta::assert_snapshot!(format!("updated_list_{w}x{h}"), t.backend());
        // The newest, the updated one, is selected: opened.
        act(&mut a, Action::Open);
        let t = draw(&a);
        insta::assert_snapshot!(format!("updated_reader_{w}x{h}"), t.backend());
        assert_eq!(a.marks.updated, 0, "read again");
    }
}

#[test]
fn the_changes_are_drawn_in_their_styles() {
    let dir = library();
    let theme = Theme::default();
    let mut a = app(dir.path(), (120, 40));
    // The other article selected: the selection's colours are not over the mark.
    act(&mut a, Action::Down);
    let buf = draw(&a).backend().buffer().clone();
    // The mark in the list, in the `updated` style, where an unread article has its dot.
    let mark = cells_of(&buf, "↻ ")[0];
    assert_eq!(buf[mark].fg, theme.updated.fg.unwrap());
    assert!(buf[mark].modifier.contains(Modifier::BOLD));
    assert!(row(&buf, 39).contains("1 updated"), "{}", row(&buf, 39));

    act(&mut a, Action::Up);
    act(&mut a, Action::Open);
    let buf = draw(&a).backend().buffer().clone();
    let changed = cells_of(&buf, "Deuxième paragraphe corrigé");
    assert!(!changed.is_empty(), "the changed paragraph is on screen");
    for &c in &changed {
        assert_eq!(buf[c].fg, theme.changed.fg.unwrap(), "{c:?}");
    }
    // Its mark, two columns before the text.
    let (x, y) = changed[0];
    assert_eq!(buf[(x - 2, y)].symbol(), "~");
    assert_eq!(buf[(x - 2, y)].fg, theme.changed.fg.unwrap());
    assert!(buf[(x - 2, y)].modifier.contains(Modifier::BOLD));
    // A quotation in it keeps the quotation's colour.
    for c in cells_of(&buf, "« une citation »") {
        assert_eq!(buf[c].fg, theme.quote.fg.unwrap(), "{c:?}");
    }
    // The paragraph added has its mark; those unchanged have none and are body text.
    let added = cells_of(&buf, "Un paragraphe ajouté");
    assert_eq!(buf[(added[0].0 - 2, added[0].1)].symbol(), "+");
    let same = cells_of(&buf, "Premier paragraphe");
    assert_eq!(buf[(same[0].0 - 2, same[0].1)].symbol(), " ");
    for &c in &same {
        assert_eq!(buf[c].fg, Color::Reset, "{c:?}");
    }
    // The notes.
    for note in ["Updated since you read it", "− 1 paragraph removed here"] {
        let cells = cells_of(&buf, note);
        assert!(!cells.is_empty(), "{note}");
        for &c in &cells {
            assert_eq!(buf[c].fg, theme.change_note.fg.unwrap(), "{note} {c:?}");
            assert!(buf[c].modifier.contains(Modifier::ITALIC));
        }
    }
}

#[test]
fn without_colour_the_marks_still_tell_the_changes() {
    let dir = library();
    let mut a = app(dir.path(), (120, 40));
    a.screen.mono = true;
    let buf = draw(&a).backend().buffer().clone();
    assert!(!cells_of(&buf, "↻ ").is_empty());
    act(&mut a, Action::Open);
    let buf = draw(&a).backend().buffer().clone();
    for c in &buf.content {
        assert_eq!((c.fg, c.bg), (Color::Reset, Color::Reset), "{c:?}");
    }
    let changed = cells_of(&buf, "Deuxième paragraphe corrigé");
    let (x, y) = changed[0];
    assert_eq!(buf[(x - 2, y)].symbol(), "~");
    assert!(buf[(x - 2, y)].modifier.contains(Modifier::BOLD));
    let note = cells_of(&buf, "− 1 paragraph removed here");
    assert!(buf[note[0]].modifier.contains(Modifier::ITALIC));
}
