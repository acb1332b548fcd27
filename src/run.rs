//! The run loop: the imperative shell around [`App`]. It owns the terminal, the threads (keys,
//! signals, the library loader), reads articles when asked, and saves the state within a second
//! of each change and on every way out: `q`, `Q`, Ctrl-C, SIGTERM, SIGHUP, SIGINT, and a panic
//! (the panic hook of `ratatui::init` restores the terminal first).

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::path::PathBuf;
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

mod loading;
use crate::state::{self, State};
use loading::Loader;

/// Changes are saved at most this long after they are made.
const SAVE_DELAY: Duration = Duration::from_millis(300);
/// After a failed save, the next try waits this long.
const SAVE_RETRY: Duration = Duration::from_secs(5);
/// How long one loop turn spends draining events before it draws.
const DRAIN: Duration = Duration::from_millis(12);
/// While the library loads, the longest between two frames (the lists fill in at this pace).
const LOADING_FRAME: Duration = Duration::from_millis(50);

/// When set, names a file where every frame and key is logged with its time (benchmarks).
const TRACE_ENV: &str = "KIOSQUE_TRACE";

/// Microseconds since the epoch.
fn now_us() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_micros()).unwrap_or(u64::MAX))
}

/// The opt-in trace of frame times: one line per frame
/// (`frame <µs> view=<rows in the list> total=<articles> loading=<0|1> reader=<lines>`) and, after
/// it, one line per key it answers (`key <code> <µs read> <µs drawn>`).
struct Trace {
    out: std::io::BufWriter<std::fs::File>,
    keys: Vec<(String, u64)>,
}

impl Trace {
    fn from_env() -> Option<Trace> {
        let path = std::env::var_os(TRACE_ENV)?;
        let file = std::fs::File::create(path).ok()?;
        let mut t = Trace {
            out: std::io::BufWriter::new(file),
            keys: Vec::new(),
        };
        use std::io::Write;
        let _ = writeln!(t.out, "start {}", now_us());
        Some(t)
    }

    fn frame(&mut self, app: &App) {
        use std::io::Write;
        let at = now_us();
        let reader = app.reader.as_ref().map_or(0, |r| r.layout.lines.len());
        let _ = writeln!(
            self.out,
            "frame {at} view={} total={} loading={} indexing={} reader={reader}",
            app.view.len(),
            app.article_count(),
            u8::from(app.progress.is_some()),
            u8::from(app.indexing.is_some()),
        );
        for (code, read_at) in self.keys.drain(..) {
            let _ = writeln!(self.out, "key {code} {read_at} {at}");
        }
        let _ = self.out.flush();
    }
}

/// When set, `!` makes the reader panic: a hook for the tests of terminal restoring.
const PANIC_ENV: &str = "KIOSQUE_TEST_PANIC_KEY";

/// What reaches the loop.
enum Event {
    /// A terminal event, and when it was read (µs since the epoch, for the trace).
    Term(TermEvent, u64),
    Load(Load),
    Signal(i32),
    InputGone(String),
    /// A save made in the background is done.
    Saved(Result<(State, Option<String>), String>),
}

/// Reads an article for the reader: the effect behind [`Effect::LoadArticle`].
pub fn perform(effect: &Effect) -> Option<Action> {
    match effect {
        Effect::LoadArticle {
            entry,
            generation,
            source,
            label,
        } => Some(Action::ArticleLoaded {
            entry: *entry,
            generation: *generation,
            article: library::read_article(source, label.as_deref()).map(Box::new),
        }),
        Effect::Reload { .. } => None,
    }
}

/// Runs the reader on `sources` until the user quits; returns the exit code.
pub fn run(ctx: &Context, sources: Sources) -> Result<i32, String> {
    // The state is read before the screen changes, so a problem can still be printed plainly
    // if it must stop us; a corrupt file is moved aside and reported in the status line.
    let (state, notice, blocked) = match state::load(&ctx.config_dir) {
        Ok((s, notice)) => (s, notice, None),
        // The file exists but cannot be read (or moved aside): it must not be saved over.
        Err(why) => (State::default(), None, Some(why)),
    };
    let (tx, rx) = mpsc::channel();
    spawn_signals(tx.clone())?;
    let mut terminal = ratatui::init();
    spawn_input(tx.clone());
    let size = terminal
        .size()
        .map(|s| (s.width, s.height))
        .unwrap_or((80, 24));
    let mut app = App::new(state, size);
    if let Some(n) = notice {
        app.update(Action::Saved(Ok((State::default(), Some(n)))));
    }
    if let Some(why) = &blocked {
        // Said at once and kept in the status line; quitting with marks unsaved exits 1.
        app.update(Action::Saved(Err(why.clone())));
        app.mark_saved();
    }
    let mut loader = Loader::new(crate::config::cache_dir());
    let to_app = tx.clone();
    loader.start(sources.clone(), 0, move |l| {
        to_app.send(Event::Load(l)).is_ok()
    });
    let mut shell = Shell {
        trace: Trace::from_env(),
        saving: false,
        panic_key: std::env::var_os(PANIC_ENV).is_some(),
        config_dir: ctx.config_dir.clone(),
        blocked,
        sources,
        loader,
        tx,
        next_save: None,
        exit: 0,
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        shell.run_loop(&mut terminal, &mut app, &rx)
    }));
    ratatui::restore();
    // Whatever happened, the marks are saved before the process ends.
    shell.finish_saving(&mut app, &rx);
    let saved = shell.save(&mut app);
    match outcome {
        Err(panic) => {
            let _ = saved;
            resume_unwind(panic)
        }
        Ok(Err(e)) => Err(e),
        Ok(Ok(())) => {
            if let Err(why) = saved {
                eprintln!("kiosque: marks not saved: {why}");
                return Ok(1);
            }
            Ok(shell.exit)
        }
    }
}

