//! Which changes the watcher reports can change the library: a pure filter over the event's
//! kind and path. Reading a file (the reader's own loads and opens) is not a change; nor are
//! kiosque's own writes (its cache, its state), hidden files and folders (which a walk skips:
//! editors' swap and lock files, `.git`), editors' backups (`name~`, vim's `4913`), or files
//! a walk would not take (a download's `.part` until it is renamed).

use std::path::{Path, PathBuf};

use notify::EventKind;
use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RemoveKind};

use crate::scan::has_article_extension;

/// The library's roots and the folders whose changes are kiosque's own.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Each root, absolute, and whether it is a folder (else one file).
    roots: Vec<(PathBuf, bool)>,
    /// Folders whose changes are never the library's (kiosque's cache, config, state, data).
    ignored: Vec<PathBuf>,
}

/// `path` made absolute as the watcher reports paths (joined to the current directory, not
/// resolved).
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_owned()
    } else {
        std::env::current_dir().map_or_else(|_| path.to_owned(), |d| d.join(path))
    }
}

impl Scope {
    /// `roots` (each with whether it is a folder) and the folders to ignore.
    pub fn new(roots: Vec<(PathBuf, bool)>, ignored: Vec<PathBuf>) -> Scope {
        Scope { roots, ignored }
    }

    /// The roots.
    pub fn roots(&self) -> &[(PathBuf, bool)] {
        &self.roots
    }

    /// Can a change of `kind` to `path` change the library? `is_dir` says whether a path is a
    /// folder now (`None`: nothing is there); it is asked only of a path whose kind neither its
    /// name nor the event tells.
    pub fn relevant(
        &self,
        kind: &EventKind,
        path: &Path,
        is_dir: &dyn Fn(&Path) -> Option<bool>,
    ) -> bool {
        if let EventKind::Access(access) = kind
            && *access != AccessKind::Close(AccessMode::Write)
        {
            return false;
        }
        let Some(root) = self.root_of(path) else {
            return false;
        };
        if path == root {
            return true;
        }
        if self
            .ignored
            .iter()
            .any(|d| d.starts_with(root) && d != root && path.starts_with(d))
        {
            return false;
        }
        let Ok(inside) = path.strip_prefix(root) else {
            return false;
        };
        if inside
            .components()
            .any(|c| c.as_os_str().as_encoded_bytes().first() == Some(&b'.'))
        {
            return false;
        }
        let name = path
            .file_name()
            .map(|n| n.as_encoded_bytes())
            .unwrap_or(b"");
        if name.ends_with(b"~") || name == b"4913" {
            return false;
        }
        if has_article_extension(path) {
            return true;
        }
        // Not an article's name: a folder (made, removed, renamed) may hold articles, and so
        // may a link to one (made or removed as a file).
        match kind {
            EventKind::Create(CreateKind::Folder) | EventKind::Remove(RemoveKind::Folder) => true,
            EventKind::Modify(ModifyKind::Data(_)) | EventKind::Access(_) => false,
            EventKind::Create(_) | EventKind::Modify(ModifyKind::Metadata(_)) => {
                is_dir(path) == Some(true)
            }
            EventKind::Remove(_) => path.extension().is_none(),
            // Renamed, or of a kind not told: a folder if it is one now, or if it was one
            // (gone, and named like a folder).
            _ => match is_dir(path) {
                Some(dir) => dir,
                None => path.extension().is_none(),
            },
        }
    }

    /// The root `path` is in: a folder above it, or the file itself.
    fn root_of(&self, path: &Path) -> Option<&Path> {
        self.roots
            .iter()
            .find(|(root, dir)| {
                if *dir {
                    path.starts_with(root)
                } else {
                    path == root
                }
            })
            .map(|(root, _)| root.as_path())
    }

