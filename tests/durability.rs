//! State durability under faults (issue 4, SPEC §6): writers killed at random moments, writers
//! running at once, a config dir that cannot be written (read-only, a file, a full disk).
//!
//! What must hold: `state.json` always parses; every *acknowledged* change (a `kiosque mark`
//! that exited 0) is in it; a fault is reported as one clear line (exit 1) by `kiosque mark`
//! and in the status line by the reader, which goes on; nothing existing is damaged and no
//! temporary file is left behind.

#![cfg(unix)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use support::*;

/// Is the test running as root (so permissions do not stop writes)?
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A deterministic PRNG (xorshift64*): the kill moments are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// `n` small articles in `dir`, each with its own label and headline.
fn make_library(dir: &Path, n: usize) {
    fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        fs::write(
            dir.join(format!("a{i:03}.txt")),
            format!(
                "ECONOMIELa note numéro {i} sur les marques\n\nPremier paragraphe de la note {i}.\n"
            ),
        )
        .unwrap();
    }
}

/// The ids of the library in `dir`, in file order (`a000.txt` first).
fn ids_of(env: &Env, dir: &Path) -> Vec<String> {
    let out = env.run_ok(&["list", "--json", "-l", &dir.to_string_lossy()]);
    let mut pairs: Vec<(String, String)> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["path"].as_str().unwrap().to_owned(),
                v["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    pairs.sort();
    pairs.into_iter().map(|(_, id)| id).collect()
}

/// `kiosque mark <how> <ids> -l <lib> --config-dir <config>`.
fn mark_cmd(env: &Env, config: &Path, lib: &Path, how: &str, ids: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_clear();
    for (k, v) in env.vars() {
        cmd.env(k, v);
    }
    cmd.arg("mark")
        .arg(how)
        .args(ids)
        .arg("-l")
        .arg(lib)
        .arg("--config-dir")
        .arg(config)
        .stdin(Stdio::null());
    cmd
}

/// Files in `dir` other than `state.json` and its lock: temporary files left behind, corrupt
/// copies moved aside.
fn strays(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n != "state.json" && n != "state.json.lock")
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The flag name in `state.json` a `mark` option changes, and the value it sets.
fn effect(how: &str) -> (&'static str, bool) {
    match how {
        "--read" => ("read", true),
        "--unread" => ("read", false),
        "--star" => ("starred", true),
        "--unstar" => ("starred", false),
        _ => unreachable!(),
    }
}

/// Foreign articles already in `state.json` (ids not in the library, as from another
/// machine): every save must carry them over untouched.
fn foreign_state(n: usize) -> String {
    let mut articles = serde_json::Map::new();
    for i in 0..n {
        articles.insert(
            format!("{:016x}", 0xf000_0000_0000_0000u64 + i as u64),
            serde_json::json!({
                "read": true,
                "starred": i % 3 == 0,
                "changed": 1_000 + i,
                "read_changed": 1_000 + i,
                "starred_changed": 1_000 + i,
            }),
        );
    }
    serde_json::to_string_pretty(&serde_json::json!({"version": 1, "articles": articles})).unwrap()
}

/// SIGKILL at random moments: writers (`kiosque mark`, each marking 1–3 articles one of four
/// ways) are killed at a moment drawn uniformly (deterministic PRNG, microsecond steps) from
/// their whole life — 0 ms up to the time a writer takes in this build, at most 20 ms — so the
/// kills land in start-up, loading, merging, writing and renaming alike, whatever the build's
/// speed; a quarter of them are left to finish. After every run `state.json` must parse, hold
/// the foreign articles untouched, and hold every acknowledged change: a flag whose last
/// acknowledged change came after any killed one has exactly that value; a flag a killed
/// writer touched since may have either value. `Child::kill` sends the SIGKILL (what
/// `kill -KILL pid` sends, without a process in between to blur the moment).
#[test]
fn sigkill_at_random_moments_loses_no_acknowledged_mark() {
    const FOREIGN: usize = 600;
    const WANT_KILLS: usize = 300;
    const MIN_KILLS: usize = 200;
    const BUDGET: Duration = Duration::from_secs(50);

    let env = Env::empty();
    let lib = env.root.path().join("lib");
    make_library(&lib, 8);
    let ids = ids_of(&env, &lib);
    assert_eq!(ids.len(), 8);
    fs::write(env.state_path(), foreign_state(FOREIGN)).unwrap();
    let foreign: serde_json::Value = env.state()["articles"].clone();

    // For each (id, flag): the values it may have on disk now.
    let mut allowed: BTreeMap<(String, &'static str), BTreeSet<bool>> = BTreeMap::new();
    for id in &ids {
        for flag in ["read", "starred"] {
            allowed.insert((id.clone(), flag), BTreeSet::from([false]));
        }
    }
    let mut rng = Rng(0x005e_ed0f_d00d_u64);
    let (mut runs, mut kills, mut acked, mut tmp_left) = (0usize, 0usize, 0usize, 0usize);
    // A writer's life in this build: the median of seven uninterrupted runs, after two to warm
    // up (the first runs of a fresh binary are slower).
    let mut lives: Vec<Duration> = (0..9)
        .map(|_| {
            let t = Instant::now();
            let out = mark_cmd(&env, &env.config, &lib, "--read", &[&ids[0]])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            t.elapsed()
        })
        .collect();
    let mut lives = lives.split_off(2);
    lives.sort();
    allowed.insert((ids[0].clone(), "read"), BTreeSet::from([true]));
    let window = lives[3].clamp(Duration::from_millis(1), Duration::from_millis(20));
    let window_us = window.as_micros() as u64;
    // Kills by tenth of the window.
    let mut kill_delays = [0usize; 10];
    let started = Instant::now();
    while (kills < WANT_KILLS || acked < 50) && started.elapsed() < BUDGET {
        runs += 1;
        let how = ["--read", "--unread", "--star", "--unstar"][rng.below(4) as usize];
        let count = 1 + rng.below(3) as usize;
        let mut chosen: Vec<&str> = Vec::new();
        while chosen.len() < count {
            let id = ids[rng.below(ids.len() as u64) as usize].as_str();
            if !chosen.contains(&id) {
                chosen.push(id);
            }
        }
        let kill_after = (rng.below(4) != 0).then(|| rng.below(window_us + 1));
        let mut child = mark_cmd(&env, &env.config, &lib, how, &chosen)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn kiosque mark");
        if let Some(us) = kill_after {
            // A short sleep is the point here: it picks the moment of the kill.
            std::thread::sleep(Duration::from_micros(us));
            // SIGKILL (what `kill -KILL pid` sends); the child is not reaped yet, so its pid
            // cannot have been reused.
            child.kill().expect("kill -KILL");
        }
        let out = child.wait_with_output().expect("wait");
        let (flag, value) = effect(how);
        let killed = out.status.signal() == Some(libc::SIGKILL);
        if killed {
            kills += 1;
            let tenth = (kill_after.unwrap() * 10 / (window_us + 1)) as usize;
            kill_delays[tenth] += 1;
            for id in &chosen {
                allowed
                    .get_mut(&(id.to_string(), flag))
                    .unwrap()
                    .insert(value);
            }
        } else {
            assert!(
                out.status.success(),
                "run {runs}: kiosque mark {how} {chosen:?} failed without being killed: \
                 {:?}\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
            acked += 1;
            for id in &chosen {
                allowed.insert((id.to_string(), flag), BTreeSet::from([value]));
            }
        }

        // The state on disk, now.
        let text = match fs::read_to_string(env.state_path()) {
            Ok(t) => t,
            Err(e) => panic!("run {runs}: state.json is gone: {e}"),
        };
        let state: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| {
            panic!("run {runs} (killed: {killed}): state.json does not parse: {e}\n{text}")
        });
        assert_eq!(state["version"], 1, "run {runs}");
        let articles = state["articles"].as_object().expect("articles");
        for (id, mark) in foreign.as_object().unwrap() {
            assert_eq!(
                articles.get(id),
                Some(mark),
                "run {runs}: foreign article {id} changed or lost"
            );
        }
        for ((id, flag), ok) in &allowed {
            let now = articles
                .get(id)
                .and_then(|m| m[*flag].as_bool())
                .unwrap_or(false);
            assert!(
                ok.contains(&now),
                "run {runs}: {id}.{flag} is {now}, but the acknowledged change says {ok:?} \
                 (killed: {killed})"
            );
        }
        let stray = strays(&env.config);
        assert!(
            !stray.iter().any(|n| n.contains("corrupt")),
            "run {runs}: a writer found state.json corrupt: {stray:?}"
        );
        tmp_left = stray.len();
    }
    let elapsed = started.elapsed();
    eprintln!(
        "sigkill: a writer lives {:.1} ms, kills drawn over 0..={:.1} ms; {runs} runs, {kills} \
         killed (SIGKILL; by tenth of that window: {kill_delays:?}), \
         {acked} acknowledged, 0 acknowledged marks lost, {tmp_left} temporary files left by \
         killed writers, {:.1} s",
        lives[3].as_secs_f64() * 1000.0,
        window.as_secs_f64() * 1000.0,
        elapsed.as_secs_f64()
    );
    assert!(
        kills >= MIN_KILLS,
        "only {kills} kills in {:.0} s",
        elapsed.as_secs_f64()
    );
}

/// `writers` processes at once, each marking its own articles one per run (read, then star):
/// every change of every writer is in the final state, and the file parsed at every moment a
/// watcher looked.
fn concurrent_writers(writers: usize) {
    const PER_WRITER: usize = 8;
    let env = Env::empty();
    let lib = env.root.path().join("lib");
    make_library(&lib, writers * PER_WRITER);
    let ids = Arc::new(ids_of(&env, &lib));
    let env = Arc::new(env);
    let lib = Arc::new(lib);
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let env = Arc::clone(&env);
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            let mut looks = 0usize;
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                if let Ok(text) = fs::read_to_string(env.state_path()) {
                    serde_json::from_str::<serde_json::Value>(&text).unwrap_or_else(|e| {
                        panic!("a reader saw a state.json that does not parse: {e}\n{text}")
                    });
                    looks += 1;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            looks
        })
    };
    let barrier = Arc::new(Barrier::new(writers));
    let started = Instant::now();
    let handles: Vec<_> = (0..writers)
        .map(|w| {
            let (env, lib, ids, barrier) = (
                Arc::clone(&env),
                Arc::clone(&lib),
                Arc::clone(&ids),
                Arc::clone(&barrier),
            );
            std::thread::spawn(move || {
                barrier.wait();
                for how in ["--read", "--star"] {
                    for k in 0..PER_WRITER {
                        let id = ids[w * PER_WRITER + k].as_str();
                        let out = mark_cmd(&env, &env.config, &lib, how, &[id])
                            .output()
                            .expect("run kiosque mark");
                        assert!(
                            out.status.success(),
                            "writer {w}: mark {how} {id}: {:?}\n{}",
                            out.status,
                            String::from_utf8_lossy(&out.stderr)
                        );
                    }
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("a writer failed");
    }
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let looks = watcher.join().expect("the watcher saw a broken state.json");
    let state = env.state();
    let mut lost = Vec::new();
    for id in ids.iter() {
        for flag in ["read", "starred"] {
            if !flag_of(&state, id, flag) {
                lost.push(format!("{id}.{flag}"));
            }
        }
    }
    eprintln!(
        "{writers} concurrent writers: {} acknowledged marks, {} lost, state.json parsed at \
         {looks} looks, {:.1} s",
        2 * writers * PER_WRITER,
        lost.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(lost.is_empty(), "marks lost: {lost:?}\n{state}");
    assert_eq!(
        strays(&env.config),
        Vec::<String>::new(),
        "files left behind"
    );
}

fn flag_of(state: &serde_json::Value, id: &str, name: &str) -> bool {
    flag(state, id, name)
}

#[test]
fn two_concurrent_writers_lose_nothing() {
    concurrent_writers(2);
}

#[test]
fn four_concurrent_writers_lose_nothing() {
    concurrent_writers(4);
}

// ------------------------------------------------------------------------------------------
// Unwritable config dirs
// ------------------------------------------------------------------------------------------

/// A tmpfs mounted for one test, unmounted when dropped (root only).
struct Mount {
    dir: PathBuf,
}

impl Mount {
    /// Mounts a tmpfs of `size` on `dir`; None (and why) when this sandbox cannot.
    fn tmpfs(dir: &Path, size: &str) -> Result<Mount, String> {
        if !is_root() {
            return Err("not running as root".into());
        }
        fs::create_dir_all(dir).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "mount -t tmpfs failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(Mount {
            dir: dir.to_owned(),
        })
    }

    /// Remounts it read-only.
    fn read_only(&self) -> Result<(), String> {
        let out = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.dir)
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
        }
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let ok = Command::new("umount")
            .arg(&self.dir)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
        }
    }
}

