//! The run loop: the imperative shell around [`App`]. It owns the terminal, the threads (keys,
//! signals, the library loader, the saver), and reads articles when asked. Each change to the
//! marks goes to the saver the moment it is made (before the next frame is drawn), so saving
//! never depends on the terminal: `q`, `Q`, Ctrl-C, SIGTERM, SIGHUP, a closed terminal (EIO on
//! the tty) and a panic in any thread all end with the marks on disk and the terminal given back
//! if it still exists.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use crossterm::event::Event as TermEvent;

use crate::action::Action;
use crate::app::{App, Effect};
use crate::context::Context;
use crate::library::{self, Sources};
use crate::loader::Load;

mod handoff;
mod history;
mod input;
mod loading;
mod mouse;
mod saver;
pub mod search;
mod shell;
mod terminal;
mod threads;
mod trace;
pub mod watch;
use crate::state::{Clock, State};
use loading::Loader;
use saver::{Report, Saver};
use search::Searcher;
use shell::{PANIC_ENV, Shell};
use trace::{Trace, now_us};

/// How the reader takes the terminal (what `config.toml` may change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    /// Clicks and the wheel (SPEC §7); `mouse = false` in `config.toml` turns them off (the
    /// terminal's own selection of text then works as without kiosque).
    pub mouse: bool,
    /// Live folders: files added, changed or removed while the reader runs are shown without
    /// `r`; `watch = false` in `config.toml` turns it off.
    pub watch: bool,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            mouse: true,
            watch: true,
        }
    }
}

/// What reaches the loop.
enum Event {
    /// A terminal event, and when it was read (µs since the epoch, for the trace).
    Term(TermEvent, u64),
    Load(Load),
    Signal(i32),
    InputGone(String),
    /// The saver's news.
    Saver(Report),
    /// A thread panicked (the hook recorded it).
    Panicked,
    /// An article asked for was read (see [`spawn_opener`]).
    Opened(Box<Action>),
    /// The search thread's answer.
    Found(Action),
    /// What became of work handed to another program (the clipboard tools).
    Reported(Action),
    /// The file watcher's news (live folders).
    Watch(watch::Report),
}

/// Carries out an effect where it stands, for the tests (the run loop hands searches to the
/// search thread instead): the actions that answer it.
pub fn perform(effect: Effect) -> Vec<Action> {
    match effect {
        Effect::LoadArticle {
            entry,
            generation,
            source,
            label,
        } => vec![Action::ArticleLoaded {
            entry,
            generation,
            article: library::read_article(&source, label.as_deref()).map(Box::new),
        }],
        Effect::Search(mut job) => {
            let mut out = Vec::new();
            let mut folded = crate::app::folded::FoldCache::default();
            search::run(&mut job, &mut folded, 1, &|| false, &mut |a| {
                out.push(a);
                true
            });
            out
        }
        Effect::CountViews(mut job) => {
            let mut out = Vec::new();
            let mut folded = crate::app::folded::FoldCache::default();
            search::count_views(&mut job, &mut folded, &|| false, &mut |a| {
                out.push(a);
                true
            });
            out
        }
        // The terminal's and the clipboard's: nothing to do without them.
        Effect::Reload { .. }
        | Effect::StopSearch
        | Effect::Remember(_)
        | Effect::Edit(_)
        | Effect::Copy { .. }
        | Effect::KeepLists(_) => Vec::new(),
    }
}

