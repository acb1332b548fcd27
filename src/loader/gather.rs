//! A whole library loaded in one go, for the subcommands and the tests: the loader's messages
//! applied as the reader applies them, so `kiosque list` gives the ids, labels and matches the
//! reader gives.

use std::path::{Path, PathBuf};

use super::{Load, LoadEvent, Options, load};
use crate::library::{Entry, Library, Sources};
use crate::scan::Problem;
use crate::search::{Index, Segment};

/// A library as the loader's messages describe it.
#[derive(Debug, Default)]
pub struct Gathered {
    /// Entries by number; `None` for those whose file changed or went away.
    pub entries: Vec<Option<Entry>>,
    /// The words of every entry (and of the bodies, when they were indexed); without `words`
    /// ([`gather`]), those of the entries replayed from the log are left out.
    pub index: Index,
    /// Files and paths that could not be read.
    pub problems: Vec<Problem>,
    /// The story of each entry of a story of two or more, by number: the number of the
    /// story's earliest article (see [`LoadEvent::Stories`]).
    pub stories: std::collections::HashMap<u32, u32>,
}

impl Gathered {
    /// Applies one message.
    pub fn apply(&mut self, event: LoadEvent) {
        match event {
            LoadEvent::Started { files, problems } => {
                *self = Gathered {
                    problems,
                    ..Gathered::default()
                };
                self.entries.reserve(files);
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
            LoadEvent::Versions(versions) => {
                for (n, v) in versions {
                    if let Some(Some(e)) = self.entries.get_mut(n as usize) {
                        e.version = Some(v);
                    }
                }
            }
            LoadEvent::Problems(p) => self.problems.extend(p),
            // A check of the library already gathered: its files' problems are said again.
            LoadEvent::Update { problems } => self.problems = problems,
            LoadEvent::Bodies { segment, .. } => self.index.push_body(segment),
            LoadEvent::Stories(stories) => self.stories = stories.into_iter().collect(),
            LoadEvent::Words(segment) => self.index.push(segment),
            LoadEvent::RelabeledWords { numbers, segment } => {
                self.index.push_relabeled(segment, &numbers);
            }
            // (Sent only to a load that asks for the lists file: a command never does.)
            LoadEvent::Lists(_)
            | LoadEvent::Logged(_)
            | LoadEvent::Total(_)
            | LoadEvent::Listed { .. }
            | LoadEvent::Done => {}
        }
    }
}

/// What a command needs of a library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The ids and headers the reader last listed: the library's log as it is when it reads
    /// back whole, the files not checked (looking an id up; an id not found calls for
    /// [`Need::Lists`]).
    Ids,
    /// The lists as the files are now.
    Lists,
    /// The lists and their stories (the bodies read when the log does not have them).
    Stories,
    /// The lists and their bodies' words (a full-text query), and their stories.
    Bodies,
}

/// Which words of the index a load keeps.
#[derive(Debug, Clone, Copy)]
pub enum Words<'w> {
    /// None of the header words replayed from the log (a listing).
    Lists,
    /// All of them.
    All,
    /// Only the terms that start with one of these (the words one query looks up,
    /// [`crate::query::engine::index_words`]): a full-text query keeps a few postings of the
    /// bodies' words instead of all of them (30 MB at 100 000 articles).
    Starting(&'w [String]),
}

impl Words<'_> {
    /// Keeps of `event`'s words those asked for.
    fn keep(self, event: LoadEvent) -> LoadEvent {
        let Words::Starting(words) = self else {
            return event;
        };
        let keep = |segment: Segment| starting(&segment, words);
        match event {
            LoadEvent::Batch {
                entries,
                segment,
                problems,
            } => LoadEvent::Batch {
                entries,
                segment: keep(segment),
                problems,
            },
            LoadEvent::Relabeled { updates, segment } => LoadEvent::Relabeled {
                updates,
                segment: keep(segment),
            },
            LoadEvent::Bodies { segment, count } => LoadEvent::Bodies {
                segment: keep(segment),
                count,
            },
            LoadEvent::Words(segment) => LoadEvent::Words(keep(segment)),
            LoadEvent::RelabeledWords { numbers, segment } => LoadEvent::RelabeledWords {
                numbers,
                segment: keep(segment),
            },
            other => other,
        }
    }
}

