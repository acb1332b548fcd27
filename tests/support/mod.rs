//! End-to-end test support: the real `kiosque` binary, run in a pseudo-terminal whose output
//! feeds a `vt100` screen, or run plainly for its subcommands; every run in its own directories
//! so the tests never touch the user's.
//!
//! Nothing here sleeps blindly: every wait polls a condition until a deadline (5 s, 15 s when
//! `CI` is set) and panics with what it saw when the deadline passes.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub mod screen;
mod tree;
// Each test uses some of them.
#[allow(unused_imports)]
pub use tree::{copy_tree, files_under, set_mtime};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_kiosque");

/// Polling interval of every wait.
const POLL: Duration = Duration::from_millis(20);

/// Enter.
pub const ENTER: &str = "\r";
/// Escape.
pub const ESC: &str = "\x1b";
/// Down arrow.
pub const DOWN: &str = "\x1b[B";
/// Tab.
pub const TAB: &str = "\t";

/// How long a wait may take: 5 s, or 15 s when the `CI` environment variable is set.
pub fn patience() -> Duration {
    if std::env::var_os("CI").is_some() {
        Duration::from_secs(15)
    } else {
        Duration::from_secs(5)
    }
}

/// The instant by which a wait started now must be over.
pub fn deadline() -> Instant {
    Instant::now() + patience()
}

/// Polls `cond` every 20 ms until it is true; panics with `what()` once `until` has passed.
pub fn poll_until(until: Instant, mut cond: impl FnMut() -> bool, what: impl Fn() -> String) {
    loop {
        if cond() {
            return;
        }
        if Instant::now() >= until {
            panic!("timed out waiting: {}", what());
        }
        std::thread::sleep(POLL);
    }
}

/// The fixture library shipped with the tests.
pub fn fixture_library() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library")
}

/// Private directories for one test: config, cache, home and the XDG dirs, plus a copy of the
/// fixture library when asked for.
pub struct Env {
    /// Holds everything; removed when the test ends.
    pub root: tempfile::TempDir,
    /// `--config-dir` / `KIOSQUE_CONFIG_DIR`.
    pub config: PathBuf,
    /// `KIOSQUE_CACHE_DIR`.
    pub cache: PathBuf,
    /// `HOME`.
    pub home: PathBuf,
    /// `XDG_CONFIG_HOME`.
    pub xdg_config: PathBuf,
    /// `XDG_DATA_HOME`.
    pub xdg_data: PathBuf,
    /// `XDG_CACHE_HOME`.
    pub xdg_cache: PathBuf,
    /// The copy of the fixture library, if made.
    pub library: Option<PathBuf>,
}

impl Env {
    /// Empty private directories (the config dir is created, empty).
    pub fn empty() -> Env {
        let root = tempfile::Builder::new().prefix("kq").tempdir().unwrap();
        let dir = |name: &str| {
            let p = root.path().join(name);
            std::fs::create_dir_all(&p).unwrap();
            p
        };
        Env {
            config: dir("cfg"),
            cache: dir("cache"),
            home: dir("home"),
            xdg_config: dir("xdg-config"),
            xdg_data: dir("xdg-data"),
            xdg_cache: dir("xdg-cache"),
            library: None,
            root,
        }
    }

    /// Private directories and a copy of the fixture library.
    pub fn with_library() -> Env {
        let mut env = Env::empty();
        let lib = env.root.path().join("library");
        copy_tree(&fixture_library(), &lib);
        env.library = Some(lib);
        env
    }

    /// The library copy (panics when there is none).
    pub fn lib(&self) -> &Path {
        self.library.as_deref().expect("this Env has no library")
    }

    /// The environment every run gets, and nothing else.
    pub fn vars(&self) -> Vec<(&'static str, String)> {
        let s = |p: &Path| p.to_string_lossy().into_owned();
        vec![
            ("PATH", std::env::var("PATH").unwrap_or_default()),
            ("HOME", s(&self.home)),
            ("XDG_CONFIG_HOME", s(&self.xdg_config)),
            ("XDG_DATA_HOME", s(&self.xdg_data)),
            ("XDG_CACHE_HOME", s(&self.xdg_cache)),
            ("KIOSQUE_CONFIG_DIR", s(&self.config)),
            ("KIOSQUE_CACHE_DIR", s(&self.cache)),
            ("TERM", "xterm-256color".into()),
            ("LANG", "C.UTF-8".into()),
        ]
    }

