//! The search thread: runs the query engine on a snapshot of the library, then reads the
//! articles whose text decides, sending the answers to the run loop as actions. A newer search
//! (the next key) makes the running one stop at its next check, within a millisecond or so:
//! the UI thread never waits on a search.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender, TryRecvError};

use crate::action::Action;
use crate::app::folded::{FoldCache, needs};
use crate::app::search::{READ, STARRED, UPDATED};
use crate::app::{Items, SearchJob, ViewsJob};
use crate::library;
use crate::query::Plan;
use crate::query::engine::{self, path_text};
use crate::query::eval::{self, FullDoc};
use crate::search::Hits;

/// Threads reading articles for one search.
const READERS: usize = 2;

/// Work for the search thread.
enum Job {
    /// A search.
    Search(Box<SearchJob>),
    /// Fold again the metadata of these articles that changed (the parts folded so far), so
    /// the next search need not.
    Fold(Items),
    /// Find the articles of the saved views, when no search waits.
    Views(Box<ViewsJob>),
}

/// The handle of the search thread.
pub struct Searcher {
    jobs: Sender<Job>,
    /// The generation of the search that may run; any other stops.
    current: Arc<AtomicU64>,
    /// The generation of the views' count that may run.
    views: Arc<AtomicU64>,
    /// Searches asked for, ever: while the thread has taken fewer, one waits, and a count of
    /// the views gives way to it (and starts again after it).
    asked: Arc<AtomicU64>,
}

impl Searcher {
    /// Starts the thread; `send` delivers its actions (false: nobody listens any more).
    pub fn start(send: impl Fn(Action) -> bool + Send + 'static) -> Searcher {
        let (jobs, rx) = mpsc::channel::<Job>();
        let current = Arc::new(AtomicU64::new(0));
        let views = Arc::new(AtomicU64::new(0));
        let asked = Arc::new(AtomicU64::new(0));
        let (live, live_views, searches) =
            (Arc::clone(&current), Arc::clone(&views), Arc::clone(&asked));
        std::thread::Builder::new()
            .name("search".into())
            .spawn(move || {
                let mut folded = FoldCache::default();
                // A count of the views waiting for its turn (it runs when no search does).
                let mut count: Option<Box<ViewsJob>> = None;
                let mut taken = 0u64;
                loop {
                    let first = if count.is_some() {
                        match rx.try_recv() {
                            Ok(job) => Some(job),
                            Err(TryRecvError::Empty) => None,
                            Err(TryRecvError::Disconnected) => return,
                        }
                    } else {
                        match rx.recv() {
                            Ok(job) => Some(job),
                            Err(_) => return,
                        }
                    };
                    // Only the latest search asked for matters, and only the latest articles
                    // to fold (a search folds them anyway), and the latest count.
                    let (mut search, mut fold) = (None, None);
                    for job in first.into_iter().chain(rx.try_iter()) {
                        match job {
                            Job::Search(s) => {
                                taken += 1;
                                search = Some(s);
                            }
                            Job::Fold(items) => fold = Some(items),
                            Job::Views(v) => count = Some(v),
                        }
                    }
                    if let Some(mut job) = search {
                        let generation = job.generation;
                        let stop = || live.load(Ordering::SeqCst) != generation;
                        if !run(&mut job, &mut folded, READERS, &stop, &mut |a| send(a)) {
                            return;
                        }
                        continue;
                    }
                    if let Some(items) = fold {
                        // Only the parts queries asked for before (none until one does).
                        folded.refresh(&items, 0);
                    }
                    if let Some(mut job) = count.take() {
                        let generation = job.generation;
                        let stop = || {
                            live_views.load(Ordering::SeqCst) != generation
                                || searches.load(Ordering::SeqCst) != taken
                        };
                        match count_views(&mut job, &mut folded, &stop, &mut |a| send(a)) {
                            Counted::Done => {}
                            Counted::Gone => return,
                            // Stopped for a search: again after it, unless a newer count came.
                            Counted::Stopped => {
                                if live_views.load(Ordering::SeqCst) == generation {
                                    count = Some(job);
                                }
                            }
                        }
                    }
                }
            })
            .ok();
        Searcher {
            jobs,
            current,
            views,
            asked,
        }
    }

