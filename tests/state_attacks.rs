//! Attacks on the state folder itself (issue 8, SPEC §6), through the real binary: a lock held
//! by another process, FIFOs, links and huge files where state files should be, permissions,
//! changes stamped in 2100, thousands of marks in one run.
//!
//! Every run of kiosque here is bounded in time (a hang fails the test, it never stalls it) and
//! its peak memory is measured where it matters.

#![cfg(unix)]

mod state_support;
mod support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use kiosque::state::{LOCK_WAIT, SKEW_ENV};
use state_support::*;
use support::*;

/// A private environment with a library of `n` small articles and their ids.
fn setup(n: usize) -> (Env, PathBuf, Vec<String>) {
    let env = Env::empty();
    let lib = env.root.path().join("lib");
    make_library(&lib, n);
    let ids = ids_of(&env, &lib);
    assert_eq!(ids.len(), n);
    (env, lib, ids)
}

/// `kiosque mark`, bounded by `limit`.
fn mark(env: &Env, lib: &Path, how: &str, ids: &[&str], limit: Duration) -> Ran {
    run_bounded(
        mark_cmd(env, &env.config, lib, how, ids),
        limit,
        &format!("kiosque mark {how}"),
    )
}

/// `kiosque mark` that must succeed.
fn mark_ok(env: &Env, lib: &Path, how: &str, ids: &[&str]) -> Ran {
    let ran = mark(env, lib, how, ids, patience());
    assert!(
        ran.status.success(),
        "kiosque mark {how} {ids:?}: {:?}\n{}",
        ran.status,
        ran.stderr
    );
    ran
}

/// `kiosque list`, bounded; must exit 0.
fn list(env: &Env, lib: &Path) -> Ran {
    let ran = run_bounded(
        kiosque_cmd(env, &env.config, lib, &["list"]),
        patience(),
        "kiosque list",
    );
    assert!(ran.status.success(), "kiosque list: {}", ran.stderr);
    ran
}

/// The `read`/`unread` column of `id` in the output of `kiosque list`.
fn listed_read(listing: &str, id: &str) -> bool {
    let line = listing
        .lines()
        .find(|l| l.starts_with(id))
        .unwrap_or_else(|| panic!("{id} not listed:\n{listing}"));
    line.split('\t').nth(1) == Some("read")
}

/// The `starred` column of `id` in the output of `kiosque list`.
fn listed_starred(listing: &str, id: &str) -> bool {
    let line = listing.lines().find(|l| l.starts_with(id)).unwrap();
    line.split('\t').nth(2) == Some("starred")
}

/// Does process `pid` hold `path` open for appending (kiosque's append opens it so, and then
/// asks for the lock at once)?
fn holds_for_append(pid: i32, path: &Path) -> bool {
    let Ok(fds) = fs::read_dir(format!("/proc/{pid}/fd")) else {
        return false;
    };
    fds.flatten().any(|fd| {
        fs::read_link(fd.path()).is_ok_and(|p| p == path) && {
            let info = format!("/proc/{pid}/fdinfo/{}", fd.file_name().to_string_lossy());
            fs::read_to_string(info).is_ok_and(|t| {
                t.lines()
                    .find_map(|l| l.strip_prefix("flags:"))
                    .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
                    .is_some_and(|f| f & libc::O_APPEND as u32 != 0)
            })
        }
    })
}

