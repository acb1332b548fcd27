//! Live updates applied by `App::update`, with no terminal: the library loaded and checked
//! again by the real loader (`loader::load_and_keep`, `loader::update`) on files in a temp dir.

use std::path::Path;
use std::time::{Duration, SystemTime};

use super::tests::{act, settle};
use super::*;
use crate::library::Sources;
use crate::loader::{self, Kept, Load};

/// Writes article `i` of the library, modified `i` minutes ago (0 is the newest).
fn write(dir: &Path, i: usize, headline: &str) {
    let path = dir.join(format!("a{i:03}.txt"));
    std::fs::write(
        &path,
        format!("MONDE{headline}\n\nMONDELe chapô.\n\nLe corps de l’article {i}.\n"),
    )
    .unwrap();
    let at = SystemTime::now() - Duration::from_secs(60 * (i as u64 + 10));
    crate::test_files::set_mtime(&path, at);
}

/// A reader on `n` articles, 40 rows high, and what the load kept.
fn reader(dir: &Path, n: usize) -> (App, Kept, Sources) {
    for i in 0..n {
        write(dir, i, &format!("Titre numéro {i}"));
    }
    let sources = Sources::Paths(vec![dir.to_owned()]);
    let mut app = App::new(State::default(), (120, 40));
    let mut loads = Vec::new();
    let options = loader::Options {
        threads: 1,
        ..loader::Options::default()
    };
    let kept = loader::load_and_keep(&sources, 0, options, &mut |l| {
        loads.push(l);
        true
    })
    .unwrap();
    for l in loads {
        app.update(Action::Load(l));
    }
    app.refresh();
    (app, kept, sources)
}

/// The events of a check of the library.
fn check(kept: &mut Kept, sources: &Sources) -> Vec<Load> {
    let mut loads = Vec::new();
    loader::update(sources, kept, 0, 1, &mut |l| {
        loads.push(l);
        true
    });
    loads
}

/// Applies events as the run loop does (a frame after each), and the effects they ask for.
fn apply(app: &mut App, loads: Vec<Load>) {
    for l in loads {
        app.update(Action::Load(l));
        app.refresh();
        settle(app);
    }
}

fn headline_at(app: &App, row: usize) -> String {
    app.entries[app.lists.view[row] as usize]
        .headline()
        .to_string()
}

fn selected(app: &App) -> String {
    headline_at(app, app.lists.article_sel)
}

fn open(app: &App) -> Option<String> {
    let r = app.reader.as_ref()?;
    Some(app.entries[r.entry as usize].headline().to_string())
}

fn message(app: &App) -> String {
    app.screen
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn the_selection_its_height_on_screen_and_the_open_article_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut kept, sources) = reader(dir.path(), 80);
    // Scrolled down the list: article 50 selected, 20th row on screen, article 30 open.
    for _ in 0..30 {
        act(&mut app, Action::Down);
    }
    act(&mut app, Action::Open);
    act(&mut app, Action::FocusPrev);
    for _ in 0..20 {
        act(&mut app, Action::Down);
    }
    assert_eq!(selected(&app), "Titre numéro 50");
    assert_eq!(open(&app).as_deref(), Some("Titre numéro 30"));
    let on_screen = app.lists.article_sel - app.lists.article_offset;
    assert!(app.lists.article_offset > 0);
    // Three new articles (newest of all), article 50 rewritten (its time kept), 60 removed.
    for i in 0..3 {
        let name = dir.path().join(format!("new{i}.txt"));
        std::fs::write(&name, format!("MONDENouveau {i}\n\nLe corps.\n")).unwrap();
    }
    write(dir.path(), 50, "Titre numéro 50, corrigé");
    std::fs::remove_file(dir.path().join("a060.txt")).unwrap();
    apply(&mut app, check(&mut kept, &sources));
    assert_eq!(selected(&app), "Titre numéro 50, corrigé");
    assert_eq!(
        app.lists.article_sel - app.lists.article_offset,
        on_screen,
        "the selected article at the same height"
    );
    assert_eq!(open(&app).as_deref(), Some("Titre numéro 30"));
    assert_eq!(message(&app), "3 articles added, 1 updated, 1 removed");
    assert_eq!(app.lists.article_count(), 82);
    // Moving on from there.
    act(&mut app, Action::Down);
    assert_eq!(selected(&app), "Titre numéro 51");
}

#[test]
fn at_the_top_of_the_list_new_articles_show_above_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut kept, sources) = reader(dir.path(), 10);
    act(&mut app, Action::Down);
    assert_eq!(selected(&app), "Titre numéro 1");
    std::fs::write(dir.path().join("new.txt"), "MONDENouveau\n\nLe corps.\n").unwrap();
    apply(&mut app, check(&mut kept, &sources));
    assert_eq!(app.lists.article_offset, 0);
    assert_eq!(headline_at(&app, 0), "Nouveau");
    assert_eq!(selected(&app), "Titre numéro 1");
    assert_eq!(message(&app), "1 article added");
}

