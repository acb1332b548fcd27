use super::*;
use crate::search::Index;
use std::os::unix::fs::MetadataExt;

/// Every event of a load.
pub(super) fn events(
    sources: &Sources,
    cache_dir: Option<&Path>,
    threads: usize,
) -> Vec<LoadEvent> {
    let mut events = Vec::new();
    let options = Options {
        cache_dir,
        threads,
        ..Options::default()
    };
    load(sources, 7, options, &mut |l| {
        assert_eq!(l.generation, 7);
        events.push(l.event);
        true
    });
    events
}

/// The library the events describe, as the reader would hold it: entries by number, with the
/// removed ones gone.
pub(super) fn library(events: Vec<LoadEvent>) -> (Vec<Option<Entry>>, Index, Vec<Problem>) {
    let mut g = Gathered::default();
    for e in events {
        if let LoadEvent::Batch { segment, .. } = &e {
            assert_eq!(segment.base as usize, g.entries.len());
        }
        g.apply(e);
    }
    (g.entries, g.index, g.problems)
}

pub(super) fn ids(entries: &[Option<Entry>]) -> Vec<(u64, String)> {
    let mut v: Vec<(u64, String)> = entries
        .iter()
        .flatten()
        .map(|e| (e.id, e.source.display()))
        .collect();
    v.sort();
    v
}

#[test]
fn bundled_library_arrives_in_one_batch() {
    let ev = events(&Sources::Bundled, None, 1);
    assert!(matches!(ev[0], LoadEvent::Started { .. }));
    assert!(ev.iter().any(|e| matches!(e, LoadEvent::Total(1))));
    assert!(matches!(ev.last(), Some(LoadEvent::Done)));
    let (entries, index, _) = library(ev);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].as_ref().unwrap().section, "CYBERCRIMINALITE");
    assert_eq!(index.find_text("etats-unis", 1).count(), 1);
}

#[test]
fn same_ids_as_the_subcommands_whatever_the_threads() {
    let sources = Sources::Paths(vec!["tests/fixtures/library".into()]);
    let want = full_ids(&sources);
    for threads in [1, 2, 5] {
        let (entries, _, _) = library(events(&sources, None, threads));
        assert_eq!(ids(&entries), want, "{threads} threads");
    }
}

#[test]
fn chunks_grow_to_a_limit() {
    assert_eq!(chunk_size(0), FIRST_CHUNK);
    assert_eq!(chunk_size(1), 2 * FIRST_CHUNK);
    assert_eq!(chunk_size(100), MAX_CHUNK);
}

/// A copy of the fixture library in a temp dir.
pub(super) fn copy_fixtures() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    crate::test_files::copy_tree(Path::new("tests/fixtures/library"), &lib);
    (dir, lib)
}

#[test]
fn warm_start_replays_the_log_without_reading_articles() {
    let (dir, lib) = copy_fixtures();
    let cache = dir.path().join("cache");
    let sources = Sources::Paths(vec![lib.clone()]);
    let cold = library(events(&sources, Some(&cache), 2));
    let log = cache::path_for(&cache, &sources).unwrap();
    assert!(log.exists(), "the cold load wrote the log");
    let warm_events = events(&sources, Some(&cache), 2);
    assert!(
        !warm_events.iter().any(|e| matches!(e, LoadEvent::Total(_))),
        "nothing to read again"
    );
    let warm = library(warm_events);
    assert_eq!(ids(&warm.0), ids(&cold.0));
    let q = "marseille";
    assert_eq!(
        warm.1.find_text(q, warm.0.len()),
        cold.1.find_text(q, cold.0.len()),
        "the index comes back too"
    );
}

