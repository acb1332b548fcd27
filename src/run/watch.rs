//! Live folders: the library's folders are watched (inotify on Linux, through `notify`), and
//! once changes settle ([`debounce`]) the run loop is asked to check the library again
//! ([`crate::loader::update`] sends only what changed).
//!
//! Each folder of the library is watched on its own, by the load itself: its walk watches
//! each folder just before listing it ([`Dirs`], [`crate::loader::Options::on_dir`]), so
//! whatever is added to a folder later is seen by the load or by the watcher, never by
//! neither, and watching costs a start one call per folder, no walk of its own. A folder made
//! later is watched as its creation is seen, with the folders in it (as a walk finds them:
//! hidden ones skipped, links followed).
//!
//! Nothing here can stop the reader: a folder that cannot be watched (the inotify limit
//! reached, a permission) makes the watcher fall back to checking every [`POLL`], said once
//! in `w`; a root that goes away is watched again when it comes back. Memory stays bounded
//! whatever the burst: the events are filtered as they come ([`scope`]) and only counted.

pub mod debounce;
mod events;
pub mod scope;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use debounce::{Debouncer, TIMING};
use scope::Scope;

/// Without events to go by, the library is checked this often.
pub const POLL: Duration = Duration::from_secs(10);
/// A root that is gone is looked for this often, to watch it again.
const RETRY: Duration = Duration::from_secs(1);
/// Folders made and not watched yet, at most: past this, the whole tree is watched again.
const NEW_DIRS: usize = 1024;
/// When set (to anything), watching fails as if the inotify limit were reached: a hook for the
/// tests of the fallback (the real limit is the machine's).
pub const FAIL_ENV: &str = "KIOSQUE_TEST_WATCH_LIMIT";

/// What the watcher tells the run loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    /// The library may have changed: check it (how many changes this covers; 0 for a check
    /// made on a timer or because a root came back).
    Changed(usize),
    /// The folders are not watched: why, and what is done instead.
    Unwatched(String),
}

