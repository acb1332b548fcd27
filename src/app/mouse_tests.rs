//! The mouse in `App::update` and the hit-test it stands on ([`crate::geometry::spot`]): which
//! pane and row a cell belongs to, at each size and with the lists scrolled.

use super::tests::{act, fixtures, seed};
use super::*;
use crate::geometry::Spot;

fn spot(app: &App, x: u16, y: u16) -> Option<Spot> {
    app.spot(x, y)
}

fn click(app: &mut App, x: u16, y: u16) {
    act(
        app,
        Action::Click {
            x,
            y,
            double: false,
        },
    );
}

#[test]
fn cells_belong_to_the_panes_drawn_there() {
    // 120 columns: sections 0..24, articles 24..63, reader 63..120, the status line last.
    let mut app = fixtures();
    assert_eq!(spot(&app, 5, 1), Some(Spot::Sections(Some(0))));
    assert_eq!(spot(&app, 5, 2), Some(Spot::Sections(Some(1))));
    assert_eq!(spot(&app, 0, 2), Some(Spot::Sections(None)), "the border");
    assert_eq!(spot(&app, 5, 0), Some(Spot::Sections(None)), "the title");
    let rows = app.lists.sections.len() as u16;
    assert_eq!(spot(&app, 5, rows + 2), Some(Spot::Sections(None)), "below");
    assert_eq!(spot(&app, 30, 1), Some(Spot::Articles(Some(0))));
    assert_eq!(spot(&app, 62, 38), Some(Spot::Articles(None)), "the corner");
    assert_eq!(
        spot(&app, 30, 38),
        Some(Spot::Articles(None)),
        "bottom border"
    );
    assert_eq!(spot(&app, 90, 10), Some(Spot::Reader));
    assert_eq!(spot(&app, 90, 39), Some(Spot::Status));
    assert_eq!(spot(&app, 120, 10), None, "off the screen");
    // The list scrolled: a row is its row on screen plus the offset.
    act(&mut app, Action::Bottom);
    assert!(app.lists.article_offset > 0);
    assert_eq!(
        spot(&app, 30, 1),
        Some(Spot::Articles(Some(app.lists.article_offset)))
    );
    // Too small to draw: nothing is anywhere.
    act(&mut app, Action::Resize(10, 3));
    assert_eq!(spot(&app, 1, 1), None);
}

#[test]
fn a_narrow_open_reader_is_everything_but_the_status_line() {
    let mut app = seed((60, 20));
    assert_eq!(spot(&app, 5, 1), Some(Spot::Sections(Some(0))));
    act(&mut app, Action::Open);
    for (x, y) in [(0, 0), (5, 1), (30, 10), (59, 18)] {
        assert_eq!(spot(&app, x, y), Some(Spot::Reader), "{x},{y}");
    }
    assert_eq!(spot(&app, 5, 19), Some(Spot::Status));
}

#[test]
fn a_click_selects_and_focuses_a_click_on_the_selection_opens() {
    let mut app = fixtures();
    // A section: selected, focused, its articles listed.
    click(&mut app, 5, 3);
    assert_eq!(
        (app.lists.section_sel, app.screen.focus),
        (2, Pane::Sections)
    );
    let name = app.lists.sections[2].name.clone();
    assert!(app.lists.view.iter().all(|&n| app.section_of(n) == name));
    // Again on it: its articles get the focus.
    click(&mut app, 5, 3);
    assert_eq!(app.screen.focus, Pane::Articles);
    // An article: selected, not opened.
    click(&mut app, 30, 2);
    assert_eq!(
        (app.lists.article_sel, app.screen.focus),
        (1, Pane::Articles)
    );
    assert!(app.reader.is_none());
    // Again: opened.
    click(&mut app, 30, 2);
    assert_eq!(
        app.reader.as_ref().map(|r| r.entry),
        Some(app.lists.view[1])
    );
    assert_eq!(app.screen.focus, Pane::Reader);
    // A click in the lists takes the focus back; one in the reader gives it the focus.
    click(&mut app, 30, 1);
    assert_eq!(
        (app.lists.article_sel, app.screen.focus),
        (0, Pane::Articles)
    );
    click(&mut app, 90, 10);
    assert_eq!(app.screen.focus, Pane::Reader);
    // A double click opens at once; its second click on the open article only focuses it.
    click(&mut app, 30, 3);
    act(
        &mut app,
        Action::Click {
            x: 30,
            y: 3,
            double: true,
        },
    );
    let opened = app.reader.as_ref().map(|r| r.entry);
    assert_eq!(opened, Some(app.lists.view[2]));
    act(
        &mut app,
        Action::Click {
            x: 30,
            y: 3,
            double: true,
        },
    );
    assert_eq!(app.reader.as_ref().map(|r| r.entry), opened);
    assert_eq!(app.screen.focus, Pane::Reader);
    // The status line and borders do nothing.
    click(&mut app, 90, 39);
    click(&mut app, 30, 0);
    assert_eq!(app.lists.article_sel, 2);
}

#[test]
fn the_wheel_scrolls_the_pane_under_it_whatever_the_focus() {
    let mut app = seed((120, 20));
    act(&mut app, Action::Open);
    act(&mut app, Action::FocusPrev);
    assert_eq!(app.screen.focus, Pane::Articles);
    let wheel = |app: &mut App, x, down| act(app, Action::Wheel { x, y: 10, down });
    wheel(&mut app, 90, true);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.scroll, mouse::WHEEL_LINES as usize);
    assert_eq!(app.screen.focus, Pane::Articles, "the focus stays");
    wheel(&mut app, 90, false);
    wheel(&mut app, 90, false);
    assert_eq!(app.reader.as_ref().unwrap().scroll, 0);
    // Over a list: its selection moves.
    let mut app = fixtures();
    wheel(&mut app, 30, true);
    assert_eq!(app.lists.article_sel, 3);
    wheel(&mut app, 5, true);
    assert_eq!(app.lists.section_sel, 3);
}

#[test]
fn over_the_help_a_click_closes_it_and_the_wheel_scrolls_it() {
    let mut app = fixtures();
    act(&mut app, Action::Help);
    act(
        &mut app,
        Action::Wheel {
            x: 60,
            y: 10,
            down: true,
        },
    );
    assert_eq!(app.screen.overlay, Some(Overlay::Help { scroll: 3 }));
    click(&mut app, 60, 10);
    assert_eq!(app.screen.overlay, None);
    assert!(app.reader.is_none(), "the click only closed the help");
}