/// A file rewritten with its size and modification time put back (`touch -r`, `cp -p`,
/// `rsync -t`) is still seen as changed: its status-change time moved.
#[test]
fn a_rewrite_keeping_size_and_time_is_noticed() {
    let (dir, lib) = copy_fixtures();
    let cache = dir.path().join("cache");
    let sources = Sources::Paths(vec![lib.clone()]);
    let cold = library(events(&sources, Some(&cache), 2));
    let target = lib.join("fr/sante_oms.txt");
    let old = std::fs::read_to_string(&target).unwrap();
    let meta = std::fs::metadata(&target).unwrap();
    // Same length, another headline word, the old time put back.
    let new = old.replacen("OMS", "ONU", 1);
    assert_eq!(new.len(), old.len());
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&target, &new).unwrap();
    crate::test_files::set_mtime(&target, meta.modified().unwrap());
    assert_eq!(std::fs::metadata(&target).unwrap().len(), meta.len());
    let warm = library(events(&sources, Some(&cache), 2));
    let headline = |l: &(Vec<Option<Entry>>, Index, Vec<Problem>)| {
        l.0.iter()
            .flatten()
            .find(|e| e.source.path() == Some(target.as_path()))
            .map(|e| e.headline.clone())
            .unwrap()
    };
    assert_ne!(headline(&warm), headline(&cold), "the new text is listed");
    assert!(headline(&warm).contains("ONU"), "{}", headline(&warm));
}

#[test]
fn warm_start_notices_changed_new_and_deleted_files() {
    let (dir, lib) = copy_fixtures();
    let cache = dir.path().join("cache");
    let sources = Sources::Paths(vec![lib.clone()]);
    let cold = library(events(&sources, Some(&cache), 2));
    // A new file, a deleted file, and a file whose text changed.
    std::fs::write(
        lib.join("fr/nouveau.txt"),
        "MONDELa dernière nouvelle\n\nUn texte tout neuf sur Zanzibar.",
    )
    .unwrap();
    std::fs::remove_file(lib.join("fr/sante_oms.txt")).unwrap();
    let changed = lib.join("fr/sport_tour_de_france.txt");
    let text = std::fs::read_to_string(&changed).unwrap();
    std::fs::write(&changed, text.replace("Lille", "Lille et Roubaix zigzag")).unwrap();
    let ev = events(&sources, Some(&cache), 2);
    assert!(
        ev.iter()
            .any(|e| matches!(e, LoadEvent::Removed(n) if n.len() == 2))
    );
    assert!(ev.iter().any(|e| matches!(e, LoadEvent::Total(40))));
    let warm = library(ev);
    let alive = warm.0.iter().flatten().count();
    assert_eq!(alive, cold.0.iter().flatten().count());
    let hits = |q: &str| {
        warm.1
            .find_text(q, warm.0.len())
            .iter()
            .filter(|&i| warm.0[i].is_some())
            .count()
    };
    assert_eq!(hits("zanzibar"), 1);
    assert_eq!(hits("zigzag"), 1);
    // And the next start replays all of it, changes included.
    let again = library(events(&sources, Some(&cache), 2));
    assert_eq!(ids(&again.0), ids(&warm.0));
}

#[test]
fn damaged_log_means_a_cold_start() {
    let (dir, lib) = copy_fixtures();
    let cache = dir.path().join("cache");
    let sources = Sources::Paths(vec![lib]);
    let cold = library(events(&sources, Some(&cache), 1));
    let log = cache::path_for(&cache, &sources).unwrap();
    let mut bytes = std::fs::read(&log).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    std::fs::write(&log, bytes).unwrap();
    let again = library(events(&sources, Some(&cache), 1));
    assert_eq!(ids(&again.0), ids(&cold.0));
}

