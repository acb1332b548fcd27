//! End-to-end tests of merge-on-save (SPEC §6): several processes writing `state.json` at once
//! lose no change.

#![cfg(unix)]

mod support;

use support::*;

/// No temporary file is left behind in the config dir.
fn assert_no_leftovers(env: &Env) {
    let tmp: Vec<String> = std::fs::read_dir(&env.config)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tmp"))
        .collect();
    assert!(tmp.is_empty(), "temporary files left: {tmp:?}");
}

/// Two threads, each running `kiosque mark --read ID` once per id over its half of the library,
/// at the same time: every id ends read.
#[test]
fn concurrent_marks_lose_nothing() {
    let env = Env::with_library();
    let ids: Vec<String> = env.list().into_iter().map(|l| l.id).collect();
    assert_eq!(ids.len(), 40);
    let (first, second): (Vec<_>, Vec<_>) = ids.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let halves = [first, second].map(|h| h.into_iter().map(|(_, id)| id.clone()).collect());
    std::thread::scope(|scope| {
        for half in &halves {
            let env = &env;
            let half: &Vec<String> = half;
            scope.spawn(move || {
                for id in half {
                    env.mark("--read", &[id]);
                }
            });
        }
    });
    let state = env.state();
    let articles = state["articles"].as_object().unwrap();
    let missing: Vec<&String> = ids.iter().filter(|id| !flag(&state, id, "read")).collect();
    assert!(missing.is_empty(), "lost marks: {missing:?}\n{state}");
    assert_eq!(articles.len(), 40, "{state}");
    assert!(env.list().iter().all(|l| l.read && !l.starred));
    assert_no_leftovers(&env);
}

/// Words that each match one article, to open it from the reader's `/` filter.
const OPENED: [(&str, &str); 5] = [
    ("chartreuse", "Un randonneur secouru"),
    ("rougeole", "OMS : l’alerte sur la hausse"),
    ("gazole", "Le prix du gazole"),
    ("pliable", "Le smartphone pliable"),
    ("rungis", "Un incendie ravage"),
];

/// The reader marks articles read by opening them while `kiosque mark --star` runs on others:
/// after the reader quits every change is on disk.
#[test]
fn reader_and_mark_side_by_side_lose_nothing() {
    let env = Env::with_library();
    let list = env.list();
    let opened: Vec<String> = OPENED.iter().map(|(_, h)| id_of(&list, h)).collect();
    let starred: Vec<String> = list
        .iter()
        .map(|l| l.id.clone())
        .filter(|id| !opened.contains(id))
        .take(12)
        .collect();

    let mut t = env.reader(120, 50);
    t.wait_loaded(40);
    std::thread::scope(|scope| {
        let marker = scope.spawn(|| {
            for id in &starred {
                env.mark("--star", &[id]);
            }
        });
        // The marker is under way before the reader starts changing things.
        env.wait_state("the first star", |s| flag(s, &starred[0], "starred"));
        for ((word, _), id) in OPENED.iter().zip(&opened) {
            t.open_by_filter(word, id);
            t.close_reader(id);
        }
        marker.join().unwrap();
    });
    t.wait_for("35 unread / 40");
    t.send("Q");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}\n{}", t.dump());
    t.assert_restored();

    let state = env.state();
    for id in &opened {
        assert!(flag(&state, id, "read"), "{id} read by the reader\n{state}");
        assert!(!flag(&state, id, "starred"), "{id}\n{state}");
    }
    for id in &starred {
        assert!(flag(&state, id, "starred"), "{id} starred by mark\n{state}");
        assert!(!flag(&state, id, "read"), "{id}\n{state}");
    }
    for l in env.list() {
        assert_eq!(l.read, opened.contains(&l.id), "{l:?}");
        assert_eq!(l.starred, starred.contains(&l.id), "{l:?}");
    }
    assert_no_leftovers(&env);
}

/// Two readers at once, each opening a different article: both marks end on disk.
#[test]
fn two_readers_lose_nothing() {
    let env = Env::with_library();
    let list = env.list();
    let (a_id, b_id) = (id_of(&list, OPENED[0].1), id_of(&list, OPENED[4].1));
    let mut a = env.reader(120, 50);
    let mut b = env.reader(120, 50);
    a.wait_loaded(40);
    b.wait_loaded(40);
    a.open_by_filter(OPENED[0].0, &a_id);
    b.open_by_filter(OPENED[4].0, &b_id);
    env.wait_state("both reads", |s| {
        flag(s, &a_id, "read") && flag(s, &b_id, "read")
    });
    a.close_reader(&a_id);
    b.close_reader(&b_id);
    a.send("q");
    b.send("q");
    assert!(a.wait_exit().success(), "{}", a.dump());
    assert!(b.wait_exit().success(), "{}", b.dump());
    let mut read: Vec<String> = env
        .list()
        .into_iter()
        .filter(|l| l.read)
        .map(|l| l.id)
        .collect();
    read.sort();
    let mut want = vec![a_id, b_id];
    want.sort();
    assert_eq!(read, want);
}

/// The reader stars an article, `kiosque mark --read` marks the same article read, then the
/// reader undoes its star (`u`). The undo concerns the star only: the article must stay read,
/// as `kiosque mark` left it (SPEC §6: the reader and `kiosque mark` at once lose no change).
#[test]
fn undo_in_the_reader_keeps_a_mark_made_meanwhile_by_kiosque_mark() {
    let env = Env::with_library();
    let (word, headline) = OPENED[4];
    let id = id_of(&env.list(), headline);
    let mut t = env.reader(120, 50);
    t.wait_loaded(40);
    t.send("/");
    t.send(word);
    t.wait_for(" 1 matching");
    t.send(ENTER);
    t.wait_for(&format!("filter “{word}”"));
    t.send("s");
    env.wait_state("the star saved", |s| flag(s, &id, "starred"));
    env.mark("--read", &[&id]);
    assert!(flag(&env.state(), &id, "read"));
    t.send("u");
    t.wait_for("undone");
    t.wait_until("the star gone from the row", |t| {
        t.marks_before(headline).is_some_and(|m| !m.contains('★'))
    });
    t.send("Q");
    assert!(t.wait_exit().success(), "{}", t.dump());
    let state = env.state();
    assert!(!flag(&state, &id, "starred"), "the star is undone\n{state}");
    assert!(
        flag(&state, &id, "read"),
        "undoing the star in the reader also undid `kiosque mark --read`, made after the star\n{state}"
    );
}
