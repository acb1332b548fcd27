//! The lists file (`src/lists.rs`): a reader started again is given the lists its last load
//! left, whole, before the log is replayed behind them for the words; what changed on disk
//! since comes as a live update; a lists file that is not the log's, or damaged, is not used.
//! The App and the loader are driven here as the run loop drives them, without a terminal.

mod support;

use std::path::{Path, PathBuf};

use kiosque::action::Action;
use kiosque::app::{App, Effect};
use kiosque::library::Sources;
use kiosque::loader::{self, LoadEvent};
use kiosque::state::State;

struct Lib {
    _dir: tempfile::TempDir,
    lib: PathBuf,
    cache: PathBuf,
}

fn library() -> Lib {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    support::copy_tree(&support::fixture_library(), &lib);
    let cache = dir.path().join("cache");
    Lib {
        _dir: dir,
        lib,
        cache,
    }
}

/// What a start of the reader saw: the events' kinds, in order, and the App once done (its
/// lists file written, as the run loop writes it).
fn start(l: &Lib) -> (Vec<&'static str>, App) {
    let sources = Sources::Paths(vec![l.lib.clone()]);
    let mut app = App::new(State::default(), (120, 40));
    let mut kinds = Vec::new();
    let options = loader::Options {
        cache_dir: Some(&l.cache),
        lists: true,
        ..loader::Options::default()
    };
    let mut loads = Vec::new();
    loader::load(&sources, 0, options, &mut |load| {
        loads.push(load);
        true
    });
    for load in loads {
        kinds.push(kind(&load.event));
        app.update(Action::Load(load));
        app.refresh();
        for effect in app.take_effects() {
            if let Effect::KeepLists(lists) = effect {
                kiosque::lists::write(&lists_path(l), &lists).unwrap();
            }
        }
    }
    (kinds, app)
}

fn lists_path(l: &Lib) -> PathBuf {
    let sources = Sources::Paths(vec![l.lib.clone()]);
    let log = kiosque::cache::path_for(&l.cache, &sources).unwrap();
    kiosque::lists::path_for(&log)
}

fn kind(e: &LoadEvent) -> &'static str {
    match e {
        LoadEvent::Started { .. } => "started",
        LoadEvent::Update { .. } => "update",
        LoadEvent::Batch { .. } => "batch",
        LoadEvent::Lists(_) => "lists",
        LoadEvent::Logged(_) => "logged",
        LoadEvent::Done => "done",
        LoadEvent::Removed(_) => "removed",
        LoadEvent::Words(_) => "words",
        _ => "other",
    }
}

