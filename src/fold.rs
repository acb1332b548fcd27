//! Folding text for matching: lower case, accents removed, so `États-Unis` matches `etats-unis`.
//!
//! Used by the filter, the full-text index and the label splitter's evidence. Folding is done
//! per character (canonical decomposition, combining marks dropped, then lower case), so a folded
//! string never grows much and ASCII text folds without allocation-heavy work.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Folded forms of U+00C0..=U+00FF (the accented letters of French and most Latin-script
/// text), as [`fold_char_into`] computes them for any character, looked up instead: `\0` where
/// the general rule applies. Checked against it by a test.
const LATIN1: [char; 64] = [
    'a', 'a', 'a', 'a', 'a', 'a', '\0', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', // C0
    '\0', 'n', 'o', 'o', 'o', 'o', 'o', '\0', '\0', 'u', 'u', 'u', 'u', 'y', '\0', '\0', // D0
    'a', 'a', 'a', 'a', 'a', 'a', '\0', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', // E0
    '\0', 'n', 'o', 'o', 'o', 'o', 'o', '\0', '\0', 'u', 'u', 'u', 'u', 'y', '\0', 'y', // F0
];

/// Appends the folded form of `c` to `out`.
pub fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if let Some(&f) = (c as usize).checked_sub(0xC0).and_then(|i| LATIN1.get(i))
        && f != '\0'
    {
        out.push(f);
        return;
    }
    fold_other(c, out);
}

/// [`fold_char_into`] for what the table does not cover.
fn fold_other(c: char, out: &mut String) {
    match c {
        // Ligatures and letters with no decomposition that readers type without thinking.
        'œ' | 'Œ' => out.push_str("oe"),
        'æ' | 'Æ' => out.push_str("ae"),
        'ß' => out.push_str("ss"),
        // Typographic apostrophe and no-break spaces match their plain forms.
        '’' | '‘' => out.push('\''),
        '\u{a0}' | '\u{202f}' | '\u{2009}' => out.push(' '),
        _ => decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                out.extend(d.to_lowercase());
            }
        }),
    }
}

/// The folded form of `s`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char_into(c, &mut out);
    }
    out
}

/// Words of already-folded text: runs of alphanumeric characters.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("États-Unis"), "etats-unis");
        assert_eq!(fold("cybercriminalité"), "cybercriminalite");
        assert_eq!(fold("CŒUR Noël"), "coeur noel");
        assert_eq!(fold("L’OMS"), "l'oms");
        // Combining marks written separately fold the same as precomposed letters.
        assert_eq!(fold("e\u{301}te\u{301}"), "ete");
    }

    #[test]
    fn the_latin1_table_folds_as_the_general_rule() {
        for c in '\u{c0}'..='\u{ff}' {
            let (mut fast, mut slow) = (String::new(), String::new());
            fold_char_into(c, &mut fast);
            fold_other(c, &mut slow);
            assert_eq!(fast, slow, "{c:?}");
        }
    }

    #[test]
    fn words_split_on_non_alphanumerics() {
        let f = fold("« Nous » — l’été 2024, États-Unis");
        assert_eq!(
            words(&f).collect::<Vec<_>>(),
            ["nous", "l", "ete", "2024", "etats", "unis"]
        );
    }
}
