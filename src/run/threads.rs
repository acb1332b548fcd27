//! The run loop's helper threads: the article opener and the signal watcher.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};

use super::{Event, perform};
use crate::app::Effect;

/// The thread that reads the articles the reader opens, so a big article or a slow disk never
/// holds up a frame. Requests that pile up while one is read are dropped but the last: only
/// the article the user stopped on is read.
pub(super) fn spawn_opener(tx: Sender<Event>) -> Sender<Effect> {
    let (requests, rx) = mpsc::channel::<Effect>();
    std::thread::spawn(move || {
        while let Ok(mut effect) = rx.recv() {
            while let Ok(newer) = rx.try_recv() {
                effect = newer;
            }
            for action in perform(effect) {
                if tx.send(Event::Opened(Box::new(action))).is_err() {
                    return;
                }
            }
        }
    });
    requests
}

/// Watches SIGTERM, SIGHUP (a closed terminal) and SIGINT: the first ends the reader (saving);
/// one more while it is on its way out makes a wait for a lock give up (`stop`). While the
/// terminal is handed to an editor (`handed_over`), SIGINT is the editor's (Ctrl-C in an
/// editor that leaves it to the terminal reaches every process of the foreground group): it
/// is not a reason to quit.
pub(super) fn spawn_signals(
    tx: Sender<Event>,
    stop: Arc<AtomicBool>,
    quitting: Arc<AtomicBool>,
    handed_over: Arc<AtomicBool>,
) -> Result<(), String> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])
        .map_err(|e| format!("cannot watch signals: {e}"))?;
    std::thread::spawn(move || {
        let mut seen = 0;
        for sig in signals.forever() {
            if sig == SIGINT && handed_over.load(Ordering::SeqCst) {
                continue;
            }
            seen += 1;
            if seen > 1 || quitting.load(Ordering::SeqCst) {
                stop.store(true, Ordering::SeqCst);
            }
            // The loop may be gone (quitting): keep watching, so a later signal still stops
            // a wait.
            let _ = tx.send(Event::Signal(sig));
        }
    });
    Ok(())
}
