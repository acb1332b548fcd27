//! End-to-end tests of live folders (issue 12, item 6) in a pseudo-terminal: files added,
//! changed and removed while the reader runs show without `r`, and the open article, the
//! selection and the list stay where they were; a root that disappears and comes back, and a
//! watcher that cannot watch, are survived.

#![cfg(unix)]

mod support;

use std::path::Path;
use std::time::{Duration, SystemTime};

use support::*;

/// Writes an article (label glued to its headline, as the papers' files have it) modified
/// `hours` ago.
fn article(dir: &Path, name: &str, label: &str, headline: &str, body: &str, hours: u64) {
    let path = dir.join(name);
    let text = format!(
        "{label}{headline}\n\n{label}Le chapô de l’article.\n\
         Jean Dupont pour 20 Minutes\n\n{body}\n"
    );
    std::fs::write(&path, text).unwrap();
    let at = SystemTime::now() - Duration::from_secs(hours * 3600);
    support::set_mtime(&path, at);
}

/// A library of four articles, one an hour from Alpha (newest) to Delta.
fn library(env: &mut Env) -> std::path::PathBuf {
    let lib = env.root.path().join("library");
    std::fs::create_dir_all(lib.join("monde")).unwrap();
    for (i, name) in ["Alpha", "Bravo", "Charlie", "Delta"].iter().enumerate() {
        article(
            &lib.join("monde"),
            &format!("{}.txt", name.to_lowercase()),
            "MONDE",
            &format!("{name} tient la une"),
            &format!("Le corps de l’article {name}."),
            1 + i as u64,
        );
    }
    env.library = Some(lib.clone());
    lib
}

/// Does process `pid` hold an inotify instance (is it watching folders)?
fn watching(pid: u32) -> bool {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .flatten()
        .any(|fd| {
            std::fs::read_link(fd.path()).is_ok_and(|l| l.to_string_lossy().contains("inotify"))
        })
}

/// The status line (the screen's last row).
fn status(t: &Term) -> String {
    t.rows().last().cloned().unwrap_or_default()
}

#[test]
fn files_added_changed_and_removed_show_and_the_place_is_kept() {
    let mut env = Env::empty();
    let lib = library(&mut env);
    let monde = lib.join("monde");
    let mut t = env.reader(160, 30);
    t.wait_loaded(4);
    assert!(watching(t.pid()), "the library is watched");
    // Charlie selected and open.
    t.send("jj");
    t.wait_until("Charlie selected", |t| status(t).contains("All 3/4"));
    t.send(ENTER);
    t.wait_for("Le corps de l’article Charlie.");

    // A new file: listed on top, said, and Charlie stays selected (one row down) and open.
    article(
        &monde,
        "echo.txt",
        "MONDE",
        "Écho tout juste arrivé",
        "Le corps de l’article Écho.",
        0,
    );
    t.wait_for("Écho tout juste arrivé");
    t.wait_for("1 article added");
    t.wait_until("Charlie still selected", |t| status(t).contains("All 4/5"));
    assert!(
        t.contents().contains("Le corps de l’article Charlie."),
        "the open article stayed\n{}",
        t.dump()
    );

    // A headline rewritten (the file's time kept): the row changes in place.
    article(
        &monde,
        "bravo.txt",
        "MONDE",
        "Bravissimo, titre corrigé",
        "Le corps de l’article Bravo.",
        2,
    );
    t.wait_for("Bravissimo, titre corrigé");
    t.wait_gone("Bravo tient la une");
    t.wait_for("1 article updated");
    t.wait_until("Charlie still selected", |t| status(t).contains("All 4/5"));

    // A file removed: its row goes, the selection stays on Charlie.
    std::fs::remove_file(monde.join("delta.txt")).unwrap();
    t.wait_gone("Delta tient la une");
    t.wait_for("1 article removed");
    t.wait_until("Charlie still selected", |t| status(t).contains("All 4/4"));

    // The open article's own file rewritten: read again where it stands.
    article(
        &monde,
        "charlie.txt",
        "MONDE",
        "Charlie tient la une",
        "Le corps de l’article Charlie, mis à jour.",
        3,
    );
    t.wait_for("Le corps de l’article Charlie, mis à jour.");
    t.wait_until("Charlie still selected", |t| status(t).contains("All 4/4"));

    // Editors' temporary files and hidden files are not articles.
    std::fs::write(monde.join(".charlie.txt.swp"), "swap").unwrap();
    std::fs::write(monde.join("charlie.txt~"), "backup").unwrap();

    // `r` still reloads.
    t.send("r");
    t.wait_for("library reloaded: 4 articles");
    t.wait_until("Charlie still selected", |t| status(t).contains("All 4/4"));
    t.send("Q");
    assert!(t.wait_exit().success(), "{}", t.dump());
}

