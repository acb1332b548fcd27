//! The background loader: finds, reads and parses the library's files off the UI thread and
//! sends them to the reader as messages, a batch at a time. The reader draws and answers keys
//! all along. A load is two passes:
//!
//! 1. **The list**: every file is read and only its header parsed (label, headline, standfirst,
//!    bylines); the entries are sent in batches with an index segment of their header words, so
//!    the lists and the metadata filter are complete as soon as the files have been read once.
//!    Labels then get a second look, once the library's labels are known.
//! 2. **The bodies**: every body is read again (from the page cache) and indexed; the segments
//!    stream to the reader, so full-text matches fill in while you already use the lists.
//!
//! Work is spread over a few threads ([`pipeline`]); results are put back in file order, and
//! provisional ids are given in that order ([`IdAssigner`]); once every file is listed, each
//! article gets its canonical id ([`crate::ids`]), the one the subcommands give it. Everything sent is also
//! written to the library's log in the cache dir ([`crate::cache`]): a warm start replays the log
//! (the full lists and index without reading an article), then checks the files for changes,
//! removes what changed or went away, and reads only new and changed files.
//!
//! The body pass also gives each body its story signature ([`crate::story`]), logged beside
//! its words; once every body is in, the library is grouped into stories and the stories are
//! sent and logged too, so a warm start with nothing changed replays them as they were.

mod bodies;
mod changes;
mod gather;
mod live;
mod pipeline;
mod seen;
mod warm;

pub use gather::{Gathered, Need, Words, gather, gather_words};
pub use live::{Kept, update};

use std::path::Path;

use bodies::index_bodies;
use pipeline::{Flow, Producer};
use seen::Sent;
use warm::{check, old_signatures, replay};

use crate::cache::{self, LogKey, LogReader, LogWriter, Record};
use crate::ids::{self, IdAssigner};
use crate::label::KnownLabels;
use crate::library::{self, Entry, FoundFile, Sources};
use crate::scan::Problem;
use crate::search::{Segment, SegmentBuilder};
use crate::source::Source;
use crate::story::{self, Signatures};

/// The first chunk is small so the first lists fill at once; later ones grow to this.
const FIRST_CHUNK: usize = 64;
/// Largest chunk of files read by one worker in one go (and sent as one batch).
const MAX_CHUNK: usize = 2048;

/// A message from the loader.
#[derive(Debug)]
pub struct Load {
    /// Which load this is (a reload starts a new one; older messages are ignored).
    pub generation: u64,
    /// What happened.
    pub event: LoadEvent,
}