/// The terms of `segment` that start with one of `words`, with their postings (the terms are
/// in order: those of one prefix are found by halving, as a look-up finds them).
fn starting(segment: &Segment, words: &[String]) -> Segment {
    let n = segment.term_count();
    let mut kept: Vec<(Box<str>, Vec<u32>)> = Vec::new();
    let mut taken = vec![false; 0];
    for word in words {
        let from = crate::search::partition(n, |i| segment.term(i) < word.as_str());
        for i in (from..n).take_while(|&i| segment.term(i).starts_with(word.as_str())) {
            // (One word may be the prefix of another: each term once.)
            if taken.is_empty() {
                taken = vec![false; n];
            }
            if !std::mem::replace(&mut taken[i], true) {
                kept.push((Box::from(segment.term(i)), segment.docs_of(i).collect()));
            }
        }
    }
    Segment::from_postings(segment.base, segment.docs, kept)
}

/// Loads `sources` with every core and the library's log in `cache_dir` (as the reader does:
/// replayed, then checked against the files), up to what `need` says; the header words only
/// with `words` (a query; a listing uses none).
pub fn gather(
    sources: &Sources,
    cache_dir: Option<&std::path::Path>,
    need: Need,
    words: bool,
) -> Gathered {
    let words = if words { Words::All } else { Words::Lists };
    gather_words(sources, cache_dir, need, words)
}

/// [`gather`], keeping of the index the `words` asked for.
pub fn gather_words(
    sources: &Sources,
    cache_dir: Option<&std::path::Path>,
    need: Need,
    words: Words<'_>,
) -> Gathered {
    let mut gathered = Gathered::default();
    let bodies = need == Need::Bodies;
    let to_the_end = matches!(need, Need::Bodies | Need::Stories);
    let options = Options {
        cache_dir,
        threads: 0,
        skip_bodies: !bodies,
        skip_words: matches!(words, Words::Lists) && !bodies,
        trust_log: need == Need::Ids,
        on_dir: None,
        stories: to_the_end,
        lists: false,
    };
    load(sources, 0, options, &mut |Load { event, .. }| {
        let listed = matches!(event, LoadEvent::Listed { .. });
        // The words of the bodies are kept only when asked for.
        if bodies || !matches!(event, LoadEvent::Bodies { .. }) {
            gathered.apply(words.keep(event));
        }
        to_the_end || !listed
    });
    gathered
}

// `Library::load` lives here, beside the loader it runs, so that `library` (the plain data the
// loader, the cache and the commands share) does not depend on the loader.
impl Library {
    /// Loads every article of `sources` as the reader's loader does (the same ids, labels and
    /// words, and the same library log in `cache_dir`: a warm load reads no article), their
    /// headers only; with `bodies`, the index holds their bodies' words too; without `words`
    /// (and bodies), it may lack the headers' words. `numbers` says which document of the
    /// index each entry is.
    pub fn load(
        sources: &Sources,
        cache_dir: Option<&Path>,
        need: Need,
        words: bool,
    ) -> (Library, Index) {
        let words = if words { Words::All } else { Words::Lists };
        Library::load_words(sources, cache_dir, need, words)
    }