/// Fills the file system holding `dir` until a write fails.
fn fill(dir: &Path) {
    use std::io::Write;
    let mut f = fs::File::create(dir.join("filler")).unwrap();
    let block = vec![0x55u8; 4096];
    while f.write_all(&block).and_then(|()| f.flush()).is_ok() {}
    let _ = f.sync_all();
}

/// A fault under test: how to make the config dir unwritable, and what stderr must say.
struct Fault {
    name: &'static str,
    /// The config dir to give kiosque.
    config: PathBuf,
    /// The file that must not change (the old state.json, or the file posing as a dir).
    guarded: PathBuf,
    /// Its bytes before.
    before: Vec<u8>,
    /// Words the message may hold to give the reason (one must be there).
    reasons: &'static [&'static str],
    /// The folder where nothing may be left behind (None when the config "dir" is a file).
    folder: Option<PathBuf>,
    /// Files of `folder` that were there before the fault (the filler of a full disk).
    expected_strays: Vec<String>,
    /// Kept alive for the test.
    _mount: Option<Mount>,
}

/// A config dir with a state.json saved by a first mark, for a fault to be applied to.
fn with_saved_state(env: &Env, config: &Path, lib: &Path, id: &str) -> Vec<u8> {
    let out = mark_cmd(env, config, lib, "--star", &[id])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fs::read(config.join("state.json")).unwrap()
}

