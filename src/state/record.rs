//! The line format of the state files (JSON Lines, one object per line).
//!
//! The first line names the file's kind, format version and device:
//!
//! ```json
//! {"kiosque":"marks","version":2,"device":"3f9a0c1e2b7d4a65"}
//! ```
//!
//! (`"imported":"state.json"` is added when the file began with the marks of a first-format
//! state). Every other line is one change of one flag of one article:
//!
//! ```json
//! {"id":"2e7dbad873d5f945","read":true,"t":1764280000123,"n":0}
//! {"id":"2e7dbad873d5f945","starred":false,"t":1764280000456,"n":0}
//! {"id":"2e7dbad873d5f945","pos":[12,340],"t":1764280000789,"n":1,"dev":"91c4e07a5b3d2f18"}
//! {"id":"2e7dbad873d5f945","seen":"1f3a9c0e7b2d4e61","t":1764280000790}
//! ```
//!
//! `t` is milliseconds since the epoch, `n` the counter of the hybrid logical clock (absent:
//! 0), `dev` the device that made the change (absent: the file's). `pos` is a block number and a
//! character offset in it. `seen` is the version of the article last read: the fingerprints of
//! its paragraphs, 8 hex digits each ([`crate::fingerprint`]).
//!
//! **Kinds of change added later.** A line with none of the flags this kiosque knows (a flag a
//! later kiosque added) is passed over, neither an error nor a notice; unknown fields are
//! ignored. So a new flag is added *without* changing [`VERSION`] (a greater version makes
//! older kiosques leave the whole file alone and save nothing to it): `seen` came this way, and
//! a kiosque from before it reads every mark of a file that has `seen` lines and passes those
//! over. (Compacting its own file, such an older kiosque keeps only the lines it read, so the
//! versions read are forgotten there; they are written again when the articles are next read.)

use super::{Change, Position, Stamp, Value};
use crate::article::format_id;
use crate::fingerprint::Fingerprints;

/// The header's `kiosque` field.
pub const KIND: &str = "marks";
/// The format version written and read. A file of a greater version is a newer kiosque's: it
/// is left alone.
pub const VERSION: u32 = 2;

/// A file's first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The format version.
    pub version: u32,
    /// The device whose file it is.
    pub device: u64,
    /// The first-format file its first changes were imported from.
    pub imported: Option<String>,
}

/// Why a first line is not a header this kiosque can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadHeader {
    /// It is not a kiosque state file (or is damaged).
    NotOurs(String),
    /// A newer kiosque wrote it.
    Newer(u32),
}

#[derive(serde::Deserialize)]
struct HeaderLine<'a> {
    kiosque: &'a str,
    version: u32,
    #[serde(default)]
    device: Option<&'a str>,
    #[serde(default)]
    imported: Option<String>,
}

/// The text of a header line, newline included.
pub fn header_line(h: &Header) -> String {
    let imported = h
        .imported
        .as_deref()
        .map(|i| format!(",\"imported\":{}", serde_json::Value::from(i)))
        .unwrap_or_default();
    format!(
        "{{\"kiosque\":\"{KIND}\",\"version\":{},\"device\":\"{}\"{imported}}}\n",
        h.version,
        format_id(h.device)
    )
}

/// Reads a header line (without its newline).
pub fn parse_header(line: &[u8]) -> Result<Header, BadHeader> {
    let h: HeaderLine<'_> = serde_json::from_slice(line)
        .map_err(|e| BadHeader::NotOurs(format!("not a kiosque state file ({e})")))?;
    if h.kiosque != KIND {
        return Err(BadHeader::NotOurs(format!(
            "not a file of marks (kind {:?})",
            crate::sanitize::one_line(h.kiosque)
        )));
    }
    if h.version > VERSION {
        return Err(BadHeader::Newer(h.version));
    }
    if h.version < VERSION {
        return Err(BadHeader::NotOurs(format!("unknown version {}", h.version)));
    }
    let device = h
        .device
        .and_then(parse_id)
        .ok_or_else(|| BadHeader::NotOurs("no device id in its first line".into()))?;
    Ok(Header {
        version: h.version,
        device,
        imported: h.imported,
    })
}

/// 16 hexadecimal digits.
pub fn parse_id(s: &str) -> Option<u64> {
    (s.len() == 16)
        .then(|| u64::from_str_radix(s, 16).ok())
        .flatten()
}

/// Appends the line of `c` (newline included) to `out`, in a file of `file_device`.
pub fn change_line(c: &Change, file_device: u64, out: &mut String) {
    use std::fmt::Write;
    let value = match &c.value {
        Value::Read(b) => format!("\"read\":{b}"),
        Value::Starred(b) => format!("\"starred\":{b}"),
        Value::Position(p) => format!("\"pos\":[{},{}]", p.block, p.offset),
        Value::Seen(f) => format!("\"seen\":\"{}\"", f.to_hex()),
    };
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "{{\"id\":\"{}\",{value},\"t\":{}",
        format_id(c.id),
        c.stamp.t
    );
    if c.stamp.n != 0 {
        let _ = write!(out, ",\"n\":{}", c.stamp.n);
    }
    if c.stamp.device != file_device {
        let _ = write!(out, ",\"dev\":\"{}\"", format_id(c.stamp.device));
    }
    out.push_str("}\n");
}

#[derive(serde::Deserialize)]
struct ChangeLine<'a> {
    id: &'a str,
    #[serde(default)]
    read: Option<bool>,
    #[serde(default)]
    starred: Option<bool>,
    #[serde(default)]
    pos: Option<[u32; 2]>,
    #[serde(default)]
    seen: Option<&'a str>,
    t: i64,
    #[serde(default)]
    n: u32,
    #[serde(default)]
    dev: Option<&'a str>,
}

