//! Reading notify's events: what each means for the watcher (a change of the library, a
//! folder to watch, events lost, a root gone, the limit reached), told apart in notify's own
//! thread before any lock is taken, since reading files (the loader's, the reader's) is most
//! of what comes.

use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::Instant;

use notify::EventKind;

use super::scope::Scope;
use super::{NEW_DIRS, State};

/// What an event from notify means for the watcher.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Seen {
    /// The library may have changed.
    change: bool,
    /// Folders made or moved in, to watch.
    new_dirs: Vec<PathBuf>,
    /// Events were lost (the kernel's queue overflowed): folders made meanwhile may not be
    /// watched, the whole tree is to be watched again.
    rewatch: bool,
    /// A root was removed or renamed.
    root_moved: bool,
    /// The inotify limit was reached.
    limit: bool,
}

/// Reads an event from notify (`is_dir` as in [`Scope::relevant`]). Pure but for `is_dir`.
pub(super) fn read_event(
    scope: &Scope,
    event: notify::Result<notify::Event>,
    is_dir: &dyn Fn(&Path) -> Option<bool>,
) -> Seen {
    use notify::event::{CreateKind, ModifyKind};
    let event = match event {
        Ok(event) => event,
        Err(e) => {
            return match e.kind {
                notify::ErrorKind::MaxFilesWatch => Seen {
                    limit: true,
                    ..Seen::default()
                },
                // Something went wrong watching: what it hid is found by a check.
                _ => Seen {
                    change: true,
                    rewatch: true,
                    ..Seen::default()
                },
            };
        }
    };
    if event.need_rescan() {
        return Seen {
            change: true,
            rewatch: true,
            ..Seen::default()
        };
    }
    let mut seen = Seen::default();
    for p in &event.paths {
        if !scope.relevant(&event.kind, p, is_dir) {
            continue;
        }
        seen.change = true;
        // (A link to a folder is made as a file.)
        let maybe_dir = match event.kind {
            EventKind::Create(CreateKind::Folder) => true,
            EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_)) => {
                !crate::scan::has_article_extension(p)
            }
            _ => false,
        };
        if maybe_dir && is_dir(p) == Some(true) {
            seen.new_dirs.push(p.clone());
        }
    }
    seen.root_moved = matches!(
        event.kind,
        EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
    ) && event
        .paths
        .iter()
        .any(|p| (0..scope.roots().len()).any(|i| scope.watched_path(i).as_deref() == Some(p)));
    seen
}

/// An event from notify's thread (which cannot add watches itself): recorded for the watcher
/// thread if it means anything. Reading (the loader's, the reader's) is most of what comes:
/// it is told apart before any lock is taken.
pub(super) fn on_event(
    shared: &(Mutex<State>, Condvar),
    scope: &Scope,
    event: notify::Result<notify::Event>,
) {
    let now = Instant::now();
    let is_dir = |p: &Path| std::fs::metadata(p).ok().map(|m| m.is_dir());
    let seen = read_event(scope, event, &is_dir);
    if seen == Seen::default() {
        return;
    }
    let (lock, cv) = shared;
    let Ok(mut state) = lock.lock() else {
        return;
    };
    if seen.change {
        state.debouncer.change(now);
    }
    for dir in seen.new_dirs {
        if state.new_dirs.len() < NEW_DIRS {
            state.new_dirs.push(dir);
        } else {
            state.rewatch = true;
        }
    }
    state.rewatch |= seen.rewatch;
    state.root_moved |= seen.root_moved;
    state.limit |= seen.limit;
    drop(state);
    cv.notify_all();
}

#[cfg(test)]
mod tests {
    use super::super::debounce::{Debouncer, TIMING};
    use super::*;
    use notify::event::{AccessKind, AccessMode, CreateKind, Flag, ModifyKind, RemoveKind};

    fn scope() -> Scope {
        Scope::new(vec![("/news".into(), true)], Vec::new())
    }

    fn read(event: notify::Result<notify::Event>) -> Seen {
        let is_dir = |p: &Path| Some(p.extension().is_none());
        read_event(&scope(), event, &is_dir)
    }

    fn event(kind: EventKind, path: &str) -> notify::Result<notify::Event> {
        Ok(notify::Event::new(kind).add_path(path.into()))
    }

    #[test]
    fn reading_means_nothing_and_a_write_is_a_change() {
        assert_eq!(
            read(event(
                EventKind::Access(AccessKind::Open(AccessMode::Any)),
                "/news/a.txt"
            )),
            Seen::default()
        );
        assert_eq!(
            read(event(EventKind::Modify(ModifyKind::Any), "/news/a.txt")),
            Seen {
                change: true,
                ..Seen::default()
            }
        );
    }

    #[test]
    fn a_folder_made_or_moved_in_is_to_be_watched() {
        for kind in [
            EventKind::Create(CreateKind::Folder),
            EventKind::Modify(ModifyKind::Name(notify::event::RenameMode::To)),
        ] {
            let seen = read(event(kind, "/news/sport"));
            assert!(seen.change);
            assert_eq!(seen.new_dirs, [PathBuf::from("/news/sport")]);
        }
        // Hidden: not the library's, not watched (a walk skips it too).
        assert_eq!(
            read(event(EventKind::Create(CreateKind::Folder), "/news/.git")),
            Seen::default()
        );
    }

    #[test]
    fn lost_events_mean_a_check_and_the_tree_watched_again() {
        let lost = Ok(notify::Event::new(EventKind::Other).set_flag(Flag::Rescan));
        let seen = read(lost);
        assert!(seen.change && seen.rewatch);
        let error = Err(notify::Error::io(std::io::Error::other("read failed")));
        let seen = read(error);
        assert!(seen.change && seen.rewatch);
    }

    #[test]
    fn the_limit_and_a_root_going_are_told() {
        let limit = Err(notify::Error::new(notify::ErrorKind::MaxFilesWatch));
        assert!(read(limit).limit);
        let gone = read(event(EventKind::Remove(RemoveKind::Folder), "/news"));
        assert!(gone.root_moved && gone.change);
        let sub = read(event(EventKind::Remove(RemoveKind::Folder), "/news/sport"));
        assert!(!sub.root_moved && sub.change);
    }

    #[test]
    fn many_folders_made_at_once_ask_for_the_tree_to_be_watched_again() {
        let shared = (
            Mutex::new(State {
                debouncer: Debouncer::new(TIMING),
                new_dirs: Vec::new(),
                rewatch: false,
                failed: None,
                root_moved: false,
                limit: false,
                stop: false,
            }),
            Condvar::new(),
        );
        let dir = tempfile::tempdir().unwrap();
        let scope = Scope::new(vec![(dir.path().to_owned(), true)], Vec::new());
        for i in 0..NEW_DIRS + 5 {
            let sub = dir.path().join(format!("d{i}"));
            std::fs::create_dir(&sub).unwrap();
            on_event(
                &shared,
                &scope,
                Ok(notify::Event::new(EventKind::Create(CreateKind::Folder)).add_path(sub)),
            );
        }
        let state = shared.0.lock().unwrap();
        assert_eq!(state.new_dirs.len(), NEW_DIRS, "bounded");
        assert!(state.rewatch);
        assert!(state.debouncer.due().is_some());
    }
}
