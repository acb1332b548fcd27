//! What `tests/durability.rs` and `tests/state_attacks.rs` share: small generated libraries,
//! `kiosque mark` runs, runs bounded in time with their peak memory, and an independent checker
//! of the state folder that tells a torn line (a writer killed mid-line) from a broken format.
//!
//! The checker reads the format the README documents (see `support::read_state_dir`), not
//! kiosque's code: a header line, then one change per line; the later stamp `(t, n, dev)` wins
//! per article and flag.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::support::{BIN, Env};

/// Is the test running as root (so permissions do not stop writes)?
pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// A deterministic PRNG (xorshift64*): the same draws on every run.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// `n` small articles in `dir`, each with its own headline (`a00000.txt` first).
pub fn make_library(dir: &Path, n: usize) {
    fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        fs::write(
            dir.join(format!("a{i:05}.txt")),
            format!(
                "ECONOMIELa note numéro {i} sur les marques\n\nPremier paragraphe de la note {i}.\n"
            ),
        )
        .unwrap();
    }
}

/// The ids of the library in `dir`, in file order.
pub fn ids_of(env: &Env, dir: &Path) -> Vec<String> {
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

/// `kiosque <args> -l <lib> --config-dir <config>`, with the test's private environment and no
/// stdin.
pub fn kiosque_cmd(env: &Env, config: &Path, lib: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_clear();
    for (k, v) in env.vars() {
        cmd.env(k, v);
    }
    cmd.args(args)
        .arg("-l")
        .arg(lib)
        .arg("--config-dir")
        .arg(config)
        .stdin(Stdio::null());
    cmd
}

/// `kiosque mark <how> <ids> -l <lib> --config-dir <config>`.
pub fn mark_cmd(env: &Env, config: &Path, lib: &Path, how: &str, ids: &[&str]) -> Command {
    let mut args = vec!["mark", how];
    args.extend_from_slice(ids);
    kiosque_cmd(env, config, lib, &args)
}

/// The flag a `mark` option changes, and the value it sets.
pub fn effect(how: &str) -> (&'static str, bool) {
    match how {
        "--read" => ("read", true),
        "--unread" => ("read", false),
        "--star" => ("starred", true),
        "--unstar" => ("starred", false),
        _ => unreachable!(),
    }
}

/// This device's id (`$XDG_DATA_HOME/kiosque/device-id`).
pub fn device(env: &Env) -> String {
    let text = fs::read_to_string(device_file(env)).expect("no device id yet");
    text.trim().to_owned()
}

/// `$XDG_DATA_HOME/kiosque/device-id`.
pub fn device_file(env: &Env) -> PathBuf {
    env.xdg_data.join("kiosque/device-id")
}

/// This device's file in `state_dir`.
pub fn own_file(env: &Env, state_dir: &Path) -> PathBuf {
    state_dir.join(format!("marks-{}.jsonl", device(env)))
}

/// (device, inode) of a file, to see that it was replaced (a compaction renames a new file
/// over it).
pub fn inode(path: &Path) -> Option<(u64, u64)> {
    fs::symlink_metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// What tells that a file was compacted: its inode (a compaction renames a new file over it)
/// and its number of lines (fewer after one, even if it were rewritten in place).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Footprint {
    inode: Option<(u64, u64)>,
    lines: usize,
}

/// The footprint of `path` now.
pub fn footprint(path: &Path) -> Footprint {
    Footprint {
        inode: inode(path),
        lines: fs::read(path).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count()),
    }
}

impl Footprint {
    /// Was `path` compacted (replaced, or shrunk) since this footprint was taken?
    pub fn compacted(&self, path: &Path) -> bool {
        let now = footprint(path);
        now.inode != self.inode || now.lines < self.lines
    }
}

/// Permission bits of a path (not following a link).
pub fn mode(path: &Path) -> u32 {
    fs::symlink_metadata(path).unwrap().mode() & 0o7777
}

/// The header of a state file of `device`, newline included.
pub fn header(device: &str) -> String {
    format!("{{\"kiosque\":\"marks\",\"version\":2,\"device\":\"{device}\"}}\n")
}

/// One change line, newline included.
pub fn change(id: &str, flag: &str, value: bool, t: i64) -> String {
    format!("{{\"id\":\"{id}\",\"{flag}\":{value},\"t\":{t}}}\n")
}

