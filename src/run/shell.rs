//! The run loop's turn: draining events into [`App::update`], drawing, and carrying out the
//! effects the App asks for (reading articles, searching, handing the terminal or text to
//! other programs).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use crossterm::event::{Event as TermEvent, KeyEventKind};
use ratatui::DefaultTerminal;

use super::loading::Loader;
use super::saver::{Report, Saver};
use super::search::Searcher;
use super::trace::Trace;
use super::{Event, RunOptions, handoff, history, input, mouse, terminal, watch};
use crate::action::Action;
use crate::app::{App, Effect};
use crate::keymap;
use crate::library::Sources;

/// How long one loop turn spends draining events before it draws.
const DRAIN: Duration = Duration::from_millis(12);
/// While the library loads, the longest between two frames (the lists fill in at this pace).
const LOADING_FRAME: Duration = Duration::from_millis(50);

/// After this long without a key, the reading position is saved (never on every line
/// scrolled; see [`crate::app::App::record_position`]).
const IDLE: Duration = Duration::from_secs(2);

/// When set, `!` makes the reader panic: a hook for the tests of terminal restoring.
pub(super) const PANIC_ENV: &str = "KIOSQUE_TEST_PANIC_KEY";

/// What became of a hand-over: the editor's outcome (whether the file changed), and the
/// terminal's size once taken back.
type Handed = (Result<bool, String>, (u16, u16));

pub(super) struct Shell {
    pub(super) trace: Option<Trace>,
    /// The test hook's value: `thread` panics in a thread of its own, anything else here.
    pub(super) panic_key: Option<String>,
    pub(super) sources: Sources,
    pub(super) loader: Loader,
    pub(super) searcher: Searcher,
    /// Where the prompt's history is kept.
    pub(super) data_dir: Option<std::path::PathBuf>,
    pub(super) tx: Sender<Event>,
    pub(super) saver: Saver,
    /// Where articles to open are sent (see [`spawn_opener`]).
    pub(super) opener: Sender<Effect>,
    pub(super) exit: i32,
    /// When the last key was pressed, until the reader has been told it is idle.
    pub(super) last_key: Option<Instant>,
    /// The thread reading the terminal (paused while an editor has it).
    pub(super) input: input::Input,
    pub(super) options: RunOptions,
    /// Set while an editor has the terminal (see [`threads::spawn_signals`]).
    pub(super) handed_over: Arc<AtomicBool>,
    /// The last click, to tell double clicks.
    pub(super) clicks: mouse::Clicks,
    /// The file watcher, while the library's folders are watched.
    pub(super) _watching: Option<watch::Watch>,
}

impl Shell {
    pub(super) fn run_loop(
        &mut self,
        terminal: &mut DefaultTerminal,
        app: &mut App,
        rx: &Receiver<Event>,
    ) -> Result<(), String> {
        loop {
            app.refresh();
            app.screen.now.tick();
            self.effects(terminal, app)?;
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
            let loading = app.loading.progress.is_some();
            let until = Instant::now() + if loading { LOADING_FRAME } else { DRAIN };
            let mut next = first;
            while let Some(ev) = next.take() {
                let key = matches!(
                    ev,
                    Event::Term(
                        TermEvent::Key(_) | TermEvent::Paste(_) | TermEvent::Mouse(_),
                        _
                    )
                );
                let empty = app.entries.is_empty();
                self.handle(ev, app)?;
                // A change goes to the saver before anything else can go wrong.
                if app.marks.has_changes() {
                    self.saver.save(app.marks.take_changes());
                }
                if app.quit || key || (empty && !app.entries.is_empty()) {
                    break;
                }
                let left = until.saturating_duration_since(Instant::now());
                next = if left.is_zero() {
                    None
                } else if app.loading.progress.is_some() {
                    rx.recv_timeout(left).ok()
                } else {
                    rx.try_recv().ok()
                };
            }
            self.effects(terminal, app)?;
            if self.last_key.is_some_and(|at| at.elapsed() >= IDLE) {
                self.last_key = None;
                app.screen.now.tick();
                app.update(Action::Idle);
            }
            self.saver.save(app.marks.take_changes());
        }
    }

