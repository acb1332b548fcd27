//! Live folders: the library's folders are watched (inotify on Linux, through `notify`), and
//! once changes settle ([`debounce`]) the run loop is asked to check the library again
//! ([`crate::loader::update`] sends only what changed).
//!
//! Each folder of the library is watched on its own (as a walk finds them: hidden ones
//! skipped, links followed, listed by name only, never a `stat` per file, so that watching
//! costs a warm start nothing it would notice), and each folder made later as its creation is
//! seen. A load whose walk starts before the watching is in place ([`Ready`]) checks the
//! library once more as soon as it is: no change can fall between the two.
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

use notify::{RecursiveMode, Watcher};

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

/// Set once the watcher is watching (or has given up): see [`Ready::wait`].
#[derive(Clone, Default)]
pub struct Ready(Arc<(Mutex<bool>, Condvar)>);

impl Ready {
    fn set(&self) {
        let (lock, cv) = &*self.0;
        if let Ok(mut r) = lock.lock() {
            *r = true;
        }
        cv.notify_all();
    }

    /// Is the watcher watching already?
    pub fn is_set(&self) -> bool {
        let (lock, _) = &*self.0;
        lock.lock().is_ok_and(|r| *r)
    }

    /// Waits until the watcher is watching, for `limit` at most (a tree of many folders may
    /// take long to watch: the loader does not wait for ever).
    pub fn wait(&self, limit: Duration) {
        let (lock, cv) = &*self.0;
        if let Ok(r) = lock.lock() {
            let _ = cv.wait_timeout_while(r, limit, |ready| !*ready);
        }
    }
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
    /// A root was removed or renamed: the watcher looks which.
    root_moved: bool,
    stop: bool,
}

/// The running watcher; dropping it stops it.
pub struct Watch {
    shared: Arc<(Mutex<State>, Condvar)>,
    ready: Ready,
}

impl Watch {
    /// What says that the folders are watched.
    pub fn ready(&self) -> Ready {
        self.ready.clone()
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

/// Watches `roots` (files or folders), ignoring changes under `ignored`, and tells `send`
/// (until it returns false).
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
    let shared = Arc::new((
        Mutex::new(State {
            debouncer: Debouncer::new(TIMING),
            new_dirs: Vec::new(),
            rewatch: false,
            limit: false,
            root_moved: false,
            stop: false,
        }),
        Condvar::new(),
    ));
    let ready = Ready::default();
    let for_thread = Arc::clone(&shared);
    let ready_then = ready.clone();
    std::thread::spawn(move || {
        let mut w = Thread {
            shared: for_thread,
            scope,
            send: Box::new(send),
            ready: ready_then.clone(),
        };
        w.run();
        // However it ended, nobody waits for it any more.
        ready_then.set();
    });
    Watch { shared, ready }
}

/// The watcher thread.
struct Thread {
    shared: Arc<(Mutex<State>, Condvar)>,
    scope: Scope,
    send: Box<dyn FnMut(Report) -> bool + Send>,
    ready: Ready,
}

impl Thread {
    fn run(&mut self) {
        let handler = {
            let shared = Arc::clone(&self.shared);
            let scope = self.scope.clone();
            move |event: notify::Result<notify::Event>| events::on_event(&shared, &scope, event)
        };
        let mut watcher = match notify::recommended_watcher(handler) {
            Ok(w) => w,
            Err(e) => return self.poll(&format!("cannot watch the library's folders: {e}")),
        };
        let mut watched = vec![false; self.scope.roots().len()];
        if let Err(why) = self.watch_roots(&mut watcher, &mut watched) {
            drop(watcher);
            return self.poll(&why);
        }
        self.ready.set();
        loop {
            let (lock, cv) = &*self.shared;
            let Ok(mut state) = lock.lock() else {
                return;
            };
            if state.stop {
                return;
            }
            if state.limit {
                drop(state);
                drop(watcher);
                return self.poll(&limit_reached());
            }
            if std::mem::take(&mut state.root_moved) {
                // A root removed or renamed away: its watch goes (it may follow the folder
                // elsewhere), and it is looked for again. (Not under the lock: notify's thread
                // may be waiting for it, and unwatching waits for notify's thread.)
                drop(state);
                for (i, w) in watched.iter_mut().enumerate() {
                    if let Some(path) = self.scope.watched_path(i) {
                        let _ = watcher.unwatch(&path);
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
                if let Err(why) = watch_tree(&mut watcher, &dir) {
                    drop(watcher);
                    return self.poll(&why);
                }
            }
            if let Some(n) = fired
                && !(self.send)(Report::Changed(n))
            {
                return;
            }
            if watched.contains(&false) {
                match self.watch_roots(&mut watcher, &mut watched) {
                    Ok(true) => {
                        if !(self.send)(Report::Changed(0)) {
                            return;
                        }
                    }
                    Ok(false) => {}
                    Err(why) => {
                        drop(watcher);
                        return self.poll(&why);
                    }
                }
            }
        }
    }

    /// Watches the roots not watched yet that exist: true if one was added. A root that is not
    /// there is left for later; any other failure is why the folders cannot be watched.
    fn watch_roots(
        &self,
        watcher: &mut impl Watcher,
        watched: &mut [bool],
    ) -> Result<bool, String> {
        if std::env::var_os(FAIL_ENV).is_some() {
            return Err(limit_reached());
        }
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
            let result = if *dir {
                watch_tree(watcher, &path)
            } else {
                watch_one(watcher, &path)
            };
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
