//! End-to-end tests of the saved state (SPEC §6, issue 8) with the real binary: a terminal
//! closed right after a mark, marks made elsewhere seen by a running reader, and two machines
//! whose state folders are kept in step by copying files as a sync tool does.

#![cfg(unix)]

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use support::*;

/// Runs the reader in a pty made by Python's `pty` module, waits for `ready` in its output,
/// types `keys`, and closes the pty master `delay_ms` later: the terminal window goes away
/// (the kernel hangs up the session, the tty gives EIO). Returns the reader's exit status as
/// `os.waitpid` reports it.
///
/// Python is used because it can close the very last descriptor of the master, which
/// `portable-pty` keeps in a reader thread of its own.
fn close_terminal_after(env: &Env, ready: &str, keys: &str, delay_ms: u64) -> i32 {
    const SCRIPT: &str = r#"
import fcntl, os, pty, select, struct, sys, termios, time
args = sys.argv[1:]
ready, keys, delay = os.environ["READY"].encode(), os.environ["KEYS"].encode(), int(os.environ["DELAY_MS"])
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("READY", "KEYS", "DELAY_MS")}
    os.execve(args[0], args, env)
seen, until = b"", time.time() + 30
while ready not in seen:
    if time.time() > until:
        print("never ready", flush=True); os.kill(pid, 9); sys.exit(3)
    r, _, _ = select.select([fd], [], [], 0.05)
    if r:
        seen += os.read(fd, 1 << 16)
os.write(fd, keys)
time.sleep(delay / 1000)
os.close(fd)
until = time.time() + 30
while True:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        break
    if time.time() > until:
        print("did not end", flush=True); os.kill(pid, 9); sys.exit(4)
    time.sleep(0.01)
print(status, flush=True)
"#;
    let lib = env.lib().to_string_lossy().into_owned();
    let config = env.config.to_string_lossy().into_owned();
    let mut cmd = Command::new("python3");
    cmd.env_clear();
    for (k, v) in env.vars() {
        cmd.env(k, v);
    }
    let out = cmd
        .env("READY", ready)
        .env("KEYS", keys)
        .env("DELAY_MS", delay_ms.to_string())
        .args(["-c", SCRIPT, BIN, &lib, "--config-dir", &config])
        .output()
        .expect("python3 runs");
    let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert!(
        out.status.success(),
        "the pty script failed: {text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text.parse().expect("a wait status")
}

/// A closed terminal (no `q`, no signal sent by hand: the window is gone) within 50 ms of a
/// mark still leaves the mark on disk, three times out of three, for a star and for an opened
/// article; the reader ends (it does not abort).
#[test]
fn closing_the_terminal_right_after_a_mark_keeps_it() {
    for (keys, flag_name) in [("s", "starred"), ("\r", "read"), ("s", "starred")] {
        let env = Env::with_library();
        let status = close_terminal_after(&env, "shows them)", keys, 30);
        // Ended by the hang-up (SIGHUP, exit 129) or by the dead tty (exit 1): never an abort.
        let code = status >> 8;
        let signal = status & 0x7f;
        assert_eq!(signal, 0, "killed by signal {signal} (status {status})");
        assert!(matches!(code, 1 | 129), "exit {code}");
        let marked: Vec<String> = env.state()["articles"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, m)| m[flag_name] == true)
            .map(|(id, _)| id.clone())
            .collect();
        assert_eq!(marked.len(), 1, "{keys:?}: the {flag_name} mark was lost");
        let listed = env.list();
        let on_list = listed.iter().find(|l| l.id == marked[0]).unwrap();
        assert!(on_list.read || on_list.starred);
    }
}

/// A mark made by `kiosque mark` while the reader runs shows in it within 2 s, without `r`
/// and without any key.
#[test]
fn a_running_reader_sees_marks_made_elsewhere_within_two_seconds() {
    let env = Env::with_library();
    let id = id_of(&env.list(), "Un incendie ravage");
    let mut t = env.reader(120, 50);
    t.wait_loaded(40);
    t.wait_for("40 unread / 40");
    env.mark("--read", &[&id]);
    env.mark("--star", &[&id]);
    t.wait_until_within(
        Duration::from_millis(2500),
        "the mark made elsewhere",
        |t| {
            t.contents().contains("39 unread / 40")
                && t.marks_before("Un incendie ravage")
                    .is_some_and(|m| m.contains('★') && !m.contains('●'))
        },
    );
    t.send("q");
    assert!(t.wait_exit().success(), "{}", t.dump());
}

/// What each machine's `kiosque list --json` says: id → (read, starred).
fn listed(env: &Env, clock_skew_ms: i64) -> BTreeMap<String, (bool, bool)> {
    let lib = env.lib().to_string_lossy().into_owned();
    let out = env
        .command(&["list", "--json", "-l", &lib])
        .env(kiosque::state::SKEW_ENV, clock_skew_ms.to_string())
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["id"].as_str().unwrap().to_owned(),
                (v["read"] == true, v["starred"] == true),
            )
        })
        .collect()
}

/// A machine: its own config dir, data dir (device id) and clock.
struct Machine {
    env: Env,
    skew_ms: i64,
}

