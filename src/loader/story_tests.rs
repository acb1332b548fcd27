//! Stories through the loader and its log, on a copy of `tests/fixtures/stories` (see
//! `src/app/stories_tests.rs` for what it holds).

use super::tests::events;
use super::*;
use std::collections::BTreeMap;

pub(super) fn copy_stories() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    crate::test_files::copy_tree(Path::new("tests/fixtures/stories"), &lib);
    (dir, lib)
}

/// Each file of a story of two or more, and the file naming its story (by their leading
/// numbers), as the last `Stories` of the events says.
fn stories(events: &[LoadEvent]) -> BTreeMap<String, String> {
    let mut files: Vec<String> = Vec::new();
    let mut last = None;
    for e in events {
        match e {
            LoadEvent::Started { .. } => files.clear(),
            LoadEvent::Batch { entries, .. } => files.extend(entries.iter().map(|e| {
                let path = e.source.display();
                path.rsplit('/').next().unwrap()[..2].to_owned()
            })),
            LoadEvent::Stories(s) => last = Some(s.clone()),
            _ => {}
        }
    }
    last.expect("stories told")
        .into_iter()
        .map(|(n, s)| (files[n as usize].clone(), files[s as usize].clone()))
        .collect()
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

fn read_again(ev: &[LoadEvent]) -> bool {
    ev.iter().any(|e| matches!(e, LoadEvent::Total(_)))
}

#[test]
fn stories_are_told_cold_and_replayed_warm_without_reading_or_writing() {
    let (dir, lib) = copy_stories();
    let cache = dir.path().join("cache");
    let sources = Sources::Paths(vec![lib]);
    let want = map(&[
        ("01", "01"),
        ("02", "01"),
        ("03", "01"),
        ("04", "04"),
        ("05", "04"),
    ]);
    let cold = events(&sources, Some(&cache), 2);
    assert_eq!(stories(&cold), want);
    // Told once the bodies are in, before the end.
    let at = |f: &dyn Fn(&LoadEvent) -> bool| cold.iter().rposition(f).unwrap();
    assert!(
        at(&|e| matches!(e, LoadEvent::Bodies { .. }))
            < at(&|e| matches!(e, LoadEvent::Stories(_)))
    );
    let log = cache::path_for(&cache, &sources).unwrap();
    let before = std::fs::metadata(&log).unwrap();
    let warm = events(&sources, Some(&cache), 2);
    assert!(!read_again(&warm));
    assert_eq!(stories(&warm), want);
    let after = std::fs::metadata(&log).unwrap();
    assert_eq!(
        (after.len(), after.modified().unwrap()),
        (before.len(), before.modified().unwrap()),
        "a warm start with nothing changed writes nothing"
    );
}

#[test]
fn added_changed_and_removed_files_update_their_stories() {
    let (dir, lib) = copy_stories();
    let cache = dir.path().join("cache");
    let sources = Sources::Paths(vec![lib.clone()]);
    events(&sources, Some(&cache), 2);
    // 02 goes; 03 is rewritten as another story entirely (the festival's text); a new file
    // repeats 04 the next morning.
    std::fs::remove_file(lib.join("economie/02-nucleaire-cout.md")).unwrap();
    let festival = std::fs::read_to_string(lib.join("culture/07-festival.md")).unwrap();
    std::fs::write(
        lib.join("politique/03-nucleaire-calendrier.md"),
        festival.replace("2024-03-08T20:00", "2024-03-07T11:00"),
    )
    .unwrap();
    let match_report = std::fs::read_to_string(lib.join("sport/04-lyon-marseille.md")).unwrap();
    std::fs::write(
        lib.join("sport/09-lyon-reprise.md"),
        match_report.replace("2024-03-09T23:00", "2024-03-11T07:00"),
    )
    .unwrap();
    let warm = events(&sources, Some(&cache), 2);
    assert!(read_again(&warm));
    let want = map(&[
        ("03", "03"),
        ("07", "03"),
        ("04", "04"),
        ("05", "04"),
        ("09", "04"),
    ]);
    assert_eq!(
        stories(&warm),
        want,
        "01 is alone now; 03 joins the festival"
    );
    // (Two of eight articles gone: the log is dropped and the next start is cold.)
    let again = events(&sources, Some(&cache), 2);
    assert_eq!(stories(&again), want);
}

#[test]
fn a_load_stopped_before_its_stories_has_them_told_next_time_without_reading() {
    let (dir, lib) = copy_stories();
    let cache = dir.path().join("cache");
    let sources = Sources::Paths(vec![lib]);
    // The reader goes away as the last bodies come in: the log has them, not the stories.
    let options = Options {
        cache_dir: Some(&cache),
        threads: 1,
        ..Options::default()
    };
    load(&sources, 0, options, &mut |l| {
        !matches!(l.event, LoadEvent::Bodies { .. })
    });
    let next = events(&sources, Some(&cache), 2);
    assert!(!read_again(&next));
    assert_eq!(stories(&next).len(), 5);
    let log = cache::path_for(&cache, &sources).unwrap();
    let len = std::fs::metadata(&log).unwrap().len();
    let third = events(&sources, Some(&cache), 2);
    assert_eq!(stories(&third).len(), 5);
    assert_eq!(std::fs::metadata(&log).unwrap().len(), len, "told once");
}

#[test]
fn a_command_that_only_lists_tells_no_stories_and_one_that_asks_gets_them() {
    let (dir, lib) = copy_stories();
    let cache = dir.path().join("cache");
    let sources = Sources::Paths(vec![lib]);
    let listed = gather(&sources, Some(&cache), Need::Lists, true);
    assert!(listed.stories.is_empty());
    let told = gather(&sources, Some(&cache), Need::Stories, true);
    assert_eq!(told.stories.len(), 5);
    assert!(
        told.index.find_text("riverains", 8).is_empty(),
        "the bodies' words are not kept"
    );
    // Warm, from the log.
    let warm = gather(&sources, Some(&cache), Need::Stories, true);
    assert_eq!(warm.stories, told.stories);
}

#[test]
fn a_file_alone_added_keeps_the_stories_logged_and_adds_no_copy_of_them() {
    let (dir, lib) = copy_stories();
    let cache = dir.path().join("cache");
    let sources = Sources::Paths(vec![lib.clone()]);
    let cold = events(&sources, Some(&cache), 2);
    std::fs::write(
        lib.join("culture/10-expo.md"),
        "---\ntitle: \"Une exposition\"\ndate: 2024-03-11T10:00:00+01:00\n---\n\n\
         Le musée consacre au printemps une grande exposition aux peintres du Nord, avec des \
         toiles prêtées par des collections du monde entier, dont certaines n’avaient jamais \
         été montrées en France, et un parcours pensé pour les familles et les écoles.\n",
    )
    .unwrap();
    let told = |ev: &[LoadEvent]| {
        ev.iter()
            .filter(|e| matches!(e, LoadEvent::Stories(_)))
            .count()
    };
    let warm = events(&sources, Some(&cache), 2);
    assert!(read_again(&warm));
    assert_eq!(
        told(&warm),
        1,
        "the replayed ones, found again: not sent twice"
    );
    assert_eq!(stories(&warm), stories(&cold));
    let again = events(&sources, Some(&cache), 2);
    assert!(!read_again(&again));
    assert_eq!(told(&again), 1);
    assert_eq!(stories(&again), stories(&cold));
}