    /// Is `path` what is watched for root `i`: the folder itself, or a file root's folder?
    pub fn watched_path(&self, i: usize) -> Option<PathBuf> {
        let (root, dir) = self.roots.get(i)?;
        if *dir {
            Some(root.clone())
        } else {
            root.parent().map(Path::to_owned)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{DataChange, MetadataKind, RenameMode};

    fn scope() -> Scope {
        Scope::new(
            vec![("/news".into(), true), ("/home/u/one.md".into(), false)],
            vec![
                "/news/kiosque-cache".into(),
                "/home/u/.cache/kiosque".into(),
                "/".into(),
            ],
        )
    }

    fn relevant(kind: EventKind, path: &str) -> bool {
        let is_dir = |p: &Path| {
            let name = p.to_string_lossy();
            if name.contains("gone") {
                None
            } else {
                Some(name.ends_with("folder"))
            }
        };
        scope().relevant(&kind, Path::new(path), &is_dir)
    }

    const WRITE: EventKind = EventKind::Modify(ModifyKind::Data(DataChange::Any));
    const CREATE: EventKind = EventKind::Create(CreateKind::File);
    const RENAME: EventKind = EventKind::Modify(ModifyKind::Name(RenameMode::To));

    #[test]
    fn articles_written_created_removed_or_renamed_count() {
        for kind in [
            WRITE,
            CREATE,
            RENAME,
            EventKind::Remove(RemoveKind::File),
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime)),
            EventKind::Any,
        ] {
            assert!(relevant(kind, "/news/monde/a.txt"), "{kind:?}");
            assert!(relevant(kind, "/news/feed.XML"), "{kind:?}");
        }
        assert!(relevant(WRITE, "/home/u/one.md"));
    }

    #[test]
    fn reading_is_not_a_change() {
        for access in [
            AccessKind::Open(AccessMode::Any),
            AccessKind::Close(AccessMode::Read),
            AccessKind::Read,
            AccessKind::Any,
        ] {
            assert!(!relevant(EventKind::Access(access), "/news/a.txt"));
        }
    }

    #[test]
    fn outside_the_library_hidden_ignored_and_temporary_files_do_not_count() {
        for path in [
            "/elsewhere/a.txt",
            "/home/u/other.md",
            "/home/u/.cache/kiosque/libraries/1.kix",
            "/news/kiosque-cache/libraries/1.kix",
            "/news/kiosque-cache/new-folder",
            "/news/.git/objects/ab",
            "/news/monde/.a.txt.swp",
            "/news/monde/.#a.txt",
            "/news/.hidden/a.txt",
            "/news/monde/a.txt~",
            "/news/monde/4913",
        ] {
            assert!(!relevant(WRITE, path), "{path}");
            assert!(!relevant(RENAME, path), "{path}");
        }
        // Files a walk does not take: their writes are not changes, nor their renames.
        assert!(!relevant(WRITE, "/news/a.txt.part"));
        assert!(!relevant(CREATE, "/news/notes.pdf"));
        assert!(!relevant(
            EventKind::Remove(RemoveKind::File),
            "/news/notes.pdf"
        ));
        assert!(!relevant(RENAME, "/news/notes.pdf"));
        assert!(!relevant(
            EventKind::Modify(ModifyKind::Name(RenameMode::From)),
            "/news/a.txt.part-gone"
        ));
    }

    #[test]
    fn an_ignored_folder_holding_the_library_does_not_hide_it() {
        // "/" is ignored (say, the data dir holding the default library): the library in it
        // still counts.
        assert!(relevant(WRITE, "/news/a.txt"));
    }

    #[test]
    fn folders_made_removed_or_renamed_count() {
        assert!(relevant(
            EventKind::Create(CreateKind::Folder),
            "/news/sport"
        ));
        assert!(relevant(
            EventKind::Remove(RemoveKind::Folder),
            "/news/sport"
        ));
        assert!(relevant(RENAME, "/news/new-folder"));
        // Renamed away: gone, and named like a folder.
        assert!(relevant(
            EventKind::Modify(ModifyKind::Name(RenameMode::From)),
            "/news/sport-gone-for-good"
        ));
        assert!(relevant(
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::Permissions)),
            "/news/a-folder"
        ));
        assert!(!relevant(
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::Permissions)),
            "/news/notes.pdf"
        ));
        // A link to a folder, made or removed (told as a file).
        assert!(relevant(CREATE, "/news/link-to-a-folder"));
        assert!(relevant(
            EventKind::Remove(RemoveKind::File),
            "/news/link-gone"
        ));
        // The root itself going or coming.
        assert!(relevant(EventKind::Remove(RemoveKind::Any), "/news"));
    }
}
