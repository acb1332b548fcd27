//! Live updates of the loader ([`super::update`]) on a copy of the fixture library.

use super::super::tests::{copy_fixtures, ids};
use super::super::{Gathered, Options, load_and_keep};
use super::*;

/// A load kept for updates: its events applied, and what it kept.
fn kept_load(sources: &Sources, cache: Option<&Path>) -> (Gathered, Kept) {
    let mut g = Gathered::default();
    let options = Options {
        cache_dir: cache,
        threads: 2,
        ..Options::default()
    };
    let kept = load_and_keep(sources, 3, options, &mut |l| {
        g.apply(l.event);
        true
    })
    .expect("the load ends");
    (g, kept)
}

/// An update's events, applied to `g` too.
fn update_events(sources: &Sources, kept: &mut Kept, g: &mut Gathered) -> Vec<LoadEvent> {
    let mut events = Vec::new();
    assert!(update(sources, kept, 3, 2, &mut |l| {
        assert_eq!(l.generation, 3);
        events.push(l.event);
        true
    }));
    for e in &events {
        if let LoadEvent::Batch { segment, .. } = e {
            assert_eq!(
                segment.base as usize,
                g.entries.len(),
                "numbered after the rest"
            );
        }
    }
    events
}

fn apply(g: &mut Gathered, events: Vec<LoadEvent>) {
    for e in events {
        g.apply(e);
    }
}

fn hits(g: &Gathered, q: &str) -> usize {
    g.index
        .find_text(q, g.entries.len())
        .iter()
        .filter(|&i| g.entries[i].is_some())
        .count()
}

#[test]
fn nothing_changed_sends_nothing() {
    let (dir, lib) = copy_fixtures();
    let sources = Sources::Paths(vec![lib]);
    let cache = dir.path().join("cache");
    for cache in [None, Some(cache.as_path())] {
        let (mut g, mut kept) = kept_load(&sources, cache);
        assert!(update_events(&sources, &mut kept, &mut g).is_empty());
    }
}

#[test]
fn an_update_sends_what_changed_and_leaves_the_library_a_fresh_load_gives() {
    let (dir, lib) = copy_fixtures();
    let cache = dir.path().join("cache");
    let sources = Sources::Paths(vec![lib.clone()]);
    // Warm (the log replayed, nothing changed: it is extended on the first update), and
    // cold (the log open in place).
    let _ = kept_load(&sources, Some(&cache));
    let (mut g, mut kept) = kept_load(&sources, Some(&cache));
    let before = g.entries.len();
    std::fs::write(
        lib.join("fr/nouveau.txt"),
        "MONDELa dernière nouvelle\n\nUn texte tout neuf sur Zanzibar.",
    )
    .unwrap();
    std::fs::remove_file(lib.join("fr/sante_oms.txt")).unwrap();
    let changed = lib.join("fr/sport_tour_de_france.txt");
    let text = std::fs::read_to_string(&changed).unwrap();
    std::fs::write(&changed, text.replace("Lille", "Lille et Roubaix zigzag")).unwrap();
    let events = update_events(&sources, &mut kept, &mut g);
    assert!(matches!(events[0], LoadEvent::Update { .. }), "{events:?}");
    // Done ends what is shown; only the library's stories, grouped again, may follow it, and
    // last the key of the log the update left (for the lists file).
    let done = events
        .iter()
        .position(|e| matches!(e, LoadEvent::Done))
        .expect("done");
    assert!(
        matches!(events.last(), Some(LoadEvent::Logged(_))),
        "{events:?}"
    );
    assert!(
        events[done + 1..events.len() - 1]
            .iter()
            .all(|e| matches!(e, LoadEvent::Stories(_))),
        "{:?}",
        &events[done..]
    );
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, LoadEvent::Started { .. } | LoadEvent::Total(_))),
        "an update forgets nothing, counts nothing"
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, LoadEvent::Removed(n) if n.len() == 2))
    );
    let read: usize = events
        .iter()
        .map(|e| match e {
            LoadEvent::Batch { entries, .. } => entries.len(),
            _ => 0,
        })
        .sum();
    assert_eq!(read, 2, "only the new and the changed file are read");
    apply(&mut g, events);
    assert_eq!(g.entries.len(), before + 2);
    assert_eq!(hits(&g, "zanzibar"), 1);
    assert_eq!(hits(&g, "zigzag"), 1);
    // The same ids as a load from scratch; the next start replays the update from the log
    // (its removals included) and finds nothing to read.
    let fresh = crate::loader::gather(&sources, None, crate::loader::Need::Lists, true);
    assert_eq!(ids(&g.entries), ids(&fresh.entries));
    // The lookup of ids is left stale by an update, and written once things settle.
    let log = crate::cache::path_for(&cache, &sources).unwrap();
    assert!(!crate::lookup::is_current(&log));
    kept.write_lookup();
    assert!(crate::lookup::is_current(&log));
    let new_id = g
        .entries
        .iter()
        .flatten()
        .find(|e| e.source.path() == Some(lib.join("fr/nouveau.txt").as_path()))
        .unwrap()
        .id;
    let found = crate::lookup::find(&log, &[new_id]).unwrap();
    assert!(found[0].is_some(), "the new article is in the lookup");
    assert_replays_whole(&sources, &cache);
    let (again, _) = kept_load(&sources, Some(&cache));
    assert_eq!(ids(&again.entries), ids(&g.entries));
    // A second update, on the log put in place by the first.
    std::fs::remove_file(lib.join("fr/nouveau.txt")).unwrap();
    let events = update_events(&sources, &mut kept, &mut g);
    apply(&mut g, events);
    assert_eq!(hits(&g, "zanzibar"), 0);
    assert_replays_whole(&sources, &cache);
    let (again, _) = kept_load(&sources, Some(&cache));
    assert_eq!(ids(&again.entries), ids(&g.entries));
}

