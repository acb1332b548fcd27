//! Marks in `App::update`: opening marks read, the toggles, `A`, undo, next and previous
//! unread, saves that fail and marks made elsewhere.

use super::tests::*;
use super::*;

#[test]
fn opening_an_article_reads_it_and_marks_it_read() {
    let mut app = seed((120, 40));
    let id = selected_id(&app);
    app.update(Action::Open);
    let effects = app.take_effects();
    assert!(matches!(effects[..], [Effect::LoadArticle { .. }]));
    assert!(app.marks.state.is_read(id));
    let saved = app.marks.take_changes();
    assert_eq!(saved.len(), 1, "one change to save");
    assert_eq!(saved[0].value, crate::state::Value::Read(true));
    assert!(!app.marks.has_changes());
    assert_eq!(app.lists.sections[0].unread, 0);
    for e in effects {
        for a in crate::run::perform(e) {
            app.update(a);
        }
    }
    let r = app.reader.as_ref().unwrap();
    assert!(r.article.is_some());
    let text: Vec<String> = r.layout.lines.iter().map(|l| l.text()).collect();
    assert!(
        text.iter()
            .any(|t| t.contains("La Russie et les États-Unis"))
    );
    assert_eq!(app.screen.focus, Pane::Reader);
}

#[test]
fn next_and_previous_unread_across_sections() {
    let mut app = fixtures();
    app.screen.focus = Pane::Sections;
    act(&mut app, Action::Down);
    let section = app.lists.section_sel;
    app.screen.focus = Pane::Articles;
    // Read everything in this section: n then moves to another section.
    act(&mut app, Action::MarkAllRead);
    act(&mut app, Action::NextUnread);
    assert_ne!(app.lists.section_sel, section);
    assert!(!app.marks.state.is_read(selected_id(&app)));
    assert_eq!(app.screen.focus, Pane::Articles);
    act(&mut app, Action::PrevUnread);
    assert!(!app.marks.state.is_read(selected_id(&app)));
    // From the reader, n opens the next unread article.
    act(&mut app, Action::Open);
    let opened = app.reader.as_ref().unwrap().entry;
    act(&mut app, Action::NextUnread);
    let next = app.reader.as_ref().unwrap().entry;
    assert_ne!(next, opened);
    assert!(app.marks.state.is_read(app.entries[next as usize].id));
}

#[test]
fn no_more_unread_says_so() {
    let mut app = seed((120, 40));
    act(&mut app, Action::MarkAllRead);
    act(&mut app, Action::NextUnread);
    assert_eq!(
        app.screen.message.as_ref().unwrap().text,
        "no more unread articles"
    );
}

#[test]
fn toggles_and_undo() {
    let mut app = fixtures();
    let id = selected_id(&app);
    act(&mut app, Action::ToggleRead);
    assert!(app.marks.state.is_read(id));
    act(&mut app, Action::ToggleRead);
    assert!(!app.marks.state.is_read(id));
    act(&mut app, Action::ToggleStar);
    assert!(app.marks.state.is_starred(id));
    act(&mut app, Action::Undo);
    assert!(!app.marks.state.is_starred(id));
    act(&mut app, Action::Undo);
    assert!(
        app.marks.state.is_read(id),
        "undo walks back one marking at a time"
    );
    // Marking keys do nothing from the sections list.
    app.screen.focus = Pane::Sections;
    act(&mut app, Action::ToggleStar);
    assert_eq!(
        app.screen.message.as_ref().unwrap().text,
        "select an article first"
    );
}

#[test]
fn mark_all_read_is_one_undoable_step() {
    let mut app = fixtures();
    act(&mut app, Action::MarkAllRead);
    assert_eq!(app.lists.sections[0].unread, 0);
    act(&mut app, Action::Undo);
    assert_eq!(app.lists.sections[0].unread, 40);
    act(&mut app, Action::Undo);
    assert_eq!(app.screen.message.as_ref().unwrap().text, "nothing to undo");
}

#[test]
fn save_failures_are_said_and_marks_made_elsewhere_come_in() {
    let mut app = fixtures();
    act(&mut app, Action::ToggleRead);
    assert_eq!(app.marks.take_changes().len(), 1);
    app.update(Action::Saved(Err("read-only file system".into())));
    assert_eq!(
        app.marks.save_error.as_deref(),
        Some("read-only file system")
    );
    app.update(Action::Saved(Ok(())));
    assert!(app.marks.save_error.is_none());
    // Marks made elsewhere come in from the state folder, with the counts.
    let other = app.entries[5].id;
    let unread = app.lists.sections[0].unread;
    let mut elsewhere = crate::state::State::default();
    let star = elsewhere.change(other, crate::state::Value::Starred(true), 1, 99);
    let read = elsewhere.change(other, crate::state::Value::Read(true), 1, 99);
    app.update(Action::StateRead {
        changes: vec![star, read],
        notices: vec!["marks-x.jsonl: 1 line could not be read".into()],
    });
    assert!(app.marks.state.is_starred(other) && app.marks.state.is_read(other));
    assert_eq!(app.lists.sections[0].unread, unread - 1);
    assert!(
        app.screen
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("could not be read")
    );
    assert!(
        !app.marks.has_changes(),
        "what came from elsewhere is not saved again"
    );
}

#[test]
fn undo_walks_back_several_changes_of_one_article() {
    let mut app = fixtures();
    let id = selected_id(&app);
    for _ in 0..3 {
        act(&mut app, Action::ToggleRead);
    }
    assert!(app.marks.state.is_read(id));
    act(&mut app, Action::Undo);
    assert!(!app.marks.state.is_read(id));
    act(&mut app, Action::Undo);
    assert!(app.marks.state.is_read(id));
    act(&mut app, Action::Undo);
    assert!(!app.marks.state.is_read(id), "back to where it started");
    // Opening, toggling, then undoing both.
    act(&mut app, Action::Open);
    act(&mut app, Action::ToggleRead);
    act(&mut app, Action::Undo);
    act(&mut app, Action::Undo);
    assert!(!app.marks.state.is_read(id));
}

#[test]
fn undo_leaves_alone_a_change_made_elsewhere_since() {
    let mut app = fixtures();
    let id = selected_id(&app);
    act(&mut app, Action::ToggleStar);
    // Another process unstars it later; the state folder brings that in.
    let mut elsewhere = app.marks.state.clone();
    let unstar = elsewhere.change(id, crate::state::Value::Starred(false), i64::MAX / 2, 99);
    app.update(Action::StateRead {
        changes: vec![unstar],
        notices: Vec::new(),
    });
    assert!(!app.marks.state.is_starred(id));
    // Undoing our star would star it again over their newer change: it is left alone.
    act(&mut app, Action::Undo);
    assert!(!app.marks.state.is_starred(id));
    assert_eq!(
        app.screen.message.as_ref().unwrap().text,
        "undone (0 articles)"
    );
}

#[test]
fn next_unread_wraps_around_the_section() {
    let mut app = fixtures();
    app.screen.focus = Pane::Sections;
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    let section = app.lists.section_sel;
    app.screen.focus = Pane::Articles;
    // Read everything but this section's first article.
    let keep = app.lists.view[0];
    for n in 0..app.entries.len() as u32 {
        if n != keep {
            let id = app.entries[n as usize].id;
            app.marks
                .state
                .change(id, crate::state::Value::Read(true), 1, 0);
        }
    }
    act(&mut app, Action::Bottom);
    act(&mut app, Action::NextUnread);
    assert_eq!(app.lists.section_sel, section);
    assert_eq!(app.lists.view[app.lists.article_sel], keep);
}
