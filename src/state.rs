//! Saved state (SPEC §6): which articles are read and starred, kept in `<config dir>/state.json`.
//!
//! ```json
//! {"version": 1,
//!  "articles": {"2e7dbad873d5f945": {"read": true, "starred": false, "changed": 1764280000123,
//!                                    "read_changed": 1764280000123, "starred_changed": 0}}}
//! ```
//!
//! `changed` is the time of the last change to that article in milliseconds since the epoch;
//! `read_changed` and `starred_changed` (optional, default `changed`) time each flag. Two states
//! merge article by article and flag by flag, the later change winning, so the reader, a second reader and
//! `kiosque mark` can all write: each save takes a lock, reads what is on disk, merges, and
//! replaces the file atomically (temporary file in the same folder, fsync, rename, fsync of the
//! folder). A file that cannot be parsed is moved aside, never overwritten.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The schema version written.
pub const VERSION: u32 = 1;
/// The file name in the config dir.
pub const FILE: &str = "state.json";

/// What is known of one article. Each flag carries the time it last changed, so a merge takes
/// each flag from the side that changed it last: starring in one process and marking read in
/// another both survive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mark {
    /// Has it been read?
    #[serde(default)]
    pub read: bool,
    /// Is it starred?
    #[serde(default)]
    pub starred: bool,
    /// When this mark last changed, either flag (ms since the epoch).
    #[serde(default)]
    pub changed: i64,
    /// When `read` last changed (0: never; absent: at `changed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_changed: Option<i64>,
    /// When `starred` last changed (0: never; absent: at `changed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starred_changed: Option<i64>,
}

impl Mark {
    /// A mark never changed.
    const NEVER: Mark = Mark {
        read: false,
        starred: false,
        changed: 0,
        read_changed: Some(0),
        starred_changed: Some(0),
    };

    fn read_time(&self) -> (i64, bool) {
        (self.read_changed.unwrap_or(self.changed), self.read)
    }

    fn starred_time(&self) -> (i64, bool) {
        (self.starred_changed.unwrap_or(self.changed), self.starred)
    }

    /// Each flag from whichever side changed it last (on a tie, the set flag wins, so the
    /// result never depends on which side is which).
    fn merged(&self, other: &Mark) -> Mark {
        let read = self.read_time().max(other.read_time());
        let starred = self.starred_time().max(other.starred_time());
        Mark {
            read: read.1,
            starred: starred.1,
            changed: self.changed.max(other.changed).max(read.0).max(starred.0),
            read_changed: Some(read.0),
            starred_changed: Some(starred.0),
        }
    }
}

/// One of the two flags of a mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flag {
    /// Read.
    Read,
    /// Starred.
    Starred,
}

/// Read and starred marks by article id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// Marks by id.
    pub marks: BTreeMap<u64, Mark>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct OnDisk {
    version: u32,
    #[serde(default)]
    articles: BTreeMap<String, Mark>,
}

impl State {
    /// The mark of `id` (unread and not starred when never touched).
    pub fn get(&self, id: u64) -> Mark {
        self.marks.get(&id).copied().unwrap_or_default()
    }

    /// Is `id` read?
    pub fn is_read(&self, id: u64) -> bool {
        self.get(id).read
    }

    /// Is `id` starred?
    pub fn is_starred(&self, id: u64) -> bool {
        self.get(id).starred
    }

    /// Sets whether `id` is read, as of `now` (ms since the epoch, from a [`Clock`]); returns the
    /// previous mark.
    pub fn set_read(&mut self, id: u64, read: bool, now: i64) -> Mark {
        let old = self.get(id);
        let m = self.marks.entry(id).or_insert(Mark::NEVER);
        m.read = read;
        m.read_changed = Some(now);
        m.changed = now;
        old
    }

    /// Sets whether `id` is starred, as of `now`; returns the previous mark.
    pub fn set_starred(&mut self, id: u64, starred: bool, now: i64) -> Mark {
        let old = self.get(id);
        let m = self.marks.entry(id).or_insert(Mark::NEVER);
        m.starred = starred;
        m.starred_changed = Some(now);
        m.changed = now;
        old
    }

    /// When `id`'s `flag` last changed (0: never).
    pub fn flag_time(&self, id: u64, flag: Flag) -> i64 {
        let m = self.get(id);
        match flag {
            Flag::Read => m.read_time().0,
            Flag::Starred => m.starred_time().0,
        }
    }

    /// Merges `other` in: for each article and each flag, the later change wins.
    pub fn merge(&mut self, other: &State) {
        for (&id, theirs) in &other.marks {
            let merged = match self.marks.get(&id) {
                Some(ours) => ours.merged(theirs),
                None => *theirs,
            };
            self.marks.insert(id, merged);
        }
    }

    /// The JSON text of the state.
    pub fn to_json(&self) -> String {
        let disk = OnDisk {
            version: VERSION,
            articles: self
                .marks
                .iter()
                .map(|(id, m)| (crate::article::format_id(*id), *m))
                .collect(),
        };
        // Serialising maps of strings to plain structs cannot fail.
        serde_json::to_string_pretty(&disk).unwrap_or_default() + "\n"
    }