#[test]
fn the_selected_articles_file_removed_selects_its_neighbour() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut kept, sources) = reader(dir.path(), 10);
    for _ in 0..4 {
        act(&mut app, Action::Down);
    }
    std::fs::remove_file(dir.path().join("a004.txt")).unwrap();
    apply(&mut app, check(&mut kept, &sources));
    assert_eq!(selected(&app), "Titre numéro 5");
    assert_eq!(message(&app), "1 article removed");
}

#[test]
fn the_open_articles_file_changed_is_read_again_and_removed_closes_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut kept, sources) = reader(dir.path(), 10);
    act(&mut app, Action::Down);
    act(&mut app, Action::Open);
    let text = |app: &App| {
        let a = app.reader.as_ref().unwrap().article.as_ref().unwrap();
        format!("{a:?}")
    };
    assert!(text(&app).contains("Le corps de l’article 1."));
    let path = dir.path().join("a001.txt");
    std::fs::write(
        &path,
        "MONDETitre numéro 1\n\nMONDELe chapô.\n\nUn corps tout neuf.\n",
    )
    .unwrap();
    apply(&mut app, check(&mut kept, &sources));
    assert!(text(&app).contains("Un corps tout neuf."), "read again");
    assert_eq!(app.screen.focus, Pane::Reader);
    std::fs::remove_file(&path).unwrap();
    apply(&mut app, check(&mut kept, &sources));
    assert!(app.reader.is_none());
    assert!(message(&app).contains("no longer in the library"));
    assert!(app.screen.message.as_ref().unwrap().alert);
}

#[test]
fn no_frame_shows_half_an_update() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut kept, sources) = reader(dir.path(), 10);
    let view: Vec<String> = (0..app.lists.view.len())
        .map(|r| headline_at(&app, r))
        .collect();
    for i in 0..3 {
        std::fs::remove_file(dir.path().join(format!("a00{i}.txt"))).unwrap();
    }
    write(dir.path(), 5, "Titre cinq, corrigé");
    let loads = check(&mut kept, &sources);
    let listed = loads
        .iter()
        .position(|l| matches!(l.event, loader::LoadEvent::Listed { .. }))
        .unwrap();
    let mut loads = loads.into_iter();
    for _ in 0..listed {
        app.update(Action::Load(loads.next().unwrap()));
        app.refresh();
        let now: Vec<String> = (0..app.lists.view.len())
            .map(|r| headline_at(&app, r))
            .collect();
        assert_eq!(now, view, "the old lists until the new ones are complete");
    }
    apply(&mut app, loads.collect());
    assert_eq!(app.lists.view.len(), 7);
    assert_eq!(message(&app), "1 article updated, 3 removed");
}

#[test]
fn the_prompt_being_typed_and_the_filter_stay() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut kept, sources) = reader(dir.path(), 10);
    act(&mut app, Action::FilterPrompt);
    for c in "numéro".chars() {
        act(&mut app, Action::PromptChar(c));
    }
    std::fs::write(
        dir.path().join("new.txt"),
        "MONDENuméro spécial\n\nLe corps.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("other.txt"),
        "MONDEAutre chose\n\nLe corps.\n",
    )
    .unwrap();
    apply(&mut app, check(&mut kept, &sources));
    assert_eq!(
        app.finding.prompt.as_ref().map(|p| p.text.as_str()),
        Some("numéro")
    );
    settle(&mut app);
    let shown: Vec<String> = (0..app.lists.view.len())
        .map(|r| headline_at(&app, r))
        .collect();
    assert!(shown.contains(&"Numéro spécial".to_owned()), "{shown:?}");
    assert!(!shown.contains(&"Autre chose".to_owned()), "{shown:?}");
    assert_eq!(shown.len(), 11);
}

#[test]
fn an_update_that_changes_no_article_says_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut kept, sources) = reader(dir.path(), 3);
    // A link to nowhere: a problem, said in `w`, not an article; a file a walk does not take.
    std::os::unix::fs::symlink("nowhere.txt", dir.path().join("dangling.txt")).unwrap();
    std::fs::write(dir.path().join("notes.pdf"), "not an article").unwrap();
    let loads = check(&mut kept, &sources);
    assert!(!loads.is_empty());
    apply(&mut app, loads);
    assert_eq!(app.lists.article_count(), 3);
    assert!(app.screen.message.is_none(), "{:?}", app.screen.message);
    assert_eq!(app.loading.problem_files(), 1);
    // Mended: the problem goes.
    std::fs::remove_file(dir.path().join("dangling.txt")).unwrap();
    apply(&mut app, check(&mut kept, &sources));
    assert_eq!(app.loading.problem_files(), 0);
}
