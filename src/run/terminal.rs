//! The terminal, taken and given back, and what a panic does while the reader has it.
//!
//! ratatui's own `init` installs a panic hook that restores the terminal and prints with
//! `eprintln!`: with the terminal gone (a closed window), that print fails, panics inside the
//! hook, and the process aborts before any mark is saved. Here the hook only records the panic
//! and wakes the run loop, which saves, restores the terminal if it still exists, and prints
//! the panic where it can. Nothing here can panic.

use std::sync::Mutex;

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::DefaultTerminal;
use ratatui::backend::CrosstermBackend;

/// Panics recorded by the hook, to be printed once the terminal is given back.
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());
/// Called (from the panicking thread) once a panic is recorded: wakes the run loop.
type Wake = Box<dyn Fn() + Send + Sync>;
static WAKE: Mutex<Option<Wake>> = Mutex::new(None);

/// Takes the terminal: raw mode, alternate screen, bracketed paste (pasted text arrives as one
/// event, so a paste into the prompt is one edit and one search, not a key per character).
pub fn enter() -> std::io::Result<DefaultTerminal> {
    enable_raw_mode()?;
    if let Err(e) = execute!(
        std::io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste
    ) {
        let _ = disable_raw_mode();
        return Err(e);
    }
    ratatui::Terminal::new(CrosstermBackend::new(std::io::stdout()))
}

/// Gives the terminal back, if it is still there (errors are ignored: a terminal that is gone
/// needs nothing).
pub fn leave() {
    let _ = disable_raw_mode();
    let _ = execute!(
        std::io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Replaces the panic hook for the reader's lifetime: a panic in any thread is recorded and
/// `wake` is called; nothing is printed while the terminal is in raw mode.
pub fn catch_panics(wake: impl Fn() + Send + Sync + 'static) {
    if let Ok(mut w) = WAKE.lock() {
        *w = Some(Box::new(wake));
    }
    std::panic::set_hook(Box::new(|info| {
        let thread = std::thread::current()
            .name()
            .map_or_else(|| "a thread".to_owned(), |n| format!("thread '{n}'"));
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".into());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        // try_lock: a panic while the lock is held (it never is for long) must not deadlock.
        if let Ok(mut p) = PANICS.try_lock() {
            p.push(format!("{thread} panicked{at}: {what}"));
        }
        if let Ok(w) = WAKE.try_lock()
            && let Some(wake) = w.as_ref()
        {
            wake();
        }
    }));
}

/// The panics recorded so far.
pub fn panics() -> Vec<String> {
    PANICS.lock().map(|p| p.clone()).unwrap_or_default()
}

/// Writes a line on stderr if it can (a hang-up leaves nowhere to write; that is no reason to
/// panic).
pub fn say(line: &str) {
    crate::commands::warn(line);
}
