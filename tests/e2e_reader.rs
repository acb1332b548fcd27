//! End-to-end tests of the interactive reader: the real binary in a pseudo-terminal, keys typed
//! as bytes, the screen read back through a terminal emulator, the saved state read from disk.

#![cfg(unix)]

mod support;

use support::*;

/// "Un randonneur secouru après deux nuits dans le massif de la Chartreuse": the only article
/// with "chartreuse" anywhere in it.
const RANDO: &str = "Un randonneur secouru";
const RANDO_FULL: &str = "Un randonneur secouru après deux nuits dans le massif de la Chartreuse";
/// "Un incendie ravage un entrepôt à Rungis, aucun blessé": the only one with "rungis".
const RUNGIS: &str = "Un incendie ravage";

/// (a) Filtering to one article and opening it marks it read, on disk and in the next run.
#[test]
fn opening_an_article_marks_it_read_and_it_stays_read() {
    let env = Env::with_library();
    let before = env.list();
    assert_eq!(before.len(), 40);
    assert!(before.iter().all(|l| !l.read && !l.starred), "{before:?}");
    let id = id_of(&before, RANDO);

    // Narrower than 100 columns, the open reader takes the whole screen.
    let mut t = env.reader(90, 50);
    t.wait_loaded(40);
    t.open_by_filter("chartreuse", &id);
    t.wait_for(RANDO_FULL);
    t.wait_for("Il avait passé deux nuits dehors");
    assert!(
        !t.contents().contains("Sections"),
        "the reader should take the whole screen\n{}",
        t.dump()
    );
    t.close_reader(&id);
    t.wait_for("Sections");
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}\n{}", t.dump());
    t.assert_restored();

    let after = env.list();
    let read: Vec<&str> = after
        .iter()
        .filter(|l| l.read)
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(
        read,
        vec![id.as_str()],
        "exactly the opened article is read"
    );
    assert!(after.iter().all(|l| !l.starred));
    let state = env.state();
    assert_eq!(state["articles"][&id]["read"], true, "{state}");

    // The next run shows it read: no unread marker on its row, one on the others.
    let mut t = env.reader(90, 50);
    t.wait_loaded(40);
    t.wait_for("39 unread / 40");
    let marks = t.marks_before(RANDO).expect("its row on screen");
    assert!(!marks.contains('●'), "{marks:?}\n{}", t.dump());
    let other = t.marks_before(RUNGIS).expect("another row on screen");
    assert!(other.contains('●'), "{other:?}\n{}", t.dump());
    t.send("q");
    assert!(t.wait_exit().success());
    t.assert_restored();
}

/// (b) A star, then "mark all read" undone: after a restart the star is there and every
/// article is unread again.
#[test]
fn star_and_undone_mark_all_persist() {
    let env = Env::with_library();
    let id = id_of(&env.list(), RUNGIS);

    let mut t = env.reader(120, 50);
    t.wait_loaded(40);
    t.send("/rungis");
    t.wait_for(" 1 matching");
    t.send(ENTER);
    t.wait_for("filter “rungis”");
    t.send("s");
    t.wait_until("a star on the Rungis row", |t| {
        t.marks_before(RUNGIS).is_some_and(|m| m.contains('★'))
    });
    // Esc in a filtered list clears the filter: `A` then covers the whole library.
    t.send(ESC);
    t.wait_gone("filter “");
    // The whole list again, the cursor still on the Rungis article.
    t.wait_for("All · 40 ");
    t.wait_until("the cursor kept on its article", |t| {
        t.rows().last().is_some_and(|s| !s.contains("All 1/40"))
    });
    t.send("A");
    t.wait_for("0 unread / 40");
    // Let the marking reach the disk, so the undo has to win over a saved change.
    env.wait_state("40 articles read", |s| {
        s["articles"]
            .as_object()
            .is_some_and(|a| a.len() == 40 && a.values().all(|m| m["read"] == true))
    });
    t.send("u");
    t.wait_for("40 unread / 40");
    t.send("Q");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}\n{}", t.dump());
    t.assert_restored();

    // Restart: still starred, all unread.
    let mut t = env.reader(120, 50);
    t.wait_loaded(40);
    t.wait_for("40 unread / 40");
    let marks = t.marks_before(RUNGIS).expect("the Rungis row");
    assert!(marks.contains('★') && marks.contains('●'), "{marks:?}");
    t.send("q");
    assert!(t.wait_exit().success());
    t.assert_restored();

    let list = env.list();
    for l in &list {
        assert!(!l.read, "the undo should have made {} unread again", l.id);
        assert_eq!(l.starred, l.id == id, "{l:?}");
    }
    let state = env.state();
    assert_eq!(state["articles"][&id]["starred"], true, "{state}");
}