/// Builds one fault, or says why this sandbox cannot.
fn fault(env: &Env, lib: &Path, id: &str, name: &'static str) -> Result<Fault, String> {
    let base = env.root.path().join(name);
    match name {
        "read-only dir" => {
            if is_root() {
                return Err(
                    "running as root: chmod 555 does not stop root from writing (the read-only \
                     file system case covers this fault)"
                        .into(),
                );
            }
            let before = with_saved_state(env, &base, lib, id);
            fs::set_permissions(&base, fs::Permissions::from_mode(0o555)).unwrap();
            Ok(Fault {
                name,
                guarded: base.join("state.json"),
                config: base.clone(),
                before,
                reasons: &["ermission denied"],
                folder: Some(base),
                expected_strays: Vec::new(),
                _mount: None,
            })
        }
        "read-only file system" => {
            let mount = Mount::tmpfs(&base, "1m")?;
            let before = with_saved_state(env, &base, lib, id);
            mount.read_only()?;
            Ok(Fault {
                name,
                guarded: base.join("state.json"),
                config: base.clone(),
                before,
                reasons: &["Read-only file system"],
                folder: Some(base),
                expected_strays: Vec::new(),
                _mount: Some(mount),
            })
        }
        "config dir is a file" => {
            fs::create_dir_all(env.root.path()).unwrap();
            fs::write(&base, "I am a file, not a folder\n").unwrap();
            Ok(Fault {
                name,
                guarded: base.clone(),
                config: base.clone(),
                before: fs::read(&base).unwrap(),
                reasons: &["Not a directory", "not a directory", "File exists"],
                folder: None,
                expected_strays: Vec::new(),
                _mount: None,
            })
        }
        "full disk" => {
            let mount = Mount::tmpfs(&base, "64k")?;
            let before = with_saved_state(env, &base, lib, id);
            fill(&base);
            Ok(Fault {
                name,
                guarded: base.join("state.json"),
                config: base.clone(),
                before,
                reasons: &["No space left"],
                folder: Some(base),
                expected_strays: vec!["filler".into()],
                _mount: Some(mount),
            })
        }
        _ => unreachable!(),
    }
}

