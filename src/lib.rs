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
//!                          │                         │
//!                          │     loader (thread) ────┴─► Batch{entries, search::Segment}
//!                          │      then the bodies ──► Bodies{Segment}, story::signature
//!                          │      then story::cluster ──► Stories   │
//!  layout::layout(article, width) ◄── app::App ◄── Action ◄─────────┘
//!        │        (theme: roles → styles)  ▲  │
//!        ▼                                 │  └─► Effect (read an article, reload) ─► run loop
//!  ui::render (TestBackend or terminal)    │
//!  commands::show (SGR text)     keymap::action_for ◄── crossterm key events
//!
//!  run::watch (notify, debounced) ─► loader::update (a walk of the metadata: only what
//!       changed, as LoadEvent::Update … Done, appended to the log) ─► App (the place kept)
//!
//!  App::update ─► state::Change (stamped after the one it replaces) ─► run::saver thread
//!       ▲              ─► state::Store::append (one line, fsync) ─► <state folder>/marks-<device>.jsonl
//!       └── State::apply (later stamp wins) ◄── Store::refresh (every file, read incrementally)
//! ```
//!
//! Modules, one noun each:
//! - text in: [`scan`] (finding files), [`source`] (reading bytes safely), [`decode`],
//!   [`sanitize`] (terminal safety, SPEC §8), [`format`] (Markdown, feeds, saved HTML);
//! - articles: [`parse`], [`label`], [`byline`], [`quote`], [`article`], [`library`], [`ids`];
//! - the engine behind the reader and every command: [`loader`], [`cache`] (the library log),
//!   [`lookup`] (ids and files by inode, beside the log);
//! - setting text: [`layout`], [`theme`], [`width`], [`date`];
//! - finding: [`fold`], [`query`] (the query language: parser, evaluator, engine), [`search`],
//!   [`find`] (in the open article), [`story`] (near-duplicate bodies grouped into stories:
//!   signed by the loader's body pass, grouped once every body is in, kept in the library's
//!   log with the rest);
//! - the reader: [`action`], [`keymap`], [`app`], [`ui`], [`run`];
//! - saved things: [`state`], [`config`], [`disk`] (bounded reads, private atomic writes);
//! - versions: [`fingerprint`] (of the version read and of the version on disk), [`changes`]
//!   (what changed since an article was read);
//! - the command line: [`cli`], [`commands`]; digests of articles: [`export`].
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
pub mod keymap;
pub mod label;
pub mod layout;
pub mod library;
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
