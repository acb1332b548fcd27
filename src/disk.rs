//! kiosque's own files on disk (the saved state, `config.toml`, the device id): bounded reads
//! that never hang or follow a link where they must not, private files, atomic replacement.
//!
//! Article files have their own reader ([`crate::source`]); this one is for the files kiosque
//! writes or is configured by, where a FIFO, a device, a link to `/dev/zero` or a 10 GB file in
//! their place is an error to report, never a hang or an allocation without end.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Permissions of every file kiosque creates: the owner's only (marks say what one reads).
pub const PRIVATE: u32 = 0o600;

/// Whether a read may follow a symbolic link at the file's own name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Follow it (a `config.toml` kept in a dotfiles repository is often a link).
    Follow,
    /// Refuse it: the file must be a plain file of its folder.
    Refuse,
}

/// Opens `path` for reading without blocking on a FIFO and, with [`Links::Refuse`], without
/// following a link; the file must be a regular one of at most `cap` bytes.
pub fn open_regular(path: &Path, cap: u64, links: Links) -> io::Result<(File, fs::Metadata)> {
    let mut flags = libc::O_NONBLOCK | libc::O_CLOEXEC;
    if links == Links::Refuse {
        flags |= libc::O_NOFOLLOW;
    }
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
        .map_err(|e| {
            // O_NOFOLLOW on a link fails with ELOOP: say what it is.
            if e.raw_os_error() == Some(libc::ELOOP) && links == Links::Refuse {
                io::Error::other(
                    "is a symbolic link (refused: kiosque's files must be plain files)",
                )
            } else {
                e
            }
        })?;
    let meta = file.metadata()?;
    check_regular(&meta, cap)?;
    Ok((file, meta))
}

/// Refuses what is not a regular file of at most `cap` bytes, saying what it is.
pub fn check_regular(meta: &fs::Metadata, cap: u64) -> io::Result<()> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    let what = if t.is_file() {
        None
    } else if t.is_dir() {
        Some("a directory")
    } else if t.is_fifo() {
        Some("a FIFO")
    } else if t.is_socket() {
        Some("a socket")
    } else if t.is_char_device() || t.is_block_device() {
        Some("a device")
    } else {
        Some("not a regular file")
    };
    if let Some(what) = what {
        return Err(io::Error::other(format!("is {what}, not a regular file")));
    }
    if meta.len() > cap {
        return Err(io::Error::other(format!(
            "is too large ({} bytes; at most {cap} expected)",
            meta.len()
        )));
    }
    Ok(())
}

/// Reads the whole of `path` (see [`open_regular`]). A file that grows past `cap` while it is
/// read is refused too.
pub fn read_bounded(path: &Path, cap: u64, links: Links) -> io::Result<Vec<u8>> {
    let (file, meta) = open_regular(path, cap, links)?;
    read_to_cap(file, meta.len(), cap)
}

/// Reads `file` to its end, refusing more than `cap` bytes.
pub fn read_to_cap(file: impl Read, hint: u64, cap: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(usize::try_from(hint.min(cap)).unwrap_or(0));
    file.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(io::Error::other(format!(
            "is too large (more than {cap} bytes)"
        )));
    }
    Ok(bytes)
}

/// Options that create a private file (0600) that is not there yet, never through a link.
pub fn create_new_private() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.write(true)
        .create_new(true)
        .mode(PRIVATE)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    o
}

/// Replaces `dir/name` with `bytes` atomically: a temporary file in `dir` (private, or with the
/// permissions of the file it replaces), written, fsync'd, renamed over, and the folder fsync'd.
/// A crash leaves either the old file or the new one, never a mix.
pub fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    write_atomically_with(dir, name, PRIVATE, |f| f.write_all(bytes))
}

