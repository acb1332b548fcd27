//! Live folders: the library's folders are watched (inotify on Linux, through `notify`), and
//! once changes settle ([`debounce`]) the run loop is asked to check the library again
//! ([`crate::loader::update`] sends only what changed).
//!
//! Nothing here can stop the reader: a folder that cannot be watched (the inotify limit
//! reached, a permission) makes the watcher fall back to checking every [`POLL`], said once
//! in `w`; a root that goes away is watched again when it comes back. Memory stays bounded
//! whatever the burst: the events are filtered as they come ([`scope`]) and only counted.

pub mod debounce;
pub mod scope;

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use debounce::{Debouncer, TIMING};
use scope::Scope;

/// Without events to go by, the library is checked this often.
pub const POLL: Duration = Duration::from_secs(10);
/// A root that is gone is looked for this often, to watch it again.
const RETRY: Duration = Duration::from_secs(1);
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
    /// The inotify limit was reached adding a folder made since.
    limit: bool,
    /// A root was removed or renamed: the watcher looks which.
    root_moved: bool,
    stop: bool,
}

/// The running watcher; dropping it stops it.
pub struct Watch {
    shared: Arc<(Mutex<State>, Condvar)>,
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
            limit: false,
            root_moved: false,
            stop: false,
        }),
        Condvar::new(),
    ));
    let for_thread = Arc::clone(&shared);
    std::thread::spawn(move || {
        let mut w = Thread {
            shared: for_thread,
            scope,
            send: Box::new(send),
        };
        w.run();
    });
    Watch { shared }
}

/// The watcher thread.
struct Thread {
    shared: Arc<(Mutex<State>, Condvar)>,
    scope: Scope,
    send: Box<dyn FnMut(Report) -> bool + Send>,
}

impl Thread {
    fn run(&mut self) {
        let handler = {
            let shared = Arc::clone(&self.shared);
            let scope = self.scope.clone();
            move |event: notify::Result<notify::Event>| on_event(&shared, &scope, event)
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
                for (i, w) in watched.iter_mut().enumerate() {
                    // A root removed or renamed away: its watch goes (it may follow the folder
                    // elsewhere), and it is looked for again.
                    if let Some(path) = self.scope.watched_path(i) {
                        let _ = watcher.unwatch(&path);
                    }
                    *w = false;
                }
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
            drop(state);
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
            let mode = if *dir {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            match watcher.watch(&path, mode) {
                Ok(()) => {
                    *w = true;
                    added = true;
                }
                Err(e) => match e.kind {
                    notify::ErrorKind::PathNotFound => {}
                    notify::ErrorKind::Io(ref io) if io.kind() == std::io::ErrorKind::NotFound => {}
                    notify::ErrorKind::MaxFilesWatch => {
                        let _ = watcher.unwatch(&path);
                        return Err(limit_reached());
                    }
                    _ => {
                        let _ = watcher.unwatch(&path);
                        return Err(format!(
                            "cannot watch {} for changes ({e}): checking every {} s instead",
                            crate::sanitize::one_line(&path.to_string_lossy()),
                            POLL.as_secs()
                        ));
                    }
                },
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

fn limit_reached() -> String {
    format!(
        "too many folders to watch for changes (the inotify limit, \
         fs.inotify.max_user_watches): checking every {} s instead",
        POLL.as_secs()
    )
}

/// An event from notify's thread: counted if it can change the library.
fn on_event(shared: &(Mutex<State>, Condvar), scope: &Scope, event: notify::Result<notify::Event>) {
    let now = Instant::now();
    let (lock, cv) = shared;
    let Ok(mut state) = lock.lock() else {
        return;
    };
    match event {
        Ok(event) => {
            let is_dir = |p: &std::path::Path| std::fs::metadata(p).ok().map(|m| m.is_dir());
            // The kernel's queue overflowed: events were lost, anything may have changed.
            let relevant = event.need_rescan()
                || event
                    .paths
                    .iter()
                    .any(|p| scope.relevant(&event.kind, p, &is_dir));
            let root_moved = matches!(
                event.kind,
                EventKind::Remove(_) | EventKind::Modify(notify::event::ModifyKind::Name(_))
            ) && event.paths.iter().any(|p| {
                (0..scope.roots().len()).any(|i| scope.watched_path(i).as_deref() == Some(p))
            });
            if !relevant && !root_moved {
                return;
            }
            if relevant {
                state.debouncer.change(now);
            }
            state.root_moved |= root_moved;
        }
        Err(e) => match e.kind {
            notify::ErrorKind::MaxFilesWatch => state.limit = true,
            // Something went wrong watching: what it hid is found by a check.
            _ => state.debouncer.change(now),
        },
    }
    drop(state);
    cv.notify_all();
}