/// What the loader reports.
#[derive(Debug)]
pub enum LoadEvent {
    /// A load starts (any earlier library is forgotten): this many files will be read.
    Started {
        /// Files to read; replaying the cache, the articles its lookup says it lists (0: not
        /// known in advance). A hint for progress and room, never trusted as a count.
        files: usize,
        /// Problems met finding them.
        problems: Vec<Problem>,
    },
    /// A library already loaded is checked again (a live update, [`update`]): nothing is
    /// forgotten; the messages that follow say what changed, up to [`LoadEvent::Done`]. The
    /// problems met finding the files replace those said before (the files that cannot be read
    /// are read again, and said again with their batches).
    Update {
        /// Problems met finding the files.
        problems: Vec<Problem>,
    },
    /// How many files this load reads in all, once known (the walk runs alongside the reading).
    Total(usize),
    /// Paths that could not be used.
    Problems(Vec<Problem>),
    /// The next articles, numbered from `segment.base`, with their index segment.
    Batch {
        /// The articles.
        entries: Vec<Entry>,
        /// Their words.
        segment: Segment,
        /// Files of this batch that could not be read.
        problems: Vec<Problem>,
    },
    /// Articles parsed again with the library's labels: (number, new entry).
    Relabeled {
        /// The changed entries.
        updates: Vec<(u32, Entry)>,
        /// Their words (a small extra segment).
        segment: Segment,
    },
    /// Articles whose files changed or went away, by number.
    Removed(Vec<u32>),
    /// Articles whose id changed: (number, id). Ids given while the files stream in are
    /// provisional; the canonical ones follow once every file is listed.
    Renumbered(Vec<(u32, u64)>),
    /// The library's stories: `(article, story)` for every article of a story of two or more,
    /// the story named by the number of its earliest article; the others are alone. Replaces
    /// the stories sent before.
    Stories(Vec<(u32, u32)>),
    /// Every file has been read: the lists are complete. Bodies are being indexed.
    Listed {
        /// Bodies left to index.
        bodies: usize,
    },
    /// The versions of some bodies (the digests of their paragraphs' fingerprints,
    /// [`crate::fingerprint`]): (number, digest). Sent just before their words.
    Versions(Vec<(u32, u64)>),
    /// Words of the bodies of some articles (numbered from `segment.base`).
    Bodies {
        /// Their words.
        segment: Segment,
        /// How many articles it covers (some may be gone).
        count: usize,
    },
    /// Everything is loaded and indexed.
    Done,
    /// The lists as the last load left them ([`crate::lists`]), read at the start of a warm
    /// load in place of the entries of the log: the log is replayed behind them for their words
    /// only ([`LoadEvent::Words`], [`LoadEvent::RelabeledWords`], [`LoadEvent::Bodies`]), then
    /// the files are checked, and what changed since comes as a live update
    /// ([`LoadEvent::Update`] … [`LoadEvent::Done`]).
    Lists(Box<crate::lists::Lists>),
    /// The words of the headers of articles the lists hold already (numbered from
    /// `segment.base`).
    Words(Segment),
    /// The words of articles the lists hold already, relabeled since they were first listed.
    RelabeledWords {
        /// Their numbers.
        numbers: Vec<u32>,
        /// Their words.
        segment: Segment,
    },
    /// The library's log, as this load (or update) left it: the lists as they are now, once
    /// complete, may be kept for the next start under this key ([`crate::lists`]).
    Logged(LogKey),
}

/// Where the loader works.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// The cache dir, for the library's log (none: no log read or written).
    pub cache_dir: Option<&'a Path>,
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Leave the bodies' words out of a replay (a command that only lists).
    pub skip_bodies: bool,
    /// Leave the header words of the log's batches out of a replay (a command that lists
    /// without a query): their segments are sent empty ([`crate::cache::LogReader::without_words`]).
    pub skip_words: bool,
    /// Take the log's lists as they are, without checking the files, when it reads back whole
    /// (a command that only looks up ids: an id the log does not hold falls back to a full load).
    pub trust_log: bool,
    /// Called with each folder the load walks (the files, cold; their metadata, warm), just
    /// before it is listed: the reader's file watcher watches it there, so that whatever is
    /// added to it later is seen by the load or by the watcher.
    pub on_dir: Option<DirHook<'a>>,
    /// Tell the stories even when leaving the bodies' words out (a command that prints them).
    pub stories: bool,
    /// Start from the lists file when it was made from the log as it is ([`LoadEvent::Lists`]):
    /// the reader, whose first frame it is.
    pub lists: bool,
}

/// See [`Options::on_dir`].
#[derive(Clone, Copy)]
pub struct DirHook<'a>(pub &'a (dyn Fn(&Path) + Sync));

impl DirHook<'_> {
    fn call(hook: Option<Self>, dir: &Path) {
        if let Some(DirHook(f)) = hook {
            f(dir);
        }
    }
}

impl std::fmt::Debug for DirHook<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DirHook")
    }
}

/// Sends events, stops when nobody listens, and writes what it sends to the log.
struct Out<'s> {
    generation: u64,
    send: &'s mut dyn FnMut(Load) -> bool,
    log: Option<LogWriter>,
    /// Where the library's log is (its lookup of ids is written beside it).
    log_path: Option<std::path::PathBuf>,
    stopped: bool,
    /// A live update ([`update`]): the lookup of ids is not written (see [`Kept::write_lookup`]).
    live: bool,
    /// Put the log in place after each batch ([`LogWriter::checkpoint`]): a cold load, so
    /// that one interrupted resumes where it stopped.
    checkpoints: bool,
}

