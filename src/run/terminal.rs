//! The terminal, taken and given back, and what a panic does while the reader has it.
//!
//! ratatui's own `init` installs a panic hook that restores the terminal and prints with
//! `eprintln!`: with the terminal gone (a closed window), that print fails, panics inside the
//! hook, and the process aborts before any mark is saved. Here the hook only records the panic
//! and wakes the run loop, which saves, restores the terminal if it still exists, and prints
//! the panic where it can. Nothing here can panic.

use std::sync::Mutex;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, KeyboardEnhancementFlags,
    PopKeyboardEnhancementFlags, PushKeyboardEnhancementFlags,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{Command, execute};
use ratatui::DefaultTerminal;
use ratatui::backend::CrosstermBackend;

/// Panics recorded by the hook, to be printed once the terminal is given back.
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());
/// Called (from the panicking thread) once a panic is recorded: wakes the run loop.
type Wake = Box<dyn Fn() + Send + Sync>;
static WAKE: Mutex<Option<Wake>> = Mutex::new(None);

/// Takes the terminal (see [`take`]).
pub fn enter(mouse: bool) -> std::io::Result<DefaultTerminal> {
    take(mouse)?;
    ratatui::Terminal::new(CrosstermBackend::new(std::io::stdout()))
}

/// Takes the terminal back after it was handed to another program ([`leave`], then the
/// editor): the modes set again and the whole screen drawn again at the next frame (the
/// alternate screen was left, its contents are gone); the terminal's size, which may have
/// changed meanwhile.
pub fn take_back(term: &mut DefaultTerminal, mouse: bool) -> std::io::Result<(u16, u16)> {
    take(mouse)?;
    // `resize` clears the screen and forgets what was drawn; `clear` would too, but asks the
    // terminal where its cursor is first (and waits for the answer).
    let size = term.size()?;
    term.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
    Ok((size.width, size.height))
}

/// Raw mode, alternate screen, bracketed paste (pasted text arrives as one event, so a paste
/// into the prompt is one edit and one search, not a key per character), the keyboard's
/// escape codes disambiguated where the terminal knows how (so that `Esc` is a sequence of its
/// own and two quick ones are two: see the README's decisions), and with `mouse`, clicks and
/// the wheel.
fn take(mouse: bool) -> std::io::Result<()> {
    enable_raw_mode()?;
    let mut out = std::io::stdout();
    let taken = execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
    )
    .and_then(|()| {
        if mouse {
            execute!(out, EnableClicks)
        } else {
            Ok(())
        }
    });
    if let Err(e) = taken {
        leave();
        return Err(e);
    }
    Ok(())
}

/// Mouse reporting of presses, releases and the wheel, in the SGR encoding (any column). Not
/// crossterm's `EnableMouseCapture`, which also asks for every move of the pointer (mode
/// 1003): each would wake the reader for nothing.
struct EnableClicks;

impl Command for EnableClicks {
    fn write_ansi(&self, f: &mut impl std::fmt::Write) -> std::fmt::Result {
        f.write_str("\x1b[?1000h\x1b[?1006h")
    }
}

/// Gives the terminal back, if it is still there (errors are ignored: a terminal that is gone
/// needs nothing). Every mode [`take`] may have set is undone, whatever it set (the run loop
/// calls this on every way out: `q`, a signal, a hang-up, a panic; and before an editor).
pub fn leave() {
    let _ = disable_raw_mode();
    let _ = execute!(
        std::io::stdout(),
        DisableMouseCapture,
        PopKeyboardEnhancementFlags,
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
    crate::output::warn(line);
}
