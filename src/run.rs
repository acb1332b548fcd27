//! The run loop: the imperative shell around [`App`]. It owns the terminal, the threads (keys,
//! signals, the library loader, the saver), and reads articles when asked. Each change to the
//! marks goes to the saver the moment it is made (before the next frame is drawn), so saving
//! never depends on the terminal: `q`, `Q`, Ctrl-C, SIGTERM, SIGHUP, a closed terminal (EIO on
//! the tty) and a panic in any thread all end with the marks on disk and the terminal given back
//! if it still exists.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use crossterm::event::{self, Event as TermEvent, KeyEventKind};
use ratatui::DefaultTerminal;

use crate::action::Action;
use crate::app::{App, Effect};
use crate::cli::Context;
use crate::keymap;
use crate::library::{self, Sources};
use crate::loader::Load;

mod history;
mod loading;
mod saver;
pub mod search;
mod terminal;
mod trace;
use crate::state::{Clock, State};
use loading::Loader;
use saver::{Report, Saver};
use search::Searcher;
use trace::{Trace, now_us};
/// How long one loop turn spends draining events before it draws.
const DRAIN: Duration = Duration::from_millis(12);
/// While the library loads, the longest between two frames (the lists fill in at this pace).
const LOADING_FRAME: Duration = Duration::from_millis(50);

/// After this long without a key, the reading position is saved (never on every line
/// scrolled; see [`crate::app::App::record_position`]).
const IDLE: Duration = Duration::from_secs(2);

/// When set, `!` makes the reader panic: a hook for the tests of terminal restoring.
const PANIC_ENV: &str = "KIOSQUE_TEST_PANIC_KEY";

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
        // The terminal's and the clipboard's: nothing to do without them.
        Effect::Reload { .. }
        | Effect::StopSearch
        | Effect::Remember(_)
        | Effect::Edit(_)
        | Effect::Copy { .. } => Vec::new(),
    }
}

