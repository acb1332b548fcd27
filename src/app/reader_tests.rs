//! `App::update` for the reader to live in (issue 10): reading positions, zoom, `q` and `Esc`,
//! the order key, unbound keys, a reload under an open article.

use super::tests::{FIXTURES, act, copy_dir, fixtures, loaded, seed, selected_id, type_text};
use super::*;
use crate::library::Sources;
use crate::loader;
use crate::state::{Position, Value};

/// The reading positions among the changes not yet taken.
fn positions(app: &mut App) -> Vec<(u64, Position)> {
    app.marks
        .take_changes()
        .into_iter()
        .filter_map(|c| match c.value {
            Value::Position(p) => Some((c.id, p)),
            _ => None,
        })
        .collect()
}

/// The text of the first line the reader shows.
fn top_line(app: &App) -> String {
    let r = app.reader.as_ref().unwrap();
    r.layout.lines[r.scroll].text()
}

#[test]
fn the_position_is_saved_on_close_not_on_every_line() {
    let mut app = seed((60, 20));
    let id = selected_id(&app);
    act(&mut app, Action::Open);
    app.marks.take_changes();
    for _ in 0..25 {
        act(&mut app, Action::Down);
    }
    assert!(positions(&mut app).is_empty(), "scrolling saves nothing");
    let top = top_line(&app);
    act(&mut app, Action::BackOrQuit);
    let saved = positions(&mut app);
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert_eq!(saved[0].0, id);
    assert!(saved[0].1.block > 0, "{saved:?}");
    // Closing again where it was saved writes nothing more.
    act(&mut app, Action::Open);
    assert_eq!(top_line(&app), top, "q then Enter: the same place");
    act(&mut app, Action::Back);
    assert!(positions(&mut app).is_empty());
}

#[test]
fn the_position_comes_back_at_another_width_and_in_another_run() {
    let mut app = seed((60, 20));
    act(&mut app, Action::Open);
    for _ in 0..30 {
        act(&mut app, Action::Down);
    }
    let p = {
        let r = app.reader.as_ref().unwrap();
        position::position_of(r.article.as_ref().unwrap(), r.anchor)
    };
    act(&mut app, Action::Quit);
    let saved = app.marks.state.clone();
    // Another run at another width, with the saved state.
    for (w, h) in [(120, 40), (41, 12), (200, 50)] {
        let mut next = seed((w, h));
        next.marks.state = saved.clone();
        act(&mut next, Action::Open);
        let r = next.reader.as_ref().unwrap();
        let a = r.article.as_ref().unwrap();
        let text = &a.blocks[p.block as usize].text.text;
        let at: String = text.chars().skip(p.offset as usize).take(12).collect();
        let shown: String = r.layout.lines[r.scroll..]
            .iter()
            .take(3)
            .map(|l| l.text() + " ")
            .collect();
        let max = r.layout.lines.len() - usize::from(next.reader_area().1);
        assert!(
            r.scroll == max || shown.contains(at.split(' ').next().unwrap()),
            "{w}×{h}: {at:?} not near the top: {shown:?}"
        );
        assert_eq!(position::position_of(a, r.anchor), p, "{w}×{h}");
    }
}

#[test]
fn idle_and_switching_save_the_position() {
    let mut app = fixtures();
    act(&mut app, Action::Resize(60, 12));
    act(&mut app, Action::Open);
    for _ in 0..3 {
        act(&mut app, Action::PageDown);
    }
    app.marks.take_changes();
    act(&mut app, Action::Idle);
    assert_eq!(positions(&mut app).len(), 1, "idle after scrolling");
    act(&mut app, Action::Idle);
    assert!(positions(&mut app).is_empty(), "nothing moved since");
    // Two lines up (one may be the blank between two paragraphs, which keeps the place).
    act(&mut app, Action::Up);
    act(&mut app, Action::Up);
    let first = app.reader.as_ref().unwrap().entry;
    act(&mut app, Action::NextUnread);
    assert_ne!(app.reader.as_ref().unwrap().entry, first);
    let saved = positions(&mut app);
    assert_eq!(saved.len(), 1, "the article left: {saved:?}");
    assert_eq!(saved[0].0, app.entries[first as usize].id);
}

