//! The background loader: finds, reads and parses the library's files off the UI thread and
//! sends them to the reader as messages, a batch at a time, each with its piece of the search
//! index. The reader draws and answers keys all along.
//!
//! - **Cold start**: the files are read by a few worker threads, a chunk at a time; the loader
//!   puts the chunks back in order, gives ids in that order ([`IdAssigner`], as
//!   [`crate::library::Library::load_full`] does for the subcommands), sends each chunk as a
//!   batch, and writes it to the library's log in the cache dir ([`crate::cache`]).
//! - **Warm start**: the log is replayed (the full lists, without reading any article), then the
//!   files are checked: those whose size or time changed, or that went away, are removed, new
//!   and changed ones are read, and the log is extended.
//!
//! In both cases labels get a second look at the end, once the library's labels are known.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::cache::{self, LogReader, LogWriter, Record};
use crate::label::KnownLabels;
use crate::library::{self, Entry, FoundFile, IdAssigner, Sources};
use crate::scan::{Problem, Stamp};
use crate::search::{Segment, SegmentBuilder};
use crate::source::Source;

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
        /// Files to read (0 when replaying the cache: not known in advance).
        files: usize,
        /// Problems met finding them.
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
    /// Everything is loaded.
    Done,
}

/// Where the loader works.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// The cache dir, for the library's log (none: no log read or written).
    pub cache_dir: Option<&'a Path>,
    /// Worker threads (0: one per core).
    pub threads: usize,
}

/// What the loader remembers of each entry it sent.
struct Seen {
    source: Source,
    folder: Option<String>,
    stamp: Stamp,
    id: u64,
    identity: u64,
    label: Option<String>,
    uncertain: bool,
    alive: bool,
}

impl Seen {
    fn of(e: &Entry) -> Seen {
        Seen {
            source: e.source.clone(),
            folder: e.folder.clone(),
            stamp: e.stamp,
            id: e.id,
            identity: e.identity,
            label: e.label.clone(),
            uncertain: e.label_uncertain,
            alive: true,
        }
    }
}

/// Sends events, stops when nobody listens, and writes what it sends to the log.
struct Out<'s> {
    generation: u64,
    send: &'s mut dyn FnMut(Load) -> bool,
    log: Option<LogWriter>,
    stopped: bool,
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
        if let Some(log) = &mut self.log
            && log.write(&record).is_err()
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
    let mut out = Out {
        generation,
        send,
        log: None,
        stopped: false,
    };
    let log_path = options.cache_dir.and_then(|d| cache::path_for(d, sources));
    let threads = if options.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        options.threads
    };
    if let Some(path) = &log_path
        && let Some(reader) = LogReader::open(path)
    {
        if let Some(seen) = replay(reader, &mut out) {
            check(sources, seen, path, threads, &mut out);
            return;
        }
        if out.stopped {
            return;
        }
    }
    cold(sources, log_path.as_deref(), threads, &mut out);
}

/// Reads every file, while the walk that finds them is still going on.
fn cold(sources: &Sources, log_path: Option<&Path>, threads: usize, out: &mut Out<'_>) {
    if !out.emit(LoadEvent::Started {
        files: 0,
        problems: Vec::new(),
    }) {
        return;
    }
    out.log = log_path.and_then(|p| LogWriter::create(p).ok());
    let mut seen = Vec::new();
    let mut ids = IdAssigner::default();
    let produce = |feed: &mut Feed<'_>| {
        library::walk(sources, &mut |item| match item {
            library::Walked::File(f) => feed.file(f),
            library::Walked::Problem(p) => feed.problem(p),
        });
    };
    if read_files(produce, &mut seen, &mut ids, threads, out) {
        second_look(&mut seen, 0, &mut ids, out);
    }
    finish(out);
}

/// Replays a log; `None` when it turns out damaged (the reader has been told to start over).
fn replay(mut reader: LogReader, out: &mut Out<'_>) -> Option<Vec<Seen>> {
    if !out.emit(LoadEvent::Started {
        files: 0,
        problems: Vec::new(),
    }) {
        return None;
    }
    let mut seen: Vec<Seen> = Vec::new();
    while let Some(record) = reader.next_record() {
        let Ok(record) = record else {
            return None;
        };
        match &record {
            Record::Batch { entries, .. } => seen.extend(entries.iter().map(Seen::of)),
            Record::Relabeled { updates, .. } => {
                for (n, e) in updates {
                    *seen.get_mut(*n as usize)? = Seen::of(e);
                }
            }
            Record::Removed(numbers) => {
                for n in numbers {
                    seen.get_mut(*n as usize)?.alive = false;
                }
            }
        }
        if !out.record(record, Vec::new()) {
            return None;
        }
    }
    Some(seen)
}

