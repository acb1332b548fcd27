//! The library as it comes in: which load is current, how far it is, what went wrong, and
//! the reloads and live updates under way.

use super::Progress;
use super::live::Live;
use super::reload::Place;
use crate::scan::Problem;

/// The loading of the library, and the updates that follow it.
#[derive(Debug, Default)]
pub struct Loading {
    /// The current library load.
    pub generation: u64,
    /// Loading progress, while the files are read.
    pub progress: Option<Progress>,
    /// Indexing progress, while the bodies are indexed (after the lists are complete).
    pub indexing: Option<Progress>,
    /// The library changed since the lists were last rebuilt (see [`super::App::refresh`]).
    pub(super) stale: bool,
    /// How many files had problems (kept up to date as the library loads).
    pub(super) problem_count: usize,
    /// Files that could not be read.
    pub problems: Vec<Problem>,
    /// Where the user was when a reload started, until it is found again.
    pub(super) place: Option<Place>,
    /// A live update under way (files changed while the reader runs).
    pub(super) live: Option<Live>,
    /// Why the library's folders are not watched for changes, if they are not.
    pub unwatched: Option<String>,
}

impl Loading {
    /// Before the loader's first word: a load of an unknown number of files has started.
    pub fn new() -> Loading {
        Loading {
            progress: Some(Progress { done: 0, total: 0 }),
            ..Loading::default()
        }
    }

    /// How many files had problems (counted as the library loads, not per frame).
    pub fn problem_files(&self) -> usize {
        self.problem_count
    }
}