    /// Parses the JSON text of a state.
    pub fn from_json(text: &str) -> Result<State, String> {
        let disk: OnDisk = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if disk.version != VERSION {
            return Err(format!("unknown version {}", disk.version));
        }
        let mut marks = BTreeMap::new();
        for (key, mark) in disk.articles {
            let id = u64::from_str_radix(&key, 16)
                .ok()
                .filter(|_| key.len() == 16)
                .ok_or_else(|| format!("bad article id {key:?}"))?;
            marks.insert(id, mark);
        }
        Ok(State { marks })
    }
}

/// Milliseconds since the epoch that never go back within one process, so two changes in one
/// millisecond still order.
#[derive(Debug, Default)]
pub struct Clock {
    last: i64,
}

impl Clock {
    /// The next time stamp.
    pub fn now(&mut self) -> i64 {
        let wall = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        self.last = wall.max(self.last + 1);
        self.last
    }
}

/// The state file in `dir`.
pub fn path(dir: &Path) -> PathBuf {
    dir.join(FILE)
}

/// Loads the state in `dir`. A missing file is an empty state; a file that cannot be parsed is
/// moved aside and the returned notice says where. An error means the file exists but could not
/// be read or moved: the caller must not save over it.
pub fn load(dir: &Path) -> Result<(State, Option<String>), String> {
    let file = path(dir);
    let text = match fs::read(&file) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((State::default(), None)),
        Err(e) => return Err(format!("cannot read the state: {e} ({})", show(&file))),
    };
    let parsed = std::str::from_utf8(&text)
        .map_err(|e| e.to_string())
        .and_then(State::from_json);
    match parsed {
        Ok(state) => Ok((state, None)),
        Err(_) if let Some(v) = newer_version(&text) => Err(format!(
            "{} was written by a newer kiosque (state version {v}; this one knows {VERSION}): \
             it is left as it is and marks are not saved",
            show(&file)
        )),
        Err(why) => {
            let aside = move_aside(&file)?;
            Ok((
                State::default(),
                Some(format!(
                    "{FILE} was corrupt and moved to {}; starting afresh ({why})",
                    aside
                        .file_name()
                        .map_or_else(|| show(&aside), |n| show(Path::new(n)))
                )),
            ))
        }
    }
}

/// The version of a state a newer kiosque wrote: a file that is not corrupt, only ahead of us.
/// It is not moved aside (the newer kiosque would lose its marks to a fresh file) but left
/// untouched, and nothing is saved over it.
fn newer_version(text: &[u8]) -> Option<u32> {
    #[derive(serde::Deserialize)]
    struct Versioned {
        version: u32,
    }
    serde_json::from_slice::<Versioned>(text)
        .ok()
        .map(|v| v.version)
        .filter(|&v| v > VERSION)
}

/// Loads the state in `dir` without changing anything on disk, for commands that only look.
pub fn load_readonly(dir: &Path) -> Result<State, String> {
    let file = path(dir);
    match fs::read(&file) {
        Ok(bytes) => std::str::from_utf8(&bytes)
            .map_err(|e| e.to_string())
            .and_then(State::from_json)
            .map_err(|why| {
                format!(
                    "{} cannot be read ({why}); marks are not shown",
                    show(&file)
                )
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
        Err(e) => Err(format!("cannot read the state: {e} ({})", show(&file))),
    }
}

/// Moves a corrupt state file to `state.json.corrupt-<unix seconds>` (never over another one).
fn move_aside(file: &Path) -> Result<PathBuf, String> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut aside = file.with_file_name(format!("{FILE}.corrupt-{secs}"));
    let mut n = 1;
    while aside.exists() {
        aside = file.with_file_name(format!("{FILE}.corrupt-{secs}-{n}"));
        n += 1;
    }
    fs::rename(file, &aside).map_err(|e| {
        format!(
            "cannot move aside the unreadable state: {e} ({})",
            show(file)
        )
    })?;
    Ok(aside)
}

fn show(p: &Path) -> String {
    crate::sanitize::one_line(&p.to_string_lossy())
}

/// Saves `state` into `dir`, merged with what is on disk; `state` becomes the merged state.
/// Returns a notice when the file on disk was unreadable and had to be moved aside.
pub fn save(dir: &Path, state: &mut State) -> Result<Option<String>, String> {
    fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create the config dir: {e} ({})", show(dir)))?;
    let lock_path = dir.join(format!("{FILE}.lock"));
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| format!("cannot write in the config dir: {e} ({})", show(dir)))?;
    lock.lock()
        .map_err(|e| format!("cannot lock the state: {e} ({})", show(&lock_path)))?;
    remove_stale_temporaries(dir);
    let (on_disk, notice) = load(dir)?;
    state.merge(&on_disk);
    write_atomically(dir, &state.to_json())?;
    // Dropping the handle releases the lock.
    drop(lock);
    Ok(notice)
}

/// Removes the temporary files left by writers killed while saving. Only the holder of the lock
/// writes one, so with the lock held every other one is a leftover.
fn remove_stale_temporaries(dir: &Path) {
    let prefix = format!(".{FILE}.tmp-");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(e.path());
        }
    }
}

