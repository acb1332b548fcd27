//! Render tests: every screen drawn into ratatui's `TestBackend` at 120×40 and 60×20 and
//! compared with committed insta snapshots; then style checks on the buffer's cells, which
//! snapshots cannot see (colours and modifiers).

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use kiosque::action::Action;
use kiosque::app::App;
use kiosque::library::Sources;
use kiosque::state::State;
use kiosque::{loader, theme, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use support::screen::{act, cells_of, draw};

/// A copy of the fixture library with fixed modification times (newest first by name), so the
/// order of the lists does not depend on when the repository was checked out.
fn library() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("library");
    support::copy_tree(Path::new("tests/fixtures/library"), &root);
    let files = support::files_under(&root);
    let base = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    for (i, f) in files.iter().enumerate() {
        let t = base - Duration::from_secs(86_400 * i as u64);
        support::set_mtime(f, t);
    }
    (dir, root)
}

fn app(sources: &Sources, size: (u16, u16)) -> App {
    let mut app = App::new(State::default(), size);
    // An hour after the newest fixture, in UTC: the list's dates are relative to it, the same
    // wherever and whenever the tests run.
    app.screen.now = kiosque::date::Now::at(1_700_000_000 + 3600, jiff::tz::TimeZone::UTC);
    let mut loads = Vec::new();
    loader::load(sources, 0, loader::Options::default(), &mut |l| {
        loads.push(l);
        true
    });
    for l in loads {
        app.update(Action::Load(l));
    }
    app.refresh();
    app
}

const SIZES: [(u16, u16); 2] = [(120, 40), (60, 20)];

fn snap(name: &str, app: &App) {
    let t = draw(app);
    let (w, h) = app.screen.size;
    insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
}

#[test]
fn list_screen() {
    let (_d, root) = library();
    for size in SIZES {
        let a = app(&Sources::Paths(vec![root.clone()]), size);
        snap("list", &a);
    }
}

#[test]
fn sections_focused() {
    let (_d, root) = library();
    for size in SIZES {
        let mut a = app(&Sources::Paths(vec![root.clone()]), size);
        act(&mut a, Action::FocusPrev);
        act(&mut a, Action::Down);
        act(&mut a, Action::Down);
        snap("sections", &a);
    }
}

#[test]
fn reader_screen_on_the_seed() {
    for size in SIZES {
        let mut a = app(&Sources::Bundled, size);
        act(&mut a, Action::Open);
        snap("reader_seed", &a);
    }
}

#[test]
fn reader_scrolled() {
    let (_d, root) = library();
    for size in SIZES {
        let mut a = app(&Sources::Paths(vec![root.clone()]), size);
        act(&mut a, Action::Down);
        act(&mut a, Action::Open);
        act(&mut a, Action::PageDown);
        snap("reader_scrolled", &a);
    }
}

#[test]
fn help_screen() {
    for size in SIZES {
        let mut a = app(&Sources::Bundled, size);
        act(&mut a, Action::Help);
        snap("help", &a);
    }
}

#[test]
fn filter_prompt() {
    let (_d, root) = library();
    for size in SIZES {
        let mut a = app(&Sources::Paths(vec![root.clone()]), size);
        act(&mut a, Action::FilterPrompt);
        for c in "marseille".chars() {
            act(&mut a, Action::PromptChar(c));
        }
        snap("filter_prompt", &a);
        act(&mut a, Action::PromptAccept);
        snap("filter_kept", &a);
    }
}

#[test]
fn empty_filter_result() {
    let (_d, root) = library();
    for size in SIZES {
        let mut a = app(&Sources::Paths(vec![root.clone()]), size);
        act(&mut a, Action::FilterPrompt);
        for c in "introuvable".chars() {
            act(&mut a, Action::PromptChar(c));
        }
        act(&mut a, Action::PromptAccept);
        act(&mut a, Action::ToggleUnreadOnly);
        snap("filter_empty", &a);
    }
}

#[test]
fn too_small_terminal() {
    let mut a = app(&Sources::Bundled, (120, 40));
    act(&mut a, Action::Open);
    for size in [(19, 10), (40, 4)] {
        act(&mut a, Action::Resize(size.0, size.1));
        snap("too_small", &a);
    }
}

#[test]
fn forty_by_twelve() {
    let mut a = app(&Sources::Bundled, (40, 12));
    snap("list", &a);
    act(&mut a, Action::Open);
    snap("reader_seed", &a);
}

/// Stories (`tests/fixtures/stories`: their dates are stated), folded with `t`, and the
/// timeline of the story of three articles; the lists' dates relative to the day after.
#[test]
fn stories_folded_and_a_timeline() {
    for size in SIZES {
        let mut a = app(&Sources::Paths(vec!["tests/fixtures/stories".into()]), size);
        a.screen.now = kiosque::date::Now::at(1_710_158_400, jiff::tz::TimeZone::UTC);
        act(&mut a, Action::ToggleStories);
        for _ in 0..3 {
            act(&mut a, Action::Down);
        }
        snap("stories_folded", &a);
        act(&mut a, Action::Open);
        snap("stories_timeline", &a);
    }
}

