//! A small ordered work pipeline: one producer hands out jobs, a few workers do them in
//! parallel, and the results come back to the caller in the order of the jobs, as soon as each
//! one and all those before it are done.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Sender, channel};

/// What the caller receives.
pub enum Flow<R, S> {
    /// The result of the next job, in job order.
    Result(R),
    /// A message the producer sent along the way (right away, not in job order).
    Side(S),
}

/// Hands jobs to the workers and side messages to the caller.
pub struct Producer<'a, J, R, S> {
    jobs: usize,
    work: &'a Sender<(usize, J)>,
    msgs: &'a Sender<Msg<R, S>>,
    stop: &'a AtomicBool,
}

impl<J, R, S> Producer<'_, J, R, S> {
    /// Queues a job; false once the caller has stopped listening.
    pub fn job(&mut self, job: J) -> bool {
        let _ = self.work.send((self.jobs, job));
        self.jobs += 1;
        !self.stop.load(Ordering::Relaxed)
    }

    /// Sends a side message; false once the caller has stopped listening.
    pub fn side(&mut self, msg: S) -> bool {
        let _ = self.msgs.send(Msg::Side(msg));
        !self.stop.load(Ordering::Relaxed)
    }
}

/// What travels back to the caller's thread.
pub enum Msg<R, S> {
    Done(usize, R),
    Side(S),
    Produced(usize),
}

/// Runs the pipeline. `consume` gets every result in job order and every side message; when it
/// returns false everything stops (and `run` returns false).
pub fn run<J: Send, R: Send, S: Send>(
    threads: usize,
    produce: impl FnOnce(&mut Producer<'_, J, R, S>) + Send,
    work: impl Fn(J) -> R + Sync,
    consume: &mut dyn FnMut(Flow<R, S>) -> bool,
) -> bool {
    let stop = AtomicBool::new(false);
    let (msg_tx, msg_rx) = channel::<Msg<R, S>>();
    let (work_tx, work_rx) = channel::<(usize, J)>();
    let work_rx = Mutex::new(work_rx);
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            let (msgs, jobs, stop, work) = (msg_tx.clone(), &work_rx, &stop, &work);
            scope.spawn(move || {
                loop {
                    // The lock is held only to take the next job.
                    let next = jobs.lock().ok().and_then(|rx| rx.recv().ok());
                    let Some((k, job)) = next else {
                        return;
                    };
                    if stop.load(Ordering::Relaxed) || msgs.send(Msg::Done(k, work(job))).is_err() {
                        return;
                    }
                }
            });
        }
        {
            let (msgs, stop) = (msg_tx.clone(), &stop);
            scope.spawn(move || {
                let mut p = Producer {
                    jobs: 0,
                    work: &work_tx,
                    msgs: &msgs,
                    stop,
                };
                produce(&mut p);
                let _ = msgs.send(Msg::Produced(p.jobs));
                // Dropping the job sender here lets idle workers end.
            });
        }
        drop(msg_tx);
        let mut waiting: BTreeMap<usize, R> = BTreeMap::new();
        let (mut next, mut total) = (0, usize::MAX);
        for msg in msg_rx {
            let go_on = match msg {
                Msg::Side(s) => consume(Flow::Side(s)),
                Msg::Produced(n) => {
                    total = n;
                    true
                }
                Msg::Done(k, r) => {
                    waiting.insert(k, r);
                    let mut go_on = true;
                    while go_on && let Some(r) = waiting.remove(&next) {
                        next += 1;
                        go_on = consume(Flow::Result(r));
                    }
                    go_on
                }
            };
            if !go_on {
                stop.store(true, Ordering::Relaxed);
                return false;
            }
            if next == total {
                break;
            }
        }
        true
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_job_order() {
        for threads in [1, 3] {
            let mut got = Vec::new();
            let mut sides = 0;
            let done = run(
                threads,
                |p: &mut Producer<'_, u64, u64, &str>| {
                    for i in 0..200u64 {
                        p.job(i);
                        if i % 50 == 0 {
                            p.side("tick");
                        }
                    }
                },
                |i| {
                    // Uneven work, so results finish out of order.
                    std::thread::sleep(std::time::Duration::from_micros((i * 7919) % 300));
                    i * 2
                },
                &mut |f| {
                    match f {
                        Flow::Result(r) => got.push(r),
                        Flow::Side(_) => sides += 1,
                    }
                    true
                },
            );
            assert!(done);
            assert_eq!(got, (0..200).map(|i| i * 2).collect::<Vec<_>>());
            assert_eq!(sides, 4);
        }
    }

    #[test]
    fn stopping_early_ends_everything() {
        let mut seen = 0;
        let done = run(
            2,
            |p: &mut Producer<'_, u32, u32, ()>| {
                let mut i = 0;
                while p.job(i) {
                    i += 1;
                    if i > 1_000_000 {
                        break;
                    }
                }
            },
            |i| i,
            &mut |_| {
                seen += 1;
                seen < 10
            },
        );
        assert!(!done);
        assert_eq!(seen, 10);
    }

    #[test]
    fn no_jobs() {
        let done = run(2, |_: &mut Producer<'_, u8, u8, ()>| {}, |i| i, &mut |_| {
            true
        });
        assert!(done);
    }
}
