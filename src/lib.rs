//! kiosque: a terminal reader for news articles stored as files.
//!
//! A functional core (parsing, quotation finding, layout, filtering, state merging: pure
//! functions over plain data) inside a thin imperative shell (the run loop, the loader thread,
//! the subcommands), so that nearly everything is tested without a terminal.
//!
//! ```text
//!                        ┌──────────── the one choke point for file text ───────────┐
//!  files ─► scan ─► source::read ─► decode (BOM, UTF-16, lossy UTF-8) ─► sanitize::clean
//!                                                                              │
//!             label::split ◄── parse::parse ◄────────────────────────────────────┘
//!  byline::is_byline ◄──┘  │   quote::find (per paragraph, continued over paragraphs)
//!                          ▼
//!                  article::Article ──► library::Entry (id, section, metadata)
//!                                                    │
//!  the engine, for the reader and every command:     ▼
//!    loader (threads): a walk, the headers, then the bodies; ids::IdAssigner gives each
//!      entry the id of its file (the oldest of a shared identity keeps it); the library log
//!      (cache, in the cache dir) is replayed on a warm start and checked against the files;
//!      lookup (ids and files by inode) is written beside it
//!        ├─► a start whose log is still the one the lists file names: LoadEvent::Lists (the
//!        │   whole lists, read in one go: lists) first, then the log's words only (Words,
//!        │   RelabeledWords, Bodies); what changed on disk since, as a live update
//!        ├─► LoadEvent: Batch{entries, search::Segment}, then Bodies{Segment},
//!        │   story::signature, story::cluster ─► Stories               ─► the reader
//!        └─► Library::load (loader::gather) and lookup::find ─► commands (list, show, mark,
//!            export, parse), started from a context::Context, printing through output
//!
//!  the reader:
//!  keymap::action_for ◄── crossterm events (run::shell reads the clock: screen.now)
//!        │
//!        ▼
//!  Action ─► app::App::update (no I/O) ─► Effect ─► run loop: an article to open goes to the
//!    ▲            │  │                      opener thread (library::read_article, off the UI
//!    │            │  └─► geometry (panes,   thread) ─► Action::ArticleLoaded ─► App ─►
//!    │            │      the mouse's spot)    layout::layout(article, width) (theme: roles →
//!    │            ▼                            styles)
//!    │    ui::render (TestBackend or terminal, with geometry's panes); commands::show (SGR)
//!    └── LoadEvents, search answers, saves, file watches (run's threads)
//!
//!  LoadEvent::Logged(key) at a load's end ─► App (lists complete) ─► Effect::KeepLists ─►
//!       run::loading (a thread) ─► lists::write, beside the log
//!
//!  run::watch (notify, debounced) ─► loader::update (a walk of the metadata: only what
//!       changed, as LoadEvent::Update … Done, appended to the log) ─► App (the place kept)
//!
//!  App::update ─► state::Change (stamped after the one it replaces) ─► run::saver thread
//!       ▲              ─► state::Store::append (one line, fsync) ─► <state folder>/marks-<device>.jsonl
//!       └── State::apply (later stamp wins) ◄── Store::refresh (every file, read incrementally)
//! ```
//!
//! Modules, one noun each. No module depends, directly or not, on one that depends on it: each
//! can be read knowing only those it uses (`tests/structure.rs` checks there is no cycle).
//!
//! - text in: [`scan`] (finding files), [`source`] (reading bytes safely), [`decode`],
//!   [`sanitize`] (terminal safety, SPEC §8), [`format`] (Markdown, feeds, saved HTML);
//! - articles: [`parse`], [`label`], [`byline`], [`quote`], [`article`], [`library`] (entries,
//!   sources, the library a command loads), [`ids`];
//! - the engine behind the reader and every command: [`loader`] (which also loads a whole
//!   [`library::Library`] for the commands), [`cache`] (the library log), [`lookup`] (ids and
//!   files by inode, beside the log), [`lists`] (the reader's lists as a load left them, the
//!   first frame of the next start); what the reader keeps of each article: [`item`], in the
//!   chunks of [`items`];
//! - setting text: [`layout`], [`theme`], [`width`], [`date`];
//! - finding: [`fold`], [`query`] (the query language: parser, evaluator, engine), [`search`],
//!   [`find`] (in the open article), [`story`] (near-duplicate bodies grouped into stories:
//!   signed by the loader's body pass, grouped once every body is in, kept in the library's
//!   log with the rest);
//! - the reader: [`action`] (every change, and the prompt's edits), [`keymap`], [`geometry`]
//!   (pane rectangles, the reader's text area, the mouse's hit test: pure, below both `app`
//!   and `ui`), [`app`] (the state, in owned parts: the entries with their catalog and the
//!   full-text index, the loading, the marks, the finding (filters, query, search), the sort,
//!   the saved views, the stories, the lists and their selections, the open reader, the
//!   screen; changed only by `App::update`), [`ui`] (drawing), [`run`] (the shell: terminal,
//!   threads, I/O);
//! - saved things: [`state`], [`config`] (with [`diagnostic`], the problems it reports),
//!   [`disk`] (bounded reads, private atomic writes);
//! - versions: [`fingerprint`] (of the version read and of the version on disk), [`changes`]
//!   (what changed since an article was read);
//! - the command line: [`context`] (the config dir and `config.toml`, what every command
//!   starts from), [`output`] (stdout checked, stderr lines cleaned), [`commands`] (each
//!   subcommand with its options), [`cli`] (parsing and dispatch, on top of everything);
//!   digests of articles: [`export`].
#![forbid(unsafe_code)]

pub mod action;
pub mod app;
pub mod article;
pub mod byline;
pub mod cache;
pub mod changes;
pub mod cli;
pub mod commands;
pub mod config;
pub mod context;
pub mod date;
pub mod decode;
pub mod diagnostic;
pub mod disk;
pub mod export;
pub mod find;
pub mod fingerprint;
pub mod fold;
pub mod format;
pub mod geometry;
pub mod ids;
pub mod item;
pub mod items;
pub mod keymap;
pub mod label;
pub mod layout;
pub mod library;
pub mod lists;
pub mod loader;
pub mod lookup;
pub mod output;
pub mod parse;
pub mod query;
pub mod quote;
pub mod run;
pub mod sanitize;
pub mod scan;
pub mod search;
pub mod source;
pub mod state;
pub mod story;
pub mod theme;
pub mod ui;
pub mod width;

/// The tests' file helpers (copying a tree, listing files, setting a time), the same file
/// the integration tests use.
#[cfg(test)]
#[path = "../tests/support/tree.rs"]
mod test_files;
