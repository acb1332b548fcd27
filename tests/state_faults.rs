//! The state folder under faults a SIGKILL cannot show (issues 4 and 8, SPEC §6):
//!
//! - a power cut: `kiosque mark` must not acknowledge a change (print it, exit 0) before it is
//!   durable: every write fsync'd, every new folder entry fsync'd in its folder (strace shows the
//!   order of the system calls);
//! - a state folder that cannot be written (a read-only file system or mount, a full disk, a
//!   config dir that is a file, permissions): `kiosque mark` says so in one line and exits 1,
//!   the reader says so in its status line and reading goes on, and nothing existing is damaged
//!   or added.

#![cfg(unix)]

mod state_support;
mod support;

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use state_support::*;
use support::*;

// ------------------------------------------------------------------------------------------
// fsync before the acknowledgement
// ------------------------------------------------------------------------------------------

/// What a traced run did before it acknowledged (its first write to stdout).
#[derive(Debug, Default)]
struct Synced {
    writes: usize,
    file_syncs: usize,
    dir_syncs: usize,
    /// Folders made, links and renames: entries of a folder that must be synced too.
    entries: usize,
}

/// Reads an strace log (`-f -y`) of a `kiosque mark` whose state folder is `state_dir`: before
/// the first write to stdout (the acknowledgement), every write to a file of the state folder
/// must have been followed by an fsync (or fdatasync) of that file, and every new entry (a
/// folder made on the way to the state folder, a link, a rename) by an fsync of its folder.
/// Otherwise a power cut after the acknowledgement could lose the mark, which no SIGKILL can
/// show (the page cache survives a killed process).
fn synced_before_ack(trace: &str, state_dir: &Path) -> Result<Synced, String> {
    let mut dirty_files: BTreeSet<String> = BTreeSet::new();
    let mut dirty_dirs: BTreeSet<String> = BTreeSet::new();
    let mut seen = Synced::default();
    let fd_path = |call: &str| -> Option<String> {
        let open = call.find('<')?;
        let close = call[open..]
            .find(">,")
            .or_else(|| call[open..].find(">)"))?;
        Some(call[open + 1..open + close].to_owned())
    };
    let parent = |p: &str| {
        Path::new(p)
            .parent()
            .map(|d| d.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let quoted = |call: &str| -> Vec<String> {
        call.split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    let on_the_way = |p: &str| state_dir.starts_with(p) || Path::new(p).starts_with(state_dir);
    for line in trace.lines() {
        let Some((_pid, call)) = line.split_once(' ') else {
            continue;
        };
        let call = call.trim_start();
        if call.ends_with("<unfinished ...>") || call.starts_with("<...") {
            continue;
        }
        // strace aligns the result in a column: `fsync(3</a/b>)       = 0`.
        let Some((_, result)) = call.rsplit_once(" = ") else {
            continue;
        };
        let ok = !result.starts_with('-');
        let name = call.split('(').next().unwrap_or("");
        match name {
            "write" | "pwrite64" | "writev" if call.starts_with(&format!("{name}(1<")) => {
                if dirty_files.is_empty() && dirty_dirs.is_empty() {
                    return Ok(seen);
                }
                return Err(format!(
                    "acknowledged before syncing files {dirty_files:?} and folders \
                     {dirty_dirs:?}:\n{trace}"
                ));
            }
            "write" | "pwrite64" | "writev" => {
                if let Some(p) = fd_path(call).filter(|p| Path::new(p).starts_with(state_dir)) {
                    seen.writes += 1;
                    dirty_files.insert(p);
                }
            }
            "fsync" | "fdatasync" if ok => {
                if let Some(p) = fd_path(call) {
                    if dirty_files.remove(&p) {
                        seen.file_syncs += 1;
                    }
                    if dirty_dirs.remove(&p) {
                        seen.dir_syncs += 1;
                    }
                }
            }
            "mkdir" | "mkdirat" | "link" | "linkat" | "rename" | "renameat" | "renameat2" if ok => {
                let made = quoted(call).pop().unwrap_or_default();
                if on_the_way(&made) {
                    seen.entries += 1;
                    dirty_dirs.insert(parent(&made));
                }
            }
            _ => {}
        }
    }
    Err(format!("no acknowledgement found:\n{trace}"))
}

/// Runs `kiosque mark` under strace and checks it synced everything before acknowledging;
/// `None` (and why) when strace cannot run here.
fn traced_mark(
    env: &Env,
    config: &Path,
    lib: &Path,
    how: &str,
    id: &str,
) -> Result<Synced, String> {
    let log = env.root.path().join("strace.log");
    let mut cmd = Command::new("strace");
    cmd.args(["-f", "-y", "-qq", "-s", "64", "-o"])
        .arg(&log)
        .args([
            "-e",
            "trace=write,pwrite64,writev,fsync,fdatasync,mkdir,mkdirat,link,linkat,rename,\
             renameat,renameat2",
        ])
        .arg(BIN)
        .args(["mark", how, id, "-l"])
        .arg(lib)
        .arg("--config-dir")
        .arg(config);
    cmd.env_clear();
    for (k, v) in env.vars() {
        cmd.env(k, v);
    }
    let ran = run_bounded(cmd, patience() * 2, "strace kiosque mark");
    let trace = fs::read_to_string(&log).unwrap_or_default();
    assert!(ran.status.success(), "{}\n{trace}", ran.stderr);
    synced_before_ack(&trace, &config.join("state"))
}

/// `kiosque mark` acknowledges (prints the article on stdout, then exits 0) only once the
/// change is durable: traced with strace, every write to the state folder is fsync'd before,
/// and so is every folder that gained an entry: the state folder (and the config dir) when
/// this is the first mark, the state folder after the first file is linked in, after a
/// compaction's rename. Three runs: the first mark into a config dir that does not exist yet,
/// an append, a compaction. Skipped (and said) where strace cannot run.
#[test]
fn an_acknowledged_mark_is_fsynced_before_kiosque_says_so() {
    let usable = Command::new("strace")
        .args(["-qq", "-o", "/dev/null", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !usable {
        eprintln!("SKIPPED: strace is missing or cannot trace here");
        return;
    }
    let env = Env::empty();
    let lib = env.root.path().join("lib");
    make_library(&lib, 3);
    let ids = ids_of(&env, &lib);
    let config = env.root.path().join("new").join("config");
    let mut counts = Vec::new();
    for (what, how, id) in [
        ("first mark", "--read", &ids[0]),
        ("append", "--star", &ids[1]),
        ("compaction", "--read", &ids[2]),
    ] {
        if what == "compaction" {
            pad_for_compaction(&own_file(&env, &config.join("state")));
        }
        let synced =
            traced_mark(&env, &config, &lib, how, id).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(
            synced.writes > 0 && synced.file_syncs > 0,
            "{what}: {synced:?}"
        );
        if what != "append" {
            assert!(synced.dir_syncs > 0, "{what}: {synced:?}");
        }
        counts.push(format!(
            "{what}: {} writes, {} files fsync'd after them, {} new entries, {} folders fsync'd \
             after them",
            synced.writes, synced.file_syncs, synced.entries, synced.dir_syncs
        ));
    }
    eprintln!("fsync before the acknowledgement: {}", counts.join("; "));
}

// ------------------------------------------------------------------------------------------
// A state folder that cannot be written
// ------------------------------------------------------------------------------------------

/// A tmpfs mounted for one test, unmounted when dropped (root only).
struct Mount {
    dir: PathBuf,
}

impl Mount {
    /// Mounts a tmpfs of `size` on `dir`, or says why this sandbox cannot.
    fn tmpfs(dir: &Path, size: &str) -> Result<Mount, String> {
        if !is_root() {
            return Err("not running as root (mounting a tmpfs needs it)".into());
        }
        fs::create_dir_all(dir).unwrap();
        let out = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
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

/// Makes `path`'s size a multiple of 4096 with one more change line (of an article not in the
/// library, padded with spaces inside its JSON), so the next append needs a new page: on a
/// full tmpfs the last page's slack would otherwise take it (and the mark would rightly be
/// saved).
fn align_to_page(path: &Path) {
    let len = fs::metadata(path).unwrap().len() as usize;
    let core = format!("{{\"id\":\"{}\",\"read\":true,\"t\":1000", pad_id(0));
    let mut want = (4096 - len % 4096) % 4096;
    if want < core.len() + 2 {
        want += 4096;
    }
    let line = format!("{core}{}}}\n", " ".repeat(want - core.len() - 2));
    append_lines(path, &line);
    assert_eq!(fs::metadata(path).unwrap().len() % 4096, 0);
}

/// A fault under test: how the state folder was made unwritable, and what stderr must say.
struct Fault {
    name: &'static str,
    /// The config dir to give kiosque.
    config: PathBuf,
    /// Files that must not change, with their bytes before.
    guarded: Vec<(PathBuf, Vec<u8>)>,
    /// Words the message may hold to give the reason (one must be there).
    reasons: &'static [&'static str],
    /// The state folder, where nothing may be added (None when it cannot exist).
    folder: Option<PathBuf>,
    /// Kept alive for the test.
    _mounts: Vec<Mount>,
}

/// Marks `id` starred in `config` (making the state folder and this device's file), returns
/// this device's file.
fn with_saved_state(env: &Env, config: &Path, lib: &Path, id: &str) -> PathBuf {
    let ran = run_bounded(
        mark_cmd(env, config, lib, "--star", &[id]),
        patience(),
        "kiosque mark",
    );
    assert!(ran.status.success(), "{}", ran.stderr);
    own_file(env, &config.join("state"))
}

fn guard(path: &Path) -> (PathBuf, Vec<u8>) {
    (path.to_owned(), fs::read(path).unwrap())
}

/// Builds one fault, or says why this sandbox cannot.
fn fault(env: &Env, lib: &Path, id: &str, name: &'static str) -> Result<Fault, String> {
    let base = env.root.path().join(name.replace(' ', "-"));
    let device_id = guard(&device_file(env));
    match name {
        "read-only file system" => {
            let mount = Mount::tmpfs(&base, "1m")?;
            let own = with_saved_state(env, &base, lib, id);
            mount.read_only()?;
            Ok(Fault {
                name,
                config: base.clone(),
                guarded: vec![guard(&own), device_id],
                reasons: &["Read-only file system"],
                folder: Some(base.join("state")),
                _mounts: vec![mount],
            })
        }
        "state folder on a read-only mount" => {
            let mount = Mount::tmpfs(&base.join("state"), "1m")?;
            let own = with_saved_state(env, &base, lib, id);
            mount.read_only()?;
            Ok(Fault {
                name,
                config: base.clone(),
                guarded: vec![guard(&own), device_id],
                reasons: &["Read-only file system"],
                folder: Some(base.join("state")),
                _mounts: vec![mount],
            })
        }
        "unwritable state folder" => {
            if is_root() {
                return Err(
                    "running as root: chmod does not stop root from writing (the \
                            read-only mount case covers this fault)"
                        .into(),
                );
            }
            let own = with_saved_state(env, &base, lib, id);
            fs::set_permissions(&own, fs::Permissions::from_mode(0o400)).unwrap();
            fs::set_permissions(base.join("state"), fs::Permissions::from_mode(0o500)).unwrap();
            Ok(Fault {
                name,
                config: base.clone(),
                guarded: vec![guard(&own), device_id],
                reasons: &["ermission denied"],
                folder: Some(base.join("state")),
                _mounts: vec![],
            })
        }
        "full disk" => {
            let mount = Mount::tmpfs(&base, "64k")?;
            let own = with_saved_state(env, &base, lib, id);
            align_to_page(&own);
            fill(&base);
            Ok(Fault {
                name,
                config: base.clone(),
                guarded: vec![guard(&own), device_id],
                reasons: &["No space left"],
                folder: Some(base.join("state")),
                _mounts: vec![mount],
            })
        }
        "config dir is a file" => {
            fs::write(&base, "I am a file, not a folder\n").unwrap();
            Ok(Fault {
                name,
                config: base.clone(),
                guarded: vec![guard(&base), device_id],
                reasons: &["Not a directory", "not a directory", "not a folder"],
                folder: None,
                _mounts: vec![],
            })
        }
        _ => unreachable!(),
    }
}

impl Fault {
    /// Nothing damaged, nothing added.
    fn assert_intact(&self, when: &str, names_before: &[String]) {
        for (path, bytes) in &self.guarded {
            assert_eq!(
                fs::read(path).ok().as_deref(),
                Some(bytes.as_slice()),
                "{}: {} changed {when}",
                self.name,
                path.display()
            );
        }
        assert_eq!(
            self.names(),
            names_before,
            "{}: files added {when}",
            self.name
        );
    }

    /// Every name in the state folder.
    fn names(&self) -> Vec<String> {
        let Some(folder) = &self.folder else {
            return Vec::new();
        };
        let mut v: Vec<String> = fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }
}

const FAULTS: [&str; 5] = [
    "read-only file system",
    "state folder on a read-only mount",
    "unwritable state folder",
    "full disk",
    "config dir is a file",
];

/// Runs `check` on each fault this sandbox can make, every one even when some fail.
fn for_each_fault(what: &str, check: impl Fn(&Env, &Path, &[String], &Fault)) {
    let env = Env::empty();
    let lib = env.root.path().join("lib");
    make_library(&lib, 3);
    let ids = ids_of(&env, &lib);
    // The device id is made once, outside every faulty folder.
    let _ = with_saved_state(&env, &env.config, &lib, &ids[0]);
    let mut faults = Vec::new();
    for name in FAULTS {
        match fault(&env, &lib, &ids[0], name) {
            Ok(f) => faults.push((name.to_string(), f)),
            Err(why) => eprintln!("SKIPPED: {what}, {name}: {why}"),
        }
    }
    eprintln!(
        "unwritable state folders tried with {what}: {}",
        faults.len()
    );
    each_case(faults, |_, f| check(&env, &lib, &ids, &f));
}

/// `kiosque mark` into a state folder that cannot be written: exit 1, exactly one line on
/// stderr naming the path and the reason, nothing on stdout (nothing was marked), the old
/// state and the device id untouched, nothing added to the folder.
#[test]
fn mark_reports_an_unwritable_state_folder_in_one_line() {
    for_each_fault("kiosque mark", |env, lib, ids, f| {
        let name = f.name;
        let before = f.names();
        let ran = run_bounded(
            mark_cmd(env, &f.config, lib, "--read", &[&ids[1]]),
            patience(),
            "kiosque mark",
        );
        eprintln!(
            "{name}: exit {:?}, stderr: {}",
            ran.status.code(),
            ran.stderr.trim_end()
        );
        assert_eq!(ran.status.code(), Some(1), "{name}: {}", ran.stderr);
        assert!(
            ran.stdout.is_empty(),
            "{name}: reported as marked: {:?}",
            ran.stdout
        );
        let lines = ran.err_lines();
        assert_eq!(lines.len(), 1, "{name}: one line on stderr: {}", ran.stderr);
        let line = lines[0];
        assert!(line.starts_with("kiosque: "), "{name}: {line}");
        assert!(
            line.contains(&*f.config.to_string_lossy()),
            "{name}: the message names the path: {line}"
        );
        assert!(
            f.reasons.iter().any(|r| line.contains(r)),
            "{name}: one of the reasons {:?}: {line}",
            f.reasons
        );
        f.assert_intact("after kiosque mark", &before);
    });
}

/// Opens the note numbered `n` with the filter, without relying on the status line (an alert
/// takes all of it), and waits until its text is shown.
fn open_by_filter(t: &mut Term, n: &str) {
    t.send("/");
    t.send(&format!("numéro {n}"));
    t.wait_for(" 1 matching");
    t.send(ENTER);
    t.wait_gone(" 1 matching");
    t.send(ENTER);
    t.wait_for(&format!("Premier paragraphe de la note {n}."));
}

/// The reader with a state folder that cannot be written: opening an article (which marks it
/// read) brings the save problem to the status line, where it stays while reading goes on
/// (another article opens); quitting with unsaved marks says so on stderr and exits non-zero;
/// the old state is untouched.
#[test]
fn reader_reports_an_unwritable_state_folder_and_reading_goes_on() {
    for_each_fault("the reader", |env, lib, _ids, f| {
        let name = f.name;
        let before = f.names();
        let lib_s = lib.to_string_lossy().into_owned();
        let cfg = f.config.to_string_lossy().into_owned();
        let mut t = Term::spawn(
            env.root.path(),
            &env.vars(),
            &[&lib_s, "--config-dir", &cfg],
            200,
            30,
        );
        t.wait_loaded(3);
        let status_shows_problem = |t: &Term| {
            let last = t.rows().last().cloned().unwrap_or_default();
            last.contains("not saved") && f.reasons.iter().any(|r| last.contains(r))
        };
        open_by_filter(&mut t, "1");
        t.wait_until(
            &format!("{name}: the save problem in the status line after a marking"),
            status_shows_problem,
        );
        t.send("q");
        t.wait_gone("Premier paragraphe de la note 1.");
        open_by_filter(&mut t, "2");
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
        f.assert_intact("after the reader", &before);
        assert!(
            !status.success(),
            "{name}: quitting with unsaved marks exits 0\n{}",
            t.dump()
        );
        t.wait_for("kiosque: ");
    });
}