/// Another process holds this device's file locked (here the test itself, through its own open
/// file: `flock` locks of two open files conflict as those of two processes do):
///
/// - exclusively (a compaction elsewhere that never ends): `kiosque mark` waits its bound
///   (`LOCK_WAIT`, 5 s), then exits 1 with one line saying the file is locked, nothing written;
/// - a SIGTERM while it waits ends it at once (the default action: nothing keeps it waiting);
/// - shared (another writer appending): the mark goes through at once;
/// - shared while the mark would compact: the mark is saved and acknowledged, the compaction
///   waits its bound and is put off (said on stderr); once the lock is gone the next mark
///   compacts.
#[test]
fn a_held_lock_is_waited_for_a_bounded_time_and_a_signal_ends_the_wait() {
    const MARGIN: Duration = Duration::from_secs(3);
    let (env, lib, ids) = setup(3);
    mark_ok(&env, &lib, "--read", &[&ids[0]]);
    let own = own_file(&env, &env.state_dir());
    let name = own.file_name().unwrap().to_string_lossy().into_owned();
    let bytes = fs::read(&own).unwrap();
    let holder = fs::File::open(&own).unwrap();
    holder.lock().unwrap();

    let ran = mark(&env, &lib, "--read", &[&ids[1]], LOCK_WAIT + patience());
    eprintln!(
        "held lock: kiosque mark gave up after {:.2} s: {}",
        ran.elapsed.as_secs_f64(),
        ran.stderr.trim_end()
    );
    assert_eq!(ran.status.code(), Some(1), "{}", ran.stderr);
    assert!(
        ran.elapsed >= LOCK_WAIT - Duration::from_millis(100),
        "gave up before its bound: {:?}",
        ran.elapsed
    );
    assert!(
        ran.elapsed <= LOCK_WAIT + MARGIN,
        "waited past its bound: {:?}",
        ran.elapsed
    );
    assert!(ran.stdout.is_empty(), "reported as marked: {}", ran.stdout);
    let lines = ran.err_lines();
    assert_eq!(lines.len(), 1, "one line: {}", ran.stderr);
    assert!(
        lines[0].contains("locked") && lines[0].contains(&name),
        "{}",
        lines[0]
    );
    assert_eq!(fs::read(&own).unwrap(), bytes, "written under a held lock");

    let child = spawn(mark_cmd(&env, &env.config, &lib, "--read", &[&ids[1]]));
    poll_until(
        deadline(),
        || holds_for_append(child.pid, &own),
        || "kiosque mark to wait for the lock".into(),
    );
    let sent = Instant::now();
    child.signal(libc::SIGTERM);
    let ran = child.wait(
        patience(),
        "kiosque mark sent SIGTERM while waiting for a lock",
    );
    let ended = sent.elapsed();
    eprintln!(
        "held lock: SIGTERM ended the wait in {:.0} ms ({:?})",
        ended.as_secs_f64() * 1000.0,
        ran.status
    );
    assert_eq!(ran.status.signal(), Some(libc::SIGTERM), "{}", ran.stderr);
    assert!(ended < Duration::from_secs(1), "SIGTERM took {ended:?}");
    assert_eq!(fs::read(&own).unwrap(), bytes, "written under a held lock");

    holder.unlock().unwrap();
    holder.lock_shared().unwrap();
    let ran = mark_ok(&env, &lib, "--read", &[&ids[1]]);
    assert!(
        ran.elapsed < Duration::from_secs(2),
        "a shared lock made it wait {:?}",
        ran.elapsed
    );

    pad_for_compaction(&own);
    let before = footprint(&own);
    let ran = mark(&env, &lib, "--star", &[&ids[2]], LOCK_WAIT + patience());
    eprintln!(
        "held shared lock at compaction: exit {:?} after {:.2} s: {}",
        ran.status.code(),
        ran.elapsed.as_secs_f64(),
        ran.stderr.trim_end()
    );
    assert!(ran.status.success(), "{}", ran.stderr);
    assert!(ran.elapsed <= LOCK_WAIT + MARGIN, "{:?}", ran.elapsed);
    assert!(ran.stdout.contains(&ids[2]), "{}", ran.stdout);
    assert!(ran.stderr.contains("locked"), "{}", ran.stderr);
    assert!(
        !ran.stderr.contains("not saved"),
        "a saved mark said to be unsaved: {}",
        ran.stderr
    );
    assert!(!before.compacted(&own), "compacted under a held lock");
    let s = scan(&env.state_dir()).unwrap();
    assert_eq!(flag_value(&s.state, &ids[1], "read"), Some(true));
    assert_eq!(flag_value(&s.state, &ids[2], "starred"), Some(true));

    drop(holder);
    mark_ok(&env, &lib, "--unstar", &[&ids[2]]);
    assert!(
        before.compacted(&own),
        "not compacted once the lock is gone"
    );
    let s = scan(&env.state_dir()).unwrap();
    assert_eq!(flag_value(&s.state, &ids[2], "starred"), Some(false));
    assert_eq!(flag_value(&s.state, &ids[0], "read"), Some(true));
}

