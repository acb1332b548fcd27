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
    assert_eq!(
        escape("a\u{0}b\u{1b}c\u{fffe}d\u{ffff}e\tf\ng"),
        "abcde\tf\ng"
    );
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
    assert_eq!(
        out.matches(QUOTE_OPEN).count(),
        out.matches("</span>").count()
    );
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

/// The text of an XML fragment as a parser reads it back, or why it is not well-formed.
fn read_back(xml: &str) -> Result<String, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut text = String::new();
    let mut depth = 0usize;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => {
                let name = e.name();
                if name.as_ref() != "p" && name.as_ref() != "span" {
                    return Err(format!("<{}>", name.as_ref()));
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.checked_sub(1).ok_or("too many ends")?,
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => text.push(match r.as_ref() {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                other => return Err(format!("&{other};")),
            }),
            Event::Eof => break,
            other => return Err(format!("{other:?}")),
        }
    }
    if depth != 0 {
        return Err("an element left open".into());
    }
    if let Some(c) = text.chars().find(|&c| !allowed(c)) {
        return Err(format!("{c:?} is not an XML character"));
    }
    Ok(text)
}

proptest::proptest! {
    /// Any text, controls and markup included, quotations found in it or not, makes
    /// well-formed markup that reads back as the text (less what XML cannot hold).
    #[test]
    fn any_text_reads_back_as_itself(s in "[a «»“”\"'<>&;/\\]\\[!\u{0}-\u{1f}\u{7f}\u{fffe}\u{ffff}]{0,60}") {
        let xml = format!("<p>{}</p>", quoted(&Text::standalone(s.clone())));
        let back = read_back(&xml);
        // Dropped: the characters XML forbids, and a carriage return (it would be read as a
        // line feed; the choke point has made every line end one already).
        let want: String = s.chars().filter(|&c| allowed(c)).collect();
        proptest::prop_assert_eq!(back, Ok(want), "{}", xml);
    }
}