/// [`write_atomically`], the content written by `write` into the temporary file as it comes
/// (an export of thousands of articles is never held whole in memory), a new file created with
/// `new_mode` (less the umask: [`PRIVATE`] for kiosque's own files, `0o666` for a document the
/// user asked for, which then gets the permissions any tool gives a new file). When `write`
/// fails, the temporary file is removed and `dir/name` is left as it was.
pub fn write_atomically_with(
    dir: &Path,
    name: &str,
    new_mode: u32,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let target = dir.join(name);
    // Permissions a user gave the file are kept (a chmod 600, or 640 for a backup group).
    let kept = fs::symlink_metadata(&target)
        .ok()
        .filter(|m| m.file_type().is_file())
        .map(|m| m.permissions().mode() & 0o7777);
    let (tmp, mut f) = create_temp_with(dir, name, new_mode)?;
    let result = (|| -> io::Result<()> {
        if let Some(mode) = kept {
            f.set_permissions(fs::Permissions::from_mode(mode))?;
        }
        write(&mut f)?;
        f.sync_all()?;
        fs::rename(&tmp, &target)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Can a file be made in `dir` beside `name`? A temporary one is made and removed: the answer
/// of the file system itself (permissions, a read-only mount, ACLs), said before a long job
/// whose result is to be written there.
pub fn check_writable(dir: &Path, name: &str) -> io::Result<()> {
    let (tmp, file) = create_temp(dir, name)?;
    drop(file);
    fs::remove_file(tmp)
}

/// A temporary name beside `name` in `dir`, unique to this process and call, hidden (a leading
/// dot) so readers of the folder pass it by.
pub fn temp_path(dir: &Path, name: &str) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".{name}.tmp-{}-{n}", std::process::id()))
}

/// A temporary file beside `name` in `dir` ([`temp_path`]), created private and locked
/// (exclusively, for as long as the returned handle lives): the lock is how
/// [`remove_stale_temporaries`] tells a writer's temporary from one a killed writer left, with
/// no guess from process ids (which are reused, and which `/proc` alone can tell).
pub fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    create_temp_with(dir, name, PRIVATE)
}

/// [`create_temp`], created with `mode` (less the umask) rather than private.
fn create_temp_with(dir: &Path, name: &str, mode: u32) -> io::Result<(PathBuf, File)> {
    let tmp = temp_path(dir, name);
    let file = create_new_private().mode(mode).open(&tmp)?;
    // A file system without locks: the age rule below still protects it.
    let _ = file.try_lock();
    Ok((tmp, file))
}

/// A temporary younger than this is never taken for a leftover, locked or not (its writer may
/// not have locked it yet).
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