impl Out<'_> {
    fn emit(&mut self, event: LoadEvent) -> bool {
        if !self.stopped
            && !(self.send)(Load {
                generation: self.generation,
                event,
            })
        {
            self.stopped = true;
        }
        !self.stopped
    }

    /// Logs `record`, then sends it.
    fn record(&mut self, record: Record, problems: Vec<Problem>) -> bool {
        let checkpoint = self.checkpoints && matches!(record, Record::Batch { .. });
        if let Some(log) = &mut self.log
            && (log.write(&record).is_err() || (checkpoint && log.checkpoint().is_err()))
        {
            // A cache that cannot be written is only a slower next start.
            self.log = None;
        }
        self.emit(match record {
            Record::Batch {
                entries, segment, ..
            } => LoadEvent::Batch {
                entries,
                segment,
                problems,
            },
            Record::Relabeled { updates, segment } => LoadEvent::Relabeled { updates, segment },
            Record::Removed(numbers) => LoadEvent::Removed(numbers),
            Record::Renumbered(ids) => LoadEvent::Renumbered(ids),
            Record::Versions(versions) => LoadEvent::Versions(versions),
            Record::Body(segment) => {
                let count = segment.docs as usize;
                LoadEvent::Bodies { segment, count }
            }
            Record::Stories(stories) => LoadEvent::Stories(stories),
            // What only the loader uses; and a record a replay skipped (never written).
            Record::Signatures(_)
            | Record::Skipped { .. }
            | Record::SkippedSignatures
            | Record::StoriesHold => return true,
        })
    }
}

/// Loads `sources`, calling `send` with each message; stops early when `send` returns false.
pub fn load(
    sources: &Sources,
    generation: u64,
    options: Options<'_>,
    send: &mut dyn FnMut(Load) -> bool,
) {
    load_and_keep(sources, generation, options, send);
}

/// [`load`], keeping what was sent (and the log) for checks of the library later ([`update`]);
/// `None` when the load did not end (the reader stopped listening).
pub fn load_and_keep(
    sources: &Sources,
    generation: u64,
    options: Options<'_>,
    send: &mut dyn FnMut(Load) -> bool,
) -> Option<Kept> {
    let log_path = options.cache_dir.and_then(|d| cache::path_for(d, sources));
    let mut out = Out {
        generation,
        send,
        log: None,
        log_path: log_path.clone(),
        stopped: false,
        live: false,
        checkpoints: false,
    };
    if let (Some(log), Sources::Paths(paths)) = (&log_path, sources) {
        cache::note_roots(log, paths);
    }
    let signed = !options.skip_bodies || options.stories;
    let threads = if options.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        options.threads
    };
    let open = |path: &Path| {
        LogReader::open(path).map(|r| {
            if options.skip_words {
                r.without_words()
            } else {
                r
            }
        })
    };
    if let Some(path) = &log_path
        && let Some(reader) = open(path)
    {
        if options.trust_log {
            let replayed = replay(reader, options.skip_bodies, false, &mut out)?;
            if !replayed.torn {
                out.emit(LoadEvent::Done);
                return None;
            }
            let changes = changes::Changes::find(sources, &replayed.seen, options.on_dir);
            return check(changes, replayed, path, threads, signed, false, &mut out);
        }
        // The lists as the last load left them, if they were made from this very log: the
        // whole library on the first frame, before the log is replayed (for the words) and the
        // files are checked.
        let mut shown = options.lists.then(|| show_lists(path, &reader, &mut out));
        let mut shown = shown.take().flatten();
        // The walk (a stat of every file) and the replay of the log need each other only at
        // the check: the walk runs on another core while the log is read.
        let on_dir = options.on_dir;
        let kept = std::thread::scope(|scope| {
            let walk = scope.spawn(|| {
                // Room for the files the log lists (a hint; a crafted lookup is capped).
                let hint = crate::lookup::count(path).map_or(0, |n| n.min(2_000_000) as usize);
                changes::Walked::walk(sources, on_dir, threads, hint)
            });
            let mut replayed = replay(reader, options.skip_bodies, shown.is_some(), &mut out)?;
            if shown.is_some_and(|s| !s.matches(&replayed.seen)) {
                // The log holds other lists than the file made from it (a damaged record
                // stopped the replay): everything again, from the log.
                shown = None;
                let reader = open(path)?;
                replayed = replay(reader, options.skip_bodies, false, &mut out)?;
            }
            // A panic of the walk is the loader's own (reported as the loader's are).
            let walked = walk
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            let changes = changes::Changes::compare(walked, &replayed.seen);
            check(
                changes,
                replayed,
                path,
                threads,
                signed,
                shown.is_some(),
                &mut out,
            )
        });
        return tell_logged(kept, shown.map(|s| s.key), &mut out);
    }
    let kept = cold(
        sources,
        log_path.as_deref(),
        threads,
        options.on_dir,
        signed,
        &mut out,
    );
    tell_logged(kept, None, &mut out)
}

