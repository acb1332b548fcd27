//! Reading one article's bytes, from a file or from the seeds compiled into the binary.
//!
//! Files are opened non-blocking and checked on the open handle, so a FIFO or a device never
//! blocks the reader, and read up to [`MAX_BYTES`]: a bigger article is truncated with a warning
//! rather than loaded whole.

use std::fs::File;
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::scan::Stamp;

/// Largest article read, in bytes; the rest of a bigger file is left out with a warning.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// The seeds compiled into the binary: the default library (SPEC §1).
pub const BUNDLED: &[(&str, &[u8])] = &[(
    "000_2e7dbad873d5f945.txt",
    include_bytes!("../seeds/000_2e7dbad873d5f945.txt"),
)];

/// Where an article's bytes come from.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Source {
    /// A file on disk (kept as raw bytes when stored, so any file name survives).
    File(#[serde(with = "path_bytes")] PathBuf),
    /// A seed compiled into the binary, by index in [`BUNDLED`].
    Bundled(usize),
    /// One article of a file holding several (a feed's item, by its position in the file).
    Item(#[serde(with = "path_bytes")] PathBuf, u32),
}

/// Paths as their raw bytes: file names need not be UTF-8.
mod path_bytes {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    use std::path::{Path, PathBuf};

    pub fn serialize<S: serde::Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(p.as_os_str().as_bytes())
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
        let bytes: Vec<u8> = serde::Deserialize::deserialize(d)?;
        Ok(PathBuf::from(OsStr::from_bytes(&bytes)))
    }
}

impl Source {
    /// A name to show: the path (cleaned for the terminal), or `seeds/<name>` for a bundled seed.
    pub fn display(&self) -> String {
        match self {
            Source::File(p) | Source::Item(p, _) => crate::sanitize::one_line(&p.to_string_lossy()),
            Source::Bundled(i) => {
                format!("seeds/{} (bundled)", BUNDLED.get(*i).map_or("?", |b| b.0))
            }
        }
    }

    /// The file it is read from, as a source of its own (the feed of an item).
    pub fn file(&self) -> Source {
        match self {
            Source::Item(p, _) => Source::File(p.clone()),
            other => other.clone(),
        }
    }

    /// Which article of its file it is (0 for a file of one article).
    pub fn item(&self) -> usize {
        match self {
            Source::Item(_, i) => *i as usize,
            _ => 0,
        }
    }

    /// The path, for files.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Source::File(p) | Source::Item(p, _) => Some(p),
            Source::Bundled(_) => None,
        }
    }
}

/// Bytes read, and whether the file was cut at [`MAX_BYTES`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bytes {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// The file's full size when it was truncated.
    pub truncated_from: Option<u64>,
    /// The file's size and time, from the handle the bytes were read from.
    pub stamp: Stamp,
}

/// Reads `source`, refusing anything that is not a regular file.
pub fn read(source: &Source) -> Result<Bytes, String> {
    match source {
        Source::Bundled(i) => BUNDLED
            .get(*i)
            .map(|b| Bytes {
                bytes: b.1.to_vec(),
                truncated_from: None,
                stamp: Stamp::default(),
            })
            .ok_or_else(|| "no such bundled seed".to_owned()),
        Source::File(path) | Source::Item(path, _) => read_file(path),
    }
}

fn read_file(path: &Path) -> Result<Bytes, String> {
    let file = match File::options()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
    {
        Ok(file) => file,
        // Sockets, and devices such as /dev/tty, may refuse to open at all: say what they are
        // rather than the system's puzzling words.
        Err(e) => {
            return Err(std::fs::metadata(path)
                .ok()
                .and_then(|m| not_a_file(m.file_type()))
                .map_or_else(|| describe(e), str::to_owned));
        }
    };
    let meta = file.metadata().map_err(describe)?;
    if let Some(what) = not_a_file(meta.file_type()) {
        return Err(what.to_owned());
    }
    let size = meta.len();
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(MAX_BYTES)).unwrap_or(0));
    file.take(MAX_BYTES)
        .read_to_end(&mut bytes)
        .map_err(describe)?;
    let truncated_from = (size > MAX_BYTES).then_some(size);
    Ok(Bytes {
        bytes,
        truncated_from,
        stamp: Stamp::of(&meta),
    })
}

/// What a file that is not a regular file is, in a few words.
fn not_a_file(ft: std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_file() {
        None
    } else if ft.is_dir() {
        Some("is a directory")
    } else if ft.is_fifo() {
        Some("is a FIFO, not a file")
    } else if ft.is_char_device() || ft.is_block_device() {
        Some("is a device, not a file")
    } else if ft.is_socket() {
        Some("is a socket, not a file")
    } else {
        Some("is not a regular file")
    }
}

fn describe(e: std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ if e.raw_os_error() == Some(libc::ELOOP) => "symbolic link loop".to_owned(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_seed_matches_the_file() {
        let b = read(&Source::Bundled(0)).unwrap();
        assert_eq!(
            b.bytes,
            std::fs::read("seeds/000_2e7dbad873d5f945.txt").unwrap()
        );
    }

    #[test]
    fn fifo_and_directory_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(
            read(&Source::File(fifo)).unwrap_err(),
            "is a FIFO, not a file"
        );
        let d = dir.path().join("dir.txt");
        std::fs::create_dir(&d).unwrap();
        assert_eq!(read(&Source::File(d)).unwrap_err(), "is a directory");
        assert_eq!(
            read(&Source::File("/dev/null".into())).unwrap_err(),
            "is a device, not a file"
        );
    }

    #[test]
    fn missing_file() {
        assert_eq!(
            read(&Source::File("/nonexistent/x.txt".into())).unwrap_err(),
            "no such file"
        );
    }
}
