//! End-to-end tests of `config.toml` in the reader, in a pseudo-terminal: a rebound key, a key
//! conflict refused before the terminal is touched, a theme colour reaching the terminal as a
//! 24-bit SGR sequence, saved views and their counts in the sections pane.

#![cfg(unix)]

mod support;

use support::*;

fn configure(env: &Env, text: &str) {
    std::fs::write(env.config.join("config.toml"), text).unwrap();
}

/// The reader on the library copy, recording the raw bytes.
fn reader_recording(env: &Env, cols: u16, rows: u16) -> (Term, Recording) {
    let lib = env.lib().to_string_lossy().into_owned();
    let config = env.config.to_string_lossy().into_owned();
    Term::spawn_recording(
        env.root.path(),
        &env.vars(),
        &[&lib, "--config-dir", &config],
        cols,
        rows,
    )
}

#[test]
fn a_rebound_key_works_in_the_reader_and_the_help_shows_it() {
    let env = Env::with_library();
    configure(&env, "[keys]\nzoom = \"f\"\nnext = [\"J\", \"Down\"]\n");
    let mut t = env.reader(120, 40);
    t.wait_loaded(40);
    // `j` is free now: it says so; `J` moves.
    t.send("j");
    t.wait_for("j: not a key here");
    t.send("J");
    t.send(ENTER);
    t.wait_until("the article open beside the lists", |t| {
        t.contents().contains("Sections") && !t.contents().contains("Enter opens")
    });
    // `f` zooms (and `z` no longer does).
    t.send("z");
    t.wait_for("z: not a key here");
    t.send("f");
    t.wait_gone("Sections");
    t.send("f");
    t.wait_for("Sections");
    t.send("?");
    t.wait_for("names as in config.toml");
    let zoom = t.row_with("the reader alone on the whole screen").unwrap();
    assert!(zoom.contains(" f ") && zoom.contains("zoom"), "{zoom}");
    let next = t.row_with("next item;").unwrap();
    assert!(next.contains("J ↓") && next.contains("next"), "{next}");
    t.send(ESC);
    t.send("Q");
    assert!(t.wait_exit().success(), "{}", t.dump());
    t.assert_restored();
}

#[test]
fn a_key_conflict_exits_2_before_the_terminal_is_touched() {
    let env = Env::with_library();
    configure(&env, "mouse = true\n[keys]\nquit = [\"Q\", \"j\"]\n");
    let (mut t, rec) = reader_recording(&env, 80, 24);
    let status = t.wait_exit();
    assert_eq!(status.exit_code(), 2, "{}", t.dump());
    let raw = String::from_utf8_lossy(&rec.bytes()).into_owned();
    assert!(
        raw.contains("config.toml: line 3: [keys]: j is bound to both `next` and `quit`"),
        "{raw}"
    );
    assert!(!raw.contains('\x1b'), "the terminal was touched: {raw:?}");
}

#[test]
fn a_theme_colour_reaches_the_terminal_as_24_bit_sgr() {
    let env = Env::with_library();
    configure(
        &env,
        "[theme]\nbase = \"dark\"\nquote = \"#ff8800\"\nunread_marker = { fg = 208 }\n",
    );
    let (mut t, rec) = reader_recording(&env, 120, 40);
    t.wait_loaded(40);
    // An article whose headline opens on a quotation, so it is on screen at once.
    t.send("/");
    t.send("title:partirons");
    t.wait_for(" 1 matching");
    t.send(ENTER);
    t.send(ENTER);
    t.wait_until("the article open", |t| {
        !t.contents().contains("Enter opens")
    });
    let sent = |needle: &[u8]| rec.bytes().windows(needle.len()).any(|w| w == needle);
    poll_until(
        deadline(),
        || sent(b"38;2;255;136;0;") || sent(b"38;2;255;136;0m"),
        || {
            let raw = String::from_utf8_lossy(&rec.bytes()).into_owned();
            let at = raw.find("38;2;255").unwrap_or(0);
            format!(
                "ESC[38;2;255;136;0m among the bytes sent ({:?}):\n{}",
                raw.get(at.saturating_sub(20)..(at + 40).min(raw.len())),
                t.dump()
            )
        },
    );
    assert!(
        sent(b"38;5;208;") || sent(b"38;5;208m"),
        "the unread marker in colour 208"
    );
    t.send("Q");
    assert!(t.wait_exit().success());
}

#[test]
fn saved_views_are_listed_after_all_with_their_counts() {
    let env = Env::with_library();
    configure(
        &env,
        "[[views]]\nname = \"Sport ou Lyon\"\nquery = \"section:sport or lyon\"\n\n[[views]]\nname = \"Non lus\"\nquery = \"is:unread\"\n",
    );
    let want = {
        let lib = env.lib().to_string_lossy().into_owned();
        let out = env.run_ok(&["list", "-l", &lib, "--query", "section:sport or lyon"]);
        String::from_utf8(out.stdout).unwrap().lines().count()
    };
    assert!(want >= 3, "{want}");
    let mut t = env.reader(120, 40);
    t.wait_loaded(40);
    let rows = t.rows();
    let all = rows.iter().position(|r| r.contains("All ")).unwrap();
    let view = format!("{want}/{want}");
    t.wait_until("the views counted", |t| {
        t.row_with("│Sport ou Lyon")
            .is_some_and(|r| r.contains(&view))
            && t.row_with("│Non lus").is_some_and(|r| r.contains("40/40"))
    });
    let rows = t.rows();
    let sport = rows
        .iter()
        .position(|r| r.contains("Sport ou Lyon"))
        .unwrap();
    let unread = rows.iter().position(|r| r.contains("Non lus")).unwrap();
    let first_section = rows.iter().position(|r| r.contains("divers")).unwrap();
    assert!(
        all < sport && sport < unread && unread < first_section,
        "{}",
        t.dump()
    );
    // Selected like a section: its articles.
    t.send("h");
    t.send("j");
    t.wait_for(&format!("Sport ou Lyon · {want}"));
    // Reading one changes the counts of both views (the `is:unread` one found again).
    t.send("l");
    t.send(ENTER);
    t.wait_until("the counts after one read", |t| {
        t.row_with("│Sport ou Lyon")
            .is_some_and(|r| r.contains(&format!("{}/{want}", want - 1)))
            && t.row_with("│Non lus").is_some_and(|r| r.contains("39/39"))
    });
    t.send("Q");
    assert!(t.wait_exit().success(), "{}", t.dump());
}

#[test]
fn config_warnings_are_in_the_warnings_view() {
    let env = Env::with_library();
    configure(&env, "colour = \"red\"\n");
    let mut t = env.reader(120, 40);
    t.wait_loaded(40);
    t.send("w");
    t.wait_for("config.toml:1");
    let row = t.row_with("config.toml:1").unwrap();
    assert!(row.contains("unknown setting `colour`"), "{row}");
    t.send("Q");
    assert!(t.wait_exit().success());
}