#[test]
fn q_closes_the_open_article_before_it_quits() {
    let mut app = fixtures();
    act(&mut app, Action::Open);
    // Back to the list, the article still open beside it (120 columns).
    act(&mut app, Action::FocusPrev);
    assert_eq!(app.screen.focus, Pane::Articles);
    act(&mut app, Action::BackOrQuit);
    assert!(!app.quit, "q with an article open closes it");
    assert!(app.reader.is_none());
    act(&mut app, Action::BackOrQuit);
    assert!(app.quit);
}

#[test]
fn zoom_gives_the_reader_the_screen_and_q_closes_it_first() {
    let mut app = fixtures();
    act(&mut app, Action::Resize(250, 50));
    act(&mut app, Action::Zoom);
    assert!(!app.screen.zoom, "nothing to zoom");
    assert!(app.screen.message.as_ref().unwrap().text.contains("Enter"));
    act(&mut app, Action::Open);
    act(&mut app, Action::FocusPrev);
    let beside = app.reader_area().0;
    act(&mut app, Action::Zoom);
    assert!(app.screen.zoom);
    assert_eq!(app.screen.focus, Pane::Reader);
    assert_eq!(app.reader_area().0, 246);
    assert!(beside < 246);
    // Centred at the measure.
    let r = app.reader.as_ref().unwrap();
    let body = r.layout.lines.iter().find(|l| l.width() > 60).unwrap();
    assert_eq!(usize::from(body.indent), (246 - crate::layout::MEASURE) / 2);
    act(&mut app, Action::Zoom);
    assert!(!app.screen.zoom);
    assert_eq!(app.reader_area().0, beside);
    // Leaving the zoomed reader for the list brings the panes back.
    act(&mut app, Action::Zoom);
    act(&mut app, Action::FocusPrev);
    assert!(!app.screen.zoom && app.screen.focus == Pane::Articles);
    assert_eq!(app.reader_area().0, beside);
    act(&mut app, Action::FocusNext);
    act(&mut app, Action::Zoom);
    act(&mut app, Action::BackOrQuit);
    assert!(!app.quit && app.reader.is_none() && !app.screen.zoom);
    act(&mut app, Action::Open);
    act(&mut app, Action::Zoom);
    act(&mut app, Action::Back);
    assert!(app.reader.is_none() && !app.screen.zoom);
}

#[test]
fn esc_clearing_a_filter_keeps_the_article_selected() {
    let mut app = fixtures();
    act(&mut app, Action::FilterPrompt);
    type_text(&mut app, "lyon");
    act(&mut app, Action::PromptAccept);
    assert!(app.lists.view.len() >= 2, "{}", app.lists.view.len());
    act(&mut app, Action::Down);
    let kept = selected_id(&app);
    act(&mut app, Action::Back);
    assert!(app.finding.filter.text.is_empty());
    assert_eq!(app.lists.view.len(), 40);
    assert_eq!(selected_id(&app), kept, "the cursor stays on its article");
    assert!(app.lists.article_sel > 0);
    // The same with the unread-only filter.
    act(&mut app, Action::Bottom);
    let kept = selected_id(&app);
    act(&mut app, Action::ToggleUnreadOnly);
    act(&mut app, Action::Bottom);
    assert_eq!(selected_id(&app), kept);
    act(&mut app, Action::Back);
    assert_eq!(selected_id(&app), kept);
}

#[test]
fn an_unbound_key_points_at_the_help() {
    let mut app = fixtures();
    act(&mut app, Action::Unbound("o".into()));
    let m = app.screen.message.as_ref().unwrap();
    assert!(
        m.text.contains("? for help") && m.text.starts_with('o'),
        "{m:?}"
    );
    let (right, _) = crate::ui::status_right(&app);
    assert!(right.contains("? for help"));
}

