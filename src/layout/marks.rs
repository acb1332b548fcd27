//! Words as the layout sees them, and the quotation marks and punctuation that glue them.

use std::ops::Range;

/// Words of `src` (byte ranges), split at regular spaces and line breaks only.
pub(super) fn words(src: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in src.char_indices() {
        if c == ' ' || c == '\n' {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(s..src.len());
    }
    out
}

/// Is `c` a no-break space (which joins, inside a word, what it separates)?
pub(super) fn is_nbsp(c: char) -> bool {
    c == '\u{a0}' || c == '\u{202f}'
}

/// Quotation marks that open: `«`, `“`, `„`, `‹`, `‘`. `“` and `‘` also close (German `„Wir“`),
/// which [`is_opening`] tells apart by what precedes them.
fn is_opening_mark(c: char) -> bool {
    matches!(c, '«' | '“' | '„' | '‹' | '‘')
}

/// Quotation marks that close: `»`, `”`, `“` (of `„…“`), `›`, `’`.
fn is_closing_mark(c: char) -> bool {
    matches!(c, '»' | '”' | '“' | '›' | '’')
}

/// What may be glued to an opening mark without making it a word: opening brackets
/// (`(«`, `«(`), dashes (`—«`) and no-break spaces (`«\u{a0}`).
fn goes_with_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '—' | '–' | '-') || is_nbsp(c)
}

/// What may be glued to a closing mark without making it a word: closing brackets and the
/// punctuation after a quotation (`»).`, `”,`, `!\u{a0}»`), dashes (`»—`), no-break spaces.
fn goes_with_closing(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '}' | '.' | ',' | ';' | ':' | '!' | '?' | '…' | '%' | '—' | '–' | '-'
    ) || is_nbsp(c)
}

/// Does `word` end with an opening mark, which must not end a line (`«`, `«\u{a0}`, `(«`,
/// `[“`, `—«`, `l’«`)? The mark may be followed by opening brackets, dashes and no-break
/// spaces, and preceded by anything; but a `“` or `‘` right after a letter or digit closes a
/// quotation (`„Wir“`) and is no opening mark.
#[inline]
pub(super) fn is_opening(word: &str) -> bool {
    // From the end, over the run of marks and what goes with them. Most words end with a letter:
    // one character looked at.
    let mut ambiguous = false;
    for c in word.chars().rev() {
        let mark = is_opening_mark(c);
        if !mark && !goes_with_opening(c) {
            // Just before the run: an ambiguous mark at its start opens unless glued to a word.
            return ambiguous && !c.is_alphanumeric();
        }
        // `«`, `„`, `‹` always open; `“` or `‘` opens when what precedes it is in the run.
        if ambiguous || matches!(c, '«' | '„' | '‹') {
            return true;
        }
        ambiguous = mark;
    }
    ambiguous
}

/// Is `word` a closing mark or high punctuation set off by a space, which must not start a line
/// (`»`, `»).`, `”,`, `“),`, `’`, `:`, `!\u{a0}»,`, `?!`)? Only marks and what goes with them,
/// with at least one closing mark or one of `:;!?%` (`.`, `...`, `…` or `)` alone may start a
/// line).
#[inline]
pub(super) fn is_closing(word: &str) -> bool {
    let mut closes = false;
    // Most words start with a letter: one character looked at.
    for c in word.chars() {
        if is_closing_mark(c) || matches!(c, ':' | ';' | '!' | '?' | '%') {
            closes = true;
        } else if !goes_with_closing(c) {
            return false;
        }
    }
    closes
}