/// Stars the Rungis article, sends `signal`, and checks the run ends with the terminal given
/// back and the star saved.
fn signal_ends_and_saves(signal: &str, number: u32) {
    let env = Env::with_library();
    let id = id_of(&env.list(), RUNGIS);
    let mut t = env.reader(120, 50);
    t.wait_loaded(40);
    t.send("/rungis");
    t.wait_for(" 1 matching");
    t.send(ENTER);
    t.wait_for("filter “rungis”");
    t.send("s");
    t.wait_until("a star on the Rungis row", |t| {
        t.marks_before(RUNGIS).is_some_and(|m| m.contains('★'))
    });
    t.signal(signal);
    let status = t.wait_exit();
    assert_eq!(
        status.signal(),
        None,
        "SIG{signal} should end the loop, not kill the process"
    );
    assert_eq!(status.exit_code(), 128 + number, "SIG{signal}: {status:?}");
    t.assert_restored();
    let state = env.state();
    assert_eq!(
        state["articles"][&id]["starred"], true,
        "SIG{signal}: {state}"
    );
    let list = env.list();
    assert!(list.iter().all(|l| l.starred == (l.id == id)), "{list:?}");
}

/// (c) SIGTERM ends the reader: terminal restored, change saved.
#[test]
fn sigterm_restores_the_terminal_and_saves() {
    signal_ends_and_saves("TERM", 15);
}

/// (e) SIGHUP, likewise.
#[test]
fn sighup_restores_the_terminal_and_saves() {
    signal_ends_and_saves("HUP", 1);
}

/// (e) SIGINT, likewise.
#[test]
fn sigint_restores_the_terminal_and_saves() {
    signal_ends_and_saves("INT", 2);
}

/// The files `marks-other.jsonl.corrupt-<digits>` in `dir`.
fn corrupt_copies(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.strip_prefix("marks-other.jsonl.corrupt-")
                .is_some_and(|rest| {
                    !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '-')
                })
        })
        .collect()
}

/// A state file that is not one (a damaged copy, a stray file with the extension).
fn write_corrupt(env: &Env) {
    std::fs::create_dir_all(env.state_dir()).unwrap();
    std::fs::write(env.state_dir().join("marks-other.jsonl"), "{not json").unwrap();
}

/// (d) A corrupt state file is moved aside, said so, and reading goes on from scratch.
#[test]
fn corrupt_state_is_moved_aside_and_reading_goes_on() {
    let env = Env::with_library();
    let id = id_of(&env.list(), RANDO);
    write_corrupt(&env);

    let mut t = env.reader(120, 40);
    t.wait_loaded(40);
    t.wait_for("marks-other.jsonl was moved to marks-other.jsonl.corrupt-");
    let aside = corrupt_copies(&env.state_dir());
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read(&aside[0]).unwrap(), b"{not json");
    assert_eq!(
        std::fs::read_dir(env.state_dir()).unwrap().count(),
        1,
        "nothing changed yet: no new state file"
    );

    t.open_by_filter("chartreuse", &id);
    t.close_reader(&id);
    t.send("q");
    assert!(t.wait_exit().success(), "{}", t.dump());
    t.assert_restored();

    let state = env.state();
    assert_eq!(state["articles"][&id]["read"], true, "{state}");
    assert_eq!(state["articles"].as_object().unwrap().len(), 1, "{state}");
    // The corrupt copy is left alone.
    let aside = corrupt_copies(&env.state_dir());
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read(&aside[0]).unwrap(), b"{not json");
}

/// (d) On a terminal of common width the status line still tells that the file was moved.
#[test]
fn corrupt_state_notice_is_visible_on_a_common_terminal() {
    let env = Env::with_library();
    write_corrupt(&env);
    let mut t = env.reader(100, 30);
    t.wait_loaded(40);
    t.wait_until("the status line to say the file was moved aside", |t| {
        let rows = t.rows();
        let status = rows.last().unwrap();
        status.contains("moved") || status.contains("corrupt")
    });
    t.send("q");
    assert!(t.wait_exit().success());
}