    /// A plain (non-terminal) run of the binary with `args`, `--config-dir` added.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.env_clear();
        for (k, v) in self.vars() {
            cmd.env(k, v);
        }
        cmd.args(args).arg("--config-dir").arg(&self.config);
        cmd
    }

    /// Runs the binary with `args` to the end; panics unless it succeeds.
    pub fn run_ok(&self, args: &[&str]) -> Output {
        let out = self.command(args).output().unwrap();
        assert!(
            out.status.success(),
            "kiosque {args:?} failed: {:?}\nstdout: {}\nstderr: {}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// `kiosque list -l <library copy>`, parsed.
    pub fn list(&self) -> Vec<Listed> {
        let lib = self.lib().to_string_lossy().into_owned();
        let out = self.run_ok(&["list", "-l", &lib]);
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(Listed::parse)
            .collect()
    }

    /// `kiosque mark <how> <ids> -l <library copy>`; panics unless it succeeds.
    pub fn mark(&self, how: &str, ids: &[&str]) {
        let lib = self.lib().to_string_lossy().into_owned();
        let mut args = vec!["mark", how];
        args.extend_from_slice(ids);
        args.extend_from_slice(&["-l", &lib]);
        self.run_ok(&args);
    }

    /// `<config>/state`, the state folder.
    pub fn state_dir(&self) -> PathBuf {
        self.config.join("state")
    }

    /// The marks the state folder holds, merged as SPEC §6 says (the later stamp wins per
    /// article and flag), read here independently of kiosque's own code:
    /// `{"articles": {"<id>": {"read": bool, "starred": bool, "pos": [b, o]}}}`. Panics when a
    /// file does not follow the documented format.
    pub fn state(&self) -> serde_json::Value {
        read_state_dir(&self.state_dir()).unwrap_or_else(|e| panic!("{e}"))
    }

    /// [`Env::state`], or None while the folder cannot be read as a state.
    pub fn try_state(&self) -> Option<serde_json::Value> {
        read_state_dir(&self.state_dir()).ok()
    }

    /// Waits until the state folder satisfies `cond`.
    pub fn wait_state(&self, what: &str, cond: impl Fn(&serde_json::Value) -> bool) {
        poll_until(
            deadline(),
            || self.try_state().is_some_and(|s| cond(&s)),
            || {
                format!(
                    "the state to hold {what}; it is:\n{}",
                    self.try_state()
                        .map_or("(unreadable)".into(), |s| s.to_string())
                )
            },
        );
    }

    /// Starts the reader on the library copy in a `cols`×`rows` terminal, with
    /// `--config-dir`.
    pub fn reader(&self, cols: u16, rows: u16) -> Term {
        let lib = self.lib().to_string_lossy().into_owned();
        let config = self.config.to_string_lossy().into_owned();
        Term::spawn(
            self.root.path(),
            &self.vars(),
            &[&lib, "--config-dir", &config],
            cols,
            rows,
        )
    }

    /// Starts `kiosque` with no argument and no config dir given (neither flag nor
    /// `KIOSQUE_CONFIG_DIR`): everything found through `HOME` and the XDG variables.
    pub fn reader_defaults(&self, cols: u16, rows: u16) -> Term {
        let vars: Vec<_> = self
            .vars()
            .into_iter()
            .filter(|(k, _)| *k != "KIOSQUE_CONFIG_DIR")
            .collect();
        Term::spawn(self.root.path(), &vars, &[], cols, rows)
    }
}

/// A flag of an article in a merged state (false when the article or the flag is absent).
pub fn flag(state: &serde_json::Value, id: &str, name: &str) -> bool {
    state["articles"][id][name].as_bool().unwrap_or(false)
}

/// Merges every state file of `dir` (see [`Env::state`]): the README's format, read without
/// kiosque's code. A missing folder is an empty state.
pub fn read_state_dir(dir: &Path) -> Result<serde_json::Value, String> {
    use std::collections::BTreeMap;
    /// (t, n, device): a change's stamp.
    type Stamp = (i64, u64, String);
    // (id, flag) -> (stamp, value)
    let mut best: BTreeMap<(String, String), (Stamp, serde_json::Value)> = BTreeMap::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(_) => return Ok(serde_json::json!({"articles": {}})),
    };
    for e in entries {
        let e = e.map_err(|e| e.to_string())?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !name.ends_with(".jsonl") {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).map_err(|e| format!("{name}: {e}"))?;
        let mut lines = text.split_inclusive('\n').filter(|l| l.ends_with('\n'));
        let Some(first) = lines.next() else { continue };
        let header: serde_json::Value =
            serde_json::from_str(first).map_err(|e| format!("{name}: header: {e}"))?;
        if header["kiosque"] != "marks" || header["version"] != 2 {
            return Err(format!("{name}: not a version 2 marks file: {header}"));
        }
        let device = header["device"]
            .as_str()
            .ok_or(format!("{name}: no device"))?
            .to_owned();
        for line in lines {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("{name}: {e}: {line}"))?;
            let id = v["id"]
                .as_str()
                .ok_or(format!("{name}: no id: {line}"))?
                .to_owned();
            let t = v["t"].as_i64().ok_or(format!("{name}: no t: {line}"))?;
            let n = v["n"].as_u64().unwrap_or(0);
            let dev = v["dev"].as_str().unwrap_or(&device).to_owned();
            for flag in ["read", "starred", "pos", "seen"] {
                if v[flag].is_null() {
                    continue;
                }
                let stamp = (t, n, dev.clone());
                let key = (id.clone(), flag.to_owned());
                let newer = best
                    .get(&key)
                    .is_none_or(|(s, old)| (s, old.to_string()) < (&stamp, v[flag].to_string()));
                if newer {
                    best.insert(key, (stamp, v[flag].clone()));
                }
            }
        }
    }
    let mut articles = serde_json::Map::new();
    for ((id, flag), (_, value)) in best {
        articles
            .entry(id)
            .or_insert_with(|| serde_json::json!({}))
            .as_object_mut()
            .unwrap()
            .insert(flag, value);
    }
    Ok(serde_json::json!({ "articles": articles }))
}

