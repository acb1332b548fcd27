//! Live updates: a library already loaded is checked again while the reader runs, and only
//! what changed is sent (the reader keeps everything else, numbers included).
//!
//! A load keeps what it sent ([`Kept`]: what the loader remembers of each entry, and the log
//! it wrote or replayed). [`update`] walks the library again, `stat`ing every file as a warm
//! start does, and compares each file's stamp with the one it was listed with: the articles of
//! files changed or gone are removed, and the files new or changed are read, in the very
//! messages a warm start sends after its replay (removals, batches, relabelings, renumbering,
//! bodies), preceded by [`LoadEvent::Update`] instead of [`LoadEvent::Started`]. What is sent is
//! appended to the library's log, so the next start replays it rather than reading the files
//! again.
//!
//! Why a whole walk rather than the paths the file watcher names: the walk applies every rule
//! of a load (hidden entries, extensions, symlinks followed, one file reached twice taken once,
//! the folder a file takes its section from) with no second implementation to drift, and it
//! costs a fraction of what the files changed cost to read (measured in `BENCHMARKS.md`).

use std::path::{Path, PathBuf};

use super::changes::Changes;
use super::pipeline::Producer;
use super::seen::Sent;
use super::{
    Chunk, Load, LoadEvent, Out, Side, chunk_size, finish, index_bodies, keep_log, list_files,
    old_signatures, renumber, second_look, tell_stories,
};
use crate::cache::{LogKey, LogReader, LogWriter, Record};
use crate::ids::IdAssigner;
use crate::label::KnownSignature;
use crate::library::{FoundFile, Sources};
use crate::scan::Problem;
use crate::story::Signatures;

/// Sends `changes` (and logs them): the removals, then the files new or changed, read and
/// indexed as a load reads them. With `total`, says first how many files the library holds.
/// `labels`: what the library's labels were at the last second look (see [`second_look`]).
pub(super) fn apply(
    changes: Changes,
    seen: &mut Sent,
    threads: usize,
    out: &mut Out<'_>,
    total: bool,
    labels: &mut Option<KnownSignature>,
    old: Option<OldLog<'_>>,
) {
    let Changes { removed, fresh, .. } = changes;
    let mut ids = IdAssigner::default();
    for s in seen.iter().filter(|s| s.alive) {
        ids.reserve(s.id);
    }
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
    let alive = seen.iter().filter(|s| s.alive).count();
    if (seen.len() - alive) * 4 > alive {
        // A log mostly made of removed articles is dropped once this load ends: the next start
        // is cold and writes a compact one.
        out.log = None;
        if let Some(path) = &out.log_path {
            let _ = std::fs::remove_file(path);
        }
    }
    if total && !fresh.is_empty() && !out.emit(LoadEvent::Total(alive + fresh.len())) {
        return;
    }
    let produce = |p: &mut Producer<'_, Vec<FoundFile>, Chunk, Side>| {
        let mut k = 0;
        let mut rest = fresh.as_slice();
        while !rest.is_empty() {
            let (now, later) = rest.split_at(chunk_size(k).min(rest.len()));
            if !p.job(now.to_vec()) {
                return;
            }
            rest = later;
            k += 1;
        }
    };
    let first_new = seen.len();
    if list_files(produce, seen, &mut ids, threads, out) {
        second_look(seen, &mut ids, out, first_new, labels);
        if !renumber(seen, out) {
            return;
        }
        keep_log(out, seen);
        let mut sigs = Signatures::default();
        index_bodies(seen, &mut sigs, threads, out);
        let tell = |out: &mut Out<'_>| {
            if let Some(OldLog { log, len, told }) = old
                && !out.stopped
            {
                old_signatures(log, len, seen.len(), &mut sigs);
                tell_stories(seen, &sigs, told, out);
            }
        };
        if out.live {
            // A live update is shown at its end: the stories (a grouping of the whole library,
            // a few tenths of a second at 100 000 articles) follow it rather than delay it.
            finish(out, seen);
            tell(out);
        } else {
            tell(out);
            finish(out, seen);
        }
        return;
    }
    finish(out, seen);
}

/// The log a load replayed (or an update last left), for the story signatures of the articles
/// it holds: with a change, the library's stories are found again from them and those of the
/// bodies just read. `told`: the stories last sent.
pub(super) struct OldLog<'a> {
    pub(super) log: &'a mut LogReader,
    pub(super) len: u64,
    pub(super) told: Option<&'a Vec<(u32, u32)>>,
}

/// The library's log, as a live update finds it.
enum KeptLog {
    /// This load's, as it was last put in place: an update copies it, appends what it sends to
    /// the copy and puts the copy in place once its lists are complete (as a warm start does),
    /// so the log is never seen half updated. Only while the file is still the one left there
    /// (another reader may have replaced it).
    At { path: PathBuf, file: LogKey },
    /// None, or no longer this load's: updates are not logged (the next start finds them by
    /// their stamps, as it finds any change made while no reader ran).
    Lost,
}

fn file_key(path: &Path) -> Option<LogKey> {
    LogKey::at(path)
}

