//! Stories in the reader, on `tests/fixtures/stories`: a story of three articles over two
//! sections (`01`, `02` rewritten, `03` a follow-up), one of two (`04`, `05` the same text under
//! another headline), and three articles alone (`06` a match in the same words as `04`).

use super::tests::{act, loaded};
use super::*;
use crate::library::Sources;

fn stories() -> App {
    loaded(
        &Sources::Paths(vec!["tests/fixtures/stories".into()]),
        (120, 40),
    )
}

/// The fixture file an entry was read from, by its leading number (`"03"`).
fn file(app: &App, n: u32) -> String {
    let path = app.entries[n as usize].source.display();
    let name = path.rsplit('/').next().unwrap_or_default();
    name[..2].to_owned()
}

/// The rows of the article list: the file of each row's article and how many it stands for.
fn rows(app: &App) -> Vec<(String, usize)> {
    (0..app.lists.view.len())
        .map(|i| (file(app, app.lists.view[i]), app.row_articles(i).len()))
        .collect()
}

fn row(app: &App, name: &str) -> usize {
    app.lists
        .view
        .iter()
        .position(|&n| file(app, n) == name)
        .unwrap_or_else(|| panic!("{name} not listed: {:?}", rows(app)))
}

fn is_read(app: &App, name: &str) -> bool {
    let n = (0..app.entries.len() as u32)
        .find(|&n| file(app, n) == name)
        .unwrap();
    app.marks.state.is_read(app.entries[n as usize].id)
}

fn r(name: &str, count: usize) -> (String, usize) {
    (name.to_owned(), count)
}

#[test]
fn t_folds_each_story_into_one_row_where_its_newest_article_is() {
    let mut app = stories();
    assert_eq!(app.lists.view.len(), 8);
    assert_eq!(app.stories.grouped(), 5);
    act(&mut app, Action::ToggleStories);
    assert_eq!(
        rows(&app),
        [r("06", 1), r("05", 2), r("07", 1), r("03", 3), r("08", 1)]
    );
    assert!(
        app.screen
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("2 stories")
    );
    act(&mut app, Action::ToggleStories);
    assert_eq!(app.lists.view.len(), 8);
}

#[test]
fn enter_shows_a_story_as_a_timeline_oldest_first_and_esc_goes_back() {
    let mut app = stories();
    act(&mut app, Action::ToggleStories);
    app.lists.article_sel = row(&app, "03");
    act(&mut app, Action::Open);
    assert!(app.reader.is_none(), "a timeline, not an article");
    assert!(app.stories.open.is_some());
    assert_eq!(rows(&app), [r("01", 1), r("02", 1), r("03", 1)]);
    assert_eq!(
        (app.lists.article_sel, app.screen.focus),
        (0, Pane::Articles)
    );
    // Enter again reads the article; q closes it, q again leaves the timeline.
    act(&mut app, Action::Down);
    act(&mut app, Action::Open);
    assert_eq!(file(&app, app.reader.as_ref().unwrap().entry), "02");
    act(&mut app, Action::BackOrQuit);
    assert!(app.stories.open.is_some());
    act(&mut app, Action::BackOrQuit);
    assert!(app.stories.open.is_none() && !app.quit);
    assert_eq!(
        app.lists.article_sel,
        row(&app, "03"),
        "back on the story's row"
    );
    // A story alone in its row opens as an article.
    app.lists.article_sel = row(&app, "07");
    act(&mut app, Action::Open);
    assert_eq!(file(&app, app.reader.as_ref().unwrap().entry), "07");
}

#[test]
fn a_in_a_timeline_marks_the_story_and_in_the_folded_list_every_article() {
    let mut app = stories();
    act(&mut app, Action::ToggleStories);
    app.lists.article_sel = row(&app, "03");
    act(&mut app, Action::Open);
    act(&mut app, Action::MarkAllRead);
    let read: Vec<bool> = ["01", "02", "03", "04", "05", "06", "07", "08"]
        .iter()
        .map(|f| is_read(&app, f))
        .collect();
    assert_eq!(read, [true, true, true, false, false, false, false, false]);
    act(&mut app, Action::Undo);
    assert!(!is_read(&app, "01") && !is_read(&app, "03"));
    act(&mut app, Action::Back);
    act(&mut app, Action::MarkAllRead);
    assert!(
        app.screen
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("marked 8 articles")
    );
}

