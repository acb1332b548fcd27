//! The first format (`<config dir>/state.json`, version 1), read once to start this device's
//! file, and never changed:
//!
//! ```json
//! {"version": 1,
//!  "articles": {"2e7dbad873d5f945": {"read": true, "starred": false, "changed": 1764280000123,
//!                                    "read_changed": 1764280000123, "starred_changed": 0}}}
//! ```
//!
//! Each flag keeps its time (`read_changed`, `starred_changed`, else `changed`) as its stamp.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Change, Stamp, Value};

/// The first format's file name, in the config dir.
pub const FILE: &str = "state.json";

/// A first-format file is refused above this size (a 100 000-article state is ~17 MB).
const CAP: u64 = 512 << 20;

#[derive(serde::Deserialize)]
struct OnDisk {
    version: u32,
    #[serde(default)]
    articles: BTreeMap<String, Mark>,
}

#[derive(serde::Deserialize)]
struct Mark {
    #[serde(default)]
    read: bool,
    #[serde(default)]
    starred: bool,
    #[serde(default)]
    changed: i64,
    #[serde(default)]
    read_changed: Option<i64>,
    #[serde(default)]
    starred_changed: Option<i64>,
}

/// The changes a first-format text holds, stamped for `device`.
pub fn parse(text: &[u8], device: u64) -> Result<Vec<Change>, String> {
    let disk: OnDisk = serde_json::from_slice(text).map_err(|e| e.to_string())?;
    if disk.version != 1 {
        return Err(format!("unknown version {}", disk.version));
    }
    let mut changes = Vec::new();
    for (key, m) in disk.articles {
        let id = super::record::parse_id(&key)
            .ok_or_else(|| format!("bad article id {:?}", crate::sanitize::one_line(&key)))?;
        let flags = [
            (Value::Read(m.read), m.read_changed.unwrap_or(m.changed)),
            (
                Value::Starred(m.starred),
                m.starred_changed.unwrap_or(m.changed),
            ),
        ];
        for (value, t) in flags {
            // A flag never set says nothing.
            if t > 0 || value == Value::Read(true) || value == Value::Starred(true) {
                changes.push(Change {
                    id,
                    value,
                    stamp: Stamp { t, n: 0, device },
                });
            }
        }
    }
    Ok(changes)
}

/// Reads `<config dir>/state.json` if there is one: `Ok(None)` when there is none.
pub fn read(config_dir: &Path, device: u64) -> Result<Option<Vec<Change>>, String> {
    let path = config_dir.join(FILE);
    let bytes = match crate::disk::read_bounded(&path, CAP, crate::disk::Links::Refuse) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    parse(&bytes, device).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_keep_their_times() {
        let text = br#"{"version": 1, "articles": {
            "0000000000000001": {"read": true, "starred": false, "changed": 30,
                                 "read_changed": 30, "starred_changed": 0},
            "0000000000000002": {"read": false, "starred": true, "changed": 50},
            "0000000000000003": {"read": true}}}"#;
        let changes = parse(text, 9).unwrap();
        let stamp = |t| Stamp { t, n: 0, device: 9 };
        assert_eq!(
            changes,
            vec![
                Change {
                    id: 1,
                    value: Value::Read(true),
                    stamp: stamp(30)
                },
                Change {
                    id: 2,
                    value: Value::Read(false),
                    stamp: stamp(50)
                },
                Change {
                    id: 2,
                    value: Value::Starred(true),
                    stamp: stamp(50)
                },
                Change {
                    id: 3,
                    value: Value::Read(true),
                    stamp: stamp(0)
                },
            ]
        );
        assert!(parse(br#"{"version": 2}"#, 9).is_err());
        assert!(parse(br#"{"version": 1, "articles": {"xyz": {}}}"#, 9).is_err());
    }
}