/// The lists sent from the lists file: what the replay must find again.
#[derive(Clone, Copy)]
struct Shown {
    key: LogKey,
    articles: usize,
    alive: usize,
}

impl Shown {
    /// Did the replay give the articles the lists hold?
    fn matches(&self, seen: &Sent) -> bool {
        seen.len() == self.articles && seen.iter().filter(|s| s.alive).count() == self.alive
    }
}

/// Sends the lists file of the log `reader` opened, if it was made from it and reads back sound.
fn show_lists(path: &Path, reader: &LogReader, out: &mut Out<'_>) -> Option<Shown> {
    let lists = crate::lists::read(&crate::lists::path_for(path), reader.key())?;
    let shown = Shown {
        key: lists.key,
        articles: lists.items.len(),
        alive: lists.order.len(),
    };
    out.emit(LoadEvent::Lists(Box::new(lists))).then_some(shown)
}

/// Says which log the lists sent now were made from, unless it is the one the lists file
/// sent at the start was made from (nothing changed: it holds already).
fn tell_logged(kept: Option<Kept>, shown: Option<LogKey>, out: &mut Out<'_>) -> Option<Kept> {
    let key = kept.as_ref()?.lists_key;
    if let Some(key) = key
        && Some(key) != shown
    {
        out.emit(LoadEvent::Logged(key));
    }
    kept
}

/// Groups the library into stories and sends them (and logs them); when they are the stories
/// last logged (`told`: sent already by the replay), only notes in the log that they hold.
/// False when the reader stopped listening.
fn tell_stories(
    seen: &Sent,
    sigs: &Signatures,
    told: Option<&Vec<(u32, u32)>>,
    out: &mut Out<'_>,
) -> bool {
    if out.stopped {
        return false;
    }
    let articles: Vec<story::Article> = seen
        .iter()
        .map(|s| story::Article {
            alive: s.alive,
            date_ns: s.stated_date().unwrap_or(s.stamp.mtime_ns),
        })
        .collect();
    // Among articles of one date, the first in the lists' order (by path) names the story.
    let tie = |a: u32, b: u32| seen.cmp_sources(a as usize, b as usize);
    let stories = story::cluster(sigs, &articles, &tie);
    if told == Some(&stories) {
        return out.record(Record::StoriesHold, Vec::new());
    }
    out.record(Record::Stories(stories), Vec::new())
}

/// Reads every file, while the walk that finds them is still going on.
fn cold(
    sources: &Sources,
    log_path: Option<&Path>,
    threads: usize,
    on_dir: Option<DirHook<'_>>,
    signed: bool,
    out: &mut Out<'_>,
) -> Option<Kept> {
    if !out.emit(LoadEvent::Started {
        files: 0,
        problems: Vec::new(),
    }) {
        return None;
    }
    out.log = log_path.and_then(|p| LogWriter::create(p).ok());
    out.checkpoints = true;
    let mut seen = Sent::default();
    let mut sigs = Signatures::default();
    let mut ids = IdAssigner::default();
    let mut labels = None;
    let mut walk_problems = Vec::new();
    let walked_problems = &mut walk_problems;
    let produce = |p: &mut Producer<'_, Vec<FoundFile>, Chunk, Side>| {
        let mut chunk = Vec::new();
        let (mut files, mut chunks) = (0, 0);
        let mut on_dir = |dir: &Path| DirHook::call(on_dir, dir);
        library::walk_dirs(sources, &mut on_dir, &mut |item| match item {
            library::Walked::File(f) => {
                chunk.push(f);
                files += 1;
                if chunk.len() >= chunk_size(chunks) {
                    chunks += 1;
                    p.job(std::mem::take(&mut chunk))
                } else {
                    true
                }
            }
            library::Walked::Problem(problem) => {
                walked_problems.push(problem.clone());
                p.side(Side::Problem(problem))
            }
        });
        if !chunk.is_empty() {
            p.job(chunk);
        }
        p.side(Side::Files(files));
    };
    if list_files(produce, &mut seen, &mut ids, threads, out) {
        second_look(&mut seen, &mut ids, out, 0, &mut labels);
        if !renumber(&mut seen, out) {
            return None;
        }
        keep_log(out, &seen);
        index_bodies(&mut seen, &mut sigs, threads, out);
        tell_stories(&seen, &sigs, None, out);
    }
    finish(out, &seen);
    Kept::after(seen, out, walk_problems, labels, signed)
}