#[test]
fn quitting_while_bodies_are_indexed_keeps_the_lists_for_next_time() {
    let (dir, lib) = copy_fixtures();
    let cache = dir.path().join("cache");
    let sources = Sources::Paths(vec![lib]);
    // The reader goes away as soon as the lists are complete.
    let mut first = Vec::new();
    load(
        &sources,
        7,
        Options {
            cache_dir: Some(&cache),
            threads: 2,
            ..Options::default()
        },
        &mut |l| {
            let listed = matches!(l.event, LoadEvent::Listed { .. });
            first.push(l.event);
            !listed
        },
    );
    assert!(!first.iter().any(|e| matches!(e, LoadEvent::Bodies { .. })));
    assert!(cache::path_for(&cache, &sources).unwrap().exists());
    // The next start replays the lists without reading them, then indexes the bodies.
    let again = events(&sources, Some(&cache), 2);
    assert!(!again.iter().any(|e| matches!(e, LoadEvent::Total(_))));
    assert!(again.iter().any(|e| matches!(e, LoadEvent::Bodies { .. })));
    let (entries, index, _) = library(again);
    let hits = index.find_text("marseille", entries.len());
    assert_eq!(hits.count(), 2);
    // And the one after that has everything: nothing is read or indexed again.
    let third = events(&sources, Some(&cache), 2);
    assert!(
        !third
            .iter()
            .any(|e| matches!(e, LoadEvent::Listed { .. } | LoadEvent::Total(_)))
    );
}

/// The ids the subcommands give the library.
fn full_ids(sources: &Sources) -> Vec<(u64, String)> {
    ids(&gather(sources, None, Need::Lists, true).entries)
}

#[test]
fn a_new_file_sharing_an_identity_takes_nothing_from_the_old_one() {
    let (dir, lib) = copy_fixtures();
    let cache = dir.path().join("cache");
    let sources = Sources::Paths(vec![lib.clone()]);
    // A recurring column: same section and headline every week, another body.
    let column = |body: &str| format!("MONDE\n\nLe billet de la semaine\n\n{body}\n");
    let old = lib.join("fr/zz_billet_1.txt");
    std::fs::write(&old, column("Première semaine.")).unwrap();
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
    crate::test_files::set_mtime(&old, past);
    let cold = library(events(&sources, Some(&cache), 2));
    let id_of = |entries: &[Option<Entry>], path: &Path| {
        entries
            .iter()
            .flatten()
            .find(|e| e.source.path() == Some(path))
            .unwrap()
            .id
    };
    let old_id = id_of(&cold.0, &old);
    // Next week's column sorts first by name: it must not take the old one's id (and read
    // mark), in the reader's warm start, a cold start, or the subcommands.
    let new = lib.join("fr/aa_billet_2.txt");
    std::fs::write(&new, column("Deuxième semaine.")).unwrap();
    let warm = library(events(&sources, Some(&cache), 2));
    assert_eq!(id_of(&warm.0, &old), old_id);
    assert_ne!(id_of(&warm.0, &new), old_id);
    assert_eq!(
        ids(&warm.0),
        full_ids(&sources),
        "reader and subcommands agree"
    );
    let cold_again = library(events(&sources, None, 3));
    assert_eq!(ids(&cold_again.0), ids(&warm.0));
    let replayed = library(events(&sources, Some(&cache), 2));
    assert_eq!(ids(&replayed.0), ids(&warm.0));
}

#[test]
fn a_warm_start_relabels_old_files_when_new_ones_teach_a_label() {
    let (dir, lib) = copy_fixtures();
    let cache = dir.path().join("cache");
    let sources = Sources::Paths(vec![lib.clone()]);
    // Alone, this split is a guess (`LIGUE 1|UEFA` or `LIG|UE 1UEFA`?): left unsplit.
    let old = lib.join("fr/zz_ligue_sanction.txt");
    std::fs::write(&old, "LIGUE 1UEFA : sanction\n\nUn texte.\n").unwrap();
    let cold = library(events(&sources, Some(&cache), 2));
    let section = |entries: &[Option<Entry>]| {
        entries
            .iter()
            .flatten()
            .find(|e| e.source.path() == Some(old.as_path()))
            .unwrap()
            .section
            .clone()
    };
    assert_ne!(section(&cold.0), "LIGUE 1");
    // New files teach the library the label; the old file must be split with it, on a warm
    // start as on a cold one.
    for i in 0..3 {
        std::fs::write(
            lib.join(format!("fr/zz_ligue_{i}.txt")),
            format!("LIGUE 1Le match {i}\n\nLIGUE 1Les supporters ont chanté.\n\nTexte {i}.\n"),
        )
        .unwrap();
    }
    let warm = library(events(&sources, Some(&cache), 2));
    assert_eq!(section(&warm.0), "LIGUE 1");
    let cold_again = library(events(&sources, None, 2));
    assert_eq!(ids(&warm.0), ids(&cold_again.0));
    assert_eq!(ids(&warm.0), full_ids(&sources));
    // Those files gone, the next warm start splits it as a cold start would again.
    for i in 0..3 {
        std::fs::remove_file(lib.join(format!("fr/zz_ligue_{i}.txt"))).unwrap();
    }
    let warm = library(events(&sources, Some(&cache), 2));
    assert_eq!(ids(&warm.0), ids(&library(events(&sources, None, 2)).0));
    assert_ne!(section(&warm.0), "LIGUE 1");
}