/// What the notify thread and the watcher thread share.
struct State {
    debouncer: Debouncer,
    /// Folders made since, to watch.
    new_dirs: Vec<PathBuf>,
    /// More folders were made than [`NEW_DIRS`], or events were lost: the whole tree is to be
    /// watched again.
    rewatch: bool,
    /// The inotify limit was reached adding a folder made since.
    limit: bool,
    /// Why a folder could not be watched (other than the limit).
    failed: Option<String>,
    /// A root was removed or renamed: the watcher looks which.
    root_moved: bool,
    stop: bool,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

/// notify's watcher, shared by the watcher thread and the loads' walks ([`Dirs`]); `None` once
/// the watcher has given up (polling instead). Never locked with [`State`] held.
type Handle = Arc<Mutex<Option<RecommendedWatcher>>>;

/// The running watcher; dropping it stops it.
pub struct Watch {
    shared: Shared,
    watcher: Handle,
}

impl Watch {
    /// What the loads' walks give each folder to be watched.
    pub fn dirs(&self) -> Dirs {
        Dirs {
            shared: Arc::clone(&self.shared),
            watcher: Arc::clone(&self.watcher),
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let (lock, cv) = &*self.shared;
        if let Ok(mut s) = lock.lock() {
            s.stop = true;
        }
        cv.notify_all();
    }
}

/// Watches the folders a load walks, as it walks them.
#[derive(Clone)]
pub struct Dirs {
    shared: Shared,
    watcher: Handle,
}

impl Dirs {
    /// Watches `dir` (a folder a load is about to list). A failure other than the folder being
    /// gone makes the watcher fall back to polling.
    pub fn watch(&self, dir: &Path) {
        let Ok(mut watcher) = self.watcher.lock() else {
            return;
        };
        let Some(w) = watcher.as_mut() else {
            return;
        };
        match watch_one(w, dir) {
            Ok(()) => {}
            Err(why) if why.is_empty() => {}
            Err(why) => {
                // Nothing more to add: the watcher thread gives up on the next wake.
                *watcher = None;
                drop(watcher);
                let (lock, cv) = &*self.shared;
                if let Ok(mut s) = lock.lock() {
                    s.failed.get_or_insert(why);
                }
                cv.notify_all();
            }
        }
    }
}

/// Watches `roots` (files or folders), ignoring changes under `ignored`, and tells `send`
/// (until it returns false). The folders of the roots are watched by the loads' walks
/// ([`Watch::dirs`]); a file root's folder, and any root missing now, by the watcher.
pub fn start(
    roots: &[PathBuf],
    ignored: &[PathBuf],
    send: impl FnMut(Report) -> bool + Send + 'static,
) -> Watch {
    let roots = roots
        .iter()
        .map(|r| (scope::absolute(r), r.is_dir()))
        .collect();
    let ignored = ignored.iter().map(|d| scope::absolute(d)).collect();
    let scope = Scope::new(roots, ignored);
    let shared: Shared = Arc::new((
        Mutex::new(State {
            debouncer: Debouncer::new(TIMING),
            new_dirs: Vec::new(),
            rewatch: false,
            limit: false,
            failed: None,
            root_moved: false,
            stop: false,
        }),
        Condvar::new(),
    ));
    // Made here, before any load walks: the walks find it ready.
    let handler = {
        let shared = Arc::clone(&shared);
        let scope = scope.clone();
        move |event: notify::Result<notify::Event>| events::on_event(&shared, &scope, event)
    };
    let made = if std::env::var_os(FAIL_ENV).is_some() {
        Err(limit_reached())
    } else {
        notify::recommended_watcher(handler)
            .map_err(|e| format!("cannot watch the library's folders: {e}"))
    };
    let (watcher, failed) = match made {
        Ok(w) => (Some(w), None),
        Err(why) => (None, Some(why)),
    };
    let watcher: Handle = Arc::new(Mutex::new(watcher));
    let mut thread = Thread {
        shared: Arc::clone(&shared),
        watcher: Arc::clone(&watcher),
        scope,
        send: Box::new(send),
    };
    std::thread::spawn(move || match failed {
        Some(why) => thread.poll(&why),
        None => thread.run(),
    });
    Watch { shared, watcher }
}

/// The watcher thread.
struct Thread {
    shared: Shared,
    watcher: Handle,
    scope: Scope,
    send: Box<dyn FnMut(Report) -> bool + Send>,
}

impl Thread {
    fn run(&mut self) {
        // The loads' walks watch the folders that are there; a file root's folder and the
        // roots missing now are the watcher's.
        let mut watched: Vec<bool> = self
            .scope
            .roots()
            .iter()
            .map(|(r, dir)| *dir && r.is_dir())
            .collect();
        if let Err(why) = self.watch_roots(&mut watched) {
            return self.poll(&why);
        }
        loop {
            let (lock, cv) = &*self.shared;
            let Ok(mut state) = lock.lock() else {
                return;
            };
            if state.stop {
                return;
            }
            if let Some(why) = state.failed.take() {
                drop(state);
                return self.poll(&why);
            }
            if state.limit {
                drop(state);
                return self.poll(&limit_reached());
            }
            if std::mem::take(&mut state.root_moved) {
                // A root removed or renamed away: its watch goes (it may follow the folder
                // elsewhere), and it is looked for again. (Not under the lock: notify's thread
                // may be waiting for it, and unwatching waits for notify's thread.)
                drop(state);
                for (i, w) in watched.iter_mut().enumerate() {
                    if let Some(path) = self.scope.watched_path(i) {
                        let _ = self.with_watcher(|watcher| {
                            let _ = watcher.unwatch(&path);
                            Ok(())
                        });
                    }
                    *w = false;
                }
                continue;
            }
            let now = Instant::now();
            let retry = watched.contains(&false).then(|| now + RETRY);
            let due = state.debouncer.due();
            let wake = match (due, retry) {
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => now + POLL * 6,
            };
            let wait = wake.saturating_duration_since(now);
            let Ok((mut state, _)) = cv.wait_timeout(state, wait) else {
                return;
            };
            if state.stop {
                return;
            }
            let fired = state.debouncer.take(Instant::now());
            let new_dirs = std::mem::take(&mut state.new_dirs);
            if std::mem::take(&mut state.rewatch) {
                watched.iter_mut().for_each(|w| *w = false);
            }
            drop(state);
            for dir in new_dirs {
                if let Err(why) = self.with_watcher(|w| watch_tree(w, &dir)) {
                    return self.poll(&why);
                }
            }
            if let Some(n) = fired
                && !(self.send)(Report::Changed(n))
            {
                return;
            }
            if watched.contains(&false) {
                match self.watch_roots(&mut watched) {
                    Ok(true) => {
                        if !(self.send)(Report::Changed(0)) {
                            return;
                        }
                    }
                    Ok(false) => {}
                    Err(why) => return self.poll(&why),
                }
            }
        }
    }

