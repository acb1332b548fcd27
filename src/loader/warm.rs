//! A warm start: the library's log replayed (the lists, the index and the stories as they were
//! sent, without reading an article), each record bounds-checked against what came before it,
//! then checked against the files found on disk ([`check`]): what changed or went away is
//! removed, what is new or changed is read as a cold load reads it.

use std::path::Path;

use super::seen::Sent;
use super::{Kept, LoadEvent, Out, finish, live, note_lookup, tell_stories};
use crate::cache::{LogReader, LogWriter, Record};
use crate::library::Entry;
use crate::search::Segment;
use crate::story::Signatures;

/// What a replay gives back: what was sent, and how much of the log was good.
pub(super) struct Replayed {
    pub(super) seen: Sent,
    /// The log, open: its signatures are read again if the stories must be found again.
    log: LogReader,
    /// The last stories logged (and sent).
    stories: Option<Vec<(u32, u32)>>,
    /// They still hold (no article added, removed or signed since).
    stories_hold: bool,
    valid_len: u64,
    pub(super) torn: bool,
}

/// The most entries a capacity hint reserves room for (a crafted lookup cannot ask for more).
const MAX_HINT: usize = 2_000_000;

/// Replays a log, up to its end or to a record that does not read back (torn by a crash): what
/// follows it is found again by the check. `None` when the reader stopped listening. `shown`:
/// the lists were sent already ([`LoadEvent::Lists`]), only the words are.
pub(super) fn replay(
    mut reader: LogReader,
    skip_bodies: bool,
    shown: bool,
    out: &mut Out<'_>,
) -> Option<Replayed> {
    // How many articles the log lists, as its lookup says (only a hint: the log itself is
    // what is replayed), so that the lists are made at their size rather than grown by doubling
    // (a third of a warm `list`'s peak memory at 100 000 articles).
    let hint = out
        .log_path
        .as_deref()
        .and_then(crate::lookup::count)
        .map_or(0, |n| (n as usize).min(MAX_HINT));
    if !shown
        && !out.emit(LoadEvent::Started {
            files: hint,
            problems: Vec::new(),
        })
    {
        return None;
    }
    let mut seen = Sent::with_capacity(hint);
    let mut stories = None;
    let mut stories_hold = false;
    let mut torn = false;
    while let Some(record) = reader.next_record(skip_bodies) {
        let Ok(record) = record else {
            torn = true;
            break;
        };
        if !fits(&record, &seen) {
            torn = true;
            break;
        }
        match &record {
            Record::Batch { entries, .. } => {
                seen.extend(entries);
                stories_hold = false;
            }
            Record::Relabeled { updates, .. } => {
                for (n, e) in updates {
                    seen.relabel(*n as usize, e);
                }
            }
            Record::Removed(numbers) => {
                for n in numbers {
                    seen[*n as usize].alive = false;
                }
                stories_hold = false;
            }
            Record::Renumbered(ids) => {
                for &(n, id) in ids {
                    seen[n as usize].id = id;
                }
            }
            Record::Body(Segment { base, docs, .. }) | Record::Skipped { base, docs } => {
                let (from, to) = (*base as usize, (base + docs) as usize);
                for s in &mut seen[from..to] {
                    s.indexed = true;
                }
            }
            Record::Versions(_) => {}
            // (Never decoded here: see `LogReader::signatures`.)
            Record::Signatures(_) | Record::SkippedSignatures => stories_hold = false,
            Record::Stories(told) => {
                stories = Some(told.clone());
                stories_hold = true;
            }
            Record::StoriesHold => stories_hold = stories.is_some(),
        }
        let sent = if shown {
            send_words(record, out)
        } else {
            out.record(record, Vec::new())
        };
        if !sent {
            return None;
        }
    }
    seen.shrink_to_fit();
    Some(Replayed {
        seen,
        stories,
        stories_hold,
        valid_len: reader.valid_len(),
        log: reader,
        torn,
    })
}

/// Sends what the lists sent already lack of a record: its words.
fn send_words(record: Record, out: &mut Out<'_>) -> bool {
    match record {
        Record::Batch { segment, .. } => out.emit(LoadEvent::Words(segment)),
        Record::Relabeled { updates, segment } => out.emit(LoadEvent::RelabeledWords {
            numbers: updates.iter().map(|(n, _)| *n).collect(),
            segment,
        }),
        Record::Body(segment) => {
            let count = segment.docs as usize;
            out.emit(LoadEvent::Bodies { segment, count })
        }
        _ => true,
    }
}