fn write_atomically(dir: &Path, text: &str) -> Result<(), String> {
    let file = path(dir);
    let tmp = dir.join(format!(".{FILE}.tmp-{}", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        fs::rename(&tmp, &file)?;
        File::open(dir)?.sync_all()
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        format!("cannot save: {e} ({})", show(&file))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(read: bool, starred: bool, changed: i64) -> Mark {
        Mark {
            read,
            starred,
            changed,
            ..Mark::default()
        }
    }

    fn flags(s: &State, id: u64) -> (bool, bool) {
        (s.is_read(id), s.is_starred(id))
    }

    #[test]
    fn merge_keeps_the_later_change_per_article() {
        let mut a = State::default();
        a.marks.insert(1, mark(true, false, 10));
        a.marks.insert(2, mark(false, false, 30));
        let mut b = State::default();
        b.marks.insert(1, mark(false, true, 20));
        b.marks.insert(2, mark(true, true, 5));
        b.marks.insert(3, mark(true, false, 1));
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b.clone();
        ba.merge(&a);
        assert_eq!(ab, ba, "merging is symmetric");
        assert_eq!(flags(&ab, 1), (false, true));
        assert_eq!(flags(&ab, 2), (false, false));
        assert_eq!(flags(&ab, 3), (true, false));
        assert_eq!(ab.get(1).changed, 20);
    }

    #[test]
    fn each_flag_merges_on_its_own() {
        // One process marks read, another stars, from the same starting point.
        let mut reader = State::default();
        reader.set_read(1, true, 100);
        let mut marker = State::default();
        marker.set_starred(1, true, 200);
        reader.merge(&marker);
        assert_eq!(flags(&reader, 1), (true, true));
        // A mark file written without per-flag times (by hand, say) times both flags by `changed`.
        let legacy = State::from_json(
            r#"{"version": 1, "articles": {"0000000000000001": {"read": false, "changed": 50}}}"#,
        )
        .unwrap();
        let mut merged = reader.clone();
        merged.merge(&legacy);
        assert_eq!(
            flags(&merged, 1),
            (true, true),
            "50 is older than both changes"
        );
        // An undo is a new change: it wins over the older one it undoes.
        reader.set_read(1, false, 300);
        reader.merge(&marker);
        assert_eq!(flags(&reader, 1), (false, true));
        assert_eq!(reader.flag_time(1, Flag::Read), 300);
    }

    #[test]
    fn json_round_trip_and_schema() {
        let mut s = State::default();
        s.set_read(0x2e7dbad873d5f945, true, 1234);
        let json = s.to_json();
        assert!(json.contains("\"version\": 1"));
        assert!(json.contains("\"2e7dbad873d5f945\""));
        assert_eq!(State::from_json(&json).unwrap(), s);
        assert!(State::from_json("{\"version\": 9}").is_err());
        assert!(State::from_json("{\"version\": 1, \"articles\": {\"xyz\": {}}}").is_err());
    }

    #[test]
    fn clock_never_goes_back() {
        let mut c = Clock::default();
        let a = c.now();
        let b = c.now();
        assert!(b > a);
    }

    #[test]
    fn save_merges_with_disk_and_is_atomic() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = State::default();
        first.set_read(1, true, 10);
        save(dir.path(), &mut first).unwrap();
        let mut second = State::default();
        second.set_read(2, true, 20);
        second.set_starred(2, true, 21);
        save(dir.path(), &mut second).unwrap();
        let (on_disk, notice) = load(dir.path()).unwrap();
        assert!(notice.is_none());
        assert!(on_disk.is_read(1) && on_disk.is_read(2) && on_disk.is_starred(2));
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.contains("tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn a_newer_version_is_left_alone_and_never_saved_over() {
        let dir = tempfile::tempdir().unwrap();
        let newer = r#"{"version": 2, "articles": {}, "folders": ["a new thing"]}"#;
        fs::write(path(dir.path()), newer).unwrap();
        let why = load(dir.path()).unwrap_err();
        assert!(why.contains("newer kiosque"), "{why}");
        let mut s = State::default();
        s.set_read(1, true, 10);
        assert!(save(dir.path(), &mut s).is_err());
        assert_eq!(fs::read_to_string(path(dir.path())).unwrap(), newer);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            2,
            "only the file and its lock"
        );
        // An older or unknown-looking version is corrupt, as before.
        fs::write(path(dir.path()), r#"{"version": 0}"#).unwrap();
        assert!(load(dir.path()).unwrap().1.is_some());
    }

    #[test]
    fn corrupt_file_is_moved_aside_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(path(dir.path()), "{not json").unwrap();
        let (state, notice) = load(dir.path()).unwrap();
        assert!(state.marks.is_empty());
        let notice = notice.unwrap();
        assert!(notice.contains("state.json.corrupt-"), "{notice}");
        let aside: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains("corrupt-"))
            .collect();
        assert_eq!(aside.len(), 1);
        assert_eq!(fs::read_to_string(&aside[0]).unwrap(), "{not json");
    }
}