#[test]
fn the_order_key_cycles_and_keeps_the_article_selected() {
    let mut app = fixtures();
    let newest: Vec<u32> = app.lists.view.clone();
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    let kept = selected_id(&app);
    act(&mut app, Action::CycleSort);
    assert_eq!(app.sorting.sort, Sort::Old);
    let mut reversed = newest.clone();
    reversed.reverse();
    assert_eq!(app.lists.view, reversed);
    assert_eq!(selected_id(&app), kept);
    act(&mut app, Action::CycleSort);
    assert_eq!(app.sorting.sort, Sort::Section);
    let rank = |n: &u32| {
        app.lists
            .sections
            .iter()
            .position(|r| r.name == app.section_of(*n))
            .unwrap()
    };
    assert!(
        app.lists
            .view
            .windows(2)
            .all(|w| rank(&w[0]) <= rank(&w[1]))
    );
    act(&mut app, Action::CycleSort);
    assert_eq!(app.sorting.sort, Sort::Title);
    let folded: Vec<String> = app
        .lists
        .view
        .iter()
        .map(|&n| crate::fold::fold(app.entries[n as usize].headline()))
        .collect();
    assert!(folded.windows(2).all(|w| w[0] <= w[1]), "{folded:?}");
    assert_eq!(selected_id(&app), kept);
    // The order holds in a section and after a filter.
    app.screen.focus = Pane::Sections;
    act(&mut app, Action::Down);
    act(&mut app, Action::FocusNext);
    let folded: Vec<String> = app
        .lists
        .view
        .iter()
        .map(|&n| crate::fold::fold(app.entries[n as usize].headline()))
        .collect();
    assert!(folded.windows(2).all(|w| w[0] <= w[1]), "{folded:?}");
    act(&mut app, Action::CycleSort);
    assert_eq!(app.sorting.sort, Sort::New);
}

/// Loads `sources` again after `r`, as the run loop would.
fn reload(app: &mut App, sources: &Sources) {
    app.update(Action::Reload);
    let Some(Effect::Reload { generation }) = app.take_effects().pop() else {
        panic!("no reload effect");
    };
    let mut loads = Vec::new();
    loader::load(sources, generation, loader::Options::default(), &mut |l| {
        loads.push(l);
        true
    });
    for l in loads {
        act(app, Action::Load(l));
        app.refresh();
    }
    for e in app.take_effects() {
        for a in crate::run::perform(e) {
            app.update(a);
        }
    }
}

#[test]
fn r_reads_the_open_article_again_and_closes_a_deleted_one() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(FIXTURES.as_ref(), dir.path());
    let sources = Sources::Paths(vec![dir.path().to_owned()]);
    let mut app = loaded(&sources, (120, 40));
    act(&mut app, Action::Open);
    let n = app.reader.as_ref().unwrap().entry;
    let crate::source::Source::File(path) = app.entries[n as usize].source.clone() else {
        panic!("a file");
    };
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("{text}\n\nA paragraph added while it was open.\n"),
    )
    .unwrap();
    reload(&mut app, &sources);
    let r = app.reader.as_ref().expect("still open");
    let all: Vec<String> = r.layout.lines.iter().map(|l| l.text()).collect();
    assert!(
        all.iter().any(|l| l.contains("added while it was open")),
        "the new text is shown: {all:?}"
    );
    std::fs::remove_file(&path).unwrap();
    reload(&mut app, &sources);
    assert!(app.reader.is_none(), "a deleted article is not shown");
    assert!(
        app.screen
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("removed")
    );
    act(&mut app, Action::ToggleRead);
    assert_ne!(
        app.entries[app.lists.view[app.lists.article_sel] as usize].source,
        crate::source::Source::File(path)
    );
}