/// Is a record sound: does it refer only to entries already replayed, does its segment hold
/// together, is its text clean? A log that says otherwise is damaged (or crafted): what it says
/// from there on is not used, and the check finds again what it held.
fn fits(record: &Record, seen: &Sent) -> bool {
    let n = seen.len();
    let within = |base: u32, docs: u32| base.checked_add(docs).is_some_and(|e| e as usize <= n);
    match record {
        Record::Batch { entries, segment } => {
            segment.base as usize == n
                && segment.docs as usize == entries.len()
                && segment.is_sound()
                && entries.iter().all(Entry::is_clean)
        }
        Record::Relabeled { updates, segment } => {
            updates
                .iter()
                .all(|(i, e)| (*i as usize) < n && e.is_clean())
                && segment.is_sound()
                && within(segment.base, segment.docs)
        }
        Record::Removed(numbers) => numbers.iter().all(|&i| (i as usize) < n),
        Record::Renumbered(ids) => ids.iter().all(|&(i, _)| (i as usize) < n),
        Record::Body(segment) => segment.is_sound() && within(segment.base, segment.docs),
        Record::Versions(versions) => versions.iter().all(|&(i, _)| (i as usize) < n),
        Record::Skipped { base, docs } => within(*base, *docs),
        Record::Signatures(stored) => {
            stored.is_sound() && stored.numbers.iter().all(|&i| (i as usize) < n)
        }
        // Checked when read again (`old_signatures`).
        Record::SkippedSignatures => true,
        Record::Stories(stories) => stories
            .iter()
            .all(|&(a, b)| (a as usize) < n && (b as usize) < n),
        Record::StoriesHold => true,
    }
}

/// After a replay: finds what changed on disk, and loads it. `shown`: the lists were sent from
/// the lists file; what changed since is sent as a live update ([`LoadEvent::Update`]).
pub(super) fn check(
    changes: super::changes::Changes,
    replayed: Replayed,
    log_path: &Path,
    threads: usize,
    signed: bool,
    shown: bool,
    out: &mut Out<'_>,
) -> Option<Kept> {
    let Replayed {
        mut seen,
        mut log,
        stories: told,
        stories_hold,
        valid_len,
        torn,
    } = replayed;
    let told_problems = if shown && !changes.is_empty() {
        out.emit(LoadEvent::Update {
            problems: changes.problems.clone(),
        })
    } else {
        changes.problems.is_empty() || out.emit(LoadEvent::Problems(changes.problems.clone()))
    };
    if !told_problems {
        return None;
    }
    // Bodies left unindexed are work only for a load that wants them (their words or their
    // stories): a command that only lists must not take that for a change (it would rewrite
    // the log and its lookup on every run).
    let unindexed = signed && seen.iter().any(|s| s.alive && !s.indexed);
    let unchanged = changes.is_empty() && !unindexed && !torn;
    if unchanged && (stories_hold || !signed) {
        if !crate::lookup::is_current(log_path) {
            note_lookup(out, &seen);
        }
        if !out.emit(LoadEvent::Done) {
            return None;
        }
        // The lists sent are those of the log replayed, if it was replayed to its end.
        let key = Some(log.key()).filter(|k| k.len == valid_len);
        return Some(Kept::replayed(
            seen,
            log_path,
            key,
            changes.problems,
            signed,
        ));
    }
    out.log = LogWriter::extend(log_path, valid_len).ok();
    let walk_problems = changes.problems.clone();
    let mut labels = None;
    if unchanged {
        // Only the stories are missing (the last load stopped before telling them).
        let mut sigs = Signatures::default();
        old_signatures(&mut log, valid_len, seen.len(), &mut sigs);
        tell_stories(&seen, &sigs, told.as_ref(), out);
        finish(out, &seen);
    } else {
        let old = signed.then_some(live::OldLog {
            log: &mut log,
            len: valid_len,
            told: told.as_ref(),
        });
        live::apply(changes, &mut seen, threads, out, !shown, &mut labels, old);
    }
    Kept::after(seen, out, walk_problems, labels, signed)
}

/// Adds to `sigs` the signatures the log holds, read again (a replay leaves them there: a
/// start with nothing changed needs none), for the `n` articles replayed.
pub(super) fn old_signatures(log: &mut LogReader, len: u64, n: usize, sigs: &mut Signatures) {
    for stored in log.signatures(len) {
        if !stored.is_sound() {
            continue;
        }
        for (m, sig) in stored.iter() {
            if (m as usize) < n && sigs.get(m).is_none() {
                sigs.set(m, Some(&sig));
            }
        }
    }
}
