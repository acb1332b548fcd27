//! `App::update` with no terminal, and the helpers every test of the app shares: the library
//! comes from the real loader on the fixture files, effects are carried out by `run::perform`
//! as the run loop would. Here: moving, focus, overlays, sizes and the reader's layout; the
//! marks, the filters and the loading have their own files.

use super::*;
use crate::library::Sources;
use crate::loader;

pub(super) const FIXTURES: &str = "tests/fixtures/library";

pub(super) fn loaded(sources: &Sources, size: (u16, u16)) -> App {
    let mut app = App::new(State::default(), size);
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

pub(super) fn fixtures() -> App {
    loaded(&Sources::Paths(vec![FIXTURES.into()]), (120, 40))
}

pub(super) fn seed(size: (u16, u16)) -> App {
    loaded(&Sources::Bundled, size)
}

/// Applies an action, then carries out its effects as the run loop does.
pub(super) fn act(app: &mut App, action: Action) {
    app.update(action);
    settle(app);
}

/// Carries out the effects asked for (and those their answers ask for).
pub(super) fn settle(app: &mut App) {
    loop {
        let effects = app.take_effects();
        if effects.is_empty() {
            return;
        }
        for e in effects {
            for a in crate::run::perform(e) {
                app.update(a);
            }
        }
    }
}

pub(super) fn prompt_text(app: &App) -> Option<&str> {
    app.finding.prompt.as_ref().map(|p| p.text.as_str())
}

pub(super) fn selected_id(app: &App) -> u64 {
    app.entries[app.lists.view[app.lists.article_sel] as usize].id
}

pub(super) fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        act(app, Action::PromptChar(c));
    }
}

#[test]
fn starts_on_all_with_the_article_list_focused() {
    let app = seed((120, 40));
    assert_eq!(app.lists.section_name(), "All");
    assert_eq!(app.screen.focus, Pane::Articles);
    assert_eq!(app.lists.sections[1].name, "CYBERCRIMINALITE");
    assert_eq!(
        (app.lists.sections[1].unread, app.lists.sections[1].total),
        (1, 1)
    );
    assert!(app.loading.progress.is_none());
}

#[test]
fn sections_are_sorted_with_counts() {
    let app = fixtures();
    let names: Vec<&str> = app.lists.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names[0], "All");
    let mut sorted = names[1..].to_vec();
    sorted.sort_by_key(|n| crate::fold::fold(n));
    assert_eq!(names[1..], sorted[..]);
    assert_eq!(app.lists.sections[0].total, 40);
    let sum: usize = app.lists.sections[1..].iter().map(|s| s.total).sum();
    assert_eq!(sum, 40);
}

#[test]
fn down_and_up_move_in_each_pane() {
    let mut app = fixtures();
    act(&mut app, Action::Down);
    assert_eq!(app.lists.article_sel, 1);
    act(&mut app, Action::Up);
    act(&mut app, Action::Up);
    assert_eq!(app.lists.article_sel, 0);
    app.screen.focus = Pane::Sections;
    act(&mut app, Action::Down);
    assert_eq!(app.lists.section_sel, 1);
    let section = app.lists.sections[1].name.clone();
    assert!(app.lists.view.iter().all(|&n| app.section_of(n) == section));
    assert_eq!(app.lists.view.len(), app.lists.sections[1].total);
}

#[test]
fn top_bottom_and_pages() {
    let mut app = fixtures();
    act(&mut app, Action::Bottom);
    assert_eq!(app.lists.article_sel, 39);
    act(&mut app, Action::Top);
    assert_eq!(app.lists.article_sel, 0);
    act(&mut app, Action::PageDown);
    let page = app.lists.article_sel;
    assert!(page > 10, "a page of a 40-row terminal: {page}");
    act(&mut app, Action::PageUp);
    assert_eq!(app.lists.article_sel, 0);
    // The selection stays on screen.
    act(&mut app, Action::Bottom);
    assert!(app.lists.article_offset > 0 && app.lists.article_offset <= 39);
}

#[test]
fn focus_moves_between_panes_without_wrapping() {
    let mut app = fixtures();
    act(&mut app, Action::FocusPrev);
    assert_eq!(app.screen.focus, Pane::Sections);
    act(&mut app, Action::FocusPrev);
    assert_eq!(app.screen.focus, Pane::Sections);
    act(&mut app, Action::FocusNext);
    act(&mut app, Action::FocusNext);
    assert_eq!(app.screen.focus, Pane::Articles, "no reader open yet");
    act(&mut app, Action::Open);
    act(&mut app, Action::FocusPrev);
    assert_eq!(app.screen.focus, Pane::Articles);
    act(&mut app, Action::FocusNext);
    assert_eq!(app.screen.focus, Pane::Reader);
}

#[test]
fn enter_from_sections_goes_to_articles() {
    let mut app = fixtures();
    app.screen.focus = Pane::Sections;
    act(&mut app, Action::Down);
    act(&mut app, Action::Open);
    assert_eq!(app.screen.focus, Pane::Articles);
    assert!(app.reader.is_none());
}