/// Runs the reader on `sources` until the user quits; returns the exit code.
pub fn run(ctx: &Context, sources: Sources, options: RunOptions) -> Result<i32, String> {
    // The state is opened before the screen changes, so a problem that must stop us can still
    // be printed plainly; one that only stops saving (an unwritable folder) is said in the
    // status line, reading goes on, and quitting with marks unsaved exits 1.
    let (state, device, store, notices) = match ctx.open_state(true) {
        Ok(o) => (o.state, o.device, Ok(o.store), o.notices),
        Err(why) => (State::default(), 0, Err(why), Vec::new()),
    };
    let blocked = store.as_ref().err().cloned();
    let (tx, rx) = mpsc::channel();
    let to_app = tx.clone();
    let saver = Saver::start(store, move |r| to_app.send(Event::Saver(r)).is_ok());
    let quitting = Arc::new(AtomicBool::new(false));
    let handed_over = Arc::new(AtomicBool::new(false));
    threads::spawn_signals(
        tx.clone(),
        saver.stop_flag(),
        Arc::clone(&quitting),
        Arc::clone(&handed_over),
    )?;
    let wake = std::sync::Mutex::new(tx.clone());
    terminal::catch_panics(move || {
        if let Ok(tx) = wake.try_lock() {
            let _ = tx.send(Event::Panicked);
        }
    });
    let mut term = match terminal::enter(options.mouse) {
        Ok(t) => t,
        Err(e) => {
            terminal::leave();
            let _ = saver.finish(|| Err(String::new()));
            return Err(format!("cannot use the terminal: {e}"));
        }
    };
    let to_app = tx.clone();
    let input = input::Input::start(move |ev| {
        let ev = match ev {
            Ok(ev) => Event::Term(ev, now_us()),
            Err(e) => Event::InputGone(e.to_string()),
        };
        to_app.send(ev).is_ok()
    });
    let size = term.size().map(|s| (s.width, s.height)).unwrap_or((80, 24));
    let mut app = App::new(state, size);
    app.marks.marking = crate::app::Marking::new(device, Clock::from_env());
    // The clock and the time zone are the shell's to read (the zone once: it is a file).
    app.screen.now = crate::date::Now::system();
    app.screen.mono = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    app.configure(&ctx.settings);
    if !notices.is_empty() {
        app.update(Action::StateRead {
            changes: Vec::new(),
            notices,
        });
    }
    if let Some(why) = blocked {
        app.update(Action::Saved(Err(why)));
    }
    let cache_dir = crate::config::cache_dir();
    // Watching starts before the library is read: a change made while it loads is checked
    // once the load is done.
    let watching = match &sources {
        Sources::Paths(roots) if options.watch => {
            let mut ignored = vec![ctx.config_dir.clone()];
            ignored.extend(ctx.state_dir().ok());
            ignored.extend(cache_dir.clone());
            ignored.extend(crate::config::data_dir());
            let to_app = tx.clone();
            Some(watch::start(roots, &ignored, move |r| {
                to_app.send(Event::Watch(r)).is_ok()
            }))
        }
        _ => None,
    };
    let mut loader = Loader::new(cache_dir, watching.as_ref().map(watch::Watch::dirs));
    let to_app = tx.clone();
    loader.start(sources.clone(), 0, move |l| {
        to_app.send(Event::Load(l)).is_ok()
    });
    let data_dir = crate::config::data_dir();
    if let Some(dir) = &data_dir {
        app.finding.set_history(history::load(dir));
    }
    let to_app = tx.clone();
    let searcher = Searcher::start(move |a| to_app.send(Event::Found(a)).is_ok());
    let mut shell = Shell {
        trace: Trace::from_env(),
        panic_key: std::env::var(PANIC_ENV).ok(),
        sources,
        loader,
        opener: threads::spawn_opener(tx.clone()),
        searcher,
        data_dir,
        tx,
        saver,
        exit: 0,
        last_key: None,
        input,
        options,
        handed_over,
        clicks: mouse::Clicks::default(),
        _watching: watching,
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        shell.run_loop(&mut term, &mut app, &rx)
    }));
    quitting.store(true, Ordering::SeqCst);
    // Every way out (q, Q, a signal, a closed terminal) saves where the open article was left;
    // after a panic the app may be half-updated, so this may not be possible (and then is not
    // worth a second panic).
    let _ = catch_unwind(AssertUnwindSafe(|| app.record_position()));
    // Saving first: it never waits on the terminal (which may be gone, or stopped).
    shell.saver.save(app.marks.take_changes());
    let saved = shell.saver.finish(|| ctx.open_state(true).map(|o| o.store));
    terminal::leave();
    // ratatui's Terminal shows the cursor when dropped and, if the tty is gone, reports it with
    // `eprintln!`, which panics on the dead stderr: it is not dropped (the process ends here).
    std::mem::forget(term);
    let panics = terminal::panics();
    for p in &panics {
        terminal::say(p);
    }
    if let Err(why) = &saved {
        terminal::say(&format!("marks not saved: {why}"));
    }
    match outcome {
        Err(_) => Ok(101),
        Ok(Err(e)) => {
            terminal::say(&e);
            Ok(1)
        }
        Ok(Ok(())) if !panics.is_empty() => Ok(101),
        Ok(Ok(())) if saved.is_err() => Ok(1),
        Ok(Ok(())) => Ok(shell.exit),
    }
}
