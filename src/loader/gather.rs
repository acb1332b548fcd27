//! A whole library loaded in one go, for the subcommands and the tests: the loader's messages
//! applied as the reader applies them, so `kiosque list` gives the ids, labels and matches the
//! reader gives.

use super::{Load, LoadEvent, Options, load};
use crate::library::{Entry, Sources};
use crate::scan::Problem;
use crate::search::Index;

/// A library as the loader's messages describe it.
#[derive(Debug, Default)]
pub struct Gathered {
    /// Entries by number; `None` for those whose file changed or went away.
    pub entries: Vec<Option<Entry>>,
    /// The words of every entry (and of the bodies, when they were indexed).
    pub index: Index,
    /// Files and paths that could not be read.
    pub problems: Vec<Problem>,
}

impl Gathered {
    /// Applies one message.
    pub fn apply(&mut self, event: LoadEvent) {
        match event {
            LoadEvent::Started { problems, .. } => {
                *self = Gathered {
                    problems,
                    ..Gathered::default()
                };
            }
            LoadEvent::Batch {
                entries,
                segment,
                problems,
            } => {
                self.entries.extend(entries.into_iter().map(Some));
                self.index.push(segment);
                self.problems.extend(problems);
            }
            LoadEvent::Relabeled { updates, segment } => {
                let numbers: Vec<u32> = updates.iter().map(|(n, _)| *n).collect();
                for (n, e) in updates {
                    self.entries[n as usize] = Some(e);
                }
                self.index.push_relabeled(segment, &numbers);
            }
            LoadEvent::Renumbered(ids) => {
                for (n, id) in ids {
                    if let Some(e) = &mut self.entries[n as usize] {
                        e.id = id;
                    }
                }
            }
            LoadEvent::Removed(numbers) => {
                for n in numbers {
                    self.entries[n as usize] = None;
                }
            }
            LoadEvent::Problems(p) => self.problems.extend(p),
            LoadEvent::Bodies { segment, .. } => self.index.push_body(segment),
            LoadEvent::Total(_) | LoadEvent::Listed { .. } | LoadEvent::Done => {}
        }
    }
}

/// Loads `sources` with every core and no cache, up to the complete lists, or up to the
/// indexed bodies when `bodies` is set (what a full-text query needs).
pub fn gather(sources: &Sources, bodies: bool) -> Gathered {
    let mut gathered = Gathered::default();
    load(
        sources,
        0,
        Options::default(),
        &mut |Load { event, .. }| {
            let listed = matches!(event, LoadEvent::Listed { .. });
            gathered.apply(event);
            bodies || !listed
        },
    );
    gathered
}
