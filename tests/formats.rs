//! The other stored formats (SPEC §3b) through the real binary: Markdown with front matter,
//! RSS, Atom and JSON feeds (an article per item), a saved HTML page; their dates (SPEC §2),
//! a feed growing between two loads, and marks on a feed's items.

#![cfg(unix)]

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use support::*;

/// A private copy of `tests/fixtures/formats`.
fn env() -> Env {
    let mut env = Env::empty();
    let lib = env.root.path().join("formats");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats"),
        &lib,
    );
    env.library = Some(lib);
    env
}

/// `list --json`: headline → (id, section, date, file name).
fn listed(env: &Env) -> BTreeMap<String, (String, String, String, String)> {
    let lib = env.lib().to_string_lossy().into_owned();
    let out = env
        .command(&["list", "--json", "-l", &lib])
        .env("TZ", "UTC")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let file = v["path"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_owned();
            (
                v["headline"].as_str().unwrap().to_owned(),
                (
                    v["id"].as_str().unwrap().to_owned(),
                    v["section"].as_str().unwrap().to_owned(),
                    v["date"].as_str().unwrap().to_owned(),
                    file,
                ),
            )
        })
        .collect()
}

#[test]
fn every_format_lists_its_articles_with_their_sections_and_dates() {
    let env = env();
    let l = listed(&env);
    assert_eq!(l.len(), 7, "{l:#?}");
    let row = |h: &str| {
        l.get(h)
            .unwrap_or_else(|| panic!("{h} not listed: {l:#?}"))
            .clone()
    };
    let (_, section, date, file) = row("Mexique : Claudia Sheinbaum élue présidente");
    assert_eq!(
        (section.as_str(), file.as_str()),
        ("20 Minutes - Monde", "monde.rss.xml")
    );
    assert_eq!(date, "2024-06-03T06:15:00+00:00");
    assert_eq!(
        row("Inondations à Valence : le bilan s’alourdit").1,
        "EUROPE"
    );
    assert_eq!(
        row("Budget 2025 : le Sénat adopte la partie recettes").2,
        "2024-11-26T17:30:00+00:00"
    );
    assert_eq!(
        row("Canicule : les bons réflexes pour passer l’été").1,
        "SANTE"
    );
    assert_eq!(row("Europa Clipper en route vers Jupiter").1, "ESPACE");
    // Newest first, by the dates the files state.
    let lib = env.lib().to_string_lossy().into_owned();
    let out = String::from_utf8(env.run_ok(&["list", "-l", &lib]).stdout).unwrap();
    let first = out.lines().next().unwrap();
    assert!(
        first.ends_with("Budget 2025 : le Sénat adopte la partie recettes"),
        "{out}"
    );
    // The same again from the library log, file by file.
    assert_eq!(listed(&env), l);
}

#[test]
fn a_feed_item_shows_marks_and_keeps_its_id_when_the_feed_grows() {
    let env = env();
    let before = listed(&env);
    let (id, ..) = before["Mexique : Claudia Sheinbaum élue présidente"].clone();
    let lib = env.lib().to_string_lossy().into_owned();
    let shown = String::from_utf8(
        env.run_ok(&["show", &id, "-l", &lib, "--width", "60", "--color", "never"])
            .stdout,
    )
    .unwrap();
    assert!(shown.contains("Ana Lopez"), "{shown}");
    assert!(
        shown.contains("« Je ne\nserai pas seule »") || shown.contains("« Je ne serai"),
        "{shown}"
    );
    env.mark("--read", &[&id]);
    // A new item at the top of the feed (as feeds grow).
    let feed = env.lib().join("monde.rss.xml");
    let text = std::fs::read_to_string(&feed).unwrap();
    let new_item = "<item><title>Élections en Inde : Modi reconduit</title>\
        <description>Une troisième victoire.</description>\
        <pubDate>Tue, 04 Jun 2024 10:00:00 +0200</pubDate></item>\n  <item>";
    std::fs::write(&feed, text.replacen("<item>", new_item, 1)).unwrap();
    let after = listed(&env);
    assert_eq!(after.len(), 8, "{after:#?}");
    assert_eq!(
        after["Mexique : Claudia Sheinbaum élue présidente"].0, id,
        "the item keeps its id"
    );
    let read: Vec<_> = env
        .list()
        .into_iter()
        .filter(|l| l.read)
        .map(|l| l.id)
        .collect();
    assert_eq!(read, vec![id], "the mark stays on its item");
}
