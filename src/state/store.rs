//! The state folder on disk: this device's file appended to, every file read and merged.
//!
//! `<state folder>/marks-<device id>.jsonl` is this device's file (format in
//! [`super::record`]). Only this device writes it; every `*.jsonl` file of the folder is read:
//! other devices' files and the conflict copies sync tools make
//! (`marks-<id>.sync-conflict-….jsonl`, `marks-<id> (conflicted copy …).jsonl`). Names starting
//! with a dot (temporaries, sync tools' own files) are passed by.
//!
//! - **Appending** a change writes one line and fsyncs it: a change costs the same beside
//!   100 000 marks as beside none. Writers of this device (the reader, `kiosque mark`) append
//!   under a shared lock of the file, so any number append at once.
//! - **Compaction** (when superseded lines outnumber the live ones) rewrites the file with one
//!   line per article and flag, atomically, under an exclusive lock, keeping its permissions. An
//!   appender that opened the old file sees it was replaced and appends to the new one.
//! - **Reading** is incremental: each file is read from where the last read stopped (a file
//!   replaced is read again whole), so the reader can look every second at almost no cost. A
//!   torn last line (a writer killed mid-write) is left for later, and the next append starts
//!   on a new line.
//! - A file that is not a state file is moved aside (`*.corrupt-<unix seconds>`); a file of a
//!   newer format is left alone (and, when it is this device's, nothing is saved over it).
//!   Links, FIFOs, devices and huge files are refused, never followed or waited on.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rustc_hash::{FxHashMap, FxHashSet};

use super::record::{self, BadHeader, Header};
use super::{Change, Flag, import};
use crate::disk;

/// The folder's name in the config dir, when `config.toml` names no `state_dir`.
pub const FOLDER: &str = "state";
/// The extension of state files.
const EXT: &str = ".jsonl";
/// A state file is refused above this size (100 000 articles read, starred and with a reading
/// position take ~20 MB).
pub(super) const CAP: u64 = 256 << 20;
/// The longest a writer waits for another one's lock before saying so.
pub const LOCK_WAIT: Duration = Duration::from_secs(5);
/// Superseded lines tolerated beyond the live ones before this device's file is compacted.
const SLACK: usize = 1024;

/// The state folder: `configured` (`state_dir` of `config.toml`, relative to the config dir),
/// else `<config dir>/state`.
pub fn state_dir(config_dir: &Path, configured: Option<&Path>) -> PathBuf {
    match configured {
        Some(dir) => config_dir.join(dir),
        None => config_dir.join(FOLDER),
    }
}

/// The name of `device`'s file.
pub fn file_name(device: u64) -> String {
    format!("marks-{}{EXT}", crate::article::format_id(device))
}

/// How far a file has been read.
#[derive(Debug, Default, Clone)]
struct Progress {
    dev: u64,
    ino: u64,
    /// Bytes read (always the end of a complete line).
    offset: u64,
    /// The device of the file's header, once read.
    device: Option<u64>,
    /// Not to be read (a newer format, or refused) until it changes.
    skip: bool,
}

/// What a look at the folder found.
#[derive(Debug, Default)]
pub struct Refresh {
    /// Changes read (some may already be known: applying them again changes nothing).
    pub changes: Vec<Change>,
    /// Things the user should be told (a file moved aside, lines that could not be read).
    pub notices: Vec<String>,
}

/// The state folder, for one device.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    device: u64,
    /// This device's file name.
    own: String,
    writable: bool,
    files: FxHashMap<OsString, Progress>,
    /// Files already reported as refused (said once, not every second).
    reported: FxHashSet<OsString>,
    /// Lines and distinct (article, flag) pairs in this device's file, as far as read.
    own_lines: usize,
    own_keys: FxHashSet<(u64, Flag)>,
    /// Why nothing may be written (this device's file is a newer kiosque's).
    blocked: Option<String>,
    /// Set to give up a wait for a lock at once (a second signal to the reader).
    stop: Arc<AtomicBool>,
    /// The longest wait for a lock.
    lock_wait: Duration,
}

