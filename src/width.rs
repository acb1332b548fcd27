//! Display width in terminal columns, measured exactly as ratatui's buffer measures it: per
//! grapheme cluster (so `👩‍💻`, `e` + combining accent and CJK take the columns they take on
//! screen).

use ratatui::buffer::CellWidth;
use unicode_segmentation::UnicodeSegmentation;

/// Columns taken by `s`.
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    // Latin letters with their accents precomposed, and typographic punctuation (’ « » — …),
    // are one column each: count them without segmenting graphemes.
    if s.chars().all(simple) {
        return s.chars().count();
    }
    s.graphemes(true).map(|g| usize::from(g.cell_width())).sum()
}

/// A printable character one column wide that never joins a grapheme with its neighbours.
fn simple(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{2ff}' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}')
        && c != '\u{ad}'
}

/// The longest prefix of `s` that fits in `max` columns, and its width.
pub fn prefix(s: &str, max: usize) -> (&str, usize) {
    // Only the first `max` bytes can matter: a huge word is cut piece by piece, and each cut
    // must cost what the piece costs, not what the rest of the word costs.
    let bytes = s.as_bytes();
    let head = &bytes[..s.len().min(max)];
    // ASCII characters are one column and one grapheme each, but the grapheme of the last one
    // runs on over what follows it when that is not ASCII (a combining accent, a ZWJ, a
    // variation selector) and a zero-width character after it still fits: the fast path only
    // holds when the text ends there or the next character is ASCII too (and not the LF of a
    // CR LF pair, the one grapheme of two ASCII characters).
    let ends_clean = bytes
        .get(head.len())
        .is_none_or(|&b| b.is_ascii() && b != b'\n');
    if head.is_ascii() && ends_clean {
        return (&s[..head.len()], head.len());
    }
    let mut used = 0;
    for (i, g) in s.grapheme_indices(true) {
        let w = usize::from(g.cell_width());
        if used + w > max {
            return (&s[..i], used);
        }
        used += w;
    }
    (s, used)
}

/// `s` cut to `max` columns, ending with `…` when something was cut.
pub fn ellipsize(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let (head, _) = prefix(s, max - 1);
    format!("{}…", head.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("États"), 5);
        assert_eq!(width("e\u{301}te\u{301}"), 3);
        assert_eq!(width("日本"), 4);
        assert_eq!(width("👩\u{200d}💻"), 2);
        assert_eq!(width("«\u{a0}x\u{202f}»"), 5);
        assert_eq!(width("L’été « à » Noël…"), 17);
        // The fast path agrees with grapheme segmentation on every character it takes.
        for c in ('\u{20}'..='\u{7e}')
            .chain('\u{a0}'..='\u{2ff}')
            .chain('\u{2010}'..='\u{205e}')
        {
            let s = c.to_string();
            if simple(c) {
                assert_eq!(
                    width(&s),
                    usize::from(s.as_str().cell_width()),
                    "{c:?} U+{:04X}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn prefixes_never_split_a_wide_character() {
        assert_eq!(prefix("日本語", 3), ("日", 2));
        assert_eq!(prefix("abc", 5), ("abc", 3));
    }

    /// The ASCII fast path must not end a prefix inside a grapheme: an ASCII letter followed by
    /// a combining accent, a ZWJ or a variation selector is one grapheme with it, and a
    /// zero-width character after the last column still fits.
    #[test]
    fn prefixes_never_split_a_grapheme_after_ascii() {
        assert_eq!(prefix("iPhone\u{301}", 6), ("iPhone\u{301}", 6));
        assert_eq!(prefix("iPhone\u{301}x", 6), ("iPhone\u{301}", 6));
        assert_eq!(prefix("abce\u{301}", 4), ("abce\u{301}", 4));
        assert_eq!(prefix("abce\u{301}", 3), ("abc", 3));
        assert_eq!(prefix("iPhone\u{ad}", 6), ("iPhone\u{ad}", 6));
        assert_eq!(prefix("abc\u{fe0f}", 3), ("abc\u{fe0f}", 3));
        assert_eq!(prefix("abcdef", 3), ("abc", 3));
        assert_eq!(prefix("abc日本", 3), ("abc", 3));
    }

    #[test]
    fn ellipsis_by_display_width() {
        assert_eq!(ellipsize("日本語テキスト", 7), "日本語…");
        assert_eq!(ellipsize("short", 10), "short");
        assert_eq!(width(&ellipsize("La Russie et les États-Unis", 10)), 10);
    }
}
