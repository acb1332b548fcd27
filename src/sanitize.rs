//! Terminal safety: the one choke point where text from files becomes text the program shows.
//!
//! Article text and file names are written by strangers. Before any of it is stored in an
//! [`crate::article::Article`] or printed, [`clean`] removes what a terminal would obey rather than
//! show (SPEC §8):
//!
//! - escape sequences are removed *whole* (CSI, OSC, DCS, SOS, PM, APC, and two- or three-byte
//!   escapes), in their 7-bit (`ESC [`) and 8-bit (U+009B) forms, so no `[0;36m` debris is left;
//! - every other C0 and C1 control character is dropped, except the line feed; a tab becomes a
//!   space so the words around it stay apart; CR LF and lone CR become LF;
//! - bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069) are dropped.
//!
//! String sequences (OSC, DCS, …) end at BEL or ST as a terminal would end them; one that is never
//! terminated ends at the end of its line, so a missing terminator cannot swallow the rest of an
//! article.

use std::borrow::Cow;

const ESC: char = '\u{1b}';
const BEL: char = '\u{07}';
/// 8-bit String Terminator.
const ST8: char = '\u{9c}';

/// Bytes that may start something to remove (see [`clean`]).
const SUSPECT: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b != b'\n' as usize;
        b += 1;
    }
    t[0x7f] = true;
    t[0xc2] = true;
    t[0xe2] = true;
    t
};

/// What [`clean`] removed, so the caller can say so.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Removed {
    /// Whole escape sequences (each counts once, however long).
    pub sequences: usize,
    /// Lone control characters and bidi controls.
    pub controls: usize,
}

impl Removed {
    /// True when nothing was removed.
    pub fn is_empty(&self) -> bool {
        self.sequences == 0 && self.controls == 0
    }
}

/// Is `c` a bidi embedding, override or isolate control (SPEC §8)?
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Would `c` need work from [`clean`]? Everything else is copied as is.
fn needs_work(c: char) -> bool {
    (c.is_control() && c != '\n') || is_bidi_control(c)
}

/// Is `text` clean already (what [`clean`] gives back unchanged)?
pub fn is_clean(text: &str) -> bool {
    matches!(clean(text).0, Cow::Borrowed(_))
}

/// Removes escape sequences, control characters and bidi controls from `text` and normalises line
/// endings to LF. Borrows when there is nothing to do, which is the common case.
pub fn clean(text: &str) -> (Cow<'_, str>, Removed) {
    // Fast path on bytes: a table flags anything below 0x20 but LF (other C0, ESC, CR, TAB),
    // DEL, and the lead bytes 0xC2 (C1 controls are C2 80–9F) and 0xE2 (bidi controls are
    // E2 80 AA–AE and E2 81 A6–A9); flagged lead bytes are then looked at closely.
    let bytes = text.as_bytes();
    let mut from = 0;
    let first_bad = loop {
        let Some(i) = bytes[from..].iter().position(|&b| SUSPECT[usize::from(b)]) else {
            break None;
        };
        let i = from + i;
        let bad = match bytes[i] {
            0xc2 => bytes.get(i + 1).is_some_and(|&n| (0x80..0xa0).contains(&n)),
            0xe2 => match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(0x80), Some(&n)) => (0xaa..=0xae).contains(&n),
                (Some(0x81), Some(&n)) => (0xa6..=0xa9).contains(&n),
                _ => false,
            },
            _ => true,
        };
        if bad {
            break Some(i);
        }
        from = i + 1;
    };
    let Some(start) = first_bad else {
        return (Cow::Borrowed(text), Removed::default());
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    let mut removed = Removed::default();
    let mut chars = text[start..].chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\t' => out.push(' '),
            ESC => {
                removed.sequences += 1;
                skip_escape(&mut chars);
            }
            // 8-bit CSI.
            '\u{9b}' => {
                removed.sequences += 1;
                skip_csi(&mut chars);
            }
            // 8-bit DCS, SOS, OSC, PM, APC: string sequences.
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => {
                removed.sequences += 1;
                skip_string(&mut chars);
            }
            c if needs_work(c) => removed.controls += 1,
            c => out.push(c),
        }
    }
    (Cow::Owned(out), removed)
}

