//! End-to-end tests of the query language in the reader: the real binary in a pseudo-terminal.
//! The reader's `/` and `kiosque list --query` give the same rows; a 20 KB paste is answered
//! within a second; a query that does not parse shows where and leaves the list alone; the
//! history outlives the session.

#![cfg(unix)]

mod support;

use std::time::{Duration, Instant};

use support::*;

/// Up arrow.
const UP: &str = "\x1b[A";
/// Backspace as terminals send it.
const BACKSPACE: &str = "\x7f";

fn list_query(env: &Env, query: &str) -> Vec<Listed> {
    let lib = env.lib().to_string_lossy().into_owned();
    let out = env.run_ok(&["list", "-l", &lib, "--query", query]);
    let all = env.list();
    // Lines parsed as the support parses them, by matching the ids it gives.
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let id = l.split('\t').next().unwrap();
            all.iter().find(|a| a.id == id).unwrap().clone()
        })
        .collect()
}

/// The first characters of a headline, as the articles pane shows them whatever its width.
fn shown(headline: &str) -> String {
    // The list cuts headlines to its width (less the date column): their starts are shown.
    headline.chars().take(18).collect()
}

/// The screen rows holding each headline, in screen order (None: not on screen).
fn rows_of(t: &Term, headlines: &[String]) -> Vec<Option<usize>> {
    let rows = t.rows();
    headlines
        .iter()
        .map(|h| rows.iter().position(|r| r.contains(&shown(h))))
        .collect()
}

#[test]
fn a_query_with_a_field_a_negation_and_or_gives_the_rows_of_list() {
    let env = Env::with_library();
    let query = "section:sport -lyon or by:mercier";
    let want = list_query(&env, query);
    assert_eq!(want.len(), 5, "{want:?}");
    let all = env.list();
    let mut t = env.reader(120, 50);
    t.wait_loaded(40);
    t.send("/");
    t.send(query);
    t.wait_for(" 5 matching");
    t.send(ENTER);
    t.wait_for(&format!("filter “{query}”"));
    t.wait_for("All 1/5");
    let headlines: Vec<String> = want.iter().map(|l| l.headline.clone()).collect();
    let rows = rows_of(&t, &headlines);
    assert!(rows.iter().all(Option::is_some), "{rows:?}\n{}", t.dump());
    assert!(
        rows.windows(2).all(|w| w[0] < w[1]),
        "same order: {rows:?}\n{}",
        t.dump()
    );
    for other in all.iter().filter(|a| !want.contains(a)) {
        assert!(
            t.row_with(&shown(&other.headline)).is_none(),
            "{:?} should not be listed\n{}",
            other.headline,
            t.dump()
        );
    }
    t.send("q");
    assert!(t.wait_exit().success());
    t.assert_restored();
}

#[test]
fn a_20_kb_paste_is_answered_within_a_second() {
    let env = Env::with_library();
    let text = std::fs::read_to_string(env.lib().join("fr/jo2024_benevoles.txt")).unwrap();
    // The words of the article (no quotes or parentheses: a paste that parses), again and
    // again; not the lines its label is glued to (`JO 2024Les`: `2024les` is no word of it).
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("JO 2024"))
        .collect::<Vec<_>>()
        .join("\n");
    let words: Vec<&str> = body
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "or" && *w != "OR")
        .collect();
    let mut paste = String::new();
    while paste.len() < 20_000 {
        paste.push_str(&words.join(" "));
        paste.push(' ');
    }
    let mut t = env.reader(120, 50);
    t.wait_loaded(40);
    assert!(
        t.with_screen(|s| s.bracketed_paste()),
        "bracketed paste is on"
    );
    t.send("/");
    t.wait_for(" 40 matching");
    let start = Instant::now();
    t.send(&format!("\x1b[200~{paste}\x1b[201~"));
    t.wait_until_within(
        Duration::from_secs(1),
        "the paste answered within 1 s",
        |t| t.contents().contains(" 1 matching"),
    );
    let took = start.elapsed();
    assert!(t.row_with("10 000 bénévoles").is_some(), "{}", t.dump());
    eprintln!("20 KB paste answered in {took:?}");
    // Ctrl-C is not queued behind anything.
    t.send("\x03");
    assert!(t.wait_exit().success());
    t.assert_restored();
    assert!(
        !t.with_screen(|s| s.bracketed_paste()),
        "bracketed paste is turned off on the way out"
    );
}

#[test]
fn a_bad_query_shows_its_error_and_leaves_the_list_as_it_was() {
    let env = Env::with_library();
    let sport: Vec<String> = list_query(&env, "section:sport")
        .into_iter()
        .map(|l| l.headline)
        .collect();
    assert_eq!(sport.len(), 5);
    let mut t = env.reader(120, 50);
    t.wait_loaded(40);
    t.send("/section:sport");
    t.wait_for(" 5 matching");
    t.send(" (");
    t.wait_for("column 15: this ( is never closed");
    t.wait_for("not a query yet");
    // The caret stands under the parenthesis, on the row above the prompt.
    let rows = t.rows();
    let prompt = rows.iter().rposition(|r| r.starts_with(" / ")).unwrap();
    let paren = rows[prompt].chars().position(|c| c == '(').unwrap();
    let caret = rows[prompt - 1].chars().position(|c| c == '^');
    assert_eq!(caret, Some(paren), "{}", t.dump());
    // The list is still the sport one.
    assert!(
        rows_of(&t, &sport).iter().all(Option::is_some),
        "{}",
        t.dump()
    );
    // Enter keeps nothing that does not parse: the prompt stays.
    t.send(ENTER);
    t.send(BACKSPACE);
    t.wait_for(" 5 matching");
    t.wait_gone("never closed");
    t.send(ESC);
    t.wait_for("All 1/40");
    t.send("q");
    assert!(t.wait_exit().success());
}