/// After a replay: finds what changed on disk, and loads it.
fn check(
    sources: &Sources,
    mut seen: Vec<Seen>,
    log_path: &Path,
    threads: usize,
    out: &mut Out<'_>,
) {
    let found = library::find(sources);
    let mut problems = found.problems;
    problems.extend(found.missing_roots.into_iter().map(|path| Problem {
        path,
        message: "no such file or directory".into(),
    }));
    let mut ids = IdAssigner::default();
    let mut at: HashMap<&Source, usize> = HashMap::with_capacity(seen.len());
    for (n, s) in seen.iter().enumerate().filter(|(_, s)| s.alive) {
        ids.reserve(s.id);
        at.insert(&s.source, n);
    }
    let mut still = vec![false; seen.len()];
    let mut fresh: Vec<FoundFile> = Vec::new();
    for f in found.files {
        match at.get(&f.source) {
            Some(&n) if seen[n].stamp == f.stamp => still[n] = true,
            _ => fresh.push(f),
        }
    }
    let removed: Vec<u32> = (0..seen.len())
        .filter(|&n| seen[n].alive && !still[n])
        .map(number)
        .collect();
    if !problems.is_empty() && !out.emit(LoadEvent::Problems(problems)) {
        return;
    }
    if removed.is_empty() && fresh.is_empty() {
        out.emit(LoadEvent::Done);
        return;
    }
    out.log = LogWriter::extend(log_path).ok();
    if !removed.is_empty() {
        for &n in &removed {
            let s = &mut seen[n as usize];
            s.alive = false;
            ids.release(s.id);
        }
        if !out.record(Record::Removed(removed), Vec::new()) {
            return;
        }
    }
    let first_new = seen.len();
    let alive = seen.iter().filter(|s| s.alive).count();
    if !out.emit(LoadEvent::Total(alive + fresh.len())) {
        return;
    }
    let produce = |feed: &mut Feed<'_>| {
        for f in fresh {
            feed.file(f);
        }
    };
    if read_files(produce, &mut seen, &mut ids, threads, out) {
        second_look(&mut seen, first_new, &mut ids, out);
    }
    finish(out);
}

/// Says the load is done and puts the log in place.
fn finish(out: &mut Out<'_>) {
    if out.emit(LoadEvent::Done)
        && let Some(log) = out.log.take()
    {
        let _ = log.commit();
    }
}