/// Appends `lines` to `path` by hand, as a writer would: a line of its own even after a torn
/// one. Only while no kiosque process runs.
pub fn append_lines(path: &Path, lines: &str) {
    use std::io::Write;
    let old = fs::read(path).unwrap();
    let mut f = fs::OpenOptions::new().append(true).open(path).unwrap();
    if old.last().is_some_and(|&b| b != b'\n') {
        f.write_all(b"\n").unwrap();
    }
    f.write_all(lines.as_bytes()).unwrap();
    f.sync_all().unwrap();
}

/// Article ids of the padding: not in any library.
pub fn pad_id(k: usize) -> String {
    format!("{:016x}", 0xfe00_0000_0000_0000u64 + k as u64)
}

/// Appends to this device's file `path` enough superseded lines (of [`PAD_IDS`] ids not in the
/// library, all `read: true`, stamped long ago) for the next writer to compact it: kiosque
/// compacts when the file has at least 2 × (distinct article-flag pairs) + 1024 change lines.
/// Returns how many lines were added.
pub fn pad_for_compaction(path: &Path) -> usize {
    let scan = scan_file(path).unwrap_or_else(|e| panic!("{e}"));
    let keys = scan.keys + PAD_IDS; // the padding adds at most PAD_IDS keys
    let want = 2 * keys + 1024 + 16;
    if scan.lines >= want {
        return 0;
    }
    let n = want - scan.lines;
    let mut text = String::with_capacity(n * 64);
    for k in 0..n {
        text.push_str(&change(
            &pad_id(k % PAD_IDS),
            "read",
            true,
            1_000 + k as i64,
        ));
    }
    append_lines(path, &text);
    n
}

/// How many article ids the padding uses.
pub const PAD_IDS: usize = 4;

/// What the checker found in a state folder.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every state file merged: `{"articles": {"<id>": {"read": …, "starred": …, "pos": …}}}`.
    pub state: serde_json::Value,
    /// Lines that do not parse but are the beginning of a change line, followed by more lines:
    /// what a writer killed mid-line leaves (the next writer starts a new line).
    pub torn_middle: usize,
    /// Files whose last line has no end yet (a write in progress, or a writer killed).
    pub torn_last: usize,
    /// State files read.
    pub files: usize,
    /// Hidden temporaries (`.<name>.tmp-…`).
    pub temporaries: Vec<String>,
    /// Files moved or copied aside as unreadable (`*.corrupt-…`).
    pub aside: Vec<String>,
    /// Any other name.
    pub others: Vec<String>,
}

/// One file's lines, checked.
#[derive(Debug, Default)]
pub struct FileScan {
    /// Change lines (not blank), torn ones included.
    pub lines: usize,
    /// Distinct (article, flag) pairs.
    pub keys: usize,
    pub torn_middle: usize,
    pub torn_last: bool,
}

/// Is `line` (no newline) the beginning of a change line, cut short?
fn looks_torn(line: &str) -> bool {
    const START: &str = "{\"id\":\"";
    let line = line.trim_end_matches('\r');
    let prefix_ok = if line.len() <= START.len() {
        START.starts_with(line)
    } else {
        line.starts_with(START)
    };
    prefix_ok && !line.ends_with('}')
}

type Best = BTreeMap<(String, String), ((i64, u64, String), serde_json::Value)>;