#[test]
fn quotations_are_drawn_in_the_quote_style_and_nothing_else_is() {
    let mut a = app(&Sources::Bundled, (200, 60));
    act(&mut a, Action::Open);
    let t = draw(&a);
    let buf = t.backend().buffer();
    let quote = cells_of(buf, "« Nous collaborerons avec les Etats-Unis mais");
    assert!(!quote.is_empty(), "the quotation is on screen");
    for &(x, y) in &quote {
        assert_eq!(
            buf[(x, y)].fg,
            theme::Theme::default().quote.fg.unwrap(),
            "cell {x},{y}"
        );
    }
    // The words right before the quotation are body text.
    let before = cells_of(buf, "et les arrêter.");
    assert!(!before.is_empty());
    for &(x, y) in &before {
        assert_ne!(
            buf[(x, y)].fg,
            theme::Theme::default().quote.fg.unwrap(),
            "cell {x},{y}"
        );
    }
    // A quotation cut by a line break is highlighted on both lines.
    let rest = cells_of(buf, "espérons de la réciprocité »");
    assert!(!rest.is_empty());
    for &(x, y) in &rest {
        assert_eq!(
            buf[(x, y)].fg,
            theme::Theme::default().quote.fg.unwrap(),
            "cell {x},{y}"
        );
    }
}

#[test]
fn unread_rows_are_bold_read_rows_are_not() {
    let (_d, root) = library();
    let mut a = app(&Sources::Paths(vec![root.clone()]), (120, 40));
    act(&mut a, Action::Down);
    act(&mut a, Action::ToggleRead);
    act(&mut a, Action::Down);
    let t = draw(&a);
    let buf = t.backend().buffer();
    let headline = |n: usize| {
        a.entries[a.lists.view[n] as usize]
            .headline()
            .chars()
            .take(20)
            .collect::<String>()
    };
    let unread = cells_of(buf, &headline(0));
    assert!(
        unread
            .iter()
            .all(|&c| buf[c].modifier.contains(Modifier::BOLD))
    );
    let read = cells_of(buf, &headline(1));
    assert!(
        read.iter()
            .all(|&c| !buf[c].modifier.contains(Modifier::BOLD))
    );
    assert_eq!(buf[read[0]].fg, theme::Theme::default().read.fg.unwrap());
    // The unread marker is drawn in its style before unread headlines only.
    let marker_row = unread[0].1;
    let row: String = (0..120).map(|x| buf[(x, marker_row)].symbol()).collect();
    assert!(row.contains('●'));
    let read_row: String = (0..120).map(|x| buf[(x, read[0].1)].symbol()).collect();
    assert!(!read_row.contains('●'));
}

#[test]
fn intertitles_stand_out() {
    let mut a = app(&Sources::Bundled, (200, 60));
    act(&mut a, Action::Open);
    let t = draw(&a);
    let buf = t.backend().buffer();
    let cells = cells_of(buf, "Un mariage de convenance");
    assert!(!cells.is_empty());
    let style = theme::Theme::default().text(kiosque::layout::Role::Intertitle, None);
    for c in cells {
        assert_eq!(buf[c].fg, style.fg.unwrap());
        assert!(buf[c].modifier.contains(Modifier::BOLD));
    }
}

/// At 200 columns the list has a byline column; a row with no byline gives
/// its headline the whole width instead of leaving the column blank.
#[test]
fn bylines_have_a_column_and_rows_without_one_use_the_width() {
    let (_d, root) = library();
    let a = app(&Sources::Paths(vec![root.clone()]), (200, 60));
    let t = draw(&a);
    let buf = t.backend().buffer();
    let rows: Vec<String> = (0..60)
        .map(|y| (0..200).map(|x| buf[(x, y)].symbol()).collect())
        .collect();
    let with = a
        .lists
        .view
        .iter()
        .map(|&n| &a.entries[n as usize])
        .find(|e| e.byline().is_some())
        .expect("a fixture with a byline");
    let by: String = with.byline().unwrap().chars().take(8).collect();
    assert!(rows.iter().any(|r| r.contains(&by)), "byline {by:?} shown");
    let without = a
        .lists
        .view
        .iter()
        .map(|&n| &a.entries[n as usize])
        .find(|e| e.byline().is_none() && e.headline().chars().count() > 40)
        .expect("a fixture with a long headline and no byline");
    // The headline is shown in full: far more than the column would allow.
    let head: String = without.headline().chars().take(60).collect();
    assert!(
        rows.iter().any(|r| r.contains(head.trim_end())),
        "headline {head:?} not cut to a byline column"
    );
}

#[test]
fn every_size_renders_without_panic() {
    // Every size from 1×1 to 300×100, in the list, the open reader and the help, then a resize
    // storm back and forth.
    let (_d, root) = library();
    let mut a = app(&Sources::Paths(vec![root]), (120, 40));
    act(&mut a, Action::Open);
    let mut list = app(&Sources::Bundled, (120, 40));
    act(&mut list, Action::Help);
    let mut t = Terminal::new(TestBackend::new(300, 100)).unwrap();
    for w in 1..=300u16 {
        for h in 1..=100u16 {
            // The help over the lists on every third size is enough: it has no wrapping.
            let apps: &mut [&mut App] = if (w + h) % 3 == 0 {
                &mut [&mut a, &mut list]
            } else {
                &mut [&mut a]
            };
            for app in apps.iter_mut() {
                act(app, Action::Resize(w, h));
                t.backend_mut().resize(w, h);
                t.resize(ratatui::layout::Rect::new(0, 0, w, h)).unwrap();
                t.draw(|f| ui::render(f, app)).unwrap();
            }
        }
    }
    for i in 0..500u16 {
        let (w, h) = (1 + (i * 37) % 300, 1 + (i * 11) % 100);
        act(&mut a, Action::Resize(w, h));
        act(&mut a, Action::PageDown);
        draw(&a);
    }
}