impl Store {
    /// Opens the state folder `dir` for `device`, reading every file of it. Writable, it creates
    /// the folder (private) when missing and, when this device has no file yet and
    /// `<config dir>/state.json` holds marks of the first format, starts the file with them
    /// (leaving `state.json` as it was). Read-only, it changes nothing on disk.
    pub fn open(
        config_dir: &Path,
        dir: &Path,
        device: u64,
        writable: bool,
    ) -> Result<(Store, Refresh), String> {
        if writable {
            // Each folder made is fsync'd in its parent: a first mark used to be acknowledged
            // before the state folder's own name was durable (tests/state_faults.rs, strace).
            disk::create_dir_durably(dir)
                .map_err(|e| format!("cannot create the state folder: {e} ({})", show(dir)))?;
        }
        match fs::metadata(dir) {
            Ok(m) if !m.is_dir() => {
                return Err(format!("{} is not a folder", show(dir)));
            }
            _ => {}
        }
        let mut store = Store {
            dir: dir.to_owned(),
            device,
            own: file_name(device),
            writable,
            files: FxHashMap::default(),
            reported: FxHashSet::default(),
            own_lines: 0,
            own_keys: FxHashSet::default(),
            blocked: None,
            stop: Arc::new(AtomicBool::new(false)),
            lock_wait: LOCK_WAIT,
        };
        let mut found = store.refresh();
        if !store.files.contains_key(std::ffi::OsStr::new(&store.own)) {
            match import::read(config_dir, device) {
                Ok(None) => {}
                Ok(Some(changes)) => {
                    let n = changes.len();
                    if writable {
                        store.create_own(Some(import::FILE), &changes)?;
                        found.notices.push(format!(
                            "{n} marks imported from {} (left as it was)",
                            import::FILE
                        ));
                    }
                    found.changes.extend(changes);
                }
                Err(why) => found.notices.push(format!(
                    "{} could not be imported ({why}); it is left as it was",
                    show(&config_dir.join(import::FILE))
                )),
            }
        }
        Ok((store, found))
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The flag that makes a wait for a lock give up at once.
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.stop)
    }

    /// Makes `stop` the flag that ends a wait for a lock (shared with another store).
    pub fn set_stop_flag(&mut self, stop: Arc<AtomicBool>) {
        self.stop = stop;
    }

    /// Sets the longest wait for a lock (tests).
    pub fn set_lock_wait(&mut self, wait: Duration) {
        self.lock_wait = wait;
    }

    /// Why nothing can be saved, if so.
    pub fn blocked(&self) -> Option<&str> {
        self.blocked.as_deref()
    }

    /// Reads what is new in the folder: files added or grown since the last look, files
    /// replaced read again whole.
    pub fn refresh(&mut self) -> Refresh {
        let mut found = Refresh::default();
        let entries = match fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return found,
            Err(e) => {
                found.notices.push(format!(
                    "cannot read the state folder: {e} ({})",
                    show(&self.dir)
                ));
                return found;
            }
        };
        let mut present = FxHashSet::default();
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(text) = name.to_str() else { continue };
            if text.starts_with('.') || !text.ends_with(EXT) {
                continue;
            }
            present.insert(name.clone());
            self.look_at(&name, &mut found);
        }
        self.files.retain(|name, _| present.contains(name));
        self.reported.retain(|name| present.contains(name));
        found
    }

    /// Reads what is new in one file of the folder.
    fn look_at(&mut self, name: &OsString, found: &mut Refresh) {
        let path = self.dir.join(name);
        let meta = match fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(_) => return,
        };
        let refused = if meta.file_type().is_symlink() {
            Some("is a symbolic link".to_owned())
        } else {
            disk::check_regular(&meta, CAP).err().map(|e| e.to_string())
        };
        if let Some(why) = refused {
            if self.reported.insert(name.clone()) {
                found
                    .notices
                    .push(format!("{} {why}: not read", show_name(&path)));
            }
            if *name == *self.own {
                self.blocked = Some(format!("{} {why}: marks are not saved", show(&path)));
            }
            return;
        }
        let progress = self.files.entry(name.clone()).or_default();
        if (progress.dev, progress.ino) != (meta.dev(), meta.ino()) || meta.len() < progress.offset
        {
            *progress = Progress {
                dev: meta.dev(),
                ino: meta.ino(),
                ..Progress::default()
            };
            if *name == *self.own {
                self.own_lines = 0;
                self.own_keys.clear();
            }
        }
        if progress.skip || meta.len() == progress.offset {
            return;
        }
        if let Err(why) = self.read_file(name, found) {
            found.notices.push(why);
        }
    }

    /// Reads `name` from where the last read stopped.
    fn read_file(&mut self, name: &OsString, found: &mut Refresh) -> Result<(), String> {
        let path = self.dir.join(name);
        let (mut file, meta) = disk::open_regular(&path, CAP, disk::Links::Refuse)
            .map_err(|e| format!("{}: {e}", show_name(&path)))?;
        let own = *name == *self.own;
        let mut progress = self.files.get(name).cloned().unwrap_or_default();
        if (progress.dev, progress.ino) != (meta.dev(), meta.ino()) {
            // Replaced between the look and the open: read the new one whole.
            progress = Progress {
                dev: meta.dev(),
                ino: meta.ino(),
                ..Progress::default()
            };
        }
        let mut bytes = Vec::new();
        file.seek(SeekFrom::Start(progress.offset))
            .and_then(|_| file.take(CAP).read_to_end(&mut bytes))
            .map_err(|e| format!("{}: {e}", show_name(&path)))?;
        // Only complete lines are taken; a torn one waits for its end (or the next append).
        let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let mut lines = bytes[..complete].split(|&b| b == b'\n');
        if progress.offset == 0 {
            // Headers are written whole (a file is born by a rename or a link), so a first
            // line without its end is not one being written: it is read as it is.
            let first = if complete > 0 {
                lines.next().unwrap_or_default()
            } else {
                &bytes[..]
            };
            match record::parse_header(first) {
                Ok(h) => progress.device = Some(h.device),
                Err(bad) => {
                    progress.skip = true;
                    progress.offset = meta.len();
                    self.files.insert(name.clone(), progress);
                    return Err(self.refuse(&path, own, bad));
                }
            }
        }
        let device = progress.device.unwrap_or(self.device);
        let mut bad = 0;
        for line in lines {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let parsed = record::parse_change(line, device, |c| {
                if own {
                    self.own_keys.insert((c.id, c.value.flag()));
                }
                found.changes.push(c);
            });
            if parsed.is_err() {
                bad += 1;
            }
            if own {
                self.own_lines += 1;
            }
        }
        progress.offset += complete as u64;
        self.files.insert(name.clone(), progress);
        if bad > 0 {
            found.notices.push(format!(
                "{}: {bad} line{} could not be read and {} passed over",
                show_name(&path),
                if bad == 1 { "" } else { "s" },
                if bad == 1 { "was" } else { "were" }
            ));
        }
        Ok(())
    }

    /// What to do with a file whose first line is not a header this kiosque reads; returns
    /// what to tell the user.
    fn refuse(&mut self, path: &Path, own: bool, bad: BadHeader) -> String {
        match bad {
            BadHeader::Newer(v) => {
                let why = format!(
                    "{} was written by a newer kiosque (format {v}; this one knows {}): it is \
                     left as it is",
                    show_name(path),
                    record::VERSION
                );
                if own {
                    self.blocked = Some(format!("{why} and marks are not saved"));
                }
                why
            }
            BadHeader::NotOurs(why) if self.writable => match move_aside(path) {
                Ok(aside) => format!(
                    "{} was moved to {}: it could not be read ({why})",
                    show_name(path),
                    show_name(&aside)
                ),
                Err(e) => {
                    if own {
                        self.blocked =
                            Some(format!("{} cannot be read or moved aside: {e}", show(path)));
                    }
                    format!(
                        "{} could not be read ({why}) nor moved aside: {e}",
                        show(path)
                    )
                }
            },
            BadHeader::NotOurs(why) => format!("{} could not be read ({why})", show_name(path)),
        }
    }

    /// Starts this device's file with `changes`, unless another process just did (then
    /// nothing is written and `false` returned). The file appears whole or not at all.
    fn create_own(&mut self, imported: Option<&str>, changes: &[Change]) -> Result<bool, String> {
        let path = self.dir.join(&self.own);
        let mut text = record::header_line(&Header {
            version: record::VERSION,
            device: self.device,
            imported: imported.map(str::to_owned),
        });
        for c in changes {
            record::change_line(c, self.device, &mut text);
        }
        let (tmp, mut f) = disk::create_temp(&self.dir, &self.own)
            .map_err(|e| format!("cannot save: {e} ({})", show(&path)))?;
        let result = (|| -> std::io::Result<bool> {
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            // A link never replaces an existing file: of two processes starting the file at
            // once, one wins and the other appends to it.
            let made = match fs::hard_link(&tmp, &path) {
                Ok(()) => true,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => false,
                // A file system without hard links (some sync mounts): rename, checked first.
                Err(_) if fs::symlink_metadata(&path).is_err() => {
                    fs::rename(&tmp, &path)?;
                    true
                }
                Err(e) => return Err(e),
            };
            let _ = fs::remove_file(&tmp);
            disk::sync_dir(&self.dir)?;
            Ok(made)
        })();
        let _ = fs::remove_file(&tmp);
        let made = result.map_err(|e| format!("cannot save: {e} ({})", show(&path)))?;
        if made {
            let meta = fs::symlink_metadata(&path).map_err(|e| e.to_string())?;
            self.files.insert(
                self.own.clone().into(),
                Progress {
                    dev: meta.dev(),
                    ino: meta.ino(),
                    offset: text.len() as u64,
                    device: Some(self.device),
                    skip: false,
                },
            );
            self.own_lines = changes.len();
            self.own_keys = changes.iter().map(|c| (c.id, c.value.flag())).collect();
        }
        Ok(made)
    }

    /// Appends `changes` to this device's file and makes them durable (fsync) before
    /// returning. Waits at most [`LOCK_WAIT`] for a compaction by another process.
    pub fn append(&mut self, changes: &[Change]) -> Result<(), String> {
        if let Some(why) = &self.blocked {
            return Err(why.clone());
        }
        if changes.is_empty() {
            return Ok(());
        }
        if !self.writable {
            return Err("the state was opened read-only".into());
        }
        let path = self.dir.join(&self.own);
        let deadline = Instant::now() + self.lock_wait;
        loop {
            let file = match OpenOptions::new()
                .read(true)
                .append(true)
                .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
                .open(&path)
            {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if self.create_own(None, changes)? {
                        return Ok(());
                    }
                    continue;
                }
                Err(e) => return Err(format!("cannot save: {e} ({})", show(&path))),
            };
            let meta = file
                .metadata()
                .map_err(|e| format!("cannot save: {e} ({})", show(&path)))?;
            disk::check_regular(&meta, CAP)
                .map_err(|e| format!("cannot save: {} {e}", show(&path)))?;
            self.lock(&file, false, deadline, &path)?;
            if !disk::same_file(&meta, &path) {
                // Compacted since it was opened: append to the new file.
                continue;
            }
            let known = self.files.get(std::ffi::OsStr::new(&self.own)).cloned();
            let read_all = known
                .as_ref()
                .is_some_and(|p| (p.dev, p.ino, p.offset) == (meta.dev(), meta.ino(), meta.len()));
            if known.as_ref().is_none_or(|p| p.device.is_none()) {
                // Not read yet (made by another process just now): its header must be ours.
                let mut found = Refresh::default();
                self.look_at(&self.own.clone().into(), &mut found);
                if let Some(why) = &self.blocked {
                    return Err(why.clone());
                }
            }
            let mut text = String::new();
            if meta.len() > 0 {
                let mut last = [0u8];
                file.read_exact_at(&mut last, meta.len() - 1)
                    .map_err(|e| format!("cannot save: {e} ({})", show(&path)))?;
                if last[0] != b'\n' {
                    // A writer was killed mid-line: start a line of our own.
                    text.push('\n');
                }
            }
            for c in changes {
                record::change_line(c, self.device, &mut text);
            }
            (&file)
                .write_all(text.as_bytes())
                .and_then(|()| file.sync_data())
                .map_err(|e| format!("cannot save: {e} ({})", show(&path)))?;
            if read_all && let Some(p) = self.files.get_mut(std::ffi::OsStr::new(&self.own)) {
                // Nothing else was in between: these lines need not be read back.
                p.offset += text.len() as u64;
                self.own_lines += changes.len();
                self.own_keys
                    .extend(changes.iter().map(|c| (c.id, c.value.flag())));
            }
            return Ok(());
        }
    }

    /// Takes `file`'s lock (shared or exclusive), waiting at most until `deadline`.
    fn lock(
        &self,
        file: &File,
        exclusive: bool,
        deadline: Instant,
        path: &Path,
    ) -> Result<(), String> {
        loop {
            let tried = if exclusive {
                file.try_lock()
            } else {
                file.try_lock_shared()
            };
            match tried {
                Ok(()) => return Ok(()),
                Err(fs::TryLockError::WouldBlock) => {}
                // A file system without locks: go on without (appends stay whole lines).
                Err(fs::TryLockError::Error(_)) => return Ok(()),
            }
            if self.stop.load(Ordering::SeqCst) {
                return Err(format!(
                    "gave up waiting for the lock of {} (interrupted)",
                    show_name(path)
                ));
            }
            if Instant::now() >= deadline {
                // Only appends take it shared: an exclusive wait is a compaction's, whose marks
                // are already saved (it used to say "marks not saved yet" after a mark that was
                // saved and acknowledged; tests/state_attacks.rs).
                let then = if exclusive {
                    "compaction put off"
                } else {
                    "marks not saved yet"
                };
                return Err(format!(
                    "{} is locked by another process (waited {:.1} s); {then}",
                    show_name(path),
                    self.lock_wait.as_secs_f32()
                ));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Does this device's file hold enough superseded lines to be worth compacting?
    pub fn needs_compaction(&self) -> bool {
        self.own_lines >= 2 * self.own_keys.len() + SLACK
    }

    /// Rewrites this device's file with one line per article and flag (see the module's
    /// notes), if it is worth it. Returns the changes the file held (the caller applies them:
    /// some may not have been read yet) and what to tell the user.
    pub fn compact(&mut self) -> Result<Option<Refresh>, String> {
        if !self.writable || self.blocked.is_some() || !self.needs_compaction() {
            return Ok(None);
        }
        super::compact::run(self)
    }
}

/// Parts of [`Store`] the compaction needs.
impl Store {
    pub(super) fn own_path(&self) -> PathBuf {
        self.dir.join(&self.own)
    }

    pub(super) fn lock_exclusive(&self, file: &File, path: &Path) -> Result<(), String> {
        self.lock(file, true, Instant::now() + self.lock_wait, path)
    }

    /// Notes that this device's file is now `meta`, holding `len` bytes: `keys` distinct
    /// (article, flag) pairs on as many lines.
    pub(super) fn compacted(
        &mut self,
        meta: &fs::Metadata,
        len: u64,
        keys: FxHashSet<(u64, Flag)>,
    ) {
        self.files.insert(
            self.own.clone().into(),
            Progress {
                dev: meta.dev(),
                ino: meta.ino(),
                offset: len,
                device: Some(self.device),
                skip: false,
            },
        );
        self.own_lines = keys.len();
        self.own_keys = keys;
    }

    pub(super) fn device(&self) -> u64 {
        self.device
    }
}

/// Moves a file that is not a state file to `<name>.corrupt-<unix seconds>` (never over
/// another one).
pub(super) fn move_aside(file: &Path) -> Result<PathBuf, String> {
    let aside = aside_name(file);
    fs::rename(file, &aside).map_err(|e| e.to_string())?;
    Ok(aside)
}

/// `<file>.corrupt-<unix seconds>`, a name not yet taken.
pub(super) fn aside_name(file: &Path) -> PathBuf {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let name = file
        .file_name()
        .map_or_else(Default::default, |n| n.to_string_lossy().into_owned());
    let mut aside = file.with_file_name(format!("{name}.corrupt-{secs}"));
    let mut n = 1;
    while fs::symlink_metadata(&aside).is_ok() {
        aside = file.with_file_name(format!("{name}.corrupt-{secs}-{n}"));
        n += 1;
    }
    aside
}

/// The name of a file of the state folder, as it may be printed (messages stay short enough
/// for the status line).
pub(super) fn show_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || show(p),
        |n| crate::sanitize::one_line(&n.to_string_lossy()),
    )
}

/// A path as it may be printed.
pub(super) fn show(p: &Path) -> String {
    crate::sanitize::one_line(&p.to_string_lossy())
}

#[cfg(test)]
mod tests;