/// Puts the log in place as soon as the lists are complete: quitting while bodies are still
/// being indexed keeps the lists for the next start (which indexes the rest).
fn keep_log(out: &mut Out<'_>, seen: &Sent) {
    if let Some(log) = &mut out.log
        && log.commit().is_err()
    {
        out.log = None;
    }
    if !out.live {
        note_lookup(out, seen);
    }
}

/// Writes beside the log the lookup of ids `kiosque mark ID` and `show ID` read
/// ([`crate::lookup`]), for the log as it is now.
fn note_lookup(out: &Out<'_>, seen: &Sent) {
    let Some(path) = &out.log_path else {
        return;
    };
    if out.stopped || !path.exists() {
        return;
    }
    write_lookup(path, seen);
}

/// Writes the lookup of ids of `seen` beside the log at `path`.
fn write_lookup(path: &Path, seen: &Sent) {
    let ids = (0u32..)
        .zip(seen.iter())
        .filter(|(_, s)| s.alive)
        .map(|(n, s)| (s.id, n))
        .collect();
    crate::lookup::write(path, ids, |n| {
        let (n, s) = (n as usize, &seen[n as usize]);
        crate::lookup::Record {
            id: s.id,
            source: seen.source(n),
            folder: seen.folder(n),
            label: seen.label(n),
            stamp: s.stamp,
            identity: s.identity,
            stated_date: s.stated_date(),
        }
    });
}

/// Says the load is done and puts the log in place (and its lookup beside it).
fn finish(out: &mut Out<'_>, seen: &Sent) {
    if !out.emit(LoadEvent::Done) {
        return;
    }
    if let Some(log) = &mut out.log {
        if log.commit().is_err() {
            out.log = None;
        } else if !out.live {
            note_lookup(out, seen);
        }
    }
}