/// What is planted where a state file should be.
#[derive(Debug, Clone, Copy)]
enum Plant {
    Fifo,
    /// A symbolic link to a path outside the folder that does not exist.
    LinkOut,
    /// A symbolic link to a valid state file outside the folder.
    LinkToState,
    LinkToDevZero,
    /// A sparse file just above the size kiosque accepts.
    Huge,
    Directory,
}

impl Plant {
    /// A word the message must hold.
    fn word(self) -> &'static str {
        match self {
            Plant::Fifo => "FIFO",
            Plant::LinkOut | Plant::LinkToState | Plant::LinkToDevZero => "symbolic link",
            Plant::Huge => "too large",
            Plant::Directory => "directory",
        }
    }
}

/// What a path is, to see it unchanged: its type, link target, size.
fn describe(p: &Path) -> String {
    let m = fs::symlink_metadata(p).unwrap();
    format!(
        "{:?} {:?} {}",
        m.file_type(),
        fs::read_link(p).ok(),
        if m.is_file() { m.len() } else { 0 }
    )
}

/// Peak memory a run may take beyond that of a run with nothing planted (or the test
/// process's, which a child's measure starts from): reading `/dev/zero` or the huge file would
/// take 256 MB.
const MEMORY_MARGIN_KIB: i64 = 64 * 1024;

/// A FIFO, links (out of the folder, to a valid state file, to `/dev/zero`), a 256 MB file and
/// a directory, each as this device's own file and as another `*.jsonl` of the folder:
/// `kiosque list` and `kiosque mark` end (bounded), say which file and what it is, never read
/// through a link (the linked state file's marks are not shown) nor create anything through
/// one, never read the huge file or `/dev/zero` (at most 64 MB of memory more than a run with
/// nothing planted), and change none of them. In place of the own file, `mark` refuses to save
/// (exit 1); elsewhere it saves.
#[test]
fn special_files_in_the_state_folder_never_hang_nor_lead_out() {
    let plants = [
        Plant::Fifo,
        Plant::LinkOut,
        Plant::LinkToState,
        Plant::LinkToDevZero,
        Plant::Huge,
        Plant::Directory,
    ];
    let cases = plants
        .iter()
        .flat_map(|&p| [(p, true), (p, false)])
        .map(|(p, own)| {
            let at = if own { "own file" } else { "another file" };
            (format!("{p:?} as {at}"), (p, own))
        });
    let peak = std::sync::Mutex::new((0i64, 0i64));
    each_case(cases, |name, (plant, as_own)| {
        let (env, lib, ids) = setup(3);
        mark_ok(&env, &lib, "--read", &[&ids[0]]);
        let baseline = list(&env, &lib).max_rss_kib;
        let dir = env.state_dir();
        let own = own_file(&env, &dir);
        let target = if as_own {
            fs::remove_file(&own).unwrap();
            own.clone()
        } else {
            dir.join("marks-00000000000000cc.jsonl")
        };
        let outside = env.root.path().join("outside");
        fs::create_dir(&outside).unwrap();
        let linked = outside.join("marks-00000000000000dd.jsonl");
        match plant {
            Plant::Fifo => {
                let ok = Command::new("mkfifo").arg(&target).status().unwrap();
                assert!(ok.success());
            }
            Plant::LinkOut => std::os::unix::fs::symlink(&linked, &target).unwrap(),
            Plant::LinkToState => {
                let text = header("00000000000000dd") + &change(&ids[2], "starred", true, 5);
                fs::write(&linked, text).unwrap();
                std::os::unix::fs::symlink(&linked, &target).unwrap();
            }
            Plant::LinkToDevZero => std::os::unix::fs::symlink("/dev/zero", &target).unwrap(),
            Plant::Huge => fs::File::create(&target)
                .unwrap()
                .set_len((256 << 20) + 1)
                .unwrap(),
            Plant::Directory => fs::create_dir(&target).unwrap(),
        }
        let planted = describe(&target);
        let outside_before = fs::read_dir(&outside).unwrap().count();
        let linked_before = fs::read(&linked).ok();
        let file = target.file_name().unwrap().to_string_lossy().into_owned();
        let says = |ran: &Ran| {
            ran.err_lines()
                .iter()
                .any(|l| l.contains(&file) && l.contains(plant.word()))
        };

        let bounded_memory = |ran: &Ran| {
            let floor = baseline.max(test_peak_kib());
            {
                let mut peak = peak.lock().unwrap();
                *peak = (peak.0.max(ran.max_rss_kib), peak.1.max(floor));
            }
            assert!(
                ran.max_rss_kib < floor + MEMORY_MARGIN_KIB,
                "{name}: {} KiB at peak (a list of the same library with nothing planted: \
                 {baseline} KiB; the test process: {} KiB)",
                ran.max_rss_kib,
                test_peak_kib()
            );
        };
        let listed = list(&env, &lib);
        bounded_memory(&listed);
        assert!(
            says(&listed),
            "{name}: list says nothing clear: {}",
            listed.stderr
        );
        assert!(
            !listed_starred(&listed.stdout, &ids[2]),
            "{name}: marks read through a link"
        );
        let marked = mark(&env, &lib, "--read", &[&ids[1]], patience());
        bounded_memory(&marked);
        assert!(
            says(&marked),
            "{name}: mark says nothing clear: {}",
            marked.stderr
        );
        if as_own {
            assert_eq!(marked.status.code(), Some(1), "{name}: {}", marked.stderr);
            assert!(
                marked.stderr.contains("not saved"),
                "{name}: {}",
                marked.stderr
            );
            assert!(marked.stdout.is_empty(), "{name}: {}", marked.stdout);
        } else {
            assert!(marked.status.success(), "{name}: {}", marked.stderr);
            assert!(
                listed_read(&list(&env, &lib).stdout, &ids[1]),
                "{name}: the mark was not saved"
            );
        }
        assert_eq!(
            describe(&target),
            planted,
            "{name}: the planted file changed"
        );
        assert_eq!(
            fs::read_dir(&outside).unwrap().count(),
            outside_before,
            "{name}: a file was made outside the folder"
        );
        assert_eq!(
            fs::read(&linked).ok(),
            linked_before,
            "{name}: written through a link"
        );
        eprintln!(
            "{name}: list {:.0} ms, mark {:.0} ms (exit {:?}), peak {} KiB: {}",
            listed.elapsed.as_secs_f64() * 1000.0,
            marked.elapsed.as_secs_f64() * 1000.0,
            marked.status.code(),
            listed.max_rss_kib.max(marked.max_rss_kib),
            marked.err_lines().last().unwrap_or(&"")
        );
    });
    let (peak, baseline) = *peak.lock().unwrap();
    eprintln!(
        "special files: 12 cases; peak memory of any run {peak} KiB (with nothing planted: \
         {baseline} KiB; bound: that + {MEMORY_MARGIN_KIB} KiB)"
    );
}

