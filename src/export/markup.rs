//! Escaping for XML and HTML, quotations as `<span class="quote">`, and one article as markup
//! that is both HTML5 and well-formed XHTML, so the HTML page and the EPUB's documents share it.

use std::fmt::Write as _;

use super::{Digest, Item, Read};
use crate::article::{BlockKind, Text};

/// Appends `text` escaped as element content: `&`, `<` and `>` become entities, so an article
/// holding `</body><script>` is shown as those characters and never read as markup.
/// Characters XML 1.0 forbids (C0 controls but tab and line feed, U+FFFE, U+FFFF) are dropped:
/// the choke point removes controls already, and one left would make the document unreadable.
pub fn escape_into(out: &mut String, text: &str) {
    // Byte by byte, the text between two replacements copied at once: every byte looked at
    // is ASCII or the first byte of U+FFFE/U+FFFF, so each cut is a character boundary.
    let bytes = text.as_bytes();
    let (mut from, mut i) = (0, 0);
    while i < bytes.len() {
        let (swap, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'\t' | b'\n' => {
                i += 1;
                continue;
            }
            0..=0x1f => ("", 1),
            0xef if matches!(bytes.get(i + 1..i + 3), Some([0xbf, 0xbe | 0xbf])) => ("", 3),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[from..i]);
        out.push_str(swap);
        i += len;
        from = i;
    }
    out.push_str(&text[from..]);
}

/// Appends `text` escaped as an attribute's value between double quotes: as [`escape_into`],
/// quotes too, and line breaks as character references so the value keeps them.
pub fn attr_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
}

/// `text` escaped as element content.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Is `c` a character XML 1.0 allows (the `Char` production, less `\r`, which a parser would
/// turn into a line feed anyway)?
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// The opening tag of a quotation. A `span`, not `q`: the marks are in the text already, and
/// `q` would have the browser add its own.
pub const QUOTE_OPEN: &str = "<span class=\"quote\">";
const QUOTE_CLOSE: &str = "</span>";

/// Appends `text` escaped, each quotation (marks included, nested ones inside their outer one)
/// wrapped in [`QUOTE_OPEN`]. A range that is not well nested in the one around it, or does not
/// fall on character boundaries (never made by [`crate::quote::find`]), is left as plain text
/// rather than making the markup wrong.
pub fn quoted_into(out: &mut String, text: &Text) {
    let s = text.text.as_str();
    let mut pos = 0;
    // Ends of the spans open, innermost last.
    let mut open: Vec<usize> = Vec::new();
    for q in &text.quotes {
        let (start, end) = (q.range.start, q.range.end.min(s.len()));
        if start >= end || start < pos || !s.is_char_boundary(start) || !s.is_char_boundary(end) {
            continue;
        }
        close_until(out, s, &mut pos, &mut open, start);
        if open.last().is_some_and(|&outer| end > outer) {
            continue;
        }
        escape_into(out, &s[pos..start]);
        pos = start;
        out.push_str(QUOTE_OPEN);
        open.push(end);
    }
    close_until(out, s, &mut pos, &mut open, usize::MAX);
    escape_into(out, &s[pos..]);
}

/// Closes the spans of `open` that end at or before `at`, writing the text up to each end.
fn close_until(out: &mut String, s: &str, pos: &mut usize, open: &mut Vec<usize>, at: usize) {
    while let Some(&end) = open.last() {
        if end > at {
            break;
        }
        escape_into(out, &s[*pos..end]);
        out.push_str(QUOTE_CLOSE);
        *pos = end;
        open.pop();
    }
}

/// `text` with its quotations wrapped.
pub fn quoted(text: &Text) -> String {
    let mut out = String::with_capacity(text.text.len() + 32);
    quoted_into(&mut out, text);
    out
}

/// How an article is set: the level of the section's heading (the headline is one below, the
/// intertitles two), and whether `xml:lang` goes beside `lang` (XHTML in an EPUB).
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    /// The heading level of sections (1 to 4).
    pub top: u8,
    /// XHTML: say the language with `xml:lang` too.
    pub xml: bool,
}