/// A command that only lists (the bodies' records skipped) on an unchanged library leaves the
/// log and its lookup as they are: before, every `kiosque list` took the skipped bodies for
/// unindexed ones and rewrote both (an fsync and 11 MB at 100 000 articles).
#[test]
fn listing_an_unchanged_library_writes_nothing() {
    let (dir, lib) = copy_fixtures();
    let cache = dir.path().join("cache");
    let sources = Sources::Paths(vec![lib]);
    let listing = Options {
        cache_dir: Some(&cache),
        threads: 2,
        skip_bodies: true,
        ..Options::default()
    };
    let gather = || {
        let mut g = Gathered::default();
        load(&sources, 1, listing, &mut |l| {
            let listed = matches!(l.event, LoadEvent::Listed { .. });
            g.apply(l.event);
            !listed
        });
        g
    };
    let first = gather();
    let log = crate::cache::path_for(&cache, &sources).unwrap();
    let lookup = crate::lookup::path(&log);
    let stamp = |p: &Path| {
        let m = std::fs::metadata(p).unwrap();
        (m.len(), m.modified().unwrap(), m.ino())
    };
    let before = (stamp(&log), stamp(&lookup));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = gather();
    assert_eq!((stamp(&log), stamp(&lookup)), before);
    assert_eq!(ids(&second.entries), ids(&first.entries));
}

/// A listing with no query replays the log without its header words: the same entries, no
/// word in the index for what was replayed, and the log left whole (a file changed meanwhile is
/// logged with its words, and a load with words finds every headline again).
#[test]
fn a_warm_listing_without_words_lists_the_same_and_leaves_the_log_whole() {
    let (dir, lib) = copy_fixtures();
    let cache = dir.path().join("cache");
    let sources = Sources::Paths(vec![lib.clone()]);
    let cold = gather(&sources, Some(&cache), Need::Lists, true);
    let first = |g: &Gathered| g.entries.iter().flatten().next().unwrap().headline.clone();
    let found = |g: &Gathered, text: &str| g.index.find_text(text, g.entries.len()).count();
    let headline = first(&cold);
    assert!(found(&cold, &headline) > 0);
    let bare = gather(&sources, Some(&cache), Need::Lists, false);
    assert_eq!(bare.entries, cold.entries);
    assert_eq!(
        found(&bare, &headline),
        0,
        "the replayed words are left out"
    );
    // A file changed: read again, with its words, and logged with them.
    let path = lib.join("fr/politique_senat.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("198 voix", "199 voix")).unwrap();
    let changed = gather(&sources, Some(&cache), Need::Lists, false);
    assert_eq!(ids(&changed.entries), ids(&cold.entries));
    let words = gather(&sources, Some(&cache), Need::Lists, true);
    assert_eq!(words.entries, changed.entries);
    for e in words.entries.iter().flatten() {
        assert!(found(&words, &e.headline) > 0, "{}", e.headline);
    }
}

#[test]
fn every_body_indexed_has_its_version_and_a_warm_start_replays_them_even_without_bodies() {
    let (_dir, lib) = copy_fixtures();
    let cache = tempfile::tempdir().unwrap();
    let sources = Sources::Paths(vec![lib.clone()]);
    let (cold, _, _) = library(events(&sources, Some(cache.path()), 2));
    let cold: Vec<&Entry> = cold.iter().flatten().collect();
    assert_eq!(cold.len(), 40);
    for e in &cold {
        // The version the reader finds when it opens the article.
        let article = library::read_article(&e.source, e.label.as_deref()).unwrap();
        let want = crate::fingerprint::Fingerprints::of_blocks(&article.blocks).digest();
        assert_eq!(e.version, Some(want), "{}", e.source.display());
    }
    // Warm, without the bodies' words (what `kiosque list` asks): the versions still come.
    let warm = gather(&sources, Some(cache.path()), Need::Lists, true);
    let warm: Vec<&Entry> = warm.entries.iter().flatten().collect();
    assert_eq!(warm.len(), 40);
    assert!(warm.iter().all(|e| e.version.is_some()));
    // A body changed: its entry is listed again, and its new version comes with its words.
    let changed = cold
        .iter()
        .find(|e| e.source.display().ends_with("politique_senat.txt"))
        .unwrap();
    let path = changed.source.path().unwrap().to_owned();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("198 voix", "199 voix")).unwrap();
    let again = gather(&sources, Some(cache.path()), Need::Bodies, true);
    let again: Vec<&Entry> = again.entries.iter().flatten().collect();
    let now = again.iter().find(|e| e.id == changed.id).unwrap();
    assert_ne!(now.version, changed.version);
    assert!(now.version.is_some());
}