/// The same for `config.toml`, which names the state folder and is read before it: a FIFO, a
/// link to `/dev/zero` (a link is allowed there: dotfiles are often links, so the link is
/// followed and what it names refused) and a 300 MB file. `kiosque list` and `kiosque mark`
/// end (bounded), naming the file and what it is, without reading it.
#[test]
fn special_files_in_place_of_config_toml_never_hang() {
    let cases = ["FIFO", "link to /dev/zero", "300 MB file"].map(|c| (c.to_string(), c));
    each_case(cases, |name, case| {
        let (env, lib, ids) = setup(2);
        let baseline = list(&env, &lib).max_rss_kib;
        let config = env.config.join("config.toml");
        let word = match case {
            "FIFO" => {
                let ok = Command::new("mkfifo").arg(&config).status().unwrap();
                assert!(ok.success());
                "FIFO"
            }
            "link to /dev/zero" => {
                std::os::unix::fs::symlink("/dev/zero", &config).unwrap();
                "device"
            }
            _ => {
                fs::File::create(&config)
                    .unwrap()
                    .set_len(300 << 20)
                    .unwrap();
                "too large"
            }
        };
        for args in [vec!["list"], vec!["mark", "--read", ids[0].as_str()]] {
            let ran = run_bounded(
                kiosque_cmd(&env, &env.config, &lib, &args),
                patience(),
                &format!("{name}: kiosque {args:?}"),
            );
            let floor = baseline.max(test_peak_kib());
            assert!(
                ran.max_rss_kib < floor + MEMORY_MARGIN_KIB,
                "{name}: {args:?} took {} KiB",
                ran.max_rss_kib
            );
            assert!(
                ran.err_lines()
                    .iter()
                    .any(|l| l.contains("config.toml") && l.contains(word)),
                "{name}: {args:?} says nothing clear: {}",
                ran.stderr
            );
            eprintln!(
                "config.toml as {name}: {args:?} exit {:?} in {:.0} ms: {}",
                ran.status.code(),
                ran.elapsed.as_secs_f64() * 1000.0,
                ran.stderr.trim_end()
            );
        }
    });
}