impl Fault {
    /// Nothing damaged, nothing left behind.
    fn assert_intact(&self, when: &str) {
        assert_eq!(
            fs::read(&self.guarded).ok().as_deref(),
            Some(self.before.as_slice()),
            "{}: {} changed {when}",
            self.name,
            self.guarded.display()
        );
        if let Some(folder) = &self.folder {
            assert_eq!(
                strays(folder),
                self.expected_strays,
                "{}: files left behind {when}",
                self.name
            );
        }
    }
}

const FAULTS: [&str; 4] = [
    "read-only dir",
    "read-only file system",
    "full disk",
    "config dir is a file",
];

/// Runs `check` on each fault this sandbox can make, every one even when some fail; panics at
/// the end with every failure.
fn for_each_fault(what: &str, check: impl Fn(&Env, &Path, &[String], &Fault)) {
    let env = Env::empty();
    let lib = env.root.path().join("lib");
    make_library(&lib, 3);
    let ids = ids_of(&env, &lib);
    let mut tried = 0;
    let mut failures = Vec::new();
    for name in FAULTS {
        let f = match fault(&env, &lib, &ids[0], name) {
            Ok(f) => f,
            Err(why) => {
                eprintln!("SKIPPED: {what}, {name}: {why}");
                continue;
            }
        };
        tried += 1;
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&env, &lib, &ids, &f)));
        if let Err(panic) = outcome {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(format!("{name}: {msg}"));
        }
    }
    eprintln!("unwritable config dirs tried with {what}: {tried}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `kiosque mark` into an unwritable config dir: exit 1, exactly one line on stderr naming the
/// config dir (or state file) and the reason, nothing on stdout (nothing was marked), and the
/// old state untouched.
#[test]
fn mark_reports_an_unwritable_config_dir_in_one_line() {
    for_each_fault("kiosque mark", |env, lib, ids, f| {
        let name = f.name;
        let out = mark_cmd(env, &f.config, lib, "--read", &[&ids[1]])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        eprintln!(
            "{name}: exit {:?}, stderr: {}",
            out.status.code(),
            err.trim_end()
        );
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(
            out.stdout.is_empty(),
            "{name}: reported as marked: {:?}",
            out.stdout
        );
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 1, "{name}: one line on stderr: {err}");
        let line = lines[0];
        assert!(line.starts_with("kiosque: "), "{name}: {line}");
        assert!(
            line.contains(&*f.config.to_string_lossy()),
            "{name}: the message names the config dir: {line}"
        );
        assert!(
            f.reasons.iter().any(|r| line.contains(r)),
            "{name}: one of the reasons {:?}: {line}",
            f.reasons
        );
        f.assert_intact("after kiosque mark");
    });
}