/// Removes the temporaries of `dir/name` ([`create_temp`]) that writers killed before their
/// rename left behind: those no process holds locked, and older than a minute.
pub fn remove_stale_temporaries(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.tmp-");
    for e in entries.flatten() {
        let file = e.file_name();
        if !file.to_str().is_some_and(|n| n.starts_with(&prefix)) {
            continue;
        }
        let old = e
            .metadata()
            .ok()
            .filter(|m| m.file_type().is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if !old {
            continue;
        }
        let Ok((f, _)) = open_regular(&e.path(), u64::MAX, Links::Refuse) else {
            continue;
        };
        if f.try_lock().is_ok() {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Creates `dir` and the missing folders above it, private (0700), each made durable in its
/// parent (an fsync of the parent), so that a file fsync'd in it later is not lost on a crash
/// with its folder's name. A folder already there is left as it is.
pub fn create_dir_durably(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if fs::metadata(dir).is_ok_and(|m| m.is_dir()) {
        return Ok(());
    }
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(p) = parent {
        create_dir_durably(p)?;
    }
    match fs::DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => sync_dir(parent.unwrap_or(Path::new("."))),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(e),
    }
}

/// Makes a rename or a creation in `dir` durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// The inode of an open file and of the path, to tell whether the path still names that file
/// (a file replaced by a rename is not the one a writer holds).
pub fn same_file(open: &fs::Metadata, path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.ino() == open.ino() && m.dev() == open.dev())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifos_links_and_huge_files_are_refused_without_hanging() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let e = read_bounded(&fifo, 1000, Links::Follow).unwrap_err();
        assert!(e.to_string().contains("FIFO"), "{e}");

        let link = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let e = read_bounded(&link, 1000, Links::Follow).unwrap_err();
        assert!(e.to_string().contains("device"), "{e}");
        let e = read_bounded(&link, 1000, Links::Refuse).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");

        let big = dir.path().join("big");
        fs::write(&big, vec![b'x'; 2000]).unwrap();
        let e = read_bounded(&big, 1000, Links::Follow).unwrap_err();
        assert!(e.to_string().contains("too large"), "{e}");
        assert_eq!(read_bounded(&big, 2000, Links::Refuse).unwrap().len(), 2000);
    }

    #[test]
    fn folders_are_made_private_and_durable() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b/c");
        create_dir_durably(&deep).unwrap();
        for p in [dir.path().join("a"), dir.path().join("a/b"), deep.clone()] {
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o700
            );
        }
        create_dir_durably(&deep).unwrap();
        let file = dir.path().join("f");
        fs::write(&file, "").unwrap();
        assert!(create_dir_durably(&file).is_err());
        assert!(create_dir_durably(&file.join("g")).is_err());
    }

    #[test]
    fn only_old_unlocked_temporaries_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        let age = |p: &Path| {
            File::options()
                .write(true)
                .open(p)
                .unwrap()
                .set_modified(old)
                .unwrap();
        };
        // Left by a killed writer: old, nobody holds it.
        let (stale, f) = create_temp(dir.path(), "f").unwrap();
        drop(f);
        age(&stale);
        // A live writer's, old but locked; a fresh one, not yet locked; another file's.
        let (held, _keep) = create_temp(dir.path(), "f").unwrap();
        age(&held);
        let fresh = temp_path(dir.path(), "f");
        fs::write(&fresh, "").unwrap();
        let (other, o) = create_temp(dir.path(), "g").unwrap();
        drop(o);
        age(&other);
        remove_stale_temporaries(dir.path(), "f");
        assert!(!stale.exists());
        assert!(held.exists() && fresh.exists() && other.exists());
    }

    #[test]
    fn atomic_writes_are_private_and_keep_a_chosen_mode() {
        let dir = tempfile::tempdir().unwrap();
        write_atomically(dir.path(), "f", b"one").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let f = dir.path().join("f");
        assert_eq!(mode(&f), 0o600);
        fs::set_permissions(&f, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(dir.path(), "f", b"two").unwrap();
        assert_eq!(mode(&f), 0o640);
        assert_eq!(fs::read(&f).unwrap(), b"two");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary left"
        );
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        write_atomically(dir.path(), "f", b"old").unwrap();
        let failed = write_atomically_with(dir.path(), "f", PRIVATE, |f| {
            f.write_all(b"half a new")?;
            Err(io::Error::other("disk full"))
        });
        assert_eq!(failed.unwrap_err().to_string(), "disk full");
        assert_eq!(fs::read(dir.path().join("f")).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        // Nothing there before: still nothing.
        let failed = write_atomically_with(dir.path(), "g", 0o666, |_| Err(io::Error::other("x")));
        assert!(failed.is_err());
        assert!(!dir.path().join("g").exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_document_gets_the_umask_mode_an_own_file_stays_private() {
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        write_atomically_with(dir.path(), "doc", 0o666, |f| f.write_all(b"x")).unwrap();
        // A document: 0666 less the umask, as any tool makes a file; an own file: 0600.
        let status = fs::read_to_string("/proc/self/status").unwrap();
        let umask = status
            .lines()
            .find_map(|l| l.strip_prefix("Umask:"))
            .map(|m| u32::from_str_radix(m.trim(), 8).unwrap())
            .unwrap();
        assert_eq!(mode(&dir.path().join("doc")), 0o666 & !umask);
        write_atomically(dir.path(), "own", b"x").unwrap();
        assert_eq!(mode(&dir.path().join("own")), 0o600);
    }
}