/// Skips what follows an ESC that has been consumed.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        // nF escapes: intermediates then one final byte (ESC ( B, ESC # 8, …).
        Some(c @ '\u{20}'..='\u{2f}') => {
            let _ = c;
            while chars
                .next_if(|c| ('\u{20}'..='\u{2f}').contains(c))
                .is_some()
            {}
            chars.next_if(|c| ('\u{30}'..='\u{7e}').contains(c));
        }
        // Fp, Fe, Fs escapes: one final byte (ESC 7, ESC c, ESC M, …).
        Some('\u{30}'..='\u{7e}') => {
            chars.next();
        }
        // A lone ESC (before a newline, a letter outside the range, or the end) is dropped alone.
        _ => {}
    }
}

/// Skips a CSI body: parameter bytes, intermediate bytes, then one final byte. A sequence cut
/// short by anything else ends where it was cut; that character is kept.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars
        .next_if(|c| ('\u{30}'..='\u{3f}').contains(c))
        .is_some()
    {}
    while chars
        .next_if(|c| ('\u{20}'..='\u{2f}').contains(c))
        .is_some()
    {}
    chars.next_if(|c| ('\u{40}'..='\u{7e}').contains(c));
}

/// Skips a control string (OSC, DCS, …) up to and including its terminator: BEL, ESC \, or 8-bit
/// ST. Unterminated, it ends before the line feed (which is kept) or at the end of the text.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(&c) = chars.peek() {
        match c {
            '\n' | '\r' => return,
            BEL | ST8 => {
                chars.next();
                return;
            }
            ESC => {
                chars.next();
                // ESC \ is ST; any other ESC starts a new sequence, which ends this one.
                if chars.next_if_eq(&'\\').is_none() {
                    skip_escape(chars);
                }
                return;
            }
            _ => {
                chars.next();
            }
        }
    }
}

/// Cleans a string for display on one line (file names, window titles): [`clean`], then line
/// feeds become spaces.
pub fn one_line(text: &str) -> String {
    let (cleaned, _) = clean(text);
    cleaned.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> String {
        clean(s).0.into_owned()
    }

    #[test]
    fn plain_text_is_borrowed() {
        let s = "« Nous » — l’été\u{202f}!\nÉtats-Unis";
        assert!(matches!(clean(s).0, Cow::Borrowed(_)));
    }

    #[test]
    fn csi_sequences_are_removed_whole() {
        assert_eq!(c("red \x1b[0;31mtext\x1b[0m end"), "red text end");
        assert_eq!(c("clear\x1b[2J\x1b[Hscreen"), "clearscreen");
        assert_eq!(c("8-bit \u{9b}31mcsi"), "8-bit csi");
    }

    #[test]
    fn osc_sequences_are_removed_whole() {
        assert_eq!(c("a\x1b]0;evil title\x07b"), "ab");
        assert_eq!(c("a\x1b]52;c;ZXZpbA==\x1b\\b"), "ab");
        assert_eq!(
            c("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ text"),
            "link text"
        );
        assert_eq!(c("a\u{9d}0;t\u{9c}b"), "ab");
    }

    #[test]
    fn unterminated_string_ends_at_line_end() {
        assert_eq!(c("head\x1b]0;never ends\nnext line"), "head\nnext line");
        assert_eq!(c("x\x1bPdcs body"), "x");
    }

    #[test]
    fn other_escapes_and_controls() {
        assert_eq!(c("a\x1b(Bb\x1b7c\x1bcd"), "abcd");
        assert_eq!(c("nul\0bell\x07del\x7fc1\u{85}"), "nulbelldelc1");
        assert_eq!(c("lone esc at end\x1b"), "lone esc at end");
    }

    #[test]
    fn line_endings_and_tabs() {
        assert_eq!(c("a\r\nb\rc\td"), "a\nb\nc d");
    }

    #[test]
    fn bidi_controls_are_removed_other_format_chars_kept() {
        assert_eq!(c("a\u{202e}b\u{2066}c\u{2069}d"), "abcd");
        // ZWJ (emoji sequences), NBSP and NNBSP are text.
        let kept = "👩\u{200d}💻 «\u{a0}x\u{202f}»";
        assert_eq!(c(kept), kept);
    }

    #[test]
    fn removal_is_counted() {
        let (_, r) = clean("\x1b[1mA\x1b[0m\u{7}\u{202e}");
        assert_eq!(
            r,
            Removed {
                sequences: 2,
                controls: 2
            }
        );
    }

    #[test]
    fn clean_is_idempotent_on_examples() {
        for s in ["\x1b\x1b[[1m", "\x1b]\x1b]x", "\u{9b}\u{9b}1", "a\x1b\nb"] {
            let once = c(s);
            assert_eq!(c(&once), once);
        }
    }
}