/// Reads one change line (without its newline) of a file of `file_device`, giving each change
/// it holds to `f`; an error says why the line cannot be read.
pub fn parse_change(
    line: &[u8],
    file_device: u64,
    mut f: impl FnMut(Change),
) -> Result<(), String> {
    let l: ChangeLine<'_> = serde_json::from_slice(line).map_err(|e| e.to_string())?;
    let id = parse_id(l.id).ok_or("bad article id")?;
    let device = match l.dev {
        Some(d) => parse_id(d).ok_or("bad device id")?,
        None => file_device,
    };
    let stamp = Stamp {
        t: l.t,
        n: l.n,
        device,
    };
    let seen = match l.seen {
        Some(hex) => Some(Fingerprints::from_hex(hex).ok_or("bad fingerprints in seen")?),
        None => None,
    };
    let values = [
        l.read.map(Value::Read),
        l.starred.map(Value::Starred),
        l.pos
            .map(|[block, offset]| Value::Position(Position { block, offset })),
        seen.map(Value::Seen),
    ];
    for value in values.into_iter().flatten() {
        f(Change { id, value, stamp });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(line: &str, dev: u64) -> Result<Vec<Change>, String> {
        let mut v = Vec::new();
        parse_change(line.as_bytes(), dev, |c| v.push(c))?;
        Ok(v)
    }

    #[test]
    fn changes_round_trip() {
        let dev = 0x3f9a_0c1e_2b7d_4a65;
        let changes = [
            Change {
                id: 0x2e7d_bad8_73d5_f945,
                value: Value::Read(true),
                stamp: Stamp {
                    t: 1_764_280_000_123,
                    n: 0,
                    device: dev,
                },
            },
            Change {
                id: 1,
                value: Value::Starred(false),
                stamp: Stamp {
                    t: 5,
                    n: 3,
                    device: 0x91c4,
                },
            },
            Change {
                id: u64::MAX,
                value: Value::Position(Position {
                    block: 12,
                    offset: 340,
                }),
                stamp: Stamp {
                    t: -1,
                    n: u32::MAX,
                    device: dev,
                },
            },
        ];
        let mut text = String::new();
        for c in &changes {
            change_line(c, dev, &mut text);
        }
        assert!(
            text.starts_with("{\"id\":\"2e7dbad873d5f945\",\"read\":true,\"t\":1764280000123}\n")
        );
        let back: Vec<Change> = text
            .lines()
            .flat_map(|l| parse_all(l, dev).unwrap())
            .collect();
        assert_eq!(back, changes);
    }

    #[test]
    fn the_version_read_round_trips_and_bad_versions_are_refused() {
        let dev = 7;
        let seen = Change {
            id: 3,
            value: Value::Seen(Fingerprints::new(vec![0x1f3a_9c0e, 0x7b2d_4e61])),
            stamp: Stamp {
                t: 1_764_280_000_790,
                n: 0,
                device: dev,
            },
        };
        let mut line = String::new();
        change_line(&seen, dev, &mut line);
        assert_eq!(
            line,
            "{\"id\":\"0000000000000003\",\"seen\":\"1f3a9c0e7b2d4e61\",\"t\":1764280000790}\n"
        );
        assert_eq!(parse_all(line.trim_end(), dev), Ok(vec![seen.clone()]));
        // One line may set several flags, the version read among them.
        let both = r#"{"id":"0000000000000003","read":true,"seen":"","t":5}"#;
        let got = parse_all(both, dev).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].value, Value::Seen(Fingerprints::new(Vec::new())));
        for bad in ["1f3a9c0", "zzzzzzzz", "1F3A9C0E+"] {
            let line = format!(r#"{{"id":"0000000000000003","seen":"{bad}","t":5}}"#);
            assert!(parse_all(&line, dev).is_err(), "{bad}");
        }
        assert!(parse_all(r#"{"id":"0000000000000003","seen":12,"t":5}"#, dev).is_err());
    }

    #[test]
    fn headers() {
        let h = Header {
            version: VERSION,
            device: 0xabc,
            imported: Some("state.json".into()),
        };
        let line = header_line(&h);
        assert_eq!(
            line,
            "{\"kiosque\":\"marks\",\"version\":2,\"device\":\"0000000000000abc\",\"imported\":\"state.json\"}\n"
        );
        assert_eq!(parse_header(line.trim_end().as_bytes()), Ok(h));
        assert_eq!(
            parse_header(br#"{"kiosque":"marks","version":3,"device":"0000000000000abc"}"#),
            Err(BadHeader::Newer(3))
        );
        assert!(matches!(parse_header(b"hello"), Err(BadHeader::NotOurs(_))));
        assert!(matches!(
            parse_header(br#"{"kiosque":"marks","version":2}"#),
            Err(BadHeader::NotOurs(_))
        ));
    }

    #[test]
    fn lines_from_later_versions_and_bad_lines() {
        // A flag this kiosque does not know: nothing, and no error.
        assert_eq!(
            parse_all(r#"{"id":"0000000000000001","tag":"x","t":1}"#, 0),
            Ok(vec![])
        );
        assert!(parse_all(r#"{"id":"xyz","read":true,"t":1}"#, 0).is_err());
        assert!(parse_all(r#"{"id":"0000000000000001","read":true}"#, 0).is_err());
        assert!(parse_all("{\"id\":\"00000000000000", 0).is_err());
    }
}
