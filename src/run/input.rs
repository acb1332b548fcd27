//! The thread that reads the terminal's events, and stops reading while the terminal is
//! handed to another program (`e`: the editor must get every key, none may be read here).
//!
//! crossterm has no way to wake a blocked read, so the thread waits for input a slice at a
//! time and looks between slices whether it is asked to pause; a pause therefore takes at
//! most one slice. Keys are not delayed: a wait ends as soon as input arrives.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crossterm::event::{self, Event};

/// The longest the thread waits for input before looking whether it must pause.
const SLICE: Duration = Duration::from_millis(40);
/// The longest a pause waits for the thread (which may be gone, the terminal closed).
const PAUSE_WAIT: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Reading,
    PauseAsked,
    Paused,
}

/// The input thread's switch.
pub struct Input {
    mode: Arc<(Mutex<Mode>, Condvar)>,
}

impl Input {
    /// Starts reading; `send` gets every event (or the error that ends the reading) and
    /// returns false when nobody listens any more.
    pub fn start(mut send: impl FnMut(std::io::Result<Event>) -> bool + Send + 'static) -> Input {
        let mode = Arc::new((Mutex::new(Mode::Reading), Condvar::new()));
        let shared = Arc::clone(&mode);
        std::thread::spawn(move || {
            loop {
                if !wait_while_paused(&shared) {
                    return;
                }
                let ev = match event::poll(SLICE) {
                    Ok(false) => continue,
                    Ok(true) => event::read(),
                    Err(e) => Err(e),
                };
                let gone = ev.is_err();
                if !send(ev) || gone {
                    return;
                }
            }
        });
        Input { mode }
    }

    /// Stops reading, and returns once the thread is not reading (or has not answered for a
    /// second: it may have ended with the terminal).
    pub fn pause(&self) {
        let (lock, cv) = &*self.mode;
        let Ok(mut m) = lock.lock() else {
            return;
        };
        *m = Mode::PauseAsked;
        cv.notify_all();
        let _ = cv.wait_timeout_while(m, PAUSE_WAIT, |m| *m == Mode::PauseAsked);
    }

    /// Reads again.
    pub fn resume(&self) {
        let (lock, cv) = &*self.mode;
        if let Ok(mut m) = lock.lock() {
            *m = Mode::Reading;
            cv.notify_all();
        }
    }
}

/// Parks the thread while a pause is asked for, saying it is parked; false if the lock is
/// poisoned (a panic elsewhere: the reader is on its way out).
fn wait_while_paused(mode: &(Mutex<Mode>, Condvar)) -> bool {
    let (lock, cv) = mode;
    let Ok(mut m) = lock.lock() else {
        return false;
    };
    while *m != Mode::Reading {
        if *m == Mode::PauseAsked {
            *m = Mode::Paused;
            cv.notify_all();
        }
        m = match cv.wait(m) {
            Ok(m) => m,
            Err(_) => return false,
        };
    }
    true
}
