//! The search thread: runs the query engine on a snapshot of the library, then reads the
//! articles whose text decides, sending the answers to the run loop as actions. A newer search
//! (the next key) makes the running one stop at its next check, within a millisecond or so:
//! the UI thread never waits on a search.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};

use crate::action::Action;
use crate::app::SearchJob;
use crate::app::search::{READ, STARRED};
use crate::library;
use crate::query::engine::{self, path_text};
use crate::query::eval::{self, FullDoc};

/// Threads reading articles for one search.
const READERS: usize = 2;

/// The handle of the search thread.
pub struct Searcher {
    jobs: Sender<Box<SearchJob>>,
    /// The generation of the search that may run; any other stops.
    current: Arc<AtomicU64>,
}

impl Searcher {
    /// Starts the thread; `send` delivers its actions (false: nobody listens any more).
    pub fn start(send: impl Fn(Action) -> bool + Send + 'static) -> Searcher {
        let (jobs, rx) = mpsc::channel::<Box<SearchJob>>();
        let current = Arc::new(AtomicU64::new(0));
        let live = Arc::clone(&current);
        std::thread::Builder::new()
            .name("search".into())
            .spawn(move || {
                while let Ok(mut job) = rx.recv() {
                    // Only the latest search asked for matters.
                    while let Ok(newer) = rx.try_recv() {
                        job = newer;
                    }
                    let generation = job.generation;
                    let stop = || live.load(Ordering::SeqCst) != generation;
                    if !run(&job, READERS, &stop, &mut |a| send(a)) {
                        return;
                    }
                }
            })
            .ok();
        Searcher { jobs, current }
    }

    /// Runs `job`, stopping the search before it.
    pub fn search(&self, job: Box<SearchJob>) {
        self.current.store(job.generation, Ordering::SeqCst);
        let _ = self.jobs.send(job);
    }

    /// Stops the running search.
    pub fn stop(&self) {
        // Generations start at 1: none is 0.
        self.current.store(0, Ordering::SeqCst);
    }
}

/// Does article `n` of the job's snapshot match, once read? An article that cannot be read
/// any more does not.
fn check(job: &SearchJob, n: u32) -> bool {
    let snap = &job.snapshot;
    let n = n as usize;
    let Some(item) = snap.items.get(n) else {
        return false;
    };
    let Ok(article) = library::read_article(&item.source, item.label.as_deref()) else {
        return false;
    };
    let path = path_text(&item.source);
    let flags = snap.flags(n);
    let doc = FullDoc {
        section: snap.section(n),
        path: &path,
        date_ns: item.mtime_ns,
        read: flags & READ != 0,
        starred: flags & STARRED != 0,
        article: &article,
    };
    eval::matches(&job.plan, &doc)
}

/// Runs one search: the engine's answer, then the articles read, each sent as an action.
/// False when `send` found nobody listening.
pub fn run(
    job: &SearchJob,
    readers: usize,
    stop: &(dyn Fn() -> bool + Sync),
    send: &mut dyn FnMut(Action) -> bool,
) -> bool {
    let snap = &job.snapshot;
    let Some(answer) = engine::evaluate(&job.plan, snap, &snap.index, stop) else {
        return true;
    };
    let candidates: Vec<u32> = snap
        .order
        .iter()
        .copied()
        .filter(|&n| answer.maybe.contains(n as usize) && !job.skip.contains(n as usize))
        .collect();
    let generation = job.generation;
    if !send(Action::Searched { generation, answer }) {
        return false;
    }
    if candidates.is_empty() {
        return true;
    }
    let mut listening = true;
    engine::settle(
        &candidates,
        readers,
        stop,
        &|n| check(job, n),
        &mut |results, done| {
            listening = send(Action::Checked {
                generation,
                results,
                done,
            });
            listening
        },
    );
    listening
}