struct Shell {
    trace: Option<Trace>,
    /// A background save is under way.
    saving: bool,
    panic_key: bool,
    config_dir: PathBuf,
    /// Why the state must not be saved this session (its file could not be read).
    blocked: Option<String>,
    sources: Sources,
    loader: Loader,
    tx: Sender<Event>,
    next_save: Option<Instant>,
    exit: i32,
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
            terminal
                .draw(|f| crate::ui::render(f, app))
                .map_err(|e| format!("cannot draw: {e}"))?;
            if let Some(t) = &mut self.trace {
                t.frame(app);
            }
            if app.quit {
                return Ok(());
            }
            // Wait for something, then take what else is already there before drawing again.
            let timeout = self.next_save.map_or(Duration::from_secs(1), |t| {
                t.saturating_duration_since(Instant::now())
            });
            let first = match rx.recv_timeout(timeout) {
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
                let key = matches!(ev, Event::Term(TermEvent::Key(_), _));
                let empty = app.entries.is_empty();
                self.handle(ev, app)?;
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
            for effect in app.take_effects() {
                match effect {
                    Effect::Reload { generation } => {
                        let tx = self.tx.clone();
                        self.loader
                            .start(self.sources.clone(), generation, move |l| {
                                tx.send(Event::Load(l)).is_ok()
                            });
                    }
                    other => {
                        if let Some(action) = perform(&other) {
                            app.update(action);
                        }
                    }
                }
            }
            if app.dirty && self.next_save.is_none() {
                self.next_save = Some(Instant::now() + SAVE_DELAY);
            }
            if self.next_save.is_some_and(|t| Instant::now() >= t) {
                self.next_save = None;
                self.save_in_background(app);
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
                // A test hook: the end-to-end tests check that a panic restores the terminal and
                // saves the marks; they set this variable and press `!`.
                if self.panic_key && key.code == crossterm::event::KeyCode::Char('!') {
                    panic!("panic requested by {PANIC_ENV} (a test)");
                }
                let action = if app.prompt.is_some() {
                    keymap::prompt_action_for(&key)
                } else {
                    keymap::action_for(&key)
                };
                if let Some(a) = action {
                    app.update(a);
                }
            }
            Event::Term(TermEvent::Resize(w, h), _) => app.update(Action::Resize(w, h)),
            Event::Term(..) => {}
            Event::Load(load) => app.update(Action::Load(load)),
            Event::Signal(sig) => {
                self.exit = 128 + sig;
                app.quit = true;
            }
            Event::InputGone(why) => return Err(format!("cannot read the keyboard: {why}")),
            Event::Saved(result) => {
                self.saving = false;
                if result.is_err() {
                    self.next_save = Some(Instant::now() + SAVE_RETRY);
                }
                app.update(Action::Saved(result));
            }
        }
        Ok(())
    }

    /// Starts saving the marks in the background (lock, read, merge, write, fsync take
    /// milliseconds a frame should not wait for); the result comes back as [`Event::Saved`].
    fn save_in_background(&mut self, app: &mut App) {
        if !app.dirty || self.saving {
            return;
        }
        if let Some(why) = &self.blocked {
            app.mark_saved();
            app.update(Action::Saved(Err(why.clone())));
            self.next_save = Some(Instant::now() + SAVE_RETRY);
            return;
        }
        app.mark_saved();
        self.saving = true;
        let (dir, tx) = (self.config_dir.clone(), self.tx.clone());
        let mut merged = app.state.clone();
        std::thread::spawn(move || {
            let result = state::save(&dir, &mut merged).map(|notice| (merged, notice));
            let _ = tx.send(Event::Saved(result));
        });
    }

    /// Waits for a background save under way (on the way out), so its marks are on disk.
    fn finish_saving(&mut self, app: &mut App, rx: &Receiver<Event>) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.saving {
            match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(Event::Saved(result)) => {
                    self.saving = false;
                    // A failed background save leaves the marks dirty: the last save retries.
                    app.update(Action::Saved(result));
                }
                Ok(_) => {}
                Err(_) => return,
            }
        }
    }

    /// Saves the marks if they changed, merged with what is on disk, and waits (on the way out).
    fn save(&mut self, app: &mut App) -> Result<(), String> {
        if !app.dirty {
            return Ok(());
        }
        app.mark_saved();
        if let Some(why) = &self.blocked {
            app.update(Action::Saved(Err(why.clone())));
            return Err(why.clone());
        }
        let mut merged = app.state.clone();
        let result = state::save(&self.config_dir, &mut merged);
        let failed = result.as_ref().err().cloned();
        app.update(Action::Saved(result.map(|notice| (merged, notice))));
        failed.map_or(Ok(()), Err)
    }
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

fn spawn_signals(tx: Sender<Event>) -> Result<(), String> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])
        .map_err(|e| format!("cannot watch signals: {e}"))?;
    std::thread::spawn(move || {
        for sig in signals.forever() {
            if tx.send(Event::Signal(sig)).is_err() {
                return;
            }
        }
    });
    Ok(())
}