/// One line of `kiosque list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// Id.
    pub id: String,
    /// `read` or `unread`.
    pub read: bool,
    /// `starred` or `-`.
    pub starred: bool,
    /// Section.
    pub section: String,
    /// Headline.
    pub headline: String,
}

impl Listed {
    fn parse(line: &str) -> Listed {
        let f: Vec<&str> = line.splitn(5, '\t').collect();
        assert_eq!(f.len(), 5, "bad list line {line:?}");
        assert!(matches!(f[1], "read" | "unread"), "bad list line {line:?}");
        assert!(matches!(f[2], "starred" | "-"), "bad list line {line:?}");
        Listed {
            id: f[0].to_owned(),
            read: f[1] == "read",
            starred: f[2] == "starred",
            section: f[3].to_owned(),
            headline: f[4].to_owned(),
        }
    }
}

/// The id of the article whose headline contains `words` (exactly one must).
pub fn id_of(list: &[Listed], words: &str) -> String {
    let hits: Vec<&Listed> = list.iter().filter(|l| l.headline.contains(words)).collect();
    assert_eq!(hits.len(), 1, "{words:?} should name one article: {hits:?}");
    hits[0].id.clone()
}

/// The real binary in a pseudo-terminal, its output parsed by a `vt100` screen.
pub struct Term {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Set once the pty's output has ended (the child and every copy of the slave are gone).
    eof: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    // Kept so the pty stays open as long as the child may use it.
    _master: Box<dyn MasterPty + Send>,
    pid: u32,
    exited: Option<portable_pty::ExitStatus>,
}

