//! Quotation finding: byte ranges of the quotations in one paragraph, outermost and nested.
//!
//! Marks understood (SPEC §3): « » (with a regular space, U+00A0, U+202F or nothing inside),
//! “ ”, „ “, ‹ ›, and straight double quotes. Apostrophes (’ and ') are never quotation marks.
//!
//! Rules, in the order a reader applies them:
//! - an opener pushes a quotation; a closer ends the innermost open quotation it can close, and
//!   any quotation opened inside it ends there too; a closer that matches nothing is left as text;
//! - a quotation left open ends at its paragraph's end;
//! - French convention for a quotation running over paragraphs: the paragraph is left open and
//!   the next one reopens with « or ». Such a paragraph's first quotation is marked as a
//!   continuation, so the parts read as one quotation.

use std::ops::Range;

/// One quotation in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// Bytes of the paragraph, from the opening mark through the closing mark (or the paragraph's
    /// end for a quotation left open).
    pub range: Range<usize>,
    /// 0 for an outermost quotation, 1 for one inside it, and so on.
    pub depth: u8,
    /// False when the quotation runs to the end of its paragraph without a closing mark.
    pub closed: bool,
    /// True for the second and later parts of a quotation that runs over paragraphs.
    pub continuation: bool,
}

/// The quotations found in one paragraph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// Every quotation, ordered by start (outer before inner at the same start).
    pub quotes: Vec<Quote>,
    /// True when an outermost quotation was still open at the paragraph's end.
    pub open_at_end: bool,
}

/// The kind of mark that opened a quotation decides which marks close it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opener {
    /// « … »
    Guillemet,
    /// » … » : a continued French quotation reopened with ».
    ReopenedGuillemet,
    /// “ … ”
    English,
    /// „ … “ (or „ … ”)
    Low,
    /// ‹ … ›
    Single,
    /// " … "
    Straight,
}

impl Opener {
    fn closed_by(self, c: char) -> bool {
        match self {
            Opener::Guillemet | Opener::ReopenedGuillemet => c == '»',
            Opener::English => c == '”',
            Opener::Low => c == '“' || c == '”',
            Opener::Single => c == '›',
            Opener::Straight => c == '"',
        }
    }
}

struct Open {
    opener: Opener,
    index: usize,
}

/// Finds the quotations of one paragraph. `continues` says the previous paragraph was left
/// inside an open quotation, so an opening « or » at the start of this one continues it.
pub fn find(text: &str, continues: bool) -> Scan {
    let mut quotes: Vec<Quote> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let first_visible = text.char_indices().find(|(_, c)| !c.is_whitespace());
    let mut prev: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let at_start = first_visible.is_some_and(|(s, _)| s == i);
        let end = i + c.len_utf8();
        // Closers first: a mark that can close an open quotation does so.
        if let Some(pos) = stack.iter().rposition(|o| o.opener.closed_by(c)) {
            // The matched quotation closes here; any opened inside it and left open stop just
            // before its closing mark.
            for open in stack.drain(pos + 1..) {
                quotes[open.index].range.end = i;
            }
            if let Some(open) = stack.pop() {
                let q = &mut quotes[open.index];
                q.range.end = end;
                q.closed = true;
            }
            prev = Some(c);
            continue;
        }
        let opener = match c {
            '«' => Some(Opener::Guillemet),
            '“' => Some(Opener::English),
            '„' => Some(Opener::Low),
            '‹' => Some(Opener::Single),
            '»' if at_start && continues => Some(Opener::ReopenedGuillemet),
            '"' if opens_straight(prev, next) => Some(Opener::Straight),
            _ => None,
        };
        if let Some(opener) = opener {
            let continuation = at_start && continues && stack.is_empty();
            stack.push(Open {
                opener,
                index: quotes.len(),
            });
            quotes.push(Quote {
                range: i..text.len(),
                depth: u8::try_from(stack.len() - 1).unwrap_or(u8::MAX),
                closed: false,
                continuation,
            });
        }
        prev = Some(c);
    }
    let open_at_end = !stack.is_empty();
    // Quotations still open run to the paragraph's end, as they were pushed.
    Scan {
        quotes,
        open_at_end,
    }
}

