//! The library loader thread, started again by `r`. Its walk gives each folder to the file
//! watcher just before listing it; once its load is done the thread stays, waiting to check
//! the library again when the file watcher asks ([`Loader::check`]): a live update sends only
//! what changed ([`loader::update`]).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::watch::Dirs;

use crate::library::Sources;
use crate::lists::Lists;
use crate::loader::{self, Load};

/// The library loader thread: the one running, and the load it is doing.
pub struct Loader {
    /// The load the reader wants; an older loader stops at its next step.
    current: Arc<AtomicU64>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// Where the library index is kept (`None`: nowhere).
    cache_dir: Option<PathBuf>,
    /// Asks the current load's thread for a check of the library. Replacing it (a new load)
    /// ends the older thread's wait.
    checks: Option<Sender<()>>,
    /// The file watcher, given each folder a load walks (live folders).
    watching: Option<Dirs>,
    /// The thread writing the lists file, if one was started ([`Loader::keep_lists`]).
    keeping: Option<std::thread::JoinHandle<()>>,
    /// The lists to write next, and whether a writer is running to take them.
    to_keep: Arc<Mutex<ToKeep>>,
}

/// The lists file to write next (where, what), and whether a writer thread is running.
type ToKeep = (Option<(PathBuf, Box<Lists>)>, bool);

/// How long after a live update without another the lookup of ids is written.
const SETTLED: Duration = Duration::from_secs(5);

impl Loader {
    pub fn new(cache_dir: Option<PathBuf>, watching: Option<Dirs>) -> Loader {
        Loader {
            current: Arc::new(AtomicU64::new(0)),
            thread: None,
            cache_dir,
            checks: None,
            watching,
            keeping: None,
            to_keep: Arc::default(),
        }
    }

    /// Writes the lists file of `sources` (on a thread of its own: about 25 MB at 100 000
    /// articles). Lists asked for while one is being written replace each other: only the
    /// newest is written after it. Best effort: without it, the next start replays the log, as
    /// it would anyway.
    pub fn keep_lists(&mut self, sources: &Sources, lists: Box<Lists>) {
        let Some(path) = self
            .cache_dir
            .as_deref()
            .and_then(|dir| crate::cache::path_for(dir, sources))
        else {
            return;
        };
        let mut next = self.to_keep.lock().unwrap_or_else(|e| e.into_inner());
        next.0 = Some((crate::lists::path_for(&path), lists));
        if next.1 {
            // The writer running takes it when it is done with the one it has.
            return;
        }
        next.1 = true;
        let to_keep = Arc::clone(&self.to_keep);
        let before = self.keeping.take();
        self.keeping = Some(std::thread::spawn(move || {
            if let Some(before) = before {
                let _ = before.join();
            }
            loop {
                let job = {
                    let mut next = to_keep.lock().unwrap_or_else(|e| e.into_inner());
                    let job = next.0.take();
                    // Said under the lock: a request made after this starts a writer.
                    next.1 = job.is_some();
                    job
                };
                let Some((path, lists)) = job else {
                    return;
                };
                let _ = crate::lists::write(&path, &lists);
            }
        }));
    }