/// Runs the reader on `sources` until the user quits; returns the exit code.
pub fn run(ctx: &Context, sources: Sources) -> Result<i32, String> {
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
    spawn_signals(tx.clone(), saver.stop_flag(), Arc::clone(&quitting))?;
    let wake = std::sync::Mutex::new(tx.clone());
    terminal::catch_panics(move || {
        if let Ok(tx) = wake.try_lock() {
            let _ = tx.send(Event::Panicked);
        }
    });
    let mut term = match terminal::enter() {
        Ok(t) => t,
        Err(e) => {
            terminal::leave();
            let _ = saver.finish(|| Err(String::new()));
            return Err(format!("cannot use the terminal: {e}"));
        }
    };
    spawn_input(tx.clone());
    let size = term.size().map(|s| (s.width, s.height)).unwrap_or((80, 24));
    let mut app = App::new(state, size);
    app.marking = crate::app::Marking::new(device, Clock::from_env());
    // The clock and the time zone are the shell's to read (the zone once: it is a file).
    app.screen.now = crate::date::Now::system();
    app.screen.mono = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if !notices.is_empty() {
        app.update(Action::StateRead {
            changes: Vec::new(),
            notices,
        });
    }
    if let Some(why) = blocked {
        app.update(Action::Saved(Err(why)));
    }
    let mut loader = Loader::new(crate::config::cache_dir());
    let to_app = tx.clone();
    loader.start(sources.clone(), 0, move |l| {
        to_app.send(Event::Load(l)).is_ok()
    });
    let data_dir = crate::config::data_dir();
    if let Some(dir) = &data_dir {
        app.set_history(history::load(dir));
    }
    let to_app = tx.clone();
    let searcher = Searcher::start(move |a| to_app.send(Event::Found(a)).is_ok());
    let mut shell = Shell {
        trace: Trace::from_env(),
        panic_key: std::env::var(PANIC_ENV).ok(),
        sources,
        loader,
        opener: spawn_opener(tx.clone()),
        searcher,
        data_dir,
        tx,
        saver,
        exit: 0,
        last_key: None,
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
    shell.saver.save(app.take_changes());
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

struct Shell {
    trace: Option<Trace>,
    /// The test hook's value: `thread` panics in a thread of its own, anything else here.
    panic_key: Option<String>,
    sources: Sources,
    loader: Loader,
    searcher: Searcher,
    /// Where the prompt's history is kept.
    data_dir: Option<std::path::PathBuf>,
    tx: Sender<Event>,
    saver: Saver,
    /// Where articles to open are sent (see [`spawn_opener`]).
    opener: Sender<Effect>,
    exit: i32,
    /// When the last key was pressed, until the reader has been told it is idle.
    last_key: Option<Instant>,
}

impl Shell {
    fn run_loop(
        &mut self,
        terminal: &mut DefaultTerminal,
        app: &mut App,
        rx: &Receiver<Event>,
    ) -> Result<(), String> {
        loop {
            app.refresh();
            app.screen.now.tick();
            self.effects(app);
            terminal
                .draw(|f| crate::ui::render(f, app))
                .map_err(|e| format!("cannot draw: {e}"))?;
            if let Some(t) = &mut self.trace {
                t.frame(app);
            }
            if app.quit {
                return Ok(());
            }
            let first = match rx.recv_timeout(Duration::from_secs(1)) {
                Ok(ev) => Some(ev),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            };
            // While the library loads, frames are paced: batches are taken for up to a
            // loading frame before the lists are rebuilt and drawn (the rebuild costs as much as
            // the library is big). A key is answered at once, and so are the first articles.
            let loading = app.progress.is_some();
            let until = Instant::now() + if loading { LOADING_FRAME } else { DRAIN };
            let mut next = first;
            while let Some(ev) = next.take() {
                let key = matches!(ev, Event::Term(TermEvent::Key(_) | TermEvent::Paste(_), _));
                let empty = app.entries.is_empty();
                self.handle(ev, app)?;
                // A change goes to the saver before anything else can go wrong.
                if app.has_changes() {
                    self.saver.save(app.take_changes());
                }
                if app.quit || key || (empty && !app.entries.is_empty()) {
                    break;
                }
                let left = until.saturating_duration_since(Instant::now());
                next = if left.is_zero() {
                    None
                } else if app.progress.is_some() {
                    rx.recv_timeout(left).ok()
                } else {
                    rx.try_recv().ok()
                };
            }
            self.effects(app);
            if self.last_key.is_some_and(|at| at.elapsed() >= IDLE) {
                self.last_key = None;
                app.update(Action::Idle);
            }
            self.saver.save(app.take_changes());
        }
    }

    /// Carries out what the App asked for.
    fn effects(&mut self, app: &mut App) {
        for effect in app.take_effects() {
            match effect {
                Effect::Reload { generation } => {
                    let tx = self.tx.clone();
                    self.loader
                        .start(self.sources.clone(), generation, move |l| {
                            tx.send(Event::Load(l)).is_ok()
                        });
                    // Marks made elsewhere come in with the reload too.
                    self.saver.look();
                }
                Effect::Search(job) => self.searcher.search(job),
                Effect::StopSearch => self.searcher.stop(),
                Effect::Remember(query) => {
                    if let Some(dir) = &self.data_dir
                        && let Err(why) = history::remember(dir, &query)
                    {
                        app.update(Action::StateRead {
                            changes: Vec::new(),
                            notices: vec![why],
                        });
                    }
                }
                other => {
                    // Read and parsed off this thread (a 5 MB article, a slow disk): the
                    // article arrives as an event, and a newer request supersedes it.
                    let _ = self.opener.send(other);
                }
            }
        }
    }

    fn handle(&mut self, ev: Event, app: &mut App) -> Result<(), String> {
        match ev {
            Event::Term(TermEvent::Key(key), read_at) if key.kind != KeyEventKind::Release => {
                if let Some(t) = &mut self.trace {
                    t.keys
                        .push((format!("{:?}", key.code).replace(' ', "_"), read_at));
                }
                // A test hook: the end-to-end tests check that a panic (here, or in another
                // thread) restores the terminal and saves the marks; they set this variable and
                // press `!`.
                if let Some(how) = &self.panic_key
                    && key.code == crossterm::event::KeyCode::Char('!')
                {
                    if how == "thread" {
                        std::thread::spawn(|| panic!("panic requested by {PANIC_ENV} (a test)"));
                    } else {
                        panic!("panic requested by {PANIC_ENV} (a test)");
                    }
                }
                self.last_key = Some(Instant::now());
                let action = if app.prompt.is_some() {
                    keymap::prompt_action_for(&key)
                } else {
                    keymap::action_for(&key).or_else(|| unbound(&key))
                };
                if let Some(a) = action {
                    app.update(a);
                }
            }
            Event::Term(TermEvent::Resize(w, h), _) => app.update(Action::Resize(w, h)),
            // Pasted text is one edit of the prompt (one search), never a series of keys.
            Event::Term(TermEvent::Paste(text), _) if app.prompt.is_some() => {
                app.update(Action::PromptPaste(text));
            }
            Event::Found(action) => app.update(action),
            Event::Term(..) => {}
            Event::Load(load) => {
                let done = matches!(load.event, crate::loader::LoadEvent::Done);
                app.update(Action::Load(load));
                if done {
                    self.searcher.fold(app.entries.clone());
                }
            }
            Event::Signal(sig) => {
                self.exit = 128 + sig;
                app.quit = true;
            }
            Event::InputGone(why) => return Err(format!("cannot read the keyboard: {why}")),
            Event::Saver(Report::Saved(result)) => {
                if let Ok(upto) = result {
                    self.saver.saved(upto);
                }
                app.update(Action::Saved(result.map(|_| ())));
            }
            Event::Saver(Report::Read(found)) => app.update(Action::StateRead {
                changes: found.changes,
                notices: found.notices,
            }),
            Event::Opened(action) => app.update(*action),
            Event::Panicked => {
                self.exit = 101;
                app.quit = true;
            }
        }
        Ok(())
    }
}

/// A key bound to nothing, to be answered with a hint (a lone modifier or a key release is no
/// key press).
fn unbound(key: &crossterm::event::KeyEvent) -> Option<Action> {
    use crossterm::event::{KeyCode, KeyModifiers};
    if matches!(key.code, KeyCode::Modifier(_) | KeyCode::Null) {
        return None;
    }
    let k = keymap::Key {
        code: key.code,
        ctrl: key.modifiers.contains(KeyModifiers::CONTROL),
    };
    Some(Action::Unbound(keymap::key_name(&k)))
}

/// The thread that reads the articles the reader opens, so a big article or a slow disk never
/// holds up a frame. Requests that pile up while one is read are dropped but the last: only
/// the article the user stopped on is read.
fn spawn_opener(tx: Sender<Event>) -> Sender<Effect> {
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

fn spawn_input(tx: Sender<Event>) {
    std::thread::spawn(move || {
        loop {
            let ev = match event::read() {
                Ok(ev) => Event::Term(ev, now_us()),
                Err(e) => Event::InputGone(e.to_string()),
            };
            let gone = matches!(ev, Event::InputGone(_));
            if tx.send(ev).is_err() || gone {
                return;
            }
        }
    });
}

/// Watches SIGTERM, SIGHUP (a closed terminal) and SIGINT: the first ends the reader (saving);
/// one more while it is on its way out makes a wait for a lock give up (`stop`).
fn spawn_signals(
    tx: Sender<Event>,
    stop: Arc<AtomicBool>,
    quitting: Arc<AtomicBool>,
) -> Result<(), String> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])
        .map_err(|e| format!("cannot watch signals: {e}"))?;
    std::thread::spawn(move || {
        let mut seen = 0;
        for sig in signals.forever() {
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