/// An unmatched straight double quote opens a quotation when it stands where an opening mark
/// stands: at the start, after a space or an opening bracket or mark, and before something
/// visible. After a letter or digit it is an inch mark or a typo, and stays text.
fn opens_straight(prev: Option<char>, next: Option<char>) -> bool {
    let before_ok = match prev {
        None => true,
        Some(p) => p.is_whitespace() || "([{«“„‹‘—–-/:".contains(p),
    };
    let after_ok = next.is_some_and(|n| !n.is_whitespace());
    before_ok && after_ok
}

/// The outermost quotations of a paragraph as text slices.
pub fn outermost<'t, 'q>(
    text: &'t str,
    quotes: &'q [Quote],
) -> impl Iterator<Item = &'t str> + use<'t, 'q> {
    quotes
        .iter()
        .filter(|q| q.depth == 0)
        .map(move |q| &text[q.range.clone()])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outer(text: &str) -> Vec<&str> {
        let scan = find(text, false);
        outermost(text, &scan.quotes).collect()
    }

    #[test]
    fn guillemets_with_every_space() {
        for s in [
            "Il a dit « Nous irons » hier.",
            "Il a dit «\u{a0}Nous irons\u{a0}» hier.",
            "Il a dit «\u{202f}Nous irons\u{202f}» hier.",
            "Il a dit «Nous irons» hier.",
        ] {
            let q = outer(s);
            assert_eq!(q.len(), 1, "{s}");
            assert!(q[0].starts_with('«') && q[0].ends_with('»'), "{s}");
            assert!(q[0].contains("Nous irons"));
        }
    }

    #[test]
    fn other_marks() {
        assert_eq!(outer("He said “yes” twice."), ["“yes”"]);
        assert_eq!(outer("Er sagte „ja“ laut."), ["„ja“"]);
        assert_eq!(outer("Er sagte „ja” laut."), ["„ja”"]);
        assert_eq!(outer("un ‹ mot › ici"), ["‹ mot ›"]);
        assert_eq!(outer("He said \"yes\" and \"no\"."), ["\"yes\"", "\"no\""]);
    }

    #[test]
    fn nested_quotations() {
        let s = "« Il m’a dit ‹ jamais › et “ non ” » fin";
        let scan = find(s, false);
        assert_eq!(
            outermost(s, &scan.quotes).collect::<Vec<_>>(),
            [&s[..s.find(" fin").unwrap()]]
        );
        let inner: Vec<_> = scan
            .quotes
            .iter()
            .filter(|q| q.depth == 1)
            .map(|q| &s[q.range.clone()])
            .collect();
        assert_eq!(inner, ["‹ jamais ›", "“ non ”"]);
        assert!(scan.quotes.iter().all(|q| q.closed));
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(outer("L’OMS n'a pas dit qu’il viendrait, it's fine").is_empty());
    }

    #[test]
    fn open_quotation_ends_at_paragraph_end() {
        let s = "Il a dit « nous irons jusqu’au bout";
        let scan = find(s, false);
        assert_eq!(scan.quotes.len(), 1);
        assert_eq!(
            &s[scan.quotes[0].range.clone()],
            "« nous irons jusqu’au bout"
        );
        assert!(!scan.quotes[0].closed);
        assert!(scan.open_at_end);
    }

    #[test]
    fn closer_ends_quotations_opened_inside() {
        let s = "« a “ b » c";
        let scan = find(s, false);
        assert_eq!(&s[scan.quotes[0].range.clone()], "« a “ b »");
        assert!(scan.quotes[0].closed);
        assert_eq!(&s[scan.quotes[1].range.clone()], "“ b ");
        assert!(!scan.quotes[1].closed);
        assert!(!scan.open_at_end);
    }

    #[test]
    fn stray_closers_and_inch_marks_stay_text() {
        assert!(outer("fin » ici ” et › là").is_empty());
        assert!(outer("un écran de 15\" seulement").is_empty());
    }

    #[test]
    fn continued_quotation_reopens_with_either_guillemet() {
        for second in ["« Et la suite. »", "» Et la suite. »"] {
            let first = find("« Début sans fin.", false);
            assert!(first.open_at_end);
            let next = find(second, first.open_at_end);
            assert_eq!(next.quotes.len(), 1, "{second}");
            assert!(next.quotes[0].continuation);
            assert!(next.quotes[0].closed);
            assert_eq!(&second[next.quotes[0].range.clone()], second);
        }
        // Without an open quotation before it, a leading » is just text.
        assert!(find("» Et la suite.", false).quotes.is_empty());
    }
}