/// Opens the note numbered `n` with the filter, without relying on the status line (an alert
/// takes all of it), and waits until its text is shown.
fn open_by_filter(t: &mut Term, n: &str, id: &str) {
    t.send("/");
    t.send(&format!("numéro {n}"));
    t.wait_for(" 1 matching");
    t.send(ENTER);
    t.wait_gone(" 1 matching");
    t.send(ENTER);
    t.wait_for(&format!("Premier paragraphe de la note {n}."));
    let _ = id;
}

/// The reader with an unwritable config dir: opening an article (which marks it read) brings the
/// save problem to the status line, where it stays while reading goes on (another article
/// opens); quitting with unsaved marks says so on stderr and exits non-zero; the old state is
/// untouched.
#[test]
fn reader_reports_an_unwritable_config_dir_and_reading_goes_on() {
    for_each_fault("the reader", |env, lib, ids, f| {
        let name = f.name;
        let lib_s = lib.to_string_lossy().into_owned();
        let cfg = f.config.to_string_lossy().into_owned();
        let mut t = Term::spawn(
            env.root.path(),
            &env.vars(),
            &[&lib_s, "--config-dir", &cfg],
            120,
            30,
        );
        t.wait_loaded(3);
        let status_shows_problem = |t: &Term| {
            let last = t.rows().last().cloned().unwrap_or_default();
            last.contains("not saved") && f.reasons.iter().any(|r| last.contains(r))
        };
        open_by_filter(&mut t, "1", &ids[1]);
        t.wait_until(
            &format!("{name}: the save problem in the status line after a marking"),
            status_shows_problem,
        );
        t.send("q");
        t.wait_gone("Premier paragraphe de la note 1.");
        open_by_filter(&mut t, "2", &ids[2]);
        t.wait_until(
            &format!("{name}: the save problem still in the status line, reading on"),
            status_shows_problem,
        );
        t.send("q");
        t.wait_gone("Premier paragraphe de la note 2.");
        t.send("q");
        let status = t.wait_exit();
        t.assert_restored();
        eprintln!("{name}: the reader exited with {status:?}");
        f.assert_intact("after the reader");
        assert!(
            !status.success(),
            "{name}: quitting with unsaved marks exits 0\n{}",
            t.dump()
        );
        t.wait_for("kiosque: ");
    });
}