#[test]
fn the_history_outlives_the_session() {
    let env = Env::with_library();
    let mut t = env.reader(120, 50);
    t.wait_loaded(40);
    t.send("/title:bce");
    t.wait_for(" 1 matching");
    t.send(ENTER);
    t.wait_for("filter “title:bce”");
    t.send("q");
    assert!(t.wait_exit().success());
    let file = env.xdg_data.join("kiosque/history");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "title:bce\n");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);

    let mut t = env.reader(120, 50);
    t.wait_loaded(40);
    t.send("/");
    t.send(UP);
    t.wait_for(" / title:bce");
    t.wait_for(" 1 matching");
    t.send(ESC);
    // (A key sent right after Esc would read as Alt and that key.)
    t.wait_for("All 1/40");
    t.send("q");
    assert!(t.wait_exit().success());
}

/// The same paste on a large library (`KIOSQUE_E2E_LIBRARY=/path/to/50k cargo test --release
/// --test e2e_query -- --ignored`): the figure BENCHMARKS.md reports.
#[test]
#[ignore = "needs KIOSQUE_E2E_LIBRARY, a large library"]
fn a_20_kb_paste_on_a_large_library() {
    let Some(lib) = std::env::var_os("KIOSQUE_E2E_LIBRARY") else {
        return;
    };
    let lib = std::path::PathBuf::from(lib);
    let files = support::files_under(&lib);
    // The last paragraphs of one article: body text, no label glued to it.
    let text = std::fs::read_to_string(&files[files.len() / 2]).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let body = lines[lines.len().saturating_sub(3)..].join(" ");
    let words: Vec<&str> = body
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "or" && *w != "OR")
        .collect();
    let mut paste = String::new();
    while paste.len() < 20_000 {
        paste.push_str(&words.join(" "));
        paste.push(' ');
    }
    let env = Env::empty();
    let config = env.config.to_string_lossy().into_owned();
    let path = lib.to_string_lossy().into_owned();
    let mut t = Term::spawn(
        env.root.path(),
        &env.vars(),
        &[&path, "--config-dir", &config],
        120,
        40,
    );
    t.wait_until_within(
        Duration::from_secs(120),
        "the library listed and indexed",
        |t| {
            let c = t.contents();
            c.contains(&format!(" unread / {}", files.len()))
                && !c.contains("loading")
                && !c.contains("indexing")
        },
    );
    t.send("/");
    t.wait_for(&format!(" {} matching", files.len()));
    let start = Instant::now();
    t.send(&format!("\x1b[200~{paste}\x1b[201~"));
    t.wait_until_within(
        Duration::from_secs(1),
        "the paste answered within 1 s",
        |t| {
            let rows = t.rows();
            let status = rows.last().unwrap();
            status.contains(" matching") && !status.contains(&format!(" {} matching", files.len()))
        },
    );
    let took = start.elapsed();
    let status = t.rows().last().unwrap().clone();
    eprintln!(
        "{} articles: 20 KB paste answered in {took:?}: {status}",
        files.len()
    );
    // Again, once the first search has folded the metadata (a session's steady state).
    t.send(ESC);
    t.wait_for(" unread / ");
    t.send("/");
    t.wait_for(&format!(" {} matching", files.len()));
    let start = Instant::now();
    t.send(&format!("\x1b[200~{paste}\x1b[201~"));
    t.wait_until_within(Duration::from_secs(1), "the second paste answered", |t| {
        let rows = t.rows();
        let status = rows.last().unwrap();
        status.contains(" matching") && !status.contains(&format!(" {} matching", files.len()))
    });
    eprintln!("then again: {:?}", start.elapsed());
    t.send("\x03");
    assert!(t.wait_exit().success());
}

#[test]
fn list_query_errors_exit_2_with_the_column_and_sort_orders_the_lines() {
    let env = Env::with_library();
    let lib = env.lib().to_string_lossy().into_owned();
    let out = env
        .command(&["list", "-l", &lib, "--query", "sport (title:bce"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "kiosque: query: column 7: this ( is never closed\n"
    );
    let titles: Vec<String> = list_query(&env, "section:sport sort:title")
        .into_iter()
        .map(|l| l.headline)
        .collect();
    assert_eq!(
        titles,
        [
            "3 questions avant la finale de la Ligue des champions",
            "À Lyon, le derby tourne au cauchemar pour les Verts",
            "A Lyon, le marathon de nuit bat un record de participation",
            "Le Tour de France 2025 partira de Lille",
            "Le XV de France renverse l’Irlande au bout du suspense",
        ]
    );
    let old: Vec<String> = list_query(&env, "sort:old")
        .into_iter()
        .map(|l| l.id)
        .collect();
    let mut new: Vec<String> = env.list().into_iter().map(|l| l.id).collect();
    new.reverse();
    assert_eq!(old, new);
}
