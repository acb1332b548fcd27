//! Bytes of a file → clean text, with a warning for everything that had to be mended.
//!
//! This is where file content enters the program: the byte-order mark is dropped, UTF-16 (with a
//! BOM) is decoded, invalid UTF-8 is decoded lossily (U+FFFD), and the result goes through
//! [`sanitize::clean`] so nothing a terminal would obey survives.

use std::borrow::Cow;

use crate::sanitize;

/// Clean text and what was done to get it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decoded {
    /// The text, safe to show.
    pub text: String,
    /// One line per repair.
    pub warnings: Vec<String>,
}

/// Decodes and cleans the bytes of an article file.
pub fn decode(bytes: &[u8]) -> Decoded {
    decode_owned(bytes.to_vec())
}

/// As [`decode`], borrowing from `bytes` when they are valid UTF-8 that needs no cleaning (the
/// common case: no copy at all). Validation is SIMD-accelerated: when a library is loaded, every
/// byte of every file goes through here.
pub fn decode_borrowed(bytes: &[u8]) -> (Cow<'_, str>, Vec<String>) {
    let utf8 = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if utf8.len() == bytes.len()
        && (bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff"))
    {
        let d = decode(bytes);
        return (Cow::Owned(d.text), d.warnings);
    }
    match simdutf8::basic::from_utf8(utf8) {
        Ok(text) => {
            let (clean, removed) = sanitize::clean(text);
            if removed.is_empty() {
                return (clean, Vec::new());
            }
            // Something to report: the slow path words it exactly as `decode` does.
            let d = decode(bytes);
            (Cow::Owned(d.text), d.warnings)
        }
        Err(_) => {
            let d = decode(bytes);
            (Cow::Owned(d.text), d.warnings)
        }
    }
}

/// As [`decode`], taking the bytes: valid UTF-8 becomes the text without a copy.
pub fn decode_owned(mut bytes: Vec<u8>) -> Decoded {
    let mut warnings = Vec::new();
    let raw: String = if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
        utf8(bytes, &mut warnings)
    } else if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        warnings.push("decoded from UTF-16 (little-endian)".into());
        utf16(rest, u16::from_le_bytes, &mut warnings)
    } else if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        warnings.push("decoded from UTF-16 (big-endian)".into());
        utf16(rest, u16::from_be_bytes, &mut warnings)
    } else {
        utf8(bytes, &mut warnings)
    };
    let (clean, removed) = sanitize::clean(&raw);
    // NULs are counted apart (they hint at a binary file), only when controls were removed.
    let nuls = if removed.controls > 0 {
        raw.bytes().filter(|&b| b == 0).count()
    } else {
        0
    };
    if nuls > 0 {
        warnings.push(format!(
            "holds {nuls} NUL byte{} (a binary file?), removed",
            plural(nuls)
        ));
    }
    let controls = removed.controls.saturating_sub(nuls);
    if removed.sequences > 0 || controls > 0 {
        warnings.push(format!(
            "removed {} terminal escape sequence{} and {} control character{}",
            removed.sequences,
            plural(removed.sequences),
            controls,
            plural(controls)
        ));
    }
    let text = match clean {
        std::borrow::Cow::Borrowed(_) => raw,
        std::borrow::Cow::Owned(s) => s,
    };
    Decoded { text, warnings }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn utf8(bytes: Vec<u8>, warnings: &mut Vec<String>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let valid_up_to = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let replaced = text.matches('\u{fffd}').count();
            warnings.push(format!(
                "not valid UTF-8 (first bad byte at offset {valid_up_to}); {replaced} invalid sequence{} shown as \u{fffd}",
                plural(replaced)
            ));
            text
        }
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, warnings: &mut Vec<String>) -> String {
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    let mut bad = 0usize;
    let mut text: String = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                bad += 1;
                '\u{fffd}'
            })
        })
        .collect();
    if bad > 0 {
        warnings.push(format!(
            "{bad} invalid UTF-16 sequence{} shown as \u{fffd}",
            plural(bad)
        ));
    }
    if bytes.len() % 2 == 1 {
        // Half a code unit cannot be decoded; it is shown, not dropped.
        text.push('\u{fffd}');
        warnings.push("odd number of bytes for UTF-16: the last byte is shown as \u{fffd}".into());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_utf8_has_no_warning() {
        let d = decode("CYBERLa « fin »\r\n".as_bytes());
        assert_eq!(d.text, "CYBERLa « fin »\n");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn bom_is_dropped_silently() {
        let d = decode(b"\xef\xbb\xbfMONDELa suite");
        assert_eq!(d.text, "MONDELa suite");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "Été « oui »".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let d = decode(&bytes);
        assert_eq!(d.text, "Été « oui »");
        assert_eq!(d.warnings.len(), 1);
        let mut be = vec![0xfe, 0xff];
        for u in "Été".encode_utf16() {
            be.extend(u.to_be_bytes());
        }
        assert_eq!(decode(&be).text, "Été");
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily_with_a_warning() {
        let d = decode(b"Caf\xe9 cr\xe8me");
        assert_eq!(d.text, "Caf\u{fffd} cr\u{fffd}me");
        assert!(
            d.warnings[0].contains("not valid UTF-8"),
            "{:?}",
            d.warnings
        );
    }

    #[test]
    fn escapes_and_nuls_are_removed_and_reported() {
        let d = decode(b"a\x1b]0;title\x07b\0c");
        assert_eq!(d.text, "abc");
        assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings);
    }
}
