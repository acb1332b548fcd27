//! Markdown escaping and quotation italics.

use super::*;
use crate::article::Text;

#[test]
fn markup_characters_are_escaped() {
    assert_eq!(
        escaped("</body><script>x</script> & *a* _b_ [c](d) `e` |f| ~g~ #h"),
        "\\</body\\>\\<script\\>x\\</script\\> \\& \\*a\\* \\_b\\_ \\[c\\](d) \\`e\\` \\|f\\| \\~g\\~ \\#h"
    );
    assert_eq!(escaped("a\\b"), "a\\\\b");
}

#[test]
fn line_starts_that_would_make_blocks_are_escaped() {
    assert_eq!(escaped("- a\n+ b\n= c\n> d"), "\\- a\n\\+ b\n\\= c\n\\> d");
    assert_eq!(
        escaped("12. douze\n3) trois\n2024 fut"),
        "12\\. douze\n3\\) trois\n2024 fut"
    );
    // Not at a line's start: as it is.
    assert_eq!(escaped("a - b 1. c"), "a - b 1. c");
    assert_eq!(escaped("1.5 million"), "1.5 million");
}

#[test]
fn lines_are_trimmed_and_never_blank() {
    assert_eq!(escaped("    code?\n  \n next  \n"), "code?\nnext");
}

#[test]
fn quotations_are_in_italics_marks_included() {
    let t = Text::standalone("Il a dit « Nous irons » hier.".into());
    assert_eq!(quoted(&t), "Il a dit _« Nous irons »_ hier.");
    let t = Text::standalone("« Oui », dit-il.".into());
    assert_eq!(quoted(&t), "_« Oui »_, dit-il.");
    // Left open: italics to the end.
    let t = Text::standalone("Il dit « oui et".into());
    assert_eq!(quoted(&t), "Il dit _« oui et_");
}

#[test]
fn nested_quotations_stay_inside_the_outer_italics() {
    let t = Text::standalone("« Il m’a dit ‹ jamais › » fin".into());
    assert_eq!(quoted(&t), "_« Il m’a dit ‹ jamais › »_ fin");
}

#[test]
fn quotations_emphasis_cannot_flank_stay_plain() {
    // A mark glued to a letter on the left: `_` there could not open.
    let t = Text::standalone("mot«\u{a0}affaire\u{a0}»".into());
    assert!(!quoted(&t).contains('_'), "{}", quoted(&t));
    // Two quotations back to back: the second stays plain, the first in italics.
    let t = Text::standalone("« a »« b »".into());
    assert_eq!(quoted(&t), "_« a »_« b »");
}

#[test]
fn flanking_rules() {
    assert!(can_open(None, Some('«')));
    assert!(can_open(Some(' '), Some('«')));
    assert!(
        can_open(Some('('), Some('«')),
        "both flanking, after punctuation"
    );
    // `_` inside a word neither opens nor closes.
    assert!(!can_open(Some('a'), Some('b')));
    assert!(!can_close(Some('a'), Some('b')));
    assert!(!can_open(Some('a'), Some('«')));
    assert!(!can_open(Some(' '), Some(' ')));
    assert!(can_close(Some('»'), None));
    assert!(can_close(Some('»'), Some(',')));
    assert!(can_close(Some('t'), None));
    assert!(!can_close(Some('»'), Some('a')));
    assert!(!can_close(Some(' '), Some('a')));
}

/// What a CommonMark reader (pulldown-cmark, GitHub's extensions and math on) makes of a
/// block: its text, and the kinds of element it found.
fn read_back(md: &str) -> (String, Vec<String>) {
    use pulldown_cmark::{Event, Options, Parser};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM;
    let mut text = String::new();
    let mut kinds = Vec::new();
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Start(tag) => kinds.push(format!("{tag:?}")),
            Event::End(_) => {}
            other => kinds.push(format!("{other:?}")),
        }
    }
    (text, kinds)
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

proptest::proptest! {
    /// Any text, quotations and all, set as any block the digest makes, comes back from a
    /// CommonMark reader as it was (spaces aside): that block, its quotations in emphasis, and
    /// nothing else — no other heading, list, code, link, table, rule, math or HTML made of the
    /// article's characters.
    #[test]
    fn any_text_reads_back_as_itself(
        s in "[a1 é«»“”\"'\\-+=#*_\\[\\]()<>&|~$`\\\\!:.\n\t\u{a0}\u{202f}\u{301}\u{2028}\u{ad}\u{200b}€]{0,80}",
        kind in 0..3u8,
    ) {
        let (kind, tag) = match kind {
            0 => (Block::Paragraph, "Paragraph"),
            1 => (Block::Strong, "Strong"),
            _ => (Block::Heading, "Heading"),
        };
        let mut md = String::new();
        block(&mut md, kind, &Text::standalone(s.clone()));
        let (text, kinds) = read_back(&md);
        proptest::prop_assert_eq!(squeeze(&text), squeeze(&s), "{:?}", md);
        for k in &kinds {
            let allowed = k == "Emphasis"
                || k.starts_with(tag)
                || (tag == "Strong" && k == "Paragraph");
            proptest::prop_assert!(allowed, "{} in {:?}", k, md);
        }
        if !squeeze(&s).is_empty() {
            proptest::prop_assert!(kinds.iter().any(|k| k.starts_with(tag)), "{:?}: {:?}", md, kinds);
        }
    }
}
