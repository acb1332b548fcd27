//! The saver thread: it owns the state folder ([`Store`]), appends the reader's changes the
//! moment they are made (a frame never waits for fsync), looks at the folder every second for
//! changes made elsewhere, and compacts this device's file when it is worth it.
//!
//! The run loop keeps every change it hands over until the saver says it is durable, so a saver
//! that died (a panic) loses nothing: the changes are written from the main thread on the way
//! out ([`Saver::finish`]).

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::state::{Change, LOCK_WAIT, Refresh, Store};

/// How often the folder is looked at for changes made elsewhere (SPEC §6: seen within 2 s).
const LOOK_EVERY: Duration = Duration::from_secs(1);
/// After a failed save, the next try waits this long.
const RETRY: Duration = Duration::from_secs(5);

/// What the saver is asked.
enum Job {
    /// Append these changes, numbered up to the given one.
    Append(u64, Vec<Change>),
    /// Look at the folder now (`r`).
    Look,
    /// Save what is pending and answer.
    Flush(Sender<Result<(), String>>),
}

/// What the saver tells the run loop.
pub enum Report {
    /// Changes up to this number are durable (or, `Err`, why they are not yet).
    Saved(Result<u64, String>),
    /// What a look at the folder found.
    Read(Refresh),
}

/// The run loop's end of the saver.
pub struct Saver {
    jobs: Sender<Job>,
    thread: Option<JoinHandle<()>>,
    /// Changes handed over and not yet durable, numbered.
    unsaved: Vec<(u64, Change)>,
    next: u64,
    /// Makes a wait for a lock give up (a second signal while quitting).
    stop: Arc<AtomicBool>,
    /// The folder could not be opened: why (every save says it).
    blocked: Option<String>,
}

impl Saver {
    /// Starts the saver on `store` (or on the reason it could not be opened); its reports are
    /// sent through `report`.
    pub fn start(
        store: Result<Store, String>,
        report: impl Fn(Report) -> bool + Send + 'static,
    ) -> Saver {
        let (jobs, rx) = mpsc::channel();
        let stop = store
            .as_ref()
            .map_or_else(|_| Arc::new(AtomicBool::new(false)), Store::stop_flag);
        let blocked = store.as_ref().err().cloned();
        let thread = std::thread::Builder::new()
            .name("saver".into())
            .spawn(move || work(store, &rx, &report))
            .ok();
        Saver {
            jobs,
            thread,
            unsaved: Vec::new(),
            next: 0,
            stop,
            blocked,
        }
    }

    /// Hands `changes` over to be made durable now.
    pub fn save(&mut self, changes: Vec<Change>) {
        if changes.is_empty() {
            return;
        }
        for c in &changes {
            self.next += 1;
            self.unsaved.push((self.next, c.clone()));
        }
        let _ = self.jobs.send(Job::Append(self.next, changes));
    }

    /// Asks for a look at the folder now.
    pub fn look(&self) {
        let _ = self.jobs.send(Job::Look);
    }

    /// Notes what a report says was saved.
    pub fn saved(&mut self, upto: u64) {
        self.unsaved.retain(|(n, _)| *n > upto);
    }

    /// The flag that makes a wait for a lock give up at once.
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.stop)
    }

    /// On the way out: waits for the saver to make everything durable, and if it cannot (it
    /// died, or is stuck), writes what is left from this thread. `open` opens the store again
    /// for that. An error says what was not saved and why.
    pub fn finish(mut self, open: impl FnOnce() -> Result<Store, String>) -> Result<(), String> {
        let (ack, answer) = mpsc::channel();
        let asked = self.jobs.send(Job::Flush(ack)).is_ok();
        let answered = if asked {
            // The saver waits at most LOCK_WAIT for a lock, and may be in such a wait for an
            // earlier append when the flush comes: twice that, and a margin.
            answer
                .recv_timeout(2 * LOCK_WAIT + Duration::from_secs(3))
                .ok()
        } else {
            None
        };
        drop(self.jobs);
        match answered {
            Some(Ok(())) => {
                if let Some(t) = self.thread.take() {
                    let _ = t.join();
                }
                Ok(())
            }
            Some(Err(why)) => Err(why),
            None if self.unsaved.is_empty() => Ok(()),
            None => {
                // The saver is gone (or hung): write from here.
                if let Some(why) = self.blocked {
                    return Err(why);
                }
                let changes: Vec<Change> = self.unsaved.iter().map(|(_, c)| c.clone()).collect();
                let mut store = open()?;
                // A second signal still ends this wait for a lock.
                store.set_stop_flag(Arc::clone(&self.stop));
                store.append(&changes)
            }
        }
    }
}

/// The saver thread's own state.
struct Worker<'a> {
    store: Result<Store, String>,
    /// Changes not yet durable, and the number of the last one.
    pending: Vec<Change>,
    upto: u64,
    retry_at: Option<Instant>,
    report: &'a dyn Fn(Report) -> bool,
}

impl Worker<'_> {
    /// Appends what is pending; on failure, tries again later.
    fn save(&mut self) -> Result<(), String> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let result = match &mut self.store {
            Ok(s) => s.append(&self.pending),
            Err(why) => Err(why.clone()),
        };
        match &result {
            Ok(()) => {
                self.pending.clear();
                self.retry_at = None;
                (self.report)(Report::Saved(Ok(self.upto)));
            }
            Err(why) => {
                self.retry_at = Some(Instant::now() + RETRY);
                (self.report)(Report::Saved(Err(why.clone())));
            }
        }
        result
    }

    /// Reads what changed in the folder, and compacts when it is worth it; false when the
    /// reader is gone.
    fn look(&mut self) -> bool {
        let Ok(store) = &mut self.store else {
            return true;
        };
        let found = store.refresh();
        if (!found.changes.is_empty() || !found.notices.is_empty())
            && !(self.report)(Report::Read(found))
        {
            return false;
        }
        let compacted = match store.compact() {
            Ok(found) => found,
            Err(why) => Some(Refresh {
                changes: Vec::new(),
                notices: vec![why],
            }),
        };
        compacted.is_none_or(|found| (self.report)(Report::Read(found)))
    }
}

/// The saver thread's loop.
fn work(store: Result<Store, String>, jobs: &Receiver<Job>, report: &dyn Fn(Report) -> bool) {
    let mut w = Worker {
        store,
        pending: Vec::new(),
        upto: 0,
        retry_at: None,
        report,
    };
    let mut next_look = Instant::now() + LOOK_EVERY;
    loop {
        let wake = w.retry_at.map_or(next_look, |r| r.min(next_look));
        match jobs.recv_timeout(wake.saturating_duration_since(Instant::now())) {
            Ok(Job::Append(n, changes)) => {
                w.upto = n;
                w.pending.extend(changes);
                let _ = w.save();
            }
            Ok(Job::Look) => next_look = Instant::now(),
            Ok(Job::Flush(ack)) => {
                let _ = ack.send(w.save());
                continue;
            }
            Err(RecvTimeoutError::Timeout) => {
                if w.retry_at.is_some_and(|r| Instant::now() >= r) {
                    let _ = w.save();
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                let _ = w.save();
                return;
            }
        }
        if Instant::now() >= next_look {
            next_look = Instant::now() + LOOK_EVERY;
            if !w.look() {
                return;
            }
        }
    }
}