/// `cmd` run with umask 0, so whatever is not created private on purpose shows it.
fn without_umask(mut cmd: Command) -> Command {
    // SAFETY: umask is async-signal-safe and cannot fail.
    unsafe {
        cmd.pre_exec(|| {
            libc::umask(0);
            Ok(())
        });
    }
    cmd
}

/// The state folder is made 0700, the files 0600, the device id 0600, even with umask 0; a
/// mode the user chose for this device's file (640, back to 600) is kept by appends and by
/// compactions (which write a new file).
#[test]
fn state_files_are_private_and_keep_a_chosen_mode() {
    let (env, lib, ids) = setup(3);
    let mark = |how: &str, id: &str| {
        let ran = run_bounded(
            without_umask(mark_cmd(&env, &env.config, &lib, how, &[id])),
            patience(),
            "kiosque mark",
        );
        assert!(ran.status.success(), "{}", ran.stderr);
    };
    mark("--read", &ids[0]);
    let dir = env.state_dir();
    let own = own_file(&env, &dir);
    assert_eq!(mode(&dir), 0o700, "state folder");
    assert_eq!(mode(&own), 0o600, "this device's file");
    assert_eq!(mode(&device_file(&env)), 0o600, "device id");

    for chosen in [0o640, 0o600] {
        fs::set_permissions(&own, fs::Permissions::from_mode(chosen)).unwrap();
        mark("--star", &ids[1]);
        assert_eq!(mode(&own), chosen, "after an append");
        pad_for_compaction(&own);
        let before = footprint(&own);
        mark("--unstar", &ids[1]);
        assert!(before.compacted(&own), "not compacted");
        assert_eq!(mode(&own), chosen, "after a compaction");
    }
    assert_eq!(mode(&dir), 0o700, "state folder");
    eprintln!(
        "privacy (umask 0): state folder 0700, files 0600, device id 0600; a chosen 0640 and \
         then 0600 kept by an append and a compaction each"
    );
    let s = scan(&dir).unwrap();
    assert!(s.temporaries.is_empty() && s.aside.is_empty() && s.others.is_empty());
    assert_eq!(flag_value(&s.state, &ids[1], "starred"), Some(false));
}

/// 2100-01-01, in milliseconds.
const YEAR_2100: i64 = 4_102_444_800_000;

/// A change stamped in 2100 (a clock far ahead, a hand-edited file) never makes a later
/// change lose: another device's file says X was read in 2100; `kiosque mark --unread X` exits
/// 0 and X is then unread, for `list` and for an independent merge of the folder. The other
/// device's file is not touched.
#[test]
fn a_change_from_another_device_stamped_in_2100_is_overtaken_by_the_next_mark() {
    let (env, lib, ids) = setup(3);
    let dir = env.state_dir();
    fs::create_dir_all(&dir).unwrap();
    let other = dir.join("marks-00000000000000dd.jsonl");
    let text = header("00000000000000dd") + &change(&ids[1], "read", true, YEAR_2100);
    fs::write(&other, &text).unwrap();
    assert!(listed_read(&list(&env, &lib).stdout, &ids[1]));
    mark_ok(&env, &lib, "--unread", &[&ids[1]]);
    assert!(
        !listed_read(&list(&env, &lib).stdout, &ids[1]),
        "the 2100 change won"
    );
    let s = scan(&dir).unwrap();
    assert_eq!(flag_value(&s.state, &ids[1], "read"), Some(false));
    assert_eq!(fs::read_to_string(&other).unwrap(), text);
    // And back: the next change wins again.
    mark_ok(&env, &lib, "--read", &[&ids[1]]);
    assert!(listed_read(&list(&env, &lib).stdout, &ids[1]));
    eprintln!("2100, another device's file: overtaken by the next mark, and again by the next");
}