    /// Runs `job`, stopping the search before it.
    pub fn search(&self, job: Box<SearchJob>) {
        self.current.store(job.generation, Ordering::SeqCst);
        self.asked.fetch_add(1, Ordering::SeqCst);
        let _ = self.jobs.send(Job::Search(job));
    }

    /// Counts the saved views (after any search), stopping an older count.
    pub fn count_views(&self, job: Box<ViewsJob>) {
        self.views.store(job.generation, Ordering::SeqCst);
        let _ = self.jobs.send(Job::Views(job));
    }

    /// Folds again the metadata of `items` that changed, ahead of the next search (once the
    /// library is loaded or updated), in the parts queries asked for so far.
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
    check_plan(&job.plan, &job.snapshot, n)
}

/// Does article `n` of `snap` match `plan`, once read?
fn check_plan(plan: &Plan, snap: &crate::app::Snapshot, n: u32) -> bool {
    let n = n as usize;
    let Some(item) = snap.items.get(n) else {
        return false;
    };
    let Ok(article) = library::read_article(&item.source, item.label()) else {
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
        updated: flags & UPDATED != 0,
        article: &article,
    };
    eval::matches(plan, &doc)
}

/// How a count of the views ended.
pub enum Counted {
    /// Every view counted and sent.
    Done,
    /// Stopped (a search waits, or a newer count was asked for).
    Stopped,
    /// Nobody listens any more.
    Gone,
}

/// Finds the articles of each saved view: the engine's sure matches of every view first (sent
/// at once), then the articles whose text decides, read in the list's order (sent when all
/// are read).
pub fn count_views(
    job: &mut ViewsJob,
    folded: &mut FoldCache,
    stop: &(dyn Fn() -> bool + Sync),
    send: &mut dyn FnMut(Action) -> bool,
) -> Counted {
    let parts = job.plans.iter().fold(0, |p, plan| p | needs(&plan.query));
    job.snapshot.folded = folded.refresh(&job.snapshot.items, parts);
    let job = &*job;
    let snap = &job.snapshot;
    let mut hits: Vec<Hits> = Vec::with_capacity(job.plans.len());
    let mut maybes: Vec<Vec<u32>> = Vec::with_capacity(job.plans.len());
    for plan in &job.plans {
        let Some(answer) = engine::evaluate(plan, snap, &snap.index, stop) else {
            return Counted::Stopped;
        };
        maybes.push(
            snap.order
                .iter()
                .copied()
                .filter(|&n| answer.maybe.contains(n as usize))
                .collect(),
        );
        hits.push(answer.yes);
    }
    let settled = maybes.iter().all(Vec::is_empty);
    let generation = job.generation;
    if !send(Action::ViewsCounted {
        generation,
        hits: hits.clone(),
        done: settled,
    }) {
        return Counted::Gone;
    }
    if settled {
        return Counted::Done;
    }
    for ((plan, maybe), found) in job.plans.iter().zip(&maybes).zip(&mut hits) {
        engine::settle(
            maybe,
            READERS,
            stop,
            &|n| check_plan(plan, snap, n),
            &mut |results, _| {
                for (n, matched) in results {
                    if matched {
                        found.set(n as usize);
                    }
                }
                true
            },
        );
        if stop() {
            return Counted::Stopped;
        }
    }
    if send(Action::ViewsCounted {
        generation,
        hits,
        done: true,
    }) {
        Counted::Done
    } else {
        Counted::Gone
    }
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
    // rest is kept from search to search. Only the parts this query reads folded.
    job.snapshot.folded = folded.refresh(&job.snapshot.items, needs(&job.plan.query));
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
