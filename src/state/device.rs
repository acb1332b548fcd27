//! This device's id: drawn at random on first use and kept in `<data dir>/device-id`, outside
//! the state folder, so that copying or syncing the folder never clones it.

use std::io::Write;
use std::path::Path;

use crate::disk;

/// The file's name in the data dir.
pub const FILE: &str = "device-id";

/// The device id kept in `data_dir`, drawn and written there on first use. Two processes
/// starting at once agree: the file is created only if absent, and the loser reads the
/// winner's.
pub fn device_id(data_dir: &Path) -> Result<u64, String> {
    let path = data_dir.join(FILE);
    let shown = || crate::sanitize::one_line(&path.to_string_lossy());
    for _ in 0..3 {
        match disk::read_bounded(&path, 256, disk::Links::Refuse) {
            Ok(bytes) => {
                return std::str::from_utf8(&bytes)
                    .ok()
                    .and_then(|s| super::record::parse_id(s.trim()))
                    .ok_or_else(|| {
                        format!(
                            "{} does not hold a device id (16 hexadecimal digits); \
                             remove it to draw a new one",
                            shown()
                        )
                    });
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("{}: {e}", shown())),
        }
        std::fs::create_dir_all(data_dir)
            .map_err(|e| format!("cannot create the data dir: {e} ({})", shown()))?;
        let id = draw();
        let text = format!("{}\n", crate::article::format_id(id));
        // Written whole beside, then linked in place: another process starting at the same
        // moment either sees no file or the whole id, never an empty one; a link never
        // replaces a file, so of two, one wins and the other reads the winner's.
        let (tmp, mut f) = match disk::create_temp(data_dir, FILE) {
            Ok(t) => t,
            Err(e) => return Err(format!("cannot write the device id: {e} ({})", shown())),
        };
        let made = (|| -> std::io::Result<bool> {
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            let made = match std::fs::hard_link(&tmp, &path) {
                Ok(()) => true,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => false,
                Err(e) => return Err(e),
            };
            disk::sync_dir(data_dir)?;
            Ok(made)
        })();
        let _ = std::fs::remove_file(&tmp);
        match made {
            Ok(true) => return Ok(id),
            Ok(false) => {}
            Err(e) => return Err(format!("cannot write the device id: {e} ({})", shown())),
        }
    }
    Err(format!("cannot read or make the device id ({})", shown()))
}

/// The device id already kept in `data_dir`, if any (for commands that only look).
pub fn existing(data_dir: &Path) -> Option<u64> {
    let bytes = disk::read_bounded(&data_dir.join(FILE), 256, disk::Links::Refuse).ok()?;
    super::record::parse_id(std::str::from_utf8(&bytes).ok()?.trim())
}

/// 64 random bits: the standard library's hasher keys come from the operating system's
/// random source; the time and the process id are mixed in for good measure.
fn draw() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.write_u32(std::process::id());
    // Zero stands for "no device" nowhere, but keep it out anyway.
    h.finish().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawn_once_then_kept_private() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let a = device_id(&data).unwrap();
        assert_eq!(device_id(&data).unwrap(), a);
        let other = tempfile::tempdir().unwrap();
        assert_ne!(device_id(other.path()).unwrap(), a);
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(data.join(FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::write(data.join(FILE), "nonsense").unwrap();
        assert!(device_id(&data).unwrap_err().contains("device id"));
    }

    #[test]
    fn processes_starting_at_once_agree_on_one_id() {
        for _ in 0..20 {
            let dir = tempfile::tempdir().unwrap();
            let data = dir.path().to_owned();
            let barrier = std::sync::Arc::new(std::sync::Barrier::new(6));
            let ids: Vec<u64> = (0..6)
                .map(|_| {
                    let (data, barrier) = (data.clone(), barrier.clone());
                    std::thread::spawn(move || {
                        barrier.wait();
                        device_id(&data).unwrap()
                    })
                })
                .collect::<Vec<_>>()
                .into_iter()
                .map(|t| t.join().unwrap())
                .collect();
            assert!(ids.iter().all(|&i| i == ids[0]), "{ids:?}");
            assert_eq!(
                std::fs::read_dir(&data).unwrap().count(),
                1,
                "no temporary left"
            );
        }
    }
}
