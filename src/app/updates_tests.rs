//! Articles updated since they were read (issue 12): the version kept when an article is
//! opened, the mark when its file changes, and what the reader shows of the changes.

use super::tests::act;
use super::*;
use crate::changes::Status;
use crate::library::Sources;
use crate::loader;
use crate::state::Value;

const TEXT: &str = "MONDELa fin d’un monde\n\nMONDELe chapeau de l’article.\n\
Antoine Mercier pour 20 Minutes\n\nPremier paragraphe.\n\nDeuxième paragraphe.\n\n\
Troisième paragraphe.\n";

/// A library of two files: the article above and another.
fn library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), TEXT).unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "SPORTUn autre article\n\nSon seul paragraphe.\n",
    )
    .unwrap();
    dir
}

/// The reader started on `dir` with `state`, its library loaded and its bodies indexed.
fn started(dir: &std::path::Path, state: State) -> App {
    let mut app = App::new(state, (120, 40));
    loader::load(
        &Sources::Paths(vec![dir.to_owned()]),
        0,
        loader::Options::default(),
        &mut |l| {
            app.update(Action::Load(l));
            true
        },
    );
    app.refresh();
    app
}

/// Selects and opens the article whose headline starts with `headline`.
fn open(app: &mut App, headline: &str) -> u32 {
    let row = app
        .lists
        .view
        .iter()
        .position(|&n| app.entries[n as usize].headline().starts_with(headline))
        .unwrap();
    app.screen.focus = Pane::Articles;
    app.lists.article_sel = row;
    let n = app.lists.view[row];
    act(app, Action::Open);
    n
}

/// The state as saved: every change the reader handed over, applied to `state`.
fn saved(app: &mut App, state: &mut State) {
    for c in app.marks.take_changes() {
        state.apply(&c);
    }
}

#[test]
fn opening_keeps_the_version_read_and_a_new_version_comes_back_updated() {
    let dir = library();
    let mut state = State::default();
    let mut app = started(dir.path(), state.clone());
    assert_eq!(app.marks.updated, 0);
    let n = open(&mut app, "La fin");
    let id = app.entries[n as usize].id;
    let changes = app.marks.take_changes();
    assert!(
        changes
            .iter()
            .any(|c| c.id == id && matches!(c.value, Value::Seen(_))),
        "{changes:?}"
    );
    for c in &changes {
        state.apply(c);
    }
    assert!(!app.is_updated(n as usize));
    assert!(app.reader.as_ref().unwrap().changes.is_none(), "first read");

    // The file is corrected: one paragraph rewritten, one added at the end.
    let corrected = TEXT.replace("Deuxième paragraphe.", "Deuxième paragraphe, corrigé.")
        + "\nUn paragraphe ajouté.\n";
    std::fs::write(dir.path().join("a.txt"), corrected).unwrap();
    let mut app = started(dir.path(), state.clone());
    let n = (0..app.entries.len() as u32)
        .find(|&k| app.entries[k as usize].id == id)
        .expect("the same id: the headline and standfirst did not change");
    assert!(app.is_updated(n as usize));
    assert_eq!(app.marks.updated, 1);
    // Still read: an update is not unread.
    assert_eq!(app.lists.sections[0].unread, 1);

    // Opened again: what changed is shown, and it is no longer updated.
    open(&mut app, "La fin");
    let r = app.reader.as_ref().unwrap();
    let c = r
        .changes
        .as_ref()
        .expect("the changes since the version read");
    assert_eq!(c.counts(), (1, 1, 0));
    assert_eq!(c.status(1), Status::Changed);
    assert_eq!(c.status(3), Status::Added);
    let texts: Vec<String> = r.layout.lines.iter().map(|l| l.text()).collect();
    assert!(
        texts
            .join(" ")
            .contains("Updated since you read it: 1 paragraph changed, 1 added"),
        "{texts:?}"
    );
    assert!(!app.is_updated(n as usize));
    assert_eq!(app.marks.updated, 0);
    saved(&mut app, &mut state);
    // Started again on the same files: nothing updated, nothing shown.
    let mut app = started(dir.path(), state);
    assert_eq!(app.marks.updated, 0);
    open(&mut app, "La fin");
    assert!(app.reader.as_ref().unwrap().changes.is_none());
}

#[test]
fn a_file_changed_while_it_is_open_shows_what_changed_and_keeps_showing_it() {
    let dir = library();
    let mut app = started(dir.path(), State::default());
    let n = open(&mut app, "La fin");
    let path = dir.path().join("a.txt");
    std::fs::write(&path, TEXT.replace("Troisième paragraphe.\n", "")).unwrap();
    let read_again = |app: &mut App| {
        let article =
            crate::library::read_article(&crate::source::Source::File(path.clone()), Some("MONDE"))
                .map(Box::new);
        let generation = app.loading.generation;
        act(
            app,
            Action::ArticleLoaded {
                entry: n,
                generation,
                article,
            },
        );
    };
    read_again(&mut app);
    let removed = |app: &App| {
        app.reader
            .as_ref()
            .and_then(|r| r.changes.as_ref())
            .map(Changes::counts)
    };
    assert_eq!(removed(&app), Some((0, 0, 1)));
    // Read again as it is now (a reload): the changes stay on screen until it is closed.
    read_again(&mut app);
    assert_eq!(removed(&app), Some((0, 0, 1)));
    act(&mut app, Action::Back);
    act(&mut app, Action::Open);
    assert_eq!(removed(&app), None);
}

#[test]
fn next_unread_goes_to_updated_articles_too() {
    let dir = library();
    let mut state = State::default();
    let mut app = started(dir.path(), state.clone());
    open(&mut app, "La fin");
    open(&mut app, "Un autre");
    saved(&mut app, &mut state);
    std::fs::write(
        dir.path().join("a.txt"),
        TEXT.replace("Premier", "Tout premier"),
    )
    .unwrap();
    let mut app = started(dir.path(), state);
    assert_eq!(app.lists.sections[0].unread, 0);
    assert_eq!(app.marks.updated, 1);
    app.screen.focus = Pane::Articles;
    app.lists.article_sel = app
        .lists
        .view
        .iter()
        .position(|&n| app.entries[n as usize].headline().starts_with("Un autre"))
        .unwrap();
    act(&mut app, Action::NextUnread);
    let n = app.lists.view[app.lists.article_sel];
    assert!(app.entries[n as usize].headline().starts_with("La fin"));
    assert!(app.is_updated(n as usize));
}

#[test]
fn marks_are_stamped_with_the_time_the_shell_hands_in() {
    // `update` reads no clock: the same actions at the same time give the same stamps.
    let stamps = || {
        let mut app = super::tests::fixtures();
        app.screen.now = crate::date::Now::at(1_700_000_000, jiff::tz::TimeZone::UTC);
        act(&mut app, Action::ToggleRead);
        act(&mut app, Action::ToggleStar);
        let changes = app.marks.take_changes();
        assert_eq!(changes.len(), 2);
        changes.iter().map(|c| c.stamp).collect::<Vec<_>>()
    };
    let first = stamps();
    assert!(first.iter().all(|s| s.t == 1_700_000_000_000), "{first:?}");
    assert_eq!(first, stamps());
}