/// What the reader shows: each section's row, and the list of "All".
fn shown(app: &App) -> (Vec<(String, usize, usize)>, Vec<String>) {
    let rows = app
        .lists
        .sections
        .iter()
        .map(|r| (r.name.clone(), r.unread, r.total))
        .collect();
    let list = app
        .lists
        .view
        .iter()
        .map(|&n| app.entries[n as usize].headline().to_string())
        .collect();
    (rows, list)
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_start_shows_the_lists_the_last_load_left_before_replaying_the_log() {
    let l = library();
    let (first, cold) = start(&l);
    assert_eq!(first.first(), Some(&"started"));
    assert!(first.contains(&"logged"), "{first:?}");
    assert!(lists_path(&l).exists());
    let (second, warm) = start(&l);
    // The lists first, then their words: no entry is sent again, and nothing is written again
    // (the lists file holds).
    assert_eq!(second.first(), Some(&"lists"), "{second:?}");
    assert!(second.contains(&"words"));
    assert!(
        !second
            .iter()
            .any(|k| ["started", "batch", "update", "logged"].contains(k)),
        "{second:?}"
    );
    assert_eq!(second.last(), Some(&"done"));
    assert_eq!(shown(&warm), shown(&cold));
    assert!(!warm.lists.sections.is_empty() && warm.lists.article_count() > 5);
    // The words came behind the lists: words find what they found on the cold load.
    let n = cold.entries.len();
    assert_eq!(warm.entries.len(), n);
    for word in ["le", "de", "la", "monde"] {
        let (w, c) = (warm.index.find_text(word, n), cold.index.find_text(word, n));
        assert_eq!(w.count(), c.count(), "{word}");
    }
    assert!(cold.index.find_text("le", n).count() > 0);
}

#[test]
fn what_changed_since_comes_as_an_update_and_is_kept_for_the_next_start() {
    let l = library();
    let (_, cold) = start(&l);
    let before = cold.lists.article_count();
    write(
        &l.lib.join("nouveau.txt"),
        "MONDE\n\nUn titre tout neuf pour la liste\n\nPar Anne\n\nUn texte.\n",
    );
    let (second, warm) = start(&l);
    assert_eq!(second.first(), Some(&"lists"));
    assert!(second.contains(&"update"), "{second:?}");
    assert!(second.contains(&"logged"), "{second:?}");
    assert_eq!(warm.lists.article_count(), before + 1);
    let new = |app: &App| {
        app.lists.view.iter().any(|&n| {
            let path = app.entries[n as usize].source.display();
            path.ends_with("nouveau.txt")
        })
    };
    assert!(new(&warm) && !new(&cold));
    // The lists file was written again, for the log the update left: the next start shows the
    // new article at once.
    let (third, again) = start(&l);
    assert_eq!(third.first(), Some(&"lists"));
    assert!(!third.contains(&"update"), "{third:?}");
    assert_eq!(shown(&again), shown(&warm));
}

#[test]
fn a_lists_file_that_is_not_the_logs_or_is_damaged_is_not_used() {
    let l = library();
    let (_, cold) = start(&l);
    let good = std::fs::read(lists_path(&l)).unwrap();
    // Damaged: a byte changed (the checksum no longer holds).
    let mut bad = good.clone();
    let at = bad.len() - 10;
    bad[at] ^= 0x20;
    write_bytes(&lists_path(&l), &bad);
    let (second, warm) = start(&l);
    assert_eq!(second.first(), Some(&"started"), "{second:?}");
    assert_eq!(shown(&warm), shown(&cold));
    // Another log in place (a copy: another inode): the lists file names the old one.
    std::fs::write(lists_path(&l), &good).unwrap();
    let log = kiosque::cache::path_for(&l.cache, &Sources::Paths(vec![l.lib.clone()])).unwrap();
    let copy = log.with_extension("copy");
    std::fs::copy(&log, &copy).unwrap();
    std::fs::rename(&copy, &log).unwrap();
    let (third, again) = start(&l);
    assert_eq!(third.first(), Some(&"started"), "{third:?}");
    assert_eq!(shown(&again), shown(&cold));
    // A FIFO where the lists file should be is not waited on.
    std::fs::remove_file(lists_path(&l)).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(lists_path(&l))
        .status();
    if made.is_ok_and(|s| s.success()) {
        let (fourth, _) = start(&l);
        assert_eq!(fourth.first(), Some(&"started"), "{fourth:?}");
    }
}

fn write_bytes(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}

/// The reader itself, in a terminal: quit, a file added while it is not running, started again.
#[test]
fn the_reader_started_again_shows_its_lists_and_says_what_changed_since() {
    let env = support::Env::with_library();
    let total = env.list().len();
    let mut t = env.reader(120, 30);
    t.wait_loaded(total);
    // The lists file is written once the load has ended (on a thread of the reader's).
    let libraries = env.cache.join("libraries");
    let kept = || {
        std::fs::read_dir(&libraries)
            .map(|d| {
                d.flatten()
                    .any(|e| e.path().extension().is_some_and(|x| x == "kls"))
            })
            .unwrap_or(false)
    };
    support::poll_until(support::deadline(), kept, || "a lists file".into());
    t.send("q");
    assert!(t.wait_exit().success(), "{}", t.dump());
    write(
        &env.lib().join("nouveau.txt"),
        "MONDE\n\nArrivé pendant que le lecteur dormait\n\nUn texte.\n",
    );
    // Started again: its lists at once, then the file found by the check, said as a live
    // update says it.
    let mut t = env.reader(120, 30);
    t.wait_for("1 article added");
    t.wait_loaded(total + 1);
    t.send("q");
    assert!(t.wait_exit().success(), "{}", t.dump());
}
