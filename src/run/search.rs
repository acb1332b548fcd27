//! The search thread: runs the query engine on a snapshot of the library, then reads the
//! articles whose text decides, sending the answers to the run loop as actions. A newer search
//! (the next key) makes the running one stop at its next check, within a millisecond or so:
//! the UI thread never waits on a search.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};

use crate::action::Action;
use crate::app::folded::FoldCache;
use crate::app::search::{READ, STARRED};
use crate::app::{Items, SearchJob};
use crate::library;
use crate::query::engine::{self, path_text};
use crate::query::eval::{self, FullDoc};

/// Threads reading articles for one search.
const READERS: usize = 2;

/// Work for the search thread.
enum Job {
    /// A search.
    Search(Box<SearchJob>),
    /// Fold the metadata of these articles now, so the next search need not.
    Fold(Items),
}

/// The handle of the search thread.
pub struct Searcher {
    jobs: Sender<Job>,
    /// The generation of the search that may run; any other stops.
    current: Arc<AtomicU64>,
}

impl Searcher {
    /// Starts the thread; `send` delivers its actions (false: nobody listens any more).
    pub fn start(send: impl Fn(Action) -> bool + Send + 'static) -> Searcher {
        let (jobs, rx) = mpsc::channel::<Job>();
        let current = Arc::new(AtomicU64::new(0));
        let live = Arc::clone(&current);
        std::thread::Builder::new()
            .name("search".into())
            .spawn(move || {
                let mut folded = FoldCache::default();
                while let Ok(first) = rx.recv() {
                    // Only the latest search asked for matters, and only the latest articles
                    // to fold (a search folds them anyway).
                    let (mut search, mut fold) = (None, None);
                    for job in std::iter::once(first).chain(rx.try_iter()) {
                        match job {
                            Job::Search(s) => search = Some(s),
                            Job::Fold(items) => fold = Some(items),
                        }
                    }
                    let Some(mut job) = search else {
                        if let Some(items) = fold {
                            folded.refresh(&items);
                        }
                        continue;
                    };
                    let generation = job.generation;
                    let stop = || live.load(Ordering::SeqCst) != generation;
                    if !run(&mut job, &mut folded, READERS, &stop, &mut |a| send(a)) {
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
        let _ = self.jobs.send(Job::Search(job));
    }

    /// Folds the metadata of `items` ahead of the next search (once the library is loaded: the
    /// first key of a `title:` query then finds it done).
    pub fn fold(&self, items: Items) {
        let _ = self.jobs.send(Job::Fold(items));
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
    job: &mut SearchJob,
    folded: &mut FoldCache,
    readers: usize,
    stop: &(dyn Fn() -> bool + Sync),
    send: &mut dyn FnMut(Action) -> bool,
) -> bool {
    // Folding what changed since the last search costs a millisecond per 1024 articles; the
    // rest is kept from search to search.
    job.snapshot.folded = folded.refresh(&job.snapshot.items);
    let job = &*job;
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
    let order = job.title_order();
    if !send(Action::Searched {
        generation,
        answer,
        order,
    }) {
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