/// Checks one state file and merges its changes into `best`.
fn scan_into(name: &str, bytes: &[u8], best: &mut Best) -> Result<FileScan, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("{name}: not UTF-8: {e}"))?;
    let mut out = FileScan::default();
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.last().is_some_and(|l| !l.ends_with('\n')) {
        // The last line is still being written, or its writer was killed: not read yet.
        lines.pop();
        out.torn_last = true;
    }
    // A state file is born whole (a rename or a link of a written file): never empty, never a
    // header without its end.
    let Some((first, rest)) = lines.split_first() else {
        return Err(format!("{name}: no header line: {text:?}"));
    };
    let header: serde_json::Value =
        serde_json::from_str(first).map_err(|e| format!("{name}: header: {e}: {first:?}"))?;
    if header["kiosque"] != "marks" || header["version"] != 2 {
        return Err(format!("{name}: not a version 2 marks file: {header}"));
    }
    let device = header["device"]
        .as_str()
        .filter(|d| d.len() == 16 && d.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or(format!("{name}: no device id in {header}"))?
        .to_owned();
    let mut keys = std::collections::BTreeSet::new();
    for line in rest {
        let body = line.trim_end_matches('\n');
        if body.trim().is_empty() {
            continue;
        }
        out.lines += 1;
        let v: serde_json::Value = match serde_json::from_str(body) {
            Ok(v) => v,
            Err(_) if looks_torn(body) => {
                out.torn_middle += 1;
                continue;
            }
            Err(e) => return Err(format!("{name}: {e}: {body:?}")),
        };
        let id = v["id"]
            .as_str()
            .filter(|d| d.len() == 16 && d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or(format!("{name}: no id: {body}"))?
            .to_owned();
        let t = v["t"].as_i64().ok_or(format!("{name}: no t: {body}"))?;
        let n = match &v["n"] {
            serde_json::Value::Null => 0,
            n => n.as_u64().ok_or(format!("{name}: bad n: {body}"))?,
        };
        let dev = match &v["dev"] {
            serde_json::Value::Null => device.clone(),
            d => d
                .as_str()
                .ok_or(format!("{name}: bad dev: {body}"))?
                .to_owned(),
        };
        let mut any = false;
        for flag in ["read", "starred", "pos", "seen"] {
            let value = &v[flag];
            if value.is_null() {
                continue;
            }
            let ok = match flag {
                "pos" => value
                    .as_array()
                    .is_some_and(|a| a.len() == 2 && a.iter().all(|x| x.as_u64().is_some())),
                // The version read: 8 hex digits a paragraph.
                "seen" => value.as_str().is_some_and(|h| {
                    h.len().is_multiple_of(8) && h.bytes().all(|b| b.is_ascii_hexdigit())
                }),
                _ => value.is_boolean(),
            };
            if !ok {
                return Err(format!("{name}: bad {flag}: {body}"));
            }
            any = true;
            keys.insert((id.clone(), flag));
            let stamp = (t, n, dev.clone());
            let key = (id.clone(), flag.to_owned());
            let newer = best
                .get(&key)
                .is_none_or(|(s, old)| (s, old.to_string()) < (&stamp, value.to_string()));
            if newer {
                best.insert(key, (stamp, value.clone()));
            }
        }
        if !any {
            return Err(format!("{name}: a change of no flag: {body}"));
        }
    }
    out.keys = keys.len();
    Ok(out)
}

fn merged(best: Best) -> serde_json::Value {
    let mut articles = serde_json::Map::new();
    for ((id, flag), (_, value)) in best {
        articles
            .entry(id)
            .or_insert_with(|| serde_json::json!({}))
            .as_object_mut()
            .unwrap()
            .insert(flag, value);
    }
    serde_json::json!({ "articles": articles })
}

/// Checks one state file alone.
pub fn scan_file(path: &Path) -> Result<FileScan, String> {
    let bytes = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    scan_into(&name, &bytes, &mut Best::new())
}

/// Checks and merges every state file of `dir` (a missing folder is an empty state). Only
/// regular files are read (a test that plants a FIFO must not hang here); a file replaced
/// while it is read is read again.
pub fn scan(dir: &Path) -> Result<Scan, String> {
    let mut best = Best::new();
    let mut out = Scan::default();
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            out.state = merged(best);
            return Ok(out);
        }
        Err(e) => return Err(format!("{}: {e}", dir.display())),
    };
    for e in entries {
        let e = e.map_err(|e| e.to_string())?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            if name.contains(".tmp-") {
                out.temporaries.push(name);
            } else {
                out.others.push(name);
            }
            continue;
        }
        if name.contains(".corrupt-") {
            out.aside.push(name);
            continue;
        }
        if !name.ends_with(".jsonl") {
            out.others.push(name);
            continue;
        }
        let path = e.path();
        if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            out.others.push(name);
            continue;
        }
        // Opened once, read to its end: a compaction renaming a new file over it meanwhile
        // leaves this look with the old file, whole.
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            // Gone between the listing and the read (a conflict copy removed): nothing to read.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(format!("{name}: {e}")),
        };
        let f = scan_into(&name, &bytes, &mut best)?;
        out.files += 1;
        out.torn_middle += f.torn_middle;
        out.torn_last += usize::from(f.torn_last);
    }
    out.temporaries.sort();
    out.aside.sort();
    out.others.sort();
    out.state = merged(best);
    Ok(out)
}

/// A flag of an article in a merged state (`None`: never set).
pub fn flag_value(state: &serde_json::Value, id: &str, flag: &str) -> Option<bool> {
    state["articles"][id][flag].as_bool()
}