impl Machine {
    fn mark(&self, how: &str, ids: &[&str]) {
        let lib = self.env.lib().to_string_lossy().into_owned();
        let mut args = vec!["mark", how];
        args.extend_from_slice(ids);
        args.extend_from_slice(&["-l", &lib]);
        let out = self
            .env
            .command(&args)
            .env(kiosque::state::SKEW_ENV, self.skew_ms.to_string())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn device(&self) -> String {
        std::fs::read_to_string(self.env.xdg_data.join("kiosque/device-id"))
            .unwrap()
            .trim()
            .to_owned()
    }
}

/// Copies every state file of `from` that `to` lacks or holds in another version, as Syncthing
/// does (a temporary file, then a rename); `conflict` names the copies of `from`'s own
/// file as Syncthing names a conflict instead.
fn sync(from: &Path, to: &Path, conflict: bool) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !name.ends_with(".jsonl") {
            continue;
        }
        let bytes = std::fs::read(e.path()).unwrap();
        let target = if conflict {
            let stem = name.trim_end_matches(".jsonl");
            to.join(format!(
                "{stem}.sync-conflict-20261130-101500-ABCDEFG.jsonl"
            ))
        } else {
            to.join(&name)
        };
        if std::fs::read(&target).is_ok_and(|b| b == bytes) {
            continue;
        }
        let tmp = to.join(format!(".syncthing.{name}.tmp"));
        std::fs::write(&tmp, &bytes).unwrap();
        std::fs::rename(&tmp, &target).unwrap();
    }
}

/// Two machines, each with its own device id, one with a clock an hour ahead, mark and star on
/// both (some articles on both, at different times); their state folders are synced both ways
/// by copying files (once as a conflict copy). Both then list exactly the same marks, and the
/// later change wins everywhere, whatever the clocks say.
#[test]
fn two_machines_synced_by_copying_files_agree_and_the_later_change_wins() {
    let a = Machine {
        env: Env::with_library(),
        skew_ms: 0,
    };
    let b = Machine {
        env: Env::with_library(),
        skew_ms: 3_600_000,
    };
    let ids: Vec<String> = listed(&a.env, 0).into_keys().collect();
    assert_eq!(ids, listed(&b.env, 0).into_keys().collect::<Vec<_>>());
    let id = |i: usize| ids[i].as_str();
    let (sa, sb) = (a.env.state_dir(), b.env.state_dir());

    // Apart: A reads 0, 1, 2 and stars 3; B (an hour ahead) reads 4, unreads 0, stars 0.
    a.mark("--read", &[id(0), id(1), id(2)]);
    a.mark("--star", &[id(3)]);
    b.mark("--read", &[id(4)]);
    b.mark("--unread", &[id(0)]);
    b.mark("--star", &[id(0)]);
    assert_ne!(a.device(), b.device(), "each machine has its own device id");

    // B's file reaches A as a conflict copy, A's reaches B normally.
    sync(&sb, &sa, true);
    sync(&sa, &sb, false);
    let (la, lb) = (listed(&a.env, 0), listed(&b.env, 0));
    assert_eq!(la, lb, "both machines list the same marks");
    assert_eq!(
        la[id(0)],
        (false, true),
        "B's later change wins (its clock says so too)"
    );

    // Now A, whose clock is an hour behind B's stamps, reads 0 again and unstars it: made
    // after seeing B's changes, these must win everywhere.
    a.mark("--read", &[id(0)]);
    a.mark("--unstar", &[id(0)]);
    // And B, meanwhile, changes other things.
    b.mark("--unread", &[id(1)]);
    b.mark("--star", &[id(2)]);
    sync(&sa, &sb, false);
    sync(&sb, &sa, false);
    let (la, lb) = (listed(&a.env, 0), listed(&b.env, 0));
    assert_eq!(la, lb, "both machines list the same marks");
    assert_eq!(
        la[id(0)],
        (true, false),
        "A's later change wins over B's clock ahead"
    );
    assert_eq!(la[id(1)], (false, false));
    assert_eq!(la[id(2)], (true, true));
    assert_eq!(la[id(3)], (false, true));
    assert_eq!(la[id(4)], (true, false));
    let marked = la.values().filter(|(r, s)| *r || *s).count();
    assert_eq!(marked, 4, "nothing else changed");

    // Each machine only ever wrote its own file.
    let own = |m: &Machine| format!("marks-{}.jsonl", m.device());
    for (m, dir) in [(&a, &sa), (&b, &sb)] {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert!(names.contains(&own(m)), "{names:?}");
    }
    assert!(
        std::fs::read_dir(&sa).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("sync-conflict")),
        "the conflict copy is still there, merged, not removed"
    );
}

/// This device's state file locked by another process (held, never released): the reader
/// says so in the status line and keeps the mark; asked to quit, it waits a bounded time, and a
/// second SIGTERM ends the wait at once: exit 1, "marks not saved", the terminal given back.
#[test]
fn a_held_lock_is_said_and_a_second_signal_ends_the_wait() {
    let env = Env::with_library();
    let mut t = env.reader(120, 50);
    t.wait_loaded(40);
    t.wait_for("40 unread / 40");
    t.send("s");
    env.wait_state("the first star", |s| {
        s["articles"]
            .as_object()
            .is_some_and(|a| a.values().any(|m| m["starred"] == true))
    });
    let own: Vec<_> = std::fs::read_dir(env.state_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(own.len(), 1, "{own:?}");
    let held = std::fs::File::open(&own[0]).unwrap();
    held.lock().unwrap();
    t.send("j");
    t.send("s");
    t.wait_until_within(Duration::from_secs(10), "the lock said", |t| {
        t.contents().contains("locked by another process")
    });
    t.signal("TERM");
    std::thread::sleep(Duration::from_millis(200));
    assert!(!t.has_exited(), "it waits for the lock before giving up");
    let asked = std::time::Instant::now();
    t.signal("TERM");
    let status = t.wait_exit();
    assert!(
        asked.elapsed() < Duration::from_secs(3),
        "the second signal ended the wait ({:?})",
        asked.elapsed()
    );
    assert_eq!(status.exit_code(), 1, "{status:?}\n{}", t.dump());
    t.assert_restored();
    assert!(t.contents().contains("marks not saved"), "{}", t.dump());
    drop(held);
}