    /// Starts load `generation`, superseding the one running: that one stops at its next step
    /// and the new one waits for it, so two loaders never write the same cache log.
    pub fn start(
        &mut self,
        sources: Sources,
        generation: u64,
        mut send: impl FnMut(Load) -> bool + Send + 'static,
    ) {
        self.current.store(generation, Ordering::SeqCst);
        let (checks, asked) = mpsc::channel::<()>();
        self.checks = Some(checks);
        let current = Arc::clone(&self.current);
        let previous = self.thread.take();
        let cache_dir = self.cache_dir.clone();
        let watching = self.watching.clone();
        self.thread = Some(std::thread::spawn(move || {
            if let Some(previous) = previous {
                let _ = previous.join();
            }
            if current.load(Ordering::SeqCst) != generation {
                return;
            }
            let watch = |dir: &std::path::Path| {
                if let Some(w) = &watching {
                    w.watch(dir);
                }
            };
            let options = loader::Options {
                cache_dir: cache_dir.as_deref(),
                threads: 0,
                on_dir: watching.is_some().then_some(loader::DirHook(&watch)),
                lists: true,
                ..loader::Options::default()
            };
            let mut send = |l| current.load(Ordering::SeqCst) == generation && send(l);
            let Some(mut kept) = loader::load_and_keep(&sources, generation, options, &mut send)
            else {
                return;
            };
            // One check at a time; the checks asked for while one runs are made once, after
            // it (at most one running and one waiting, however many changes come), and not
            // before as long again as the last one took has passed (a stream of changes costs
            // the loader half its time at most). Once changes have settled for a while, the
            // lookup of ids is brought up to date.
            let mut settled = true;
            let mut rest_until = Instant::now();
            loop {
                let got = if settled {
                    asked.recv().map_err(|_| RecvTimeoutError::Disconnected)
                } else {
                    asked.recv_timeout(SETTLED)
                };
                match got {
                    Ok(()) => {}
                    Err(RecvTimeoutError::Timeout) => {
                        kept.write_lookup();
                        settled = true;
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return,
                }
                loop {
                    let left = rest_until.saturating_duration_since(Instant::now());
                    match asked.recv_timeout(left) {
                        Ok(()) => {}
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                let started = Instant::now();
                if current.load(Ordering::SeqCst) != generation
                    || !loader::update(&sources, &mut kept, generation, 0, &mut send)
                {
                    return;
                }
                rest_until = Instant::now() + started.elapsed();
                settled = false;
            }
        }));
    }

    /// Asks for the library to be checked again for files added, changed or removed (a live
    /// update), once the load running is done.
    pub fn check(&self) {
        if let Some(checks) = &self.checks {
            let _ = checks.send(());
        }
    }
}

impl Drop for Loader {
    /// The lists file being written is finished (a few tens of milliseconds), not left half
    /// done in a temporary.
    fn drop(&mut self) {
        if let Some(keeping) = self.keeping.take() {
            let _ = keeping.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::LoadEvent;
    use std::sync::mpsc;

    #[test]
    fn a_new_load_supersedes_the_running_one_and_they_never_overlap() {
        let dir = tempfile::tempdir().unwrap();
        let library = dir.path().join("library");
        std::fs::create_dir(&library).unwrap();
        for i in 0..3000 {
            std::fs::write(
                library.join(format!("{i:05}.txt")),
                format!("MONDE\n\nStory number {i}\n\nIts body, with a few words.\n"),
            )
            .unwrap();
        }
        let cache = dir.path().join("cache");
        let mut loader = Loader::new(Some(cache.clone()), None);
        let (tx, rx) = mpsc::channel();
        let sources = Sources::Paths(vec![library]);
        let tx0 = tx.clone();
        loader.start(sources.clone(), 0, move |l| tx0.send(l).is_ok());
        loader.start(sources, 1, move |l| tx.send(l).is_ok());
        let deadline = Instant::now() + Duration::from_secs(120);
        let mut events = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let l = rx.recv_timeout(left).expect("load 1 finishes");
            let done = l.generation == 1 && matches!(l.event, LoadEvent::Done);
            events.push(l);
            if done {
                break;
            }
        }
        let first_new = events.iter().position(|l| l.generation == 1).unwrap();
        assert!(
            events[first_new..].iter().all(|l| l.generation == 1),
            "the old load kept sending after the new one started"
        );
        assert!(
            !events
                .iter()
                .any(|l| l.generation == 0 && matches!(l.event, LoadEvent::Done)),
            "the old load was not stopped"
        );
        let listed: usize = events
            .iter()
            .filter_map(|l| match &l.event {
                LoadEvent::Batch { entries, .. } if l.generation == 1 => Some(entries.len()),
                _ => None,
            })
            .sum();
        assert_eq!(listed, 3000);
        // Only the committed log, the note of its roots and its lookup of ids are left in the
        // cache, no half-written one.
        let mut files: Vec<_> = std::fs::read_dir(cache.join("libraries"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        assert_eq!(files.len(), 3, "{files:?}");
        assert!(
            files[0].ends_with(".ids")
                && files[1].ends_with(".kix")
                && files[2].ends_with(".roots"),
            "{files:?}"
        );
    }
}
