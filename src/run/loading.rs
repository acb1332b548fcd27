//! The library loader thread, started again by `r`.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::library::Sources;
use crate::loader::{self, Load};

/// The library loader thread: the one running, and the load it is doing.
pub struct Loader {
    /// The load the reader wants; an older loader stops at its next step.
    current: Arc<AtomicU64>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// Where the library index is kept (`None`: nowhere).
    cache_dir: Option<PathBuf>,
}

impl Loader {
    pub fn new(cache_dir: Option<PathBuf>) -> Loader {
        Loader {
            current: Arc::new(AtomicU64::new(0)),
            thread: None,
            cache_dir,
        }
    }

    /// Starts load `generation`, superseding the one running: that one stops at its next step
    /// and the new one waits for it, so two loaders never write the same cache log.
    pub fn start(
        &mut self,
        sources: Sources,
        generation: u64,
        mut send: impl FnMut(Load) -> bool + Send + 'static,
    ) {
        self.current.store(generation, Ordering::SeqCst);
        let current = Arc::clone(&self.current);
        let previous = self.thread.take();
        let cache_dir = self.cache_dir.clone();
        self.thread = Some(std::thread::spawn(move || {
            if let Some(previous) = previous {
                let _ = previous.join();
            }
            if current.load(Ordering::SeqCst) != generation {
                return;
            }
            let options = loader::Options {
                cache_dir: cache_dir.as_deref(),
                threads: 0,
                ..loader::Options::default()
            };
            loader::load(&sources, generation, options, &mut |l| {
                current.load(Ordering::SeqCst) == generation && send(l)
            });
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::LoadEvent;
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    #[test]
    fn a_new_load_supersedes_the_running_one_and_they_never_overlap() {
        let dir = tempfile::tempdir().unwrap();
        let library = dir.path().join("library");
        std::fs::create_dir(&library).unwrap();
        for i in 0..3000 {
            std::fs::write(
                library.join(format!("{i:05}.txt")),
                format!("MONDE\n\nStory number {i}\n\nIts body, with a few words.\n"),
            )
            .unwrap();
        }
        let cache = dir.path().join("cache");
        let mut loader = Loader::new(Some(cache.clone()));
        let (tx, rx) = mpsc::channel();
        let sources = Sources::Paths(vec![library]);
        let tx0 = tx.clone();
        loader.start(sources.clone(), 0, move |l| tx0.send(l).is_ok());
        loader.start(sources, 1, move |l| tx.send(l).is_ok());
        let deadline = Instant::now() + Duration::from_secs(120);
        let mut events = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let l = rx.recv_timeout(left).expect("load 1 finishes");
            let done = l.generation == 1 && matches!(l.event, LoadEvent::Done);
            events.push(l);
            if done {
                break;
            }
        }
        let first_new = events.iter().position(|l| l.generation == 1).unwrap();
        assert!(
            events[first_new..].iter().all(|l| l.generation == 1),
            "the old load kept sending after the new one started"
        );
        assert!(
            !events
                .iter()
                .any(|l| l.generation == 0 && matches!(l.event, LoadEvent::Done)),
            "the old load was not stopped"
        );
        let listed: usize = events
            .iter()
            .filter_map(|l| match &l.event {
                LoadEvent::Batch { entries, .. } if l.generation == 1 => Some(entries.len()),
                _ => None,
            })
            .sum();
        assert_eq!(listed, 3000);
        // Only the committed log, the note of its roots and its lookup of ids are left in the
        // cache, no half-written one.
        let mut files: Vec<_> = std::fs::read_dir(cache.join("libraries"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        assert_eq!(files.len(), 3, "{files:?}");
        assert!(
            files[0].ends_with(".ids")
                && files[1].ends_with(".kix")
                && files[2].ends_with(".roots"),
            "{files:?}"
        );
    }
}
