//! The prompt's history on disk: `<data dir>/history`, one query per line, oldest first,
//! private (0600), replaced atomically. Each save reads the file first and adds to it, so two
//! readers add to one history instead of overwriting each other's.

use std::path::Path;

use crate::app::prompt;
use crate::disk;

/// The file's name in the data dir.
pub const FILE: &str = "history";
/// Largest history file read (200 queries of 4 KB are 800 KB).
const MAX_BYTES: u64 = 1024 * 1024;

/// The queries kept in `data_dir`, oldest first (none when there is no file or it cannot be
/// read: a history is a convenience, never a reason to stop).
pub fn load(data_dir: &Path) -> Vec<String> {
    let Ok(bytes) = disk::read_bounded(&data_dir.join(FILE), MAX_BYTES, disk::Links::Refuse) else {
        return Vec::new();
    };
    let mut history = Vec::new();
    for line in String::from_utf8_lossy(&bytes).lines() {
        // The file may have been edited by hand: every line is cleaned as typed text is.
        prompt::remember(&mut history, &prompt::one_line(line));
    }
    history
}

/// Adds `query` to the history kept in `data_dir`.
pub fn remember(data_dir: &Path, query: &str) -> Result<(), String> {
    let mut history = load(data_dir);
    prompt::remember(&mut history, query);
    std::fs::create_dir_all(data_dir).map_err(|e| format!("history not saved: {e}"))?;
    let mut text = history.join("\n");
    text.push('\n');
    disk::write_atomically(data_dir, FILE, text.as_bytes())
        .map_err(|e| format!("history not saved: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_privately_across_sessions() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        assert!(load(&data).is_empty());
        remember(&data, "is:unread politique").unwrap();
        remember(&data, "title:bce").unwrap();
        remember(&data, "is:unread politique").unwrap();
        assert_eq!(load(&data), ["title:bce", "is:unread politique"]);
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(data.join(FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        // A FIFO or a link in its place is not read (nor followed), and is no error.
        std::fs::remove_file(data.join(FILE)).unwrap();
        std::os::unix::fs::symlink("/dev/zero", data.join(FILE)).unwrap();
        assert!(load(&data).is_empty());
    }
}
