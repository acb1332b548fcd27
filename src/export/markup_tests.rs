//! Escaping and quotation markup.

use super::*;
use crate::article::Text;

#[test]
fn text_is_escaped_so_no_markup_gets_through() {
    assert_eq!(
        escape("</body><script>alert(1)</script> & co"),
        "&lt;/body&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
    );
    // Entities in the text stay text: `&lt;` is shown as typed.
    assert_eq!(escape("&lt;"), "&amp;lt;");
    let mut a = String::new();
    attr_into(&mut a, "a\"b'c<d>&\n");
    assert_eq!(a, "a&quot;b&#39;c&lt;d&gt;&amp;&#10;");
}

#[test]
fn characters_xml_forbids_are_dropped() {
    assert_eq!(escape("a\u{0}b\u{1b}c\u{fffe}d\u{ffff}e\tf\ng"), "abcde\tf\ng");
    assert_eq!(escape("é « \u{a0} » 😀"), "é « \u{a0} » 😀");
}

#[test]
fn quotations_are_wrapped_marks_included() {
    let t = Text::standalone("Il a dit « Nous irons » hier.".into());
    assert_eq!(
        quoted(&t),
        "Il a dit <span class=\"quote\">« Nous irons »</span> hier."
    );
}

#[test]
fn nested_quotations_nest_their_spans() {
    let t = Text::standalone("« Il m’a dit ‹ jamais › et “ non ” » fin".into());
    assert_eq!(
        quoted(&t),
        "<span class=\"quote\">« Il m’a dit <span class=\"quote\">‹ jamais ›</span> et \
         <span class=\"quote\">“ non ”</span> »</span> fin"
    );
}

#[test]
fn an_open_quotation_ends_at_the_text_end_and_quoted_text_is_escaped() {
    let t = Text::standalone("Il dit « <b>oui</b> & plus".into());
    assert_eq!(
        quoted(&t),
        "Il dit <span class=\"quote\">« &lt;b&gt;oui&lt;/b&gt; &amp; plus</span>"
    );
}

#[test]
fn bad_ranges_are_left_as_text() {
    // Overlapping (not nested), off a character boundary, past the end, empty.
    let t = Text {
        text: "« ab » cd".into(),
        quotes: vec![q(0, 8, 0), q(4, 11, 1), q(1, 3, 1), q(9, 40, 0), q(7, 7, 0)],
    };
    let out = quoted(&t);
    assert_eq!(out.matches(QUOTE_OPEN).count(), out.matches("</span>").count());
    assert!(out.contains("« ab »"));
    assert_eq!(
        out.replace(QUOTE_OPEN, "").replace("</span>", ""),
        "« ab » cd"
    );
}

fn q(start: usize, end: usize, depth: u8) -> crate::quote::Quote {
    crate::quote::Quote {
        range: start..end,
        depth,
        closed: true,
        continuation: false,
    }
}