    /// [`Library::load`], keeping of the index the `words` asked for.
    pub fn load_words(
        sources: &Sources,
        cache_dir: Option<&Path>,
        need: Need,
        words: Words<'_>,
    ) -> (Library, Index) {
        let missing_roots: Vec<PathBuf> = match sources {
            Sources::Paths(paths) => paths
                .iter()
                .filter(|p| std::fs::symlink_metadata(p).is_err())
                .cloned()
                .collect(),
            Sources::Bundled => Vec::new(),
        };
        let gathered = gather_words(sources, cache_dir, need, words);
        let stories = gathered
            .stories
            .iter()
            .filter_map(|(&n, &story)| {
                let id = gathered.entries.get(story as usize)?.as_ref()?.id;
                Some((n, id))
            })
            .collect();
        let numbers = (0..gathered.entries.len())
            .filter(|&n| gathered.entries[n].is_some())
            .filter_map(|n| u32::try_from(n).ok())
            .collect();
        // In place (`filter_map` over the list's own iterator reuses its buffer: an entry and
        // an absent one take the same room); a second list of the entries beside the first
        // was the peak of a warm `list` (42 MB more at 100 000 articles). `flatten` would not.
        #[allow(clippy::filter_map_identity)]
        let entries: Vec<Entry> = gathered.entries.into_iter().filter_map(|e| e).collect();
        let library = Library {
            entries,
            numbers,
            problems: gathered
                .problems
                .into_iter()
                .filter(|p| !missing_roots.contains(&p.path))
                .collect(),
            missing_roots,
            stories,
        };
        (library, gathered.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Scope;

    /// A segment keeps the terms starting with one of the words, each once, with their
    /// postings; the others are gone.
    #[test]
    fn a_segment_keeps_the_terms_its_words_start() {
        let terms = ["mar", "marche", "marseille", "monde", "paris", "zz"];
        let postings: Vec<(Box<str>, Vec<u32>)> = (terms.iter().enumerate())
            .map(|(k, t)| (Box::from(*t), vec![k as u32, 9]))
            .collect();
        let segment = Segment::from_postings(100, 10, postings);
        let words = [
            "mar".to_owned(),
            "mars".to_owned(),
            "marc".to_owned(),
            "zz".into(),
        ];
        let kept = starting(&segment, &words);
        assert_eq!((kept.base, kept.docs), (100, 10));
        let got: Vec<(String, Vec<u32>)> = (0..kept.term_count())
            .map(|i| (kept.term(i).to_owned(), kept.docs_of(i).collect()))
            .collect();
        let want = [("mar", 0), ("marche", 1), ("marseille", 2), ("zz", 5)]
            .map(|(t, k)| (t.to_owned(), vec![k, 9]));
        assert_eq!(got, want);
        assert_eq!(starting(&segment, &[]).term_count(), 0);
    }

    /// A load keeping only some words answers those words, headers and bodies, as a load
    /// keeping all of them, cold and warm, with less of the index.
    #[test]
    fn a_load_keeping_some_words_answers_them_as_the_whole_index() {
        let (dir, lib) = super::super::tests::copy_fixtures();
        let cache = dir.path().join("cache");
        let sources = Sources::Paths(vec![lib]);
        let words = ["marseil".to_owned(), "le".to_owned(), "fra".to_owned()];
        for _ in ["cold", "warm"] {
            let some = gather_words(
                &sources,
                Some(&cache),
                Need::Bodies,
                Words::Starting(&words),
            );
            let all = gather_words(&sources, Some(&cache), Need::Bodies, Words::All);
            let n = all.entries.len();
            assert_eq!(some.entries.len(), n);
            assert!(some.index.heap_bytes() * 4 < all.index.heap_bytes());
            for scope in [Scope::Any, Scope::Header, Scope::Body] {
                for w in &words {
                    let w = std::slice::from_ref(w);
                    let (a, b) = (
                        some.index.find(w, scope, n, &|| false),
                        all.index.find(w, scope, n, &|| false),
                    );
                    assert_eq!(a, b, "{w:?} {scope:?}");
                    assert!(b.is_some_and(|h| h.count() > 0) || scope == Scope::Header);
                }
            }
        }
    }
}