/// A load from the log in `cache` finds nothing to read.
fn assert_replays_whole(sources: &Sources, cache: &Path) {
    let mut replayed = Vec::new();
    let options = Options {
        cache_dir: Some(cache),
        threads: 1,
        ..Options::default()
    };
    crate::loader::load(sources, 0, options, &mut |l| {
        replayed.push(l.event);
        true
    });
    assert!(
        !replayed
            .iter()
            .any(|e| matches!(e, LoadEvent::Total(_) | LoadEvent::Listed { .. })),
        "the log holds the updates"
    );
}

#[test]
fn a_root_gone_and_back() {
    let (dir, lib) = copy_fixtures();
    let sources = Sources::Paths(vec![lib.clone()]);
    let (mut g, mut kept) = kept_load(&sources, Some(&dir.path().join("cache")));
    let all = kept.articles();
    let moved = dir.path().join("elsewhere");
    std::fs::rename(&lib, &moved).unwrap();
    let events = update_events(&sources, &mut kept, &mut g);
    match &events[0] {
        LoadEvent::Update { problems } => {
            assert!(
                problems
                    .iter()
                    .any(|p| p.path == lib && p.message.contains("no such file")),
                "{problems:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    apply(&mut g, events);
    assert_eq!(kept.articles(), 0);
    assert_eq!(g.entries.iter().flatten().count(), 0);
    std::fs::rename(&moved, &lib).unwrap();
    let events = update_events(&sources, &mut kept, &mut g);
    assert!(
        matches!(&events[0], LoadEvent::Update { problems } if problems.iter().all(|p| p.path != lib))
    );
    apply(&mut g, events);
    assert_eq!(kept.articles(), all);
    assert_eq!(g.entries.iter().flatten().count(), all);
}

/// Each living file of a story of two or more, and the file naming its story (by their leading
/// numbers), as `g` holds them.
fn story_names(g: &Gathered) -> std::collections::BTreeMap<String, String> {
    let name = |n: u32| {
        let e = g.entries[n as usize].as_ref().expect("a living entry");
        let path = e.source.display();
        path.rsplit('/').next().unwrap()[..2].to_owned()
    };
    g.stories
        .iter()
        .filter(|(n, _)| g.entries[**n as usize].is_some())
        .map(|(&n, &s)| (name(n), name(s)))
        .collect()
}

#[test]
fn an_update_finds_the_stories_again_with_the_files_it_read() {
    let (dir, lib) = super::super::story_tests::copy_stories();
    let cache = dir.path().join("cache");
    let sources = Sources::Paths(vec![lib.clone()]);
    // Cold, then warm (the signatures read back from the log by the update, not kept).
    let _ = kept_load(&sources, Some(&cache));
    let (mut g, mut kept) = kept_load(&sources, Some(&cache));
    let pairs = |p: &[(&str, &str)]| {
        p.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let before = pairs(&[
        ("01", "01"),
        ("02", "01"),
        ("03", "01"),
        ("04", "04"),
        ("05", "04"),
    ]);
    assert_eq!(story_names(&g), before);
    // The match report again the next morning: it joins its story; the others stay.
    let report = std::fs::read_to_string(lib.join("sport/04-lyon-marseille.md")).unwrap();
    std::fs::write(
        lib.join("sport/09-lyon-reprise.md"),
        report.replace("2024-03-09T23:00", "2024-03-11T07:00"),
    )
    .unwrap();
    let events = update_events(&sources, &mut kept, &mut g);
    assert!(events.iter().any(|e| matches!(e, LoadEvent::Stories(_))));
    apply(&mut g, events);
    let mut after = before.clone();
    after.insert("09".into(), "04".into());
    assert_eq!(story_names(&g), after);
    // And the next start replays them as the update left them.
    let (again, _) = kept_load(&sources, Some(&cache));
    assert_eq!(story_names(&again), after);
}