#[test]
fn a_folder_or_a_link_to_one_made_later_is_watched_too() {
    let mut env = Env::empty();
    let lib = library(&mut env);
    let mut t = env.reader(160, 30);
    t.wait_loaded(4);
    let sport = lib.join("sport");
    std::fs::create_dir(&sport).unwrap();
    article(
        &sport,
        "golf.txt",
        "SPORT",
        "Golf au premier plan",
        "Le corps.",
        0,
    );
    t.wait_for("Golf au premier plan");
    // Written once the new folder's first article is listed: only a watch on the new folder
    // sees it.
    article(
        &sport,
        "judo.txt",
        "SPORT",
        "Judo en finale",
        "Le corps.",
        0,
    );
    t.wait_for("Judo en finale");
    t.wait_loaded(6);
    t.send("Q");
    assert!(t.wait_exit().success(), "{}", t.dump());
}

#[test]
fn a_root_that_disappears_and_comes_back_is_followed() {
    let mut env = Env::empty();
    let lib = library(&mut env);
    let mut t = env.reader(160, 30);
    t.wait_loaded(4);
    std::fs::remove_dir_all(&lib).unwrap();
    t.wait_gone("Alpha tient la une");
    t.wait_for("4 articles removed");
    std::fs::create_dir_all(&lib).unwrap();
    article(
        &lib,
        "foxtrot.txt",
        "MONDE",
        "Foxtrot revient",
        "Le corps.",
        0,
    );
    t.wait_for("Foxtrot revient");
    t.wait_loaded(1);
    t.send("Q");
    assert!(t.wait_exit().success(), "{}", t.dump());
}

#[test]
fn a_watcher_that_cannot_watch_is_said_once_in_w_and_reading_goes_on() {
    let mut env = Env::empty();
    let lib = library(&mut env);
    let mut vars = env.vars();
    vars.push(("KIOSQUE_TEST_WATCH_LIMIT", "1".into()));
    let (lib, config) = (
        lib.to_string_lossy().into_owned(),
        env.config.to_string_lossy().into_owned(),
    );
    let mut t = Term::spawn(
        env.root.path(),
        &vars,
        &[&lib, "--config-dir", &config],
        160,
        30,
    );
    t.wait_for("too many folders to watch");
    t.send("w");
    t.wait_for("live updates");
    t.wait_for("fs.inotify.max_user_watches");
    t.send(ESC);
    t.wait_gone("live updates");
    t.send("j");
    t.wait_until("reading goes on", |t| status(t).contains("All 2/4"));
    t.send("Q");
    assert!(t.wait_exit().success(), "{}", t.dump());
}

#[test]
fn watch_false_in_config_toml_watches_nothing_and_r_still_reloads() {
    let mut env = Env::empty();
    let lib = library(&mut env);
    std::fs::write(env.config.join("config.toml"), "watch = false\n").unwrap();
    let mut t = env.reader(160, 30);
    t.wait_loaded(4);
    // The watcher is started before the library is read: none by now means none at all.
    assert!(!watching(t.pid()), "watch = false, yet a folder is watched");
    article(
        &lib.join("monde"),
        "echo.txt",
        "MONDE",
        "Écho tout juste arrivé",
        "Le corps.",
        0,
    );
    t.send("r");
    t.wait_for("library reloaded: 5 articles");
    t.wait_for("Écho tout juste arrivé");
    t.send("Q");
    assert!(t.wait_exit().success(), "{}", t.dump());
}