fn number(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The size of chunk number `k`: small first, so the first lists fill at once, then growing.
fn chunk_size(k: usize) -> usize {
    FIRST_CHUNK.saturating_mul(1 << k.min(16)).min(MAX_CHUNK)
}

/// What a worker makes of a chunk of files.
struct Chunk {
    entries: Vec<Entry>,
    segment: Segment,
    problems: Vec<Problem>,
}

/// What the producer says besides the jobs.
enum Side {
    Problem(Problem),
    Files(usize),
}

/// The words of an entry's header: headline, alternate headline, standfirst, bylines, section.
fn header_words(e: &Entry) -> impl Iterator<Item = &str> {
    std::iter::once(e.headline.as_str())
        .chain(e.alt_headline.as_deref())
        .chain(e.standfirst.as_deref())
        .chain(e.bylines.iter().map(String::as_str))
        .chain(std::iter::once(e.section.as_str()))
}

fn list_chunk(files: Vec<FoundFile>) -> Chunk {
    let mut builder = SegmentBuilder::new(0);
    let mut entries = Vec::with_capacity(files.len());
    let mut problems = Vec::new();
    for f in files {
        match library::load_listing(&f.source, f.folder, None) {
            Ok(listed) => {
                // One article, or a feed's items: each a document of its own.
                for (entry, _) in listed {
                    builder.add_texts(header_words(&entry));
                    entries.push(entry.for_reader());
                }
            }
            Err(message) => problems.push(problem(&f.source, message)),
        }
    }
    Chunk {
        entries,
        segment: builder.finish(),
        problems,
    }
}

/// Pass 1: lists the files `produce` feeds, with `threads` workers, sending and logging each
/// chunk in file order as soon as it and those before it are read; the entries are appended to
/// `seen`. False when the reader stopped listening.
fn list_files(
    produce: impl FnOnce(&mut Producer<'_, Vec<FoundFile>, Chunk, Side>) + Send,
    seen: &mut Sent,
    ids: &mut IdAssigner,
    threads: usize,
    out: &mut Out<'_>,
) -> bool {
    pipeline::run(threads, produce, list_chunk, &mut |flow| match flow {
        Flow::Side(Side::Problem(p)) => out.emit(LoadEvent::Problems(vec![p])),
        Flow::Side(Side::Files(n)) => out.emit(LoadEvent::Total(n)),
        Flow::Result(chunk) => send_chunk(chunk, seen, ids, out),
    })
}

fn send_chunk(chunk: Chunk, seen: &mut Sent, ids: &mut IdAssigner, out: &mut Out<'_>) -> bool {
    let Chunk {
        mut entries,
        mut segment,
        problems,
    } = chunk;
    segment.base = number(seen.len());
    for e in &mut entries {
        e.id = ids.assign(e.identity, e.body_hash);
        seen.push(e);
    }
    out.record(Record::Batch { entries, segment }, problems)
}

/// Reads again, with the labels of the whole library, the headers of the files whose first-pass
/// label split was a close call (or found nothing), and sends those that changed. On a warm
/// start it looks at the old files too: new and removed files change the library's labels.
///
/// `labels` is what the library's labels were when it last looked: if they are the same now
/// (the same [`crate::label::known_signature`]), only the entries from number `from` on are
/// looked at, the others being as they were.
fn second_look(
    seen: &mut Sent,
    ids: &mut IdAssigner,
    out: &mut Out<'_>,
    from: usize,
    labels: &mut Option<crate::label::KnownSignature>,
) {
    let mut known = KnownLabels::new();
    for n in (0..seen.len()).filter(|&n| seen[n].alive && !seen[n].listed_uncertain) {
        if let Some(l) = seen.listed_label(n) {
            *known.entry(l.to_owned()).or_default() += 1;
        }
    }
    let signature = crate::label::known_signature(&known);
    let from = if labels.as_ref() == Some(&signature) {
        from
    } else {
        0
    };
    *labels = Some(signature);
    if known.is_empty() {
        return;
    }
    let mut updates = Vec::new();
    let mut builder = SegmentBuilder::new(0);
    let mut numbers = Vec::new();
    for n in from..seen.len() {
        let s = &seen[n];
        if !s.alive || !(s.listed_uncertain || seen.listed_label(n).is_none()) {
            continue;
        }
        if let Some((mut again, _)) =
            library::load_listing(&seen.source(n), seen.folder(n), Some(&known))
                .ok()
                .and_then(|listed| listed.into_iter().next())
            && again.identity != s.identity
        {
            ids.release(s.id);
            again.id = ids.assign(again.identity, again.body_hash);
            builder.add_texts(header_words(&again));
            numbers.push(number(n));
            seen.relabel(n, &again);
            updates.push((number(n), again.for_reader()));
        }
    }
    if !updates.is_empty() {
        let segment = builder.finish().renumbered(&numbers);
        out.record(Record::Relabeled { updates, segment }, Vec::new());
    }
}

/// Gives every live entry its canonical id once the lists are complete, and sends those that
/// differ from the provisional ones. False when the reader stopped listening.
fn renumber(seen: &mut Sent, out: &mut Out<'_>) -> bool {
    let live: Vec<usize> = (0..seen.len()).filter(|&n| seen[n].alive).collect();
    let keys: Vec<ids::IdKey<'_>> = live.iter().map(|&n| seen.id_key(n)).collect();
    let canonical = ids::canonical(&keys);
    let changes: Vec<(u32, u64)> = live
        .into_iter()
        .zip(canonical)
        .filter(|&(n, id)| seen[n].id != id)
        .map(|(n, id)| (number(n), id))
        .collect();
    for &(n, id) in &changes {
        seen[n as usize].id = id;
    }
    changes.is_empty() || out.record(Record::Renumbered(changes), Vec::new())
}

fn problem(source: &Source, message: String) -> Problem {
    Problem {
        path: source.path().map(ToOwned::to_owned).unwrap_or_default(),
        message,
    }
}

#[cfg(test)]
mod damage_tests;
#[cfg(test)]
mod story_tests;
#[cfg(test)]
mod tests;
