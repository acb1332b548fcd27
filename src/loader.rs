//! The background loader: finds, reads and parses the library's files on its own thread and
//! sends them to the reader as messages, a batch at a time, each with its piece of the search
//! index. The reader draws and answers keys all along.
//!
//! Ids are given in load order by [`IdAssigner`], and labels get their second look at the end,
//! exactly as [`crate::library::Library::load_full`] does for the subcommands.

use crate::library::{self, Entry, IdAssigner, Sources, known_labels, needs_second_look};
use crate::scan::Problem;
use crate::search::{self, Segment, SegmentBuilder};
use crate::source::Source;

/// Smallest batch: the first one arrives quickly so the first lists fill at once.
const FIRST_BATCH: usize = 64;
/// Largest batch.
const MAX_BATCH: usize = 4096;

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
    /// The files are found; this many will be read.
    Started {
        /// Files to read.
        files: usize,
        /// Problems met finding them.
        problems: Vec<Problem>,
    },
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
    /// Everything is loaded.
    Done,
}

/// Loads `sources`, calling `send` with each message; stops early when `send` returns false
/// (nobody listens any more).
pub fn load(sources: &Sources, generation: u64, send: &mut dyn FnMut(Load) -> bool) {
    let mut emit = |event| send(Load { generation, event });
    let library::Found {
        files: found,
        mut problems,
        missing_roots,
    } = library::find(sources);
    problems.extend(missing_roots.into_iter().map(|path| Problem {
        path,
        message: "no such file or directory".into(),
    }));
    if !emit(LoadEvent::Started {
        files: found.len(),
        problems,
    }) {
        return;
    }
    let mut ids = IdAssigner::default();
    let mut words = String::new();
    let mut all: Vec<Entry> = Vec::with_capacity(found.len());
    let mut batch_size = FIRST_BATCH;
    let mut batch: Vec<Entry> = Vec::new();
    let mut builder = SegmentBuilder::new(0);
    let mut batch_problems = Vec::new();
    for (i, (source, folder)) in found.iter().enumerate() {
        match library::load_for_index(source, folder.clone(), None) {
            Ok((mut entry, article)) => {
                ids.assign(&mut entry);
                builder.add(&search::article_words(&article, &entry.bylines, &mut words));
                batch.push(entry);
            }
            Err(message) => batch_problems.push(problem(source, message)),
        }
        let last = i + 1 == found.len();
        if batch.len() >= batch_size || (last && (!batch.is_empty() || !batch_problems.is_empty()))
        {
            let next_base = u32::try_from(all.len() + batch.len()).unwrap_or(u32::MAX);
            let segment = std::mem::replace(&mut builder, SegmentBuilder::new(next_base)).finish();
            all.extend(batch.iter().cloned());
            let event = LoadEvent::Batch {
                entries: std::mem::take(&mut batch),
                segment,
                problems: std::mem::take(&mut batch_problems),
            };
            if !emit(event) {
                return;
            }
            batch_size = (batch_size * 2).min(MAX_BATCH);
        }
    }
    // Second look: files whose label split was a close call, now that the library's labels are
    // known.
    let known = known_labels(&all);
    let mut updates = Vec::new();
    let mut extra = SegmentBuilder::new(0);
    let mut extra_docs: Vec<u32> = Vec::new();
    for (n, entry) in all.iter().enumerate() {
        if !needs_second_look(entry, &known) {
            continue;
        }
        if let Ok((mut again, article)) =
            library::load_for_index(&entry.source, entry.folder.clone(), Some(&known))
            && again.identity != entry.identity
        {
            ids.release(entry.id);
            ids.assign(&mut again);
            extra.add(&search::article_words(&article, &again.bylines, &mut words));
            extra_docs.push(u32::try_from(n).unwrap_or(u32::MAX));
            updates.push((u32::try_from(n).unwrap_or(u32::MAX), again));
        }
    }
    if !updates.is_empty() {
        let segment = remap(extra.finish(), &extra_docs);
        if !emit(LoadEvent::Relabeled { updates, segment }) {
            return;
        }
    }
    emit(LoadEvent::Done);
}

fn problem(source: &Source, message: String) -> Problem {
    Problem {
        path: source.path().map(ToOwned::to_owned).unwrap_or_default(),
        message,
    }
}

/// A segment built over a scattered set of articles, renumbered to their library numbers.
fn remap(seg: Segment, docs: &[u32]) -> Segment {
    let mut builder_terms: Vec<(Box<str>, Vec<u32>)> = Vec::new();
    for (i, term) in seg.terms.iter().enumerate() {
        let (s, e) = (seg.starts[i] as usize, seg.starts[i + 1] as usize);
        let mut bytes = &seg.postings[s..e];
        let mut local = 0u32;
        let mut list = Vec::new();
        while !bytes.is_empty() {
            local += search::take_varint(&mut bytes);
            list.push(docs[local as usize]);
        }
        builder_terms.push((term.clone(), list));
    }
    Segment::from_postings(0, docs.iter().max().map_or(0, |m| m + 1), builder_terms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::Query;
    use crate::search::Index;

    #[test]
    fn bundled_library_arrives_in_one_batch() {
        let mut events = Vec::new();
        load(&Sources::Bundled, 7, &mut |l| {
            assert_eq!(l.generation, 7);
            events.push(l.event);
            true
        });
        assert!(matches!(events[0], LoadEvent::Started { files: 1, .. }));
        match &events[1] {
            LoadEvent::Batch {
                entries, segment, ..
            } => {
                assert_eq!(entries.len(), 1);
                assert_eq!(entries[0].section, "CYBERCRIMINALITE");
                let mut idx = Index::default();
                idx.push(segment.clone());
                assert_eq!(idx.matches(&Query::new("etats-unis"), 1), [true]);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(events.last(), Some(LoadEvent::Done)));
    }

    #[test]
    fn same_ids_as_the_subcommands() {
        let sources = Sources::Paths(vec!["tests/fixtures/library".into()]);
        let full = crate::library::Library::load_full(&sources);
        let mut entries: Vec<Entry> = Vec::new();
        load(&sources, 0, &mut |l| {
            match l.event {
                LoadEvent::Batch { entries: e, .. } => entries.extend(e),
                LoadEvent::Relabeled { updates, .. } => {
                    for (n, e) in updates {
                        entries[n as usize] = e;
                    }
                }
                _ => {}
            }
            true
        });
        let a: Vec<(u64, &str)> = entries.iter().map(|e| (e.id, e.section.as_str())).collect();
        let b: Vec<(u64, &str)> = full
            .library
            .entries
            .iter()
            .map(|e| (e.id, e.section.as_str()))
            .collect();
        assert_eq!(a, b);
    }
}