/// The same with a first-format `state.json` (v1) saying X was read in 2100: it is imported
/// once (by the first writer, into this device's file, which says so in its header) and left
/// byte for byte as it was; the mark overtakes it; a later mark imports nothing again.
#[test]
fn a_first_format_state_stamped_in_2100_is_imported_once_then_overtaken() {
    let (env, lib, ids) = setup(3);
    let v1 = format!(
        "{{\"version\":1,\"articles\":{{\"{}\":{{\"read\":true,\"changed\":{YEAR_2100}}}}}}}",
        ids[1]
    );
    let state_json = env.config.join("state.json");
    fs::write(&state_json, &v1).unwrap();
    // Only read: nothing imported on disk yet, but the marks are shown.
    assert!(listed_read(&list(&env, &lib).stdout, &ids[1]));
    assert!(!env.state_dir().exists(), "list wrote a state folder");
    assert!(!device_file(&env).exists(), "list drew a device id");
    let ran = mark_ok(&env, &lib, "--unread", &[&ids[1]]);
    assert!(ran.stderr.contains("imported"), "{}", ran.stderr);
    assert!(
        !listed_read(&list(&env, &lib).stdout, &ids[1]),
        "the 2100 change won"
    );
    let own = own_file(&env, &env.state_dir());
    let first_line = fs::read_to_string(&own).unwrap();
    let header: serde_json::Value =
        serde_json::from_str(first_line.lines().next().unwrap()).unwrap();
    assert_eq!(header["imported"], "state.json", "{header}");
    assert_eq!(mode(&own), 0o600);

    let ran = mark_ok(&env, &lib, "--star", &[&ids[2]]);
    assert!(
        !ran.stderr.contains("imported"),
        "imported again: {}",
        ran.stderr
    );
    let text = fs::read_to_string(&own).unwrap();
    // The import's line for X (read in 2100, counter 0), once.
    let imported = format!("\"id\":\"{}\",\"read\":true,\"t\":{YEAR_2100}}}", ids[1]);
    let from_2100 = text.lines().filter(|l| l.contains(&imported)).count();
    assert_eq!(from_2100, 1, "imported more than once:\n{text}");
    let listing = list(&env, &lib).stdout;
    assert!(!listed_read(&listing, &ids[1]) && listed_starred(&listing, &ids[2]));
    assert_eq!(
        fs::read_to_string(&state_json).unwrap(),
        v1,
        "state.json changed"
    );
    eprintln!(
        "2100, state.json v1: imported once, overtaken by the next mark, state.json byte for \
         byte as it was"
    );
}

/// Mark-all, then one unread: a few thousand articles marked read by one `kiosque mark`
/// (one append of as many lines), then the last one `--unread` by a clock gone back a minute:
/// `list` shows it unread and every other one read.
#[test]
fn thousands_marked_read_at_once_then_one_unread() {
    const N: usize = 3000;
    let started = Instant::now();
    let (env, lib, ids) = setup(N);
    let all: Vec<&str> = ids.iter().map(String::as_str).collect();
    let ran = mark(&env, &lib, "--read", &all, patience() * 2);
    assert!(ran.status.success(), "{}", ran.stderr);
    assert_eq!(ran.stdout.lines().count(), N);
    let read_all = ran.elapsed;
    let last = &ids[N - 1];
    // This machine's clock then goes back a minute (an NTP correction): the later change must
    // still win.
    let mut unread = mark_cmd(&env, &env.config, &lib, "--unread", &[last]);
    unread.env(SKEW_ENV, "-60000");
    let ran = run_bounded(unread, patience(), "kiosque mark --unread");
    assert!(ran.status.success(), "{}", ran.stderr);
    let listing = list(&env, &lib).stdout;
    assert_eq!(listing.lines().count(), N);
    for id in &ids[..N - 1] {
        assert!(listed_read(&listing, id), "{id} is not read");
    }
    assert!(!listed_read(&listing, last), "the last one is still read");
    let s = scan(&env.state_dir()).unwrap();
    let read = ids
        .iter()
        .filter(|id| flag_value(&s.state, id, "read") == Some(true))
        .count();
    assert_eq!(read, N - 1);
    eprintln!(
        "mark-all: {N} articles marked read in one run in {:.2} s, then one unread by a clock \
         a minute behind; {:.1} s in all",
        read_all.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}