fn number(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The size of chunk number `k`: small first, so the first lists fill at once, then growing.
fn chunk_size(k: usize) -> usize {
    FIRST_CHUNK.saturating_mul(1 << k.min(16)).min(MAX_CHUNK)
}

/// What a worker makes of a chunk.
struct Chunk {
    entries: Vec<Entry>,
    segment: Segment,
    problems: Vec<Problem>,
}

fn read_chunk(files: &[FoundFile]) -> Chunk {
    let mut builder = SegmentBuilder::new(0);
    let mut entries = Vec::with_capacity(files.len());
    let mut problems = Vec::new();
    for f in files {
        match library::load_for_index(&f.source, f.folder.clone(), None) {
            Ok((entry, article)) => {
                builder.add_article(&article, &entry.bylines);
                entries.push(entry.for_reader());
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

/// What reaches the loader from the producer and the workers.
enum Msg {
    Chunk(usize, Chunk),
    Problem(Problem),
    /// The producer is done: this many files, in this many chunks.
    Found {
        files: usize,
        chunks: usize,
    },
}

/// Hands the files found to the workers, a chunk at a time, and problems to the loader.
struct Feed<'a> {
    chunk: Vec<FoundFile>,
    chunks: usize,
    files: usize,
    work: &'a std::sync::mpsc::Sender<(usize, Vec<FoundFile>)>,
    msgs: &'a std::sync::mpsc::Sender<Msg>,
    stop: &'a AtomicBool,
}

impl Feed<'_> {
    fn file(&mut self, f: FoundFile) -> bool {
        self.chunk.push(f);
        self.files += 1;
        if self.chunk.len() >= chunk_size(self.chunks) {
            self.flush();
        }
        !self.stop.load(Ordering::Relaxed)
    }

    fn problem(&mut self, p: Problem) -> bool {
        let _ = self.msgs.send(Msg::Problem(p));
        !self.stop.load(Ordering::Relaxed)
    }

    fn flush(&mut self) {
        if !self.chunk.is_empty() {
            let _ = self
                .work
                .send((self.chunks, std::mem::take(&mut self.chunk)));
            self.chunks += 1;
        }
    }
}

/// Reads the files `produce` feeds, with `threads` workers, sending and logging each chunk in
/// order as soon as it and those before it are read; the entries are appended to `seen`. False
/// when the reader stopped listening.
fn read_files(
    produce: impl FnOnce(&mut Feed<'_>) + Send,
    seen: &mut Vec<Seen>,
    ids: &mut IdAssigner,
    threads: usize,
    out: &mut Out<'_>,
) -> bool {
    let stop = AtomicBool::new(false);
    let (msg_tx, msg_rx) = std::sync::mpsc::channel::<Msg>();
    let (work_tx, work_rx) = std::sync::mpsc::channel::<(usize, Vec<FoundFile>)>();
    let work_rx = std::sync::Mutex::new(work_rx);
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            let (msgs, work, stop) = (msg_tx.clone(), &work_rx, &stop);
            scope.spawn(move || {
                loop {
                    // The lock is held only to take the next chunk.
                    let next = work.lock().ok().and_then(|rx| rx.recv().ok());
                    let Some((k, files)) = next else {
                        return;
                    };
                    if stop.load(Ordering::Relaxed)
                        || msgs.send(Msg::Chunk(k, read_chunk(&files))).is_err()
                    {
                        return;
                    }
                }
            });
        }
        {
            let (msgs, stop) = (msg_tx.clone(), &stop);
            scope.spawn(move || {
                let mut feed = Feed {
                    chunk: Vec::new(),
                    chunks: 0,
                    files: 0,
                    work: &work_tx,
                    msgs: &msgs,
                    stop,
                };
                produce(&mut feed);
                feed.flush();
                let _ = msgs.send(Msg::Found {
                    files: feed.files,
                    chunks: feed.chunks,
                });
                // Dropping the work sender lets idle workers end.
            });
        }
        drop(msg_tx);
        // Chunks come back in any order; they are sent in file order.
        let mut waiting: BTreeMap<usize, Chunk> = BTreeMap::new();
        let mut expected = 0;
        let mut total_chunks = usize::MAX;
        let mut problems = Vec::new();
        for msg in msg_rx {
            match msg {
                Msg::Problem(p) => problems.push(p),
                Msg::Found { files, chunks } => {
                    total_chunks = chunks;
                    if !out.emit(LoadEvent::Total(files)) {
                        stop.store(true, Ordering::Relaxed);
                        return false;
                    }
                }
                Msg::Chunk(k, chunk) => {
                    waiting.insert(k, chunk);
                }
            }
            if !problems.is_empty() && !out.emit(LoadEvent::Problems(std::mem::take(&mut problems)))
            {
                stop.store(true, Ordering::Relaxed);
                return false;
            }
            while let Some(chunk) = waiting.remove(&expected) {
                expected += 1;
                if !send_chunk(chunk, seen, ids, out) {
                    stop.store(true, Ordering::Relaxed);
                    return false;
                }
            }
            if expected == total_chunks {
                break;
            }
        }
        true
    })
}

fn send_chunk(chunk: Chunk, seen: &mut Vec<Seen>, ids: &mut IdAssigner, out: &mut Out<'_>) -> bool {
    let Chunk {
        mut entries,
        mut segment,
        problems,
    } = chunk;
    segment.base = number(seen.len());
    for e in &mut entries {
        ids.assign(e);
        seen.push(Seen::of(e));
    }
    out.record(Record::Batch { entries, segment }, problems)
}

/// Reads again, with the labels of the whole library, the files from number `from` on whose
/// label split was a close call (or found nothing), and sends those that changed.
fn second_look(seen: &mut [Seen], from: usize, ids: &mut IdAssigner, out: &mut Out<'_>) {
    let mut known = KnownLabels::new();
    for s in seen.iter().filter(|s| s.alive && !s.uncertain) {
        if let Some(l) = &s.label {
            *known.entry(l.clone()).or_default() += 1;
        }
    }
    if known.is_empty() {
        return;
    }
    let mut updates = Vec::new();
    let mut builder = SegmentBuilder::new(0);
    let mut numbers = Vec::new();
    for (n, s) in seen.iter_mut().enumerate().skip(from) {
        if !s.alive || !(s.uncertain || s.label.is_none()) {
            continue;
        }
        if let Ok((mut again, article)) =
            library::load_for_index(&s.source, s.folder.clone(), Some(&known))
            && again.identity != s.identity
        {
            ids.release(s.id);
            ids.assign(&mut again);
            builder.add_article(&article, &again.bylines);
            numbers.push(number(n));
            *s = Seen::of(&again);
            updates.push((number(n), again.for_reader()));
        }
    }
    if !updates.is_empty() {
        let segment = builder.finish().renumbered(&numbers);
        out.record(Record::Relabeled { updates, segment }, Vec::new());
    }
}

fn problem(source: &Source, message: String) -> Problem {
    Problem {
        path: source.path().map(ToOwned::to_owned).unwrap_or_default(),
        message,
    }
}

#[cfg(test)]
mod tests;
