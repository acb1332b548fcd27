use std::os::unix::fs::PermissionsExt;

use super::*;
use crate::state::{Stamp, State, Value};

const ME: u64 = 0x1111_2222_3333_4444;
const THEM: u64 = 0x9999_8888_7777_6666;

struct Dirs {
    _root: tempfile::TempDir,
    config: PathBuf,
    state: PathBuf,
}

fn dirs() -> Dirs {
    let root = tempfile::tempdir().unwrap();
    let config = root.path().join("config");
    fs::create_dir_all(&config).unwrap();
    let state = config.join(FOLDER);
    Dirs {
        _root: root,
        config,
        state,
    }
}

fn open(d: &Dirs, device: u64) -> (Store, State, Vec<String>) {
    let (store, found) = Store::open(&d.config, &d.state, device, true).unwrap();
    let mut state = State::default();
    for c in &found.changes {
        state.apply(c);
    }
    (store, state, found.notices)
}

fn mark(state: &mut State, store: &mut Store, id: u64, value: Value, t: i64) -> Change {
    let c = state.change(id, value, t, store.device());
    store.append(std::slice::from_ref(&c)).unwrap();
    c
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn appends_are_private_lines_read_back_by_the_next_open() {
    let d = dirs();
    let (mut store, mut state, notices) = open(&d, ME);
    assert!(notices.is_empty() && state.is_empty());
    assert_eq!(mode(&d.state), 0o700);
    mark(&mut state, &mut store, 1, Value::Read(true), 100);
    mark(&mut state, &mut store, 2, Value::Starred(true), 101);
    let own = d.state.join(file_name(ME));
    assert_eq!(names(&d.state), vec![file_name(ME)]);
    assert_eq!(mode(&own), 0o600);
    let text = fs::read_to_string(&own).unwrap();
    assert_eq!(
        text,
        "{\"kiosque\":\"marks\",\"version\":2,\"device\":\"1111222233334444\"}\n\
         {\"id\":\"0000000000000001\",\"read\":true,\"t\":100}\n\
         {\"id\":\"0000000000000002\",\"starred\":true,\"t\":101}\n"
    );
    let (_, again, _) = open(&d, ME);
    assert_eq!(again, state);
    // Permissions a user chose are kept by appends.
    fs::set_permissions(&own, fs::Permissions::from_mode(0o640)).unwrap();
    mark(&mut state, &mut store, 1, Value::Read(false), 102);
    assert_eq!(mode(&own), 0o640);
}

#[test]
fn other_devices_files_and_conflict_copies_are_merged_and_a_refresh_reads_only_news() {
    let d = dirs();
    let (mut mine, mut state, _) = open(&d, ME);
    mark(&mut state, &mut mine, 1, Value::Read(true), 100);
    // Another device, later; and a sync tool's conflict copy of it with an older change.
    let (mut theirs, mut their_state, _) = open(&d, THEM);
    mark(&mut their_state, &mut theirs, 1, Value::Read(false), 200);
    let copy = d.state.join(format!(
        "marks-{THEM:016x}.sync-conflict-20261130-120000-ABCDEFG.jsonl"
    ));
    fs::write(
        &copy,
        format!(
            "{{\"kiosque\":\"marks\",\"version\":2,\"device\":\"{THEM:016x}\"}}\n\
             {{\"id\":\"0000000000000003\",\"starred\":true,\"t\":50}}\n"
        ),
    )
    .unwrap();
    let found = mine.refresh();
    assert!(found.notices.is_empty(), "{:?}", found.notices);
    assert_eq!(
        found.changes.len(),
        2,
        "only what is new: {:?}",
        found.changes
    );
    for c in &found.changes {
        state.apply(c);
    }
    assert!(!state.is_read(1), "the later change wins");
    assert!(state.is_starred(3));
    assert!(mine.refresh().changes.is_empty(), "nothing new");
    // A change made here after seeing theirs wins, whatever the clocks say.
    mark(&mut state, &mut mine, 1, Value::Read(true), 150);
    let (_, merged, _) = open(&d, THEM);
    assert!(merged.is_read(1) && merged.is_starred(3));
}

#[test]
fn writers_of_one_device_append_at_once_and_lose_nothing() {
    let d = dirs();
    open(&d, ME);
    let threads: Vec<_> = (0..4u64)
        .map(|w| {
            let (config, state) = (d.config.clone(), d.state.clone());
            std::thread::spawn(move || {
                let (mut store, _) = Store::open(&config, &state, ME, true).unwrap();
                for i in 0..200u64 {
                    let c = Change {
                        id: w * 1000 + i,
                        value: Value::Read(true),
                        stamp: Stamp {
                            t: 1,
                            n: 0,
                            device: ME,
                        },
                    };
                    store.append(std::slice::from_ref(&c)).unwrap();
                    if i % 50 == 0 {
                        let _ = store.compact();
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let (_, state, notices) = open(&d, ME);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(state.len(), 800);
}

#[test]
fn compaction_keeps_the_last_change_of_each_flag_and_the_files_mode() {
    let d = dirs();
    let (mut store, mut state, _) = open(&d, ME);
    for i in 0..3000 {
        mark(
            &mut state,
            &mut store,
            i % 10,
            Value::Read(i % 3 == 0),
            100 + i as i64,
        );
    }
    mark(
        &mut state,
        &mut store,
        5,
        Value::Position(crate::state::Position {
            block: 2,
            offset: 9,
        }),
        5000,
    );
    let own = d.state.join(file_name(ME));
    fs::set_permissions(&own, fs::Permissions::from_mode(0o640)).unwrap();
    assert!(store.needs_compaction());
    // Another writer holds the old file open: its next append must land in the new one.
    let (mut other, _) = Store::open(&d.config, &d.state, ME, true).unwrap();
    let found = store.compact().unwrap().expect("compacted");
    assert_eq!(found.changes.len(), 11);
    assert!(!store.needs_compaction());
    assert_eq!(fs::read_to_string(&own).unwrap().lines().count(), 12);
    assert_eq!(mode(&own), 0o640);
    let late = Change {
        id: 77,
        value: Value::Starred(true),
        stamp: Stamp {
            t: 6000,
            n: 0,
            device: ME,
        },
    };
    other.append(std::slice::from_ref(&late)).unwrap();
    let (_, after, _) = open(&d, ME);
    state.apply(&late);
    assert_eq!(after, state);
    assert_eq!(names(&d.state), vec![file_name(ME)], "no temporary left");
}

#[test]
fn a_torn_last_line_is_left_and_the_next_append_starts_a_new_one() {
    let d = dirs();
    let (mut store, mut state, _) = open(&d, ME);
    mark(&mut state, &mut store, 1, Value::Read(true), 100);
    let own = d.state.join(file_name(ME));
    // A writer killed mid-line.
    let mut f = OpenOptions::new().append(true).open(&own).unwrap();
    f.write_all(b"{\"id\":\"00000000000000").unwrap();
    let (mut other, mut state2, notices) = open(&d, ME);
    assert!(
        notices.is_empty(),
        "a torn end is not yet an error: {notices:?}"
    );
    mark(&mut state2, &mut other, 2, Value::Read(true), 101);
    let (_, after, notices) = open(&d, ME);
    assert!(after.is_read(1) && after.is_read(2));
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].contains("1 line could not be read"),
        "{notices:?}"
    );
}

#[test]
fn files_that_are_not_state_files_are_moved_aside_newer_ones_left_alone() {
    let d = dirs();
    fs::create_dir_all(&d.state).unwrap();
    fs::write(d.state.join("marks-x.jsonl"), "{not json").unwrap();
    fs::write(d.state.join("notes.txt"), "not ours, not read").unwrap();
    let newer = format!("{{\"kiosque\":\"marks\",\"version\":3,\"device\":\"{ME:016x}\"}}\n");
    fs::write(d.state.join(file_name(ME)), &newer).unwrap();
    let (mut store, mut state, notices) = open(&d, ME);
    assert_eq!(notices.len(), 2, "{notices:?}");
    assert!(
        notices
            .iter()
            .any(|n| n.contains("marks-x.jsonl was moved to marks-x.jsonl.corrupt-"))
    );
    assert!(notices.iter().any(|n| n.contains("newer kiosque")));
    let c = state.change(1, Value::Read(true), 1, ME);
    let why = store.append(std::slice::from_ref(&c)).unwrap_err();
    assert!(why.contains("newer kiosque"), "{why}");
    assert_eq!(
        fs::read_to_string(d.state.join(file_name(ME))).unwrap(),
        newer
    );
    let left = names(&d.state);
    assert_eq!(left.len(), 3, "{left:?}");
    assert!(left.iter().any(|n| n.starts_with("marks-x.jsonl.corrupt-")));
    assert!(left.contains(&"notes.txt".to_owned()));
}

#[test]
fn links_fifos_and_devices_are_refused_without_hanging() {
    let d = dirs();
    fs::create_dir_all(&d.state).unwrap();
    let outside = d.config.join("outside.jsonl");
    std::os::unix::fs::symlink(&outside, d.state.join(file_name(ME))).unwrap();
    std::os::unix::fs::symlink("/dev/zero", d.state.join("marks-zero.jsonl")).unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(d.state.join("marks-fifo.jsonl"))
            .status()
            .unwrap()
            .success()
    );
    let (mut store, mut state, notices) = open(&d, ME);
    assert_eq!(notices.len(), 3, "{notices:?}");
    assert!(
        notices
            .iter()
            .any(|n| n.contains("marks-fifo.jsonl is a FIFO")),
        "{notices:?}"
    );
    let c = state.change(1, Value::Read(true), 1, ME);
    let why = store.append(std::slice::from_ref(&c)).unwrap_err();
    assert!(why.contains("symbolic link"), "{why}");
    assert!(!outside.exists(), "nothing created through the link");
}

#[test]
fn a_held_lock_is_waited_for_a_bounded_time_and_a_stop_ends_the_wait() {
    let d = dirs();
    let (mut store, mut state, _) = open(&d, ME);
    mark(&mut state, &mut store, 1, Value::Read(true), 100);
    let held = File::open(d.state.join(file_name(ME))).unwrap();
    held.lock().unwrap();
    store.set_lock_wait(Duration::from_millis(300));
    let c = state.change(2, Value::Read(true), 101, ME);
    let started = Instant::now();
    let why = store.append(std::slice::from_ref(&c)).unwrap_err();
    assert!(why.contains("locked by another process"), "{why}");
    assert!(started.elapsed() < Duration::from_secs(3));
    store.set_lock_wait(Duration::from_secs(60));
    store.stop_flag().store(true, Ordering::SeqCst);
    let started = Instant::now();
    let why = store.append(std::slice::from_ref(&c)).unwrap_err();
    assert!(why.contains("interrupted"), "{why}");
    assert!(started.elapsed() < Duration::from_secs(3));
    store.stop_flag().store(false, Ordering::SeqCst);
    drop(held);
    store.append(std::slice::from_ref(&c)).unwrap();
}

#[test]
fn a_first_format_state_is_imported_once_and_left_as_it_was() {
    let d = dirs();
    let v1 = r#"{"version": 1, "articles": {
        "0000000000000001": {"read": true, "starred": true, "changed": 4102444800000}}}"#;
    fs::write(d.config.join("state.json"), v1).unwrap();
    let (mut store, mut state, notices) = open(&d, ME);
    assert_eq!(
        notices,
        vec!["2 marks imported from state.json (left as it was)".to_owned()]
    );
    assert!(state.is_read(1) && state.is_starred(1));
    let own = fs::read_to_string(d.state.join(file_name(ME))).unwrap();
    assert!(own.starts_with("{\"kiosque\":\"marks\",\"version\":2,\"device\":\"1111222233334444\",\"imported\":\"state.json\"}\n"), "{own}");
    // Stamped in 2100, yet a change made here wins.
    mark(
        &mut state,
        &mut store,
        1,
        Value::Read(false),
        1_764_000_000_000,
    );
    let (_, again, notices) = open(&d, ME);
    assert!(notices.is_empty(), "imported once: {notices:?}");
    assert!(!again.is_read(1) && again.is_starred(1));
    assert_eq!(fs::read_to_string(d.config.join("state.json")).unwrap(), v1);
    // Read-only, nothing is written, but the first format's marks are shown.
    let other = dirs();
    fs::write(other.config.join("state.json"), v1).unwrap();
    let (_, found) = Store::open(&other.config, &other.state, 0, false).unwrap();
    assert_eq!(found.changes.len(), 2);
    assert!(!other.state.exists());
}

/// This device's file with a line torn by a killed writer, then enough superseded lines (of
/// article 1) to be compacted; returns its path and bytes.
fn torn_and_due_for_compaction(d: &Dirs) -> (PathBuf, Vec<u8>) {
    fs::create_dir_all(&d.state).unwrap();
    let mut text = record::header_line(&Header {
        version: record::VERSION,
        device: ME,
        imported: None,
    });
    text.push_str("{\"id\":\"00000000000000\n");
    for t in 0..SLACK as i64 + 8 {
        let c = Change {
            id: 1,
            value: Value::Read(t % 2 == 0),
            stamp: Stamp {
                t: 100 + t,
                n: 0,
                device: ME,
            },
        };
        record::change_line(&c, ME, &mut text);
    }
    let own = d.state.join(file_name(ME));
    fs::write(&own, &text).unwrap();
    (own, text.into_bytes())
}

/// The copies kept aside in the folder.
fn asides(d: &Dirs) -> Vec<String> {
    names(&d.state)
        .into_iter()
        .filter(|n| n.contains(".corrupt-"))
        .collect()
}

#[test]
fn a_compaction_killed_after_its_copy_aside_leaves_the_one_copy_the_next_one_keeps() {
    let d = dirs();
    let (own, bytes) = torn_and_due_for_compaction(&d);
    let (mut store, state, notices) = open(&d, ME);
    assert!(
        notices[0].contains("1 line could not be read"),
        "{notices:?}"
    );
    assert!(store.needs_compaction());
    // What a compaction killed between its copy and its rename leaves (SIGKILL of `kiosque
    // mark` in tests/durability.rs): a link to the file under a `.corrupt-` name.
    let killed = aside_name(&own);
    fs::hard_link(&own, &killed).unwrap();
    let killed = killed.file_name().unwrap().to_string_lossy().into_owned();
    let found = store.compact().unwrap().expect("compacted");
    assert_eq!(found.notices.len(), 1, "{:?}", found.notices);
    assert!(found.notices[0].ends_with(&killed), "{:?}", found.notices);
    // One copy of the file, not a second one a second later.
    assert_eq!(asides(&d), vec![killed.clone()]);
    assert_eq!(fs::read(d.state.join(&killed)).unwrap(), bytes);
    let (_, after, notices) = open(&d, ME);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(after, state);
}

#[test]
fn a_torn_line_read_in_a_file_since_compacted_elsewhere_keeps_no_second_copy() {
    let d = dirs();
    let (_, bytes) = torn_and_due_for_compaction(&d);
    // The reader reads the file with its torn line...
    let (mut reader, _, notices) = open(&d, ME);
    assert!(
        notices[0].contains("1 line could not be read"),
        "{notices:?}"
    );
    // ...`kiosque mark` compacts it (keeping a copy with the torn line)...
    let (mut mark, _, _) = open(&d, ME);
    mark.compact().unwrap().expect("compacted");
    let kept = asides(&d);
    assert_eq!(kept.len(), 1);
    assert_eq!(fs::read(d.state.join(&kept[0])).unwrap(), bytes);
    // ...then the reader, which has not looked at the folder since, compacts: the file it
    // replaces has nothing to keep (it used to copy it aside for the line read in the old one).
    if let Some(found) = reader.compact().unwrap() {
        assert!(found.notices.is_empty(), "{:?}", found.notices);
    }
    assert_eq!(asides(&d), kept);
}