impl KeptLog {
    /// The log `out` wrote and put in place, if any, and what it is as the writer left it
    /// (the key of the lists sent, [`Kept::lists_key`]).
    fn left_by(out: &mut Out<'_>) -> (KeptLog, Option<LogKey>) {
        match (out.log.take(), &out.log_path) {
            (Some(mut writer), Some(path)) => {
                let key = writer.key();
                drop(writer);
                (KeptLog::at(path), key)
            }
            _ => (KeptLog::Lost, None),
        }
    }

    fn at(path: &Path) -> KeptLog {
        file_key(path).map_or(KeptLog::Lost, |file| KeptLog::At {
            path: path.to_owned(),
            file,
        })
    }
}

/// What a load leaves for checks of the library later: what it sent, and its log.
pub struct Kept {
    seen: Sent,
    log: KeptLog,
    log_path: Option<PathBuf>,
    /// The problems the last walk met: an update that finds the same ones and no file changed
    /// sends nothing at all.
    walk_problems: Vec<Problem>,
    /// What the library's labels were at the last second look.
    labels: Option<KnownSignature>,
    /// The load told the library's stories: updates tell them again.
    signed: bool,
    /// The log the lists sent last were made from, when known for sure (read from the file
    /// written or replayed, not from its path): what a lists file of them is kept under.
    pub(super) lists_key: Option<LogKey>,
}

impl Kept {
    /// After a replay that found nothing changed (the log read back whole).
    /// `key`: the log replayed, if it was replayed to its end.
    pub(super) fn replayed(
        seen: Sent,
        log_path: &Path,
        key: Option<LogKey>,
        walk_problems: Vec<Problem>,
        signed: bool,
    ) -> Kept {
        Kept {
            seen,
            log: KeptLog::at(log_path),
            log_path: Some(log_path.to_owned()),
            walk_problems,
            labels: None,
            signed,
            lists_key: key,
        }
    }

    /// After a load that sent (and logged) what it read: `None` if it was stopped.
    pub(super) fn after(
        seen: Sent,
        out: &mut Out<'_>,
        walk_problems: Vec<Problem>,
        labels: Option<KnownSignature>,
        signed: bool,
    ) -> Option<Kept> {
        if out.stopped {
            return None;
        }
        let (log, lists_key) = KeptLog::left_by(out);
        Some(Kept {
            seen,
            log,
            log_path: out.log_path.clone(),
            walk_problems,
            labels,
            signed,
            lists_key,
        })
    }

    /// Writes the lookup of ids (`kiosque show ID`, `mark ID`) beside the log, if the log is
    /// still this load's and its lookup is not current. Updates leave it to this: written
    /// after each one, it would cost a burst of changes (it lists every article) what one
    /// command that finds it stale costs (a load of the library).
    pub fn write_lookup(&self) {
        if let KeptLog::At { path, file } = &self.log
            && file_key(path) == Some(*file)
            && !crate::lookup::is_current(path)
        {
            super::write_lookup(path, &self.seen);
        }
    }

    /// Articles this load holds now.
    pub fn articles(&self) -> usize {
        self.seen.iter().filter(|s| s.alive).count()
    }

    /// The log as it was left, opened for its story signatures (read through this file even
    /// once an update's copy is put in its place), if it is still this load's.
    fn reader(&self) -> Option<(LogReader, u64)> {
        match &self.log {
            KeptLog::At { path, file } if self.signed && file_key(path) == Some(*file) => {
                LogReader::open(path).map(|log| (log, file.len))
            }
            _ => None,
        }
    }

    /// A writer for an update's records (a copy of the log), if the log is still this load's.
    fn writer(&mut self) -> Option<LogWriter> {
        match std::mem::replace(&mut self.log, KeptLog::Lost) {
            KeptLog::At { path, file } if file_key(&path) == Some(file) => {
                LogWriter::extend(&path, file.len).ok()
            }
            _ => None,
        }
    }
}

/// Checks `sources` again against what `kept` holds and sends what changed (nothing at all when
/// nothing did), as load `generation`. False when the reader stopped listening.
pub fn update(
    sources: &Sources,
    kept: &mut Kept,
    generation: u64,
    threads: usize,
    send: &mut dyn FnMut(Load) -> bool,
) -> bool {
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    };
    let changes = Changes::find(sources, &kept.seen, None);
    if changes.is_empty() && changes.problems == kept.walk_problems {
        return true;
    }
    let mut out = Out {
        generation,
        send,
        log: None,
        log_path: kept.log_path.clone(),
        stopped: false,
        live: true,
        checkpoints: false,
    };
    if !out.emit(LoadEvent::Update {
        problems: changes.problems.clone(),
    }) {
        return false;
    }
    kept.walk_problems = changes.problems.clone();
    if changes.is_empty() {
        return out.emit(LoadEvent::Done);
    }
    // Without the log's signatures the stories cannot be found again: those last told stay.
    let mut old_log = kept.reader();
    out.log = kept.writer();
    let old = old_log.as_mut().map(|(log, len)| OldLog {
        log,
        len: *len,
        told: None,
    });
    apply(
        changes,
        &mut kept.seen,
        threads,
        &mut out,
        false,
        &mut kept.labels,
        old,
    );
    (kept.log, kept.lists_key) = KeptLog::left_by(&mut out);
    if let Some(key) = kept.lists_key {
        out.emit(LoadEvent::Logged(key));
    }
    !out.stopped
}

#[cfg(test)]
#[path = "live_tests.rs"]
mod tests;