/// A cold load stopped while it lists (the reader quit) leaves the articles it listed in the
/// log: the next start replays them and reads only the others, and ends with the library a
/// load from scratch gives.
#[test]
fn a_cold_load_stopped_while_listing_resumes_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    for (i, section) in ["monde", "sport", "culture"].iter().enumerate() {
        std::fs::create_dir_all(lib.join(section)).unwrap();
        for k in 0..200 {
            std::fs::write(
                lib.join(section).join(format!("{k:03}.txt")),
                format!("ECONOMIE\n\nStory {i} {k}\n\nIts body, with a word: zorglub{k}.\n"),
            )
            .unwrap();
        }
    }
    let cache = dir.path().join("cache");
    let sources = Sources::Paths(vec![lib]);
    let options = || Options {
        cache_dir: Some(&cache),
        threads: 2,
        ..Options::default()
    };
    // Stopped at its second batch (64 then 128 files: the batch refused was logged too).
    let (mut batches, mut listed) = (0, 0);
    load(&sources, 1, options(), &mut |l| {
        if let LoadEvent::Batch { entries, .. } = &l.event {
            batches += 1;
            listed += entries.len();
        }
        batches < 2
    });
    assert!((1..600).contains(&listed), "{listed}");
    let log = cache::path_for(&cache, &sources).unwrap();
    assert!(log.exists(), "the articles listed are kept");
    let resumed = events(&sources, Some(&cache), 2);
    let total = resumed
        .iter()
        .position(|e| matches!(e, LoadEvent::Total(_)));
    let total = total.expect("the rest is read");
    let replayed: usize = resumed[..total]
        .iter()
        .map(|e| match e {
            LoadEvent::Batch { entries, .. } => entries.len(),
            _ => 0,
        })
        .sum();
    let read: usize = resumed[total..]
        .iter()
        .map(|e| match e {
            LoadEvent::Batch { entries, .. } => entries.len(),
            _ => 0,
        })
        .sum();
    assert_eq!((replayed, read), (listed, 600 - listed));
    let resumed = library(resumed);
    let fresh = library(events(&sources, None, 2));
    assert_eq!(ids(&resumed.0), ids(&fresh.0));
    assert_eq!(
        resumed.1.find_text("zorglub199", 600).count(),
        3,
        "every body indexed"
    );
    // And the start after it replays everything, reading nothing.
    let warm = events(&sources, Some(&cache), 2);
    assert!(!warm.iter().any(|e| matches!(e, LoadEvent::Total(_))));
    assert_eq!(ids(&library(warm).0), ids(&fresh.0));
}