/// This test process's peak resident memory, KiB (`VmHWM`). A child's `ru_maxrss` starts from
/// it: Linux carries the peak of the memory a process leaves over `exec`, and a spawned child
/// leaves its parent's (a panic's backtrace alone takes this process to ~50 MB).
pub fn test_peak_kib() -> i64 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// A finished run: how it ended, what it said, how long it took, its peak memory.
#[derive(Debug)]
pub struct Ran {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    /// Peak resident memory, KiB (`ru_maxrss`).
    pub max_rss_kib: i64,
}

impl Ran {
    /// The lines of stderr.
    pub fn err_lines(&self) -> Vec<&str> {
        self.stderr.lines().collect()
    }
}

/// A spawned child whose end is awaited with a deadline (and its peak memory measured).
pub struct Bounded {
    pub pid: i32,
    started: Instant,
    out: std::thread::JoinHandle<String>,
    err: std::thread::JoinHandle<String>,
    _child: std::process::Child,
}

/// Spawns `cmd` with its output collected, to be awaited by [`Bounded::wait`].
pub fn spawn(mut cmd: Command) -> Bounded {
    let started = Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kiosque");
    let collect = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            String::from_utf8_lossy(&v).into_owned()
        })
    };
    let out = collect(Box::new(child.stdout.take().unwrap()));
    let err = collect(Box::new(child.stderr.take().unwrap()));
    Bounded {
        pid: child.id() as i32,
        started,
        out,
        err,
        _child: child,
    }
}

impl Bounded {
    /// Has the child ended? Reaps it when it has (then returns what `wait` would).
    fn try_reap(&self) -> Option<(ExitStatus, i64)> {
        let mut status = 0;
        // SAFETY: a zeroed rusage is a valid value to be written over.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: plain system call on our own child, with valid pointers.
        let r = unsafe { libc::wait4(self.pid, &mut status, libc::WNOHANG, &mut usage) };
        assert!(r >= 0, "wait4: {}", std::io::Error::last_os_error());
        (r == self.pid).then(|| (ExitStatus::from_raw(status), usage.ru_maxrss))
    }

    /// Sends `signal` (only while the child is not reaped, so the pid is still ours).
    pub fn signal(&self, signal: i32) {
        // SAFETY: plain system call.
        unsafe { libc::kill(self.pid, signal) };
    }

    /// Waits for the end at most `limit` from the spawn; a child still running then is killed
    /// and the test fails with `what` and what it printed.
    pub fn wait(self, limit: Duration, what: &str) -> Ran {
        let until = self.started + limit;
        loop {
            if let Some((status, max_rss_kib)) = self.try_reap() {
                let elapsed = self.started.elapsed();
                return Ran {
                    status,
                    stdout: self.out.join().unwrap(),
                    stderr: self.err.join().unwrap(),
                    elapsed,
                    max_rss_kib,
                };
            }
            if Instant::now() >= until {
                self.signal(libc::SIGKILL);
                while self.try_reap().is_none() {
                    std::thread::sleep(Duration::from_millis(5));
                }
                panic!(
                    "{what}: still running after {:.1} s (killed)\nstdout: {}\nstderr: {}",
                    limit.as_secs_f64(),
                    self.out.join().unwrap(),
                    self.err.join().unwrap()
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Reaps the child whenever it ends, waiting without a deadline (only for a child
    /// already sent SIGKILL).
    pub fn reap(self) -> Ran {
        loop {
            if let Some((status, max_rss_kib)) = self.try_reap() {
                return Ran {
                    status,
                    elapsed: self.started.elapsed(),
                    stdout: self.out.join().unwrap(),
                    stderr: self.err.join().unwrap(),
                    max_rss_kib,
                };
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

/// Runs `cmd` to its end, at most `limit` (see [`Bounded::wait`]).
pub fn run_bounded(cmd: Command, limit: Duration, what: &str) -> Ran {
    spawn(cmd).wait(limit, what)
}

/// The first text a panic carried.
pub fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// Runs every case, even when some fail; panics at the end with every failure.
pub fn each_case<T>(cases: impl IntoIterator<Item = (String, T)>, check: impl Fn(&str, T)) {
    let mut failures = Vec::new();
    let mut n = 0;
    for (name, case) in cases {
        n += 1;
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&name, case)));
        if let Err(p) = outcome {
            let text = panic_text(&p);
            if text.starts_with(name.as_str()) {
                failures.push(text);
            } else {
                failures.push(format!("{name}: {text}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