/// Appends one article: its header (section, headline, alternate headline, standfirst, bylines,
/// date) and its body (paragraphs and intertitles), as an `<article>` whose id is the item's
/// anchor. An article that could not be read again keeps its header from the library and
/// says why in place of its body. Returns the article's language, when it could be read.
pub fn article_into(
    out: &mut String,
    digest: &Digest,
    item: &Item,
    read: &Read,
    set: Setting,
) -> Option<&'static str> {
    let entry = item.entry;
    let h = set.top + 1;
    let _ = write!(out, "<article id=\"{}\"", item.anchor);
    let lang = read.as_ref().ok().map(super::lang_of);
    if let Some(lang) = lang {
        let _ = write!(out, " lang=\"{lang}\"");
        if set.xml {
            let _ = write!(out, " xml:lang=\"{lang}\"");
        }
    }
    out.push_str(">\n<header>\n<p class=\"section\">");
    escape_into(out, &entry.section);
    let _ = write!(out, "</p>\n<h{h} class=\"headline\">");
    match read {
        Ok(article) => quoted_into(out, &article.headline),
        Err(_) => escape_into(out, &entry.headline),
    }
    let _ = writeln!(out, "</h{h}>");
    if let Ok(article) = read {
        for (class, text) in [
            ("alt-headline", &article.alt_headline),
            ("standfirst", &article.standfirst),
        ] {
            if let Some(text) = text.as_ref().filter(|t| !t.text.trim().is_empty()) {
                let _ = write!(out, "<p class=\"{class}\">");
                quoted_into(out, text);
                out.push_str("</p>\n");
            }
        }
    }
    let bylines = read.as_ref().map_or(&entry.bylines, |a| &a.bylines);
    for byline in bylines {
        out.push_str("<p class=\"byline\">");
        escape_into(out, byline);
        out.push_str("</p>\n");
    }
    if let Some((long, rfc)) = digest.date_of(entry) {
        out.push_str("<p class=\"date\"><time datetime=\"");
        attr_into(out, &rfc);
        out.push_str("\">");
        escape_into(out, &long);
        out.push_str("</time></p>\n");
    }
    out.push_str("</header>\n");
    match read {
        Ok(article) => {
            for block in &article.blocks {
                match block.kind {
                    BlockKind::Paragraph => {
                        out.push_str("<p>");
                        quoted_into(out, &block.text);
                        out.push_str("</p>\n");
                    }
                    BlockKind::Intertitle => {
                        let i = h + 1;
                        let _ = write!(out, "<h{i} class=\"intertitle\">");
                        quoted_into(out, &block.text);
                        let _ = writeln!(out, "</h{i}>");
                    }
                }
            }
        }
        Err(why) => {
            out.push_str("<p class=\"unread\">This article could not be read again: ");
            escape_into(out, why);
            out.push_str("</p>\n");
        }
    }
    out.push_str("</article>\n");
    lang
}

/// The style of quotations, headers and intertitles, shared by the HTML page and the EPUB (which
/// adds nothing that an e-ink screen cannot show: no colour is needed to tell a quotation).
pub const CSS: &str = "\
body { font-family: Georgia, 'Times New Roman', serif; line-height: 1.5; }
.quote { font-style: italic; }
.quote .quote { font-style: normal; }
article { margin: 0 0 2.5em 0; }
article > header { margin-bottom: 1em; }
.section { font-size: 0.8em; letter-spacing: 0.08em; text-transform: uppercase; margin: 0; }
.headline { margin: 0.2em 0; }
.alt-headline { font-size: 1.1em; font-style: italic; margin: 0.2em 0; }
.alt-headline .quote { font-style: normal; }
.standfirst { font-weight: bold; }
.byline, .date { font-size: 0.9em; margin: 0; }
.intertitle { font-size: 1em; margin: 1.4em 0 0.4em 0; }
.unread { font-style: italic; }
nav ol { list-style: none; padding-left: 1em; }
";

#[cfg(test)]
#[path = "markup_tests.rs"]
mod tests;