    /// Carries out what the App asked for.
    fn effects(&mut self, terminal: &mut DefaultTerminal, app: &mut App) -> Result<(), String> {
        app.screen.now.tick();
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
                Effect::CountViews(job) => self.searcher.count_views(job),
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
                Effect::Edit(path) => {
                    let (result, (w, h)) = self.hand_over(terminal, &path)?;
                    app.update(Action::Resize(w, h));
                    app.update(Action::Edited(result));
                }
                Effect::Copy { what, text } => self.copy(what, text),
                Effect::KeepLists(lists) => self.loader.keep_lists(&self.sources, lists),
                other => {
                    // Read and parsed off this thread (a 5 MB article, a slow disk): the
                    // article arrives as an event, and a newer request supersedes it.
                    let _ = self.opener.send(other);
                }
            }
        }
        Ok(())
    }

    /// Hands the terminal to the editor on `path` and takes it back: no key is read meanwhile
    /// (the editor gets them all), every mode is undone then set again, and the next frame
    /// draws the whole screen. The reader's other work (saving, loading) goes on.
    fn hand_over(
        &mut self,
        terminal: &mut DefaultTerminal,
        path: &std::path::Path,
    ) -> Result<Handed, String> {
        self.input.pause();
        self.handed_over.store(true, Ordering::SeqCst);
        terminal::leave();
        let result = handoff::edit(&handoff::editor(), path);
        let back = terminal::take_back(terminal, self.options.mouse);
        self.handed_over.store(false, Ordering::SeqCst);
        self.input.resume();
        let size = back.map_err(|e| format!("cannot take the terminal back: {e}"))?;
        Ok((result, size))
    }

    /// Puts `text` on the clipboard: the OSC 52 sequence written to the terminal here (the
    /// loop owns it), the clipboard tools run on a thread of their own, which says how it went.
    fn copy(&mut self, what: &'static str, text: String) {
        use std::io::Write;
        let sent = handoff::osc52(&text).is_some_and(|seq| {
            let mut out = std::io::stdout();
            out.write_all(seq.as_bytes())
                .and_then(|()| out.flush())
                .is_ok()
        });
        let tx = self.tx.clone();
        std::thread::spawn(move || {
            let said = handoff::copy_with_tools(what, &text, sent);
            let _ = tx.send(Event::Reported(Action::Copied(said)));
        });
    }

    fn handle(&mut self, ev: Event, app: &mut App) -> Result<(), String> {
        // The clock is read here, not in `App::update`, which stays deterministic.
        app.screen.now.tick();
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
                // The key table in force (config.toml's keys), as the help shows it.
                let action = if app.typing() {
                    app.screen.keys.prompt_action_for(&key)
                } else {
                    app.screen.keys.action_for(&key).or_else(|| unbound(&key))
                };
                if let Some(a) = action {
                    app.update(a);
                }
            }
            Event::Term(TermEvent::Resize(w, h), _) => app.update(Action::Resize(w, h)),
            // Pasted text is one edit of the prompt (one search), never a series of keys.
            Event::Term(TermEvent::Paste(text), _) if app.typing() => {
                app.update(Action::PromptPaste(text));
            }
            Event::Term(TermEvent::Mouse(m), _) => {
                if let Some(action) = self.clicks.action(&m, Instant::now()) {
                    self.last_key = Some(Instant::now());
                    app.update(action);
                }
            }
            Event::Found(action) | Event::Reported(action) => app.update(action),
            Event::Term(..) => {}
            Event::Watch(watch::Report::Changed(n)) => {
                if let Some(t) = &mut self.trace {
                    t.note(&format!("changed {n}"));
                }
                self.loader.check();
            }
            Event::Watch(watch::Report::Unwatched(why)) => app.update(Action::Unwatched(why)),
            Event::Load(load) => {
                if let Some(t) = &mut self.trace {
                    match load.event {
                        crate::loader::LoadEvent::Update { .. } => t.note("update"),
                        crate::loader::LoadEvent::Done => t.note("done"),
                        crate::loader::LoadEvent::Lists(_) => t.note("lists"),
                        _ => {}
                    }
                }
                let done = matches!(load.event, crate::loader::LoadEvent::Done);
                let lists = matches!(load.event, crate::loader::LoadEvent::Lists(_));
                app.update(Action::Load(load));
                if lists && let Some(t) = &mut self.trace {
                    t.note("lists applied");
                }
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
