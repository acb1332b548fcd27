//! Stories with the real binary on a copy of `tests/fixtures/stories` (three articles about
//! new reactors, `01` to `03`, the third a follow-up in another section than the second; two
//! reports of one match, `04` and `05`; three articles alone, `06` to `08`): `story` in
//! `list --json`, kept up to date as files change, and in the reader: folded, a timeline,
//! `A` on a story, saved.

#![cfg(unix)]

mod support;

use std::collections::BTreeMap;

use support::*;

fn stories_env() -> Env {
    let mut env = Env::empty();
    let lib = env.root.path().join("library");
    copy_tree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stories"),
        &lib,
    );
    env.library = Some(lib);
    env
}

/// `list --json` (with `extra` arguments): each file's leading number → (id, story).
fn listed(env: &Env, extra: &[&str]) -> BTreeMap<String, (String, String)> {
    let lib = env.lib().to_string_lossy().into_owned();
    let mut args = vec!["list", "--json", "-l", &lib];
    args.extend_from_slice(extra);
    let out = env.run_ok(&args);
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let row: serde_json::Value = serde_json::from_str(l).unwrap();
            let path = row["path"].as_str().unwrap();
            let file = path.rsplit('/').next().unwrap()[..2].to_owned();
            let id = row["id"].as_str().unwrap().to_owned();
            let story = row["story"]
                .as_str()
                .expect("a story on every row")
                .to_owned();
            (file, (id, story))
        })
        .collect()
}

/// The story of each file, as the file naming it.
fn by_file(rows: &BTreeMap<String, (String, String)>) -> Vec<(String, String)> {
    let file_of: BTreeMap<&str, &str> = rows
        .iter()
        .map(|(f, (id, _))| (id.as_str(), f.as_str()))
        .collect();
    rows.iter()
        .map(|(f, (_, story))| (f.clone(), file_of[story.as_str()].to_owned()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn list_json_says_each_article_s_story_and_follows_the_files() {
    let env = stories_env();
    let rows = listed(&env, &[]);
    assert_eq!(
        by_file(&rows),
        pairs(&[
            ("01", "01"),
            ("02", "01"),
            ("03", "01"),
            ("04", "04"),
            ("05", "04"),
            ("06", "06"),
            ("07", "07"),
            ("08", "08"),
        ]),
        "a story is named by its earliest article; an article alone by itself"
    );
    // Warm (from the library's log), the same.
    assert_eq!(listed(&env, &[]), rows);
    // A query that leaves the story's earliest article out still names the story by it.
    let economie = listed(&env, &["--query", "section:economie"]);
    assert_eq!(economie["02"].1, rows["01"].0);
    // The follow-up rewritten as another story: it leaves.
    let follow_up = env.lib().join("politique/03-nucleaire-calendrier.md");
    let text = std::fs::read_to_string(&follow_up).unwrap();
    let head_end = text.find("---\n\n").unwrap() + 5;
    std::fs::write(
        &follow_up,
        format!(
            "{}La commune a inauguré samedi sa nouvelle médiathèque, installée dans l’ancienne \
             gare rénovée, avec une salle de lecture pour les enfants, un espace consacré aux \
             jeux vidéo et un auditorium de quatre-vingts places. Les habitants pourront \
             emprunter livres, disques et films gratuitement, et des ateliers d’écriture seront \
             proposés chaque mercredi après-midi par des auteurs de la région.\n",
            &text[..head_end]
        ),
    )
    .unwrap();
    let after = listed(&env, &[]);
    assert_eq!(after["03"].1, after["03"].0, "alone now");
    assert_eq!(after["02"].1, after["01"].0, "the rest of the story stays");
}

/// The reader: `t` folds, Enter on the story of three shows its timeline, `A` marks it read;
/// the marks are saved (another run shows them).
#[test]
fn fold_open_a_timeline_mark_it_all_and_find_it_marked_after_a_restart() {
    let env = stories_env();
    let ids = listed(&env, &[]);
    let mut t = env.reader(120, 40);
    t.wait_loaded(8);
    t.send("t");
    t.wait_for("(3) Réacteurs");
    // Rows: 06, the match (2), 07, the reactors (3), 08.
    t.send("jjj\r");
    t.wait_for("Story: Six nouveau");
    t.wait_for("2024-03-06 08:00");
    t.send("A");
    t.wait_for("marked 3 articles read");
    t.send("q");
    t.wait_gone("Story: Six nouveau");
    t.send("q");
    t.wait_exit();
    let state = env.state();
    for f in ["01", "02", "03"] {
        assert!(flag(&state, &ids[f].0, "read"), "{f} read");
    }
    for f in ["04", "05", "06", "07", "08"] {
        assert!(!flag(&state, &ids[f].0, "read"), "{f} unread");
    }
    let mut again = env.reader(120, 40);
    again.wait_loaded(8);
    again.wait_for("5 unread / 8");
    again.send("t");
    again.wait_for("(3) Réacteurs");
    let marks = again.marks_before("(3) Réacteurs").unwrap();
    assert!(!marks.contains('●'), "the story is read: {marks:?}");
    again.send("Q");
    again.wait_exit();
}