#[test]
fn reader_scrolls_and_space_pages_then_moves_on() {
    let mut app = loaded(&Sources::Paths(vec![FIXTURES.into()]), (120, 12));
    act(&mut app, Action::Open);
    let first = app.reader.as_ref().unwrap().entry;
    act(&mut app, Action::Down);
    assert_eq!(app.reader.as_ref().unwrap().scroll, 1);
    act(&mut app, Action::Up);
    assert_eq!(app.reader.as_ref().unwrap().scroll, 0);
    act(&mut app, Action::Bottom);
    let bottom = app.reader.as_ref().unwrap().scroll;
    act(&mut app, Action::Top);
    assert_eq!(app.reader.as_ref().unwrap().scroll, 0);
    // Space pages down to the end, then opens the next unread article.
    for _ in 0..50 {
        if app.reader.as_ref().unwrap().entry != first {
            break;
        }
        act(&mut app, Action::Space);
    }
    let second = app.reader.as_ref().unwrap().entry;
    assert_ne!(second, first, "space moved on (bottom was {bottom})");
    assert!(app.marks.state.is_read(app.entries[second as usize].id));
}

#[test]
fn help_and_warnings_overlays() {
    let mut app = fixtures();
    act(&mut app, Action::Help);
    assert_eq!(app.screen.overlay, Some(Overlay::Help { scroll: 0 }));
    act(&mut app, Action::Down);
    assert_eq!(app.screen.overlay, Some(Overlay::Help { scroll: 1 }));
    act(&mut app, Action::BackOrQuit);
    assert_eq!(app.screen.overlay, None);
    assert!(!app.quit, "q closes the help, it does not quit");
    act(&mut app, Action::Warnings);
    assert!(matches!(app.screen.overlay, Some(Overlay::Warnings { .. })));
    assert_eq!(app.warning_rows().len(), 2);
    act(&mut app, Action::Warnings);
    assert_eq!(app.screen.overlay, None);
}

#[test]
fn back_and_quit() {
    let mut app = fixtures();
    act(&mut app, Action::Open);
    act(&mut app, Action::BackOrQuit);
    assert!(app.reader.is_none());
    assert_eq!(app.screen.focus, Pane::Articles);
    assert!(!app.quit);
    act(&mut app, Action::Back);
    assert!(!app.quit, "Esc never quits");
    act(&mut app, Action::BackOrQuit);
    assert!(app.quit);
    let mut app = fixtures();
    act(&mut app, Action::Quit);
    assert!(app.quit);
}

#[test]
fn narrow_reader_takes_the_screen_and_back_returns() {
    let mut app = fixtures();
    act(&mut app, Action::Resize(60, 20));
    act(&mut app, Action::Open);
    assert_eq!(app.screen.focus, Pane::Reader);
    assert_eq!(app.reader_area().0, 56);
    act(&mut app, Action::Back);
    assert_eq!(app.screen.focus, Pane::Articles);
}

#[test]
fn resize_rewraps_and_keeps_the_paragraph() {
    let mut app = seed((60, 20));
    act(&mut app, Action::Open);
    for _ in 0..25 {
        act(&mut app, Action::Down);
    }
    let saved = app.reader.as_ref().unwrap().anchor;
    assert!(saved.part > 1, "scrolled into the body: {saved:?}");
    for (w, h) in [(200, 60), (41, 12), (120, 40), (60, 20), (33, 50)] {
        act(&mut app, Action::Resize(w, h));
        let r = app.reader.as_ref().unwrap();
        let top = &r.layout.lines[r.scroll];
        let max = r
            .layout
            .lines
            .len()
            .saturating_sub(usize::from(app.reader_area().1));
        if r.scroll < max {
            assert_eq!(top.anchor.part, saved.part, "{w}x{h}: same paragraph");
            assert!(
                top.anchor.offset <= saved.offset,
                "{w}x{h}: the line holding the place"
            );
            let next = r.layout.lines[r.scroll + 1..]
                .iter()
                .find(|l| !l.pieces.is_empty());
            assert!(
                next.is_none_or(|n| n.anchor > saved),
                "{w}x{h}: not a line too early"
            );
        }
    }
}

#[test]
fn every_size_down_to_1x1_is_handled() {
    let mut app = seed((120, 40));
    act(&mut app, Action::Open);
    for (w, h) in [(1, 1), (19, 4), (20, 5), (3, 100), (300, 100)] {
        act(&mut app, Action::Resize(w, h));
        act(&mut app, Action::Down);
        act(&mut app, Action::PageDown);
    }
}

#[test]
fn layouts_are_kept_per_width() {
    let mut app = seed((120, 40));
    act(&mut app, Action::Open);
    let wide = app.reader.as_ref().unwrap().layout.clone();
    act(&mut app, Action::Resize(60, 20));
    assert_ne!(app.reader.as_ref().unwrap().layout.width, wide.width);
    act(&mut app, Action::Resize(120, 40));
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.layout, wide, "the same lines come back");
    assert_eq!(r.other_widths.len(), 1);
    assert_eq!(r.other_widths[0].width, 56);
}

/// The reader sets text with the options the shell read from `[layout]`: the seed (French)
/// comes out justified and hyphenated, exactly as `kiosque show` lays it out.
#[test]
fn the_reader_sets_text_with_the_layout_options() {
    let mut app = seed((60, 40));
    app.screen.layout.hyphenate = true;
    app.screen.layout.justify = true;
    let options = app.screen.layout.options();
    act(&mut app, Action::Open);
    let r = app.reader.as_ref().unwrap();
    let article = r.article.as_ref().unwrap();
    let section = article.label.as_deref();
    let want = crate::layout::layout_with(article, section, r.layout.width, options);
    assert_eq!(r.layout, want);
    assert_ne!(
        r.layout,
        crate::layout::layout(article, section, r.layout.width)
    );
    assert!(r.layout.lines.iter().any(|l| l.text().ends_with('-')));
}

pub(super) use crate::test_files::copy_tree as copy_dir;