/// (f) No path, an empty config dir and no data dir: the bundled seed, which opens.
#[test]
fn defaults_show_the_bundled_seed() {
    let env = Env::empty();
    // The seed's id, as `kiosque list` gives it for the default library.
    let listed = String::from_utf8(env.run_ok(&["list"]).stdout).unwrap();
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 1, "{listed}");
    assert!(lines[0].contains("\tCYBERCRIMINALITE\t"), "{listed}");
    let seed = lines[0].split('\t').next().unwrap().to_owned();
    let mut t = env.reader_defaults(120, 30);
    t.wait_loaded(1);
    t.wait_for("CYBERCRIMINALITE");
    t.wait_for("1 unread / 1");
    let row = t.row_with("CYBERCRIMINALITE").unwrap();
    assert!(row.contains("1/1"), "{row:?}\n{}", t.dump());
    t.send(ENTER);
    t.wait_for(&seed);
    t.wait_for("La Russie et les États-Unis");
    t.wait_for("Il s’agit d’un moment historique");
    t.close_reader(&seed);
    t.send("q");
    assert!(t.wait_exit().success(), "{}", t.dump());
    t.assert_restored();
    // The state went to $XDG_CONFIG_HOME/kiosque/state, the device id to $XDG_DATA_HOME.
    let state = read_state_dir(&env.xdg_config.join("kiosque/state")).unwrap();
    assert_eq!(state["articles"][&seed]["read"], true, "{state}");
    assert!(env.xdg_data.join("kiosque/device-id").is_file());
}

/// (e) Ctrl-C, as a key in the raw-mode terminal, quits at once and saves.
#[test]
fn ctrl_c_key_quits_and_saves() {
    let env = Env::with_library();
    let id = id_of(&env.list(), RUNGIS);
    let mut t = env.reader(120, 50);
    t.wait_loaded(40);
    t.send("/rungis");
    t.wait_for(" 1 matching");
    t.send(ENTER);
    t.wait_for("filter “rungis”");
    t.send("s");
    t.wait_until("a star on the Rungis row", |t| {
        t.marks_before(RUNGIS).is_some_and(|m| m.contains('★'))
    });
    t.send("\x03");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}\n{}", t.dump());
    t.assert_restored();
    assert_eq!(env.state()["articles"][&id]["starred"], true);
}

/// A panic restores the terminal and still saves the marks (the hook only records it; the run
/// loop catches the unwind, saves, restores, prints the panic and exits 101).
#[test]
fn panic_restores_the_terminal_and_saves() {
    panic_ends_saves_and_restores("1");
}

/// A panic in another thread (the loader, the saver, a layout worker) does the same: the reader
/// ends, saves, restores the terminal and says what happened.
#[test]
fn panic_in_another_thread_ends_saves_and_restores() {
    panic_ends_saves_and_restores("thread");
}

fn panic_ends_saves_and_restores(how: &str) {
    let env = Env::with_library();
    let id = id_of(&env.list(), RUNGIS);
    let mut vars = env.vars();
    vars.push(("KIOSQUE_TEST_PANIC_KEY", how.into()));
    let lib = env.lib().to_string_lossy().into_owned();
    let config = env.config.to_string_lossy().into_owned();
    let mut t = Term::spawn(
        env.root.path(),
        &vars,
        &[&lib, "--config-dir", &config],
        120,
        50,
    );
    t.wait_loaded(40);
    t.send("/rungis");
    t.wait_for(" 1 matching");
    t.send(ENTER);
    t.wait_for("filter “rungis”");
    t.send("s");
    t.wait_until("a star on the Rungis row", |t| {
        t.marks_before(RUNGIS).is_some_and(|m| m.contains('★'))
    });
    t.send("!");
    let status = t.wait_exit();
    assert_eq!(status.exit_code(), 101, "{status:?}");
    t.assert_restored();
    assert!(
        t.contents().contains("panic requested"),
        "the panic message is shown: {}",
        t.dump()
    );
    assert_eq!(env.state()["articles"][&id]["starred"], true);
}