impl Term {
    /// Spawns the binary with `args` in a `cols`×`rows` pty, in `cwd`, with the variables
    /// `vars` only.
    pub fn spawn(
        cwd: &Path,
        vars: &[(&'static str, String)],
        args: &[&str],
        cols: u16,
        rows: u16,
    ) -> Term {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.env_clear();
        for (k, v) in vars {
            cmd.env(k, v);
        }
        cmd.args(args);
        cmd.cwd(cwd);
        let child = pair.slave.spawn_command(cmd).expect("spawn kiosque");
        // Only the child holds the slave now, so its exit ends the output.
        drop(pair.slave);
        let pid = child.process_id().expect("child pid");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
            0,
        )));
        let eof = Arc::new(AtomicBool::new(false));
        let mut out = pair.master.try_clone_reader().expect("pty reader");
        let reader = {
            let parser = Arc::clone(&parser);
            let eof = Arc::clone(&eof);
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match out.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => parser.lock().unwrap().process(&buf[..n]),
                    }
                }
                eof.store(true, Ordering::SeqCst);
            })
        };
        let writer = pair.master.take_writer().expect("pty writer");
        Term {
            parser,
            eof,
            reader: Some(reader),
            writer,
            child,
            _master: pair.master,
            pid,
            exited: None,
        }
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Types `keys` (raw bytes: "\r" Enter, "\x1b" Esc, "\x1b[B" Down, "\t" Tab).
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Runs `f` on the current screen.
    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self.parser.lock().unwrap().screen())
    }

    /// The text on screen, rows separated by newlines.
    pub fn contents(&self) -> String {
        self.with_screen(|s| s.contents())
    }

    /// The rows on screen, each as text.
    pub fn rows(&self) -> Vec<String> {
        self.with_screen(|s| {
            let cols = s.size().1.get();
            s.rows(0, cols).collect()
        })
    }

    /// The screen, framed, for failure messages.
    pub fn dump(&self) -> String {
        let rows = self.rows();
        let mut out = String::from("---- screen ----\n");
        for r in rows {
            out.push_str(&r);
            out.push('\n');
        }
        out.push_str("----------------");
        out
    }

    /// Waits until the screen satisfies `cond`; panics with `what` and the screen otherwise.
    pub fn wait_until(&self, what: &str, cond: impl Fn(&Term) -> bool) {
        poll_until(
            deadline(),
            || cond(self),
            || format!("{what}\n{}", self.dump()),
        );
    }

    /// Waits until `text` is on screen.
    pub fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?} on screen"), |t| {
            t.contents().contains(text)
        });
    }

    /// Waits until `text` is no longer on screen.
    pub fn wait_gone(&self, text: &str) {
        self.wait_until(&format!("{text:?} gone from the screen"), |t| {
            !t.contents().contains(text)
        });
    }

    /// Waits until the library of `total` articles is loaded (its count in the status line,
    /// no loading progress).
    pub fn wait_loaded(&self, total: usize) {
        // The status line's count, or the list's title when an alert has the status line.
        let count = format!(" unread / {total}");
        let title = format!("All · {total} ");
        self.wait_until(&format!("a loaded library of {total}"), |t| {
            let c = t.contents();
            (c.contains(&count) || c.contains(&title)) && !c.contains("loading")
        });
    }

    /// The first screen row containing `text`.
    pub fn row_with(&self, text: &str) -> Option<String> {
        self.rows().into_iter().find(|r| r.contains(text))
    }

    /// The few characters just before `text` on its row: in the articles list, the unread
    /// marker and the star of the row whose headline starts with `text`.
    pub fn marks_before(&self, text: &str) -> Option<String> {
        let row = self.row_with(text)?;
        let at = row.find(text)?;
        let before: Vec<char> = row[..at].chars().collect();
        Some(before[before.len().saturating_sub(4)..].iter().collect())
    }

    /// Sends `signal` (a name such as "TERM") to the child with kill(1).
    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.pid.to_string())
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{signal} {} failed", self.pid);
    }

    /// Has the child ended? (Reaps it when it has.)
    pub fn has_exited(&mut self) -> bool {
        if self.exited.is_none() {
            self.exited = self.child.try_wait().expect("try_wait");
        }
        self.exited.is_some()
    }

    /// Waits until the child has ended and all its output has been read; returns its status.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let until = deadline();
        loop {
            if self.has_exited() && self.eof.load(Ordering::SeqCst) {
                break;
            }
            if Instant::now() >= until {
                panic!(
                    "kiosque did not end (exited: {:?}, output ended: {})\n{}",
                    self.exited,
                    self.eof.load(Ordering::SeqCst),
                    self.dump()
                );
            }
            std::thread::sleep(POLL);
        }
        if let Some(r) = self.reader.take() {
            r.join().unwrap();
        }
        self.exited.clone().unwrap()
    }

    /// Panics unless the terminal was given back: main screen, cursor shown.
    pub fn assert_restored(&self) {
        let (alt, hidden) = self.with_screen(|s| (s.alternate_screen(), s.hide_cursor()));
        assert!(!alt, "still in the alternate screen\n{}", self.dump());
        assert!(!hidden, "the cursor is still hidden\n{}", self.dump());
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if !self.has_exited() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Term {
    /// Filters the list down to the one article matching `word` (`/`, the word, Enter), then
    /// opens it (Enter) and waits until the reader shows it (its `id` is in the status line
    /// only while the reader has the focus).
    pub fn open_by_filter(&mut self, word: &str, id: &str) {
        self.send("/");
        self.send(word);
        self.wait_for(" 1 matching");
        self.send(ENTER);
        self.wait_for(&format!("filter “{word}”"));
        self.send(ENTER);
        self.wait_for(id);
    }

    /// Closes the reader with `q` and waits until it is closed.
    pub fn close_reader(&mut self, id: &str) {
        self.send("q");
        self.wait_gone(id);
    }
}

/// Every byte the pty sent to the terminal, in order, as kept by [`Term::spawn_recording`]:
/// what a real terminal would have obeyed, escape sequences included.
#[derive(Clone, Default)]
pub struct Recording(Arc<Mutex<Vec<u8>>>);

impl Recording {
    /// A copy of the bytes received so far.
    pub fn bytes(&self) -> Vec<u8> {
        self.0.lock().unwrap().clone()
    }

    /// How many bytes were received so far.
    pub fn len(&self) -> usize {
        self.0.lock().unwrap().len()
    }

    /// True when nothing was received yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Term {
    /// As [`Term::spawn`], and also keeps a copy of every byte the pty received, so a test can
    /// check the raw stream rather than only the screen it produced.
    pub fn spawn_recording(
        cwd: &Path,
        vars: &[(&'static str, String)],
        args: &[&str],
        cols: u16,
        rows: u16,
    ) -> (Term, Recording) {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.env_clear();
        for (k, v) in vars {
            cmd.env(k, v);
        }
        cmd.args(args);
        cmd.cwd(cwd);
        let child = pair.slave.spawn_command(cmd).expect("spawn kiosque");
        drop(pair.slave);
        let pid = child.process_id().expect("child pid");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
            0,
        )));
        let eof = Arc::new(AtomicBool::new(false));
        let recording = Recording::default();
        let mut out = pair.master.try_clone_reader().expect("pty reader");
        let reader = {
            let parser = Arc::clone(&parser);
            let eof = Arc::clone(&eof);
            let raw = Arc::clone(&recording.0);
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match out.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            raw.lock().unwrap().extend_from_slice(&buf[..n]);
                            parser.lock().unwrap().process(&buf[..n]);
                        }
                    }
                }
                eof.store(true, Ordering::SeqCst);
            })
        };
        let writer = pair.master.take_writer().expect("pty writer");
        let term = Term {
            parser,
            eof,
            reader: Some(reader),
            writer,
            child,
            _master: pair.master,
            pid,
            exited: None,
        };
        (term, recording)
    }

    /// Resizes the terminal: the emulated screen first, then the pty (which sends the child
    /// SIGWINCH).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.parser.lock().unwrap().set_size(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
        );
        self._master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }

    /// The screen size, as (columns, rows).
    pub fn size(&self) -> (u16, u16) {
        self.with_screen(|s| {
            let (rows, cols) = s.size();
            (cols.get(), rows.get())
        })
    }

    /// As [`Term::wait_until`], with a deadline of `patience` instead of the default one.
    pub fn wait_until_within(&self, patience: Duration, what: &str, cond: impl Fn(&Term) -> bool) {
        poll_until(
            Instant::now() + patience,
            || cond(self),
            || format!("{what}\n{}", self.dump()),
        );
    }
}