#[test]
fn m_on_a_folded_row_marks_its_whole_story_and_back() {
    let mut app = stories();
    act(&mut app, Action::ToggleStories);
    app.lists.article_sel = row(&app, "05");
    act(&mut app, Action::ToggleRead);
    assert!(is_read(&app, "04") && is_read(&app, "05") && !is_read(&app, "06"));
    assert!(!app.row_unread(row(&app, "05")));
    act(&mut app, Action::ToggleRead);
    assert!(!is_read(&app, "04") && !is_read(&app, "05"));
    // A story partly read is marked read.
    app.lists.article_sel = row(&app, "03");
    act(&mut app, Action::Open);
    act(&mut app, Action::Open);
    act(&mut app, Action::Back);
    act(&mut app, Action::Back);
    assert!(is_read(&app, "01") && !is_read(&app, "02"));
    act(&mut app, Action::ToggleRead);
    assert!(["01", "02", "03"].iter().all(|f| is_read(&app, f)));
}

#[test]
fn a_folded_row_counts_what_the_list_shows_through_sections_and_filters() {
    let mut app = stories();
    act(&mut app, Action::ToggleStories);
    let politique = app
        .lists
        .sections
        .iter()
        .position(|s| s.name == "Politique")
        .unwrap();
    act(&mut app, Action::FocusPrev);
    for _ in 0..politique {
        act(&mut app, Action::Down);
    }
    assert_eq!(app.lists.section_name(), "Politique");
    act(&mut app, Action::Open);
    assert_eq!(rows(&app), [r("03", 2), r("08", 1)], "02 is in Economie");
    act(&mut app, Action::Open);
    assert_eq!(rows(&app), [r("01", 1), r("03", 1)]);
    // Unread only: the story's read article leaves its row.
    act(&mut app, Action::Open);
    act(&mut app, Action::Back);
    act(&mut app, Action::Back);
    assert!(is_read(&app, "01"));
    act(&mut app, Action::ToggleUnreadOnly);
    assert_eq!(rows(&app), [r("03", 1), r("08", 1)]);
}

#[test]
fn n_reads_a_story_in_order_then_goes_on_with_the_list() {
    let mut app = stories();
    act(&mut app, Action::ToggleStories);
    act(&mut app, Action::Open);
    let open = |app: &App| file(app, app.reader.as_ref().unwrap().entry);
    assert_eq!(open(&app), "06");
    let mut read = Vec::new();
    for _ in 0..7 {
        act(&mut app, Action::NextUnread);
        read.push(open(&app));
    }
    // The story of 04 and 05 oldest first, then 07, then the story of 01, 02 and 03, then 08.
    assert_eq!(read, ["04", "05", "07", "01", "02", "03", "08"]);
    act(&mut app, Action::NextUnread);
    assert_eq!(
        app.screen.message.as_ref().unwrap().text,
        "no more unread articles"
    );
}

#[test]
fn stories_follow_a_reload() {
    let mut app = stories();
    act(&mut app, Action::ToggleStories);
    let before = rows(&app);
    let mut loads = Vec::new();
    let sources = Sources::Paths(vec!["tests/fixtures/stories".into()]);
    crate::loader::load(&sources, 1, crate::loader::Options::default(), &mut |l| {
        loads.push(l);
        true
    });
    app.loading.generation = 1;
    for l in loads {
        app.update(Action::Load(l));
    }
    app.refresh();
    assert_eq!(rows(&app), before);
    // A timeline open is open again after a reload.
    app.lists.article_sel = row(&app, "03");
    act(&mut app, Action::Open);
    let mut loads = Vec::new();
    crate::loader::load(&sources, 2, crate::loader::Options::default(), &mut |l| {
        loads.push(l);
        true
    });
    app.loading.generation = 2;
    for l in loads {
        app.update(Action::Load(l));
    }
    app.refresh();
    assert_eq!(rows(&app), [r("01", 1), r("02", 1), r("03", 1)]);
}