    /// Runs `f` on notify's watcher, if there still is one.
    fn with_watcher(
        &self,
        f: impl FnOnce(&mut RecommendedWatcher) -> Result<(), String>,
    ) -> Result<(), String> {
        match self.watcher.lock() {
            Ok(mut w) => w.as_mut().map_or(Ok(()), f),
            Err(_) => Ok(()),
        }
    }

    /// Watches the roots not watched yet that exist: true if one was added. A root that is not
    /// there is left for later; any other failure is why the folders cannot be watched.
    fn watch_roots(&self, watched: &mut [bool]) -> Result<bool, String> {
        let mut added = false;
        for (i, w) in watched.iter_mut().enumerate() {
            if *w {
                continue;
            }
            let (Some(path), Some((_, dir))) =
                (self.scope.watched_path(i), self.scope.roots().get(i))
            else {
                *w = true;
                continue;
            };
            let result = self.with_watcher(|watcher| {
                if *dir {
                    watch_tree(watcher, &path)
                } else {
                    watch_one(watcher, &path)
                }
            });
            match result {
                Ok(()) => {
                    *w = true;
                    added = true;
                }
                Err(why) if why.is_empty() => {}
                Err(why) => return Err(why),
            }
        }
        Ok(added)
    }

    /// Without a watcher: says why once, then asks for a check every [`POLL`].
    fn poll(&mut self, why: &str) {
        if let Ok(mut w) = self.watcher.lock() {
            *w = None;
        }
        if !(self.send)(Report::Unwatched(why.to_owned())) {
            return;
        }
        loop {
            let (lock, cv) = &*self.shared;
            let Ok(state) = lock.lock() else {
                return;
            };
            let Ok((state, _)) = cv.wait_timeout_while(state, POLL, |s| !s.stop) else {
                return;
            };
            if state.stop {
                return;
            }
            drop(state);
            if !(self.send)(Report::Changed(0)) {
                return;
            }
        }
    }
}

/// Watches `path` alone. `Err("")`: it is not there (for later); `Err(why)`: it cannot be.
fn watch_one(watcher: &mut impl Watcher, path: &Path) -> Result<(), String> {
    watcher
        .watch(path, RecursiveMode::NonRecursive)
        .map_err(|e| match e.kind {
            notify::ErrorKind::PathNotFound => String::new(),
            notify::ErrorKind::Io(ref io) if io.kind() == std::io::ErrorKind::NotFound => {
                String::new()
            }
            notify::ErrorKind::MaxFilesWatch => limit_reached(),
            _ => format!(
                "cannot watch {} for changes ({e}): checking every {} s instead",
                crate::sanitize::one_line(&path.to_string_lossy()),
                POLL.as_secs()
            ),
        })
}

/// Watches folder `root` and every folder in it as a walk finds them: hidden ones skipped,
/// links to folders followed (each folder once), kinds told by the listing alone (no `stat`
/// per file). A folder gone meanwhile is skipped; `Err("")` when `root` itself is not there.
fn watch_tree(watcher: &mut impl Watcher, root: &Path) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let mut seen: HashSet<(u64, u64)> = HashSet::new();
    let mut stack = vec![root.to_owned()];
    let mut first = true;
    while let Some(dir) = stack.pop() {
        let Ok(meta) = std::fs::metadata(&dir) else {
            if first {
                return Err(String::new());
            }
            continue;
        };
        if !meta.is_dir() || !seen.insert((meta.dev(), meta.ino())) {
            continue;
        }
        match watch_one(watcher, &dir) {
            Ok(()) => {}
            Err(why) if why.is_empty() && !first => continue,
            Err(why) => return Err(why),
        }
        first = false;
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            if e.file_name().as_encoded_bytes().first() == Some(&b'.') {
                continue;
            }
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                // A link may lead to a folder (followed, as a walk does).
                Ok(t) if t.is_symlink() => stack.push(e.path()),
                _ => {}
            }
        }
    }
    Ok(())
}

fn limit_reached() -> String {
    format!(
        "too many folders to watch for changes (the inotify limit, \
         fs.inotify.max_user_watches): checking every {} s instead",
        POLL.as_secs()
    )
}
