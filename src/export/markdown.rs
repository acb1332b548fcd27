//! A digest as Markdown (CommonMark, with inline HTML anchors for the table of contents).
//!
//! The text is kept as it is: every character of the article is there, marks of quotation
//! included. Characters Markdown would read as markup (`*`, `_`, `<`, `&`, `[`, a `#` or a
//! list number at a line's start, …) are escaped with a backslash, so a renderer shows them as
//! text: an article holding `<script>` stays text in any CommonMark renderer.
//!
//! Quotations are set in italics (`_« … »_`) where CommonMark's rules let that emphasis be
//! read as emphasis (the delimiters must "flank" the quotation: a mark after a letter, or a
//! quotation followed at once by another, would not); elsewhere they stay plain, never with a
//! stray `_` shown. Nested quotations are inside their outer one's italics. `_`, not `*`: the
//! standfirst is in bold (`**…**`), and a `*` of a quotation beside it would make one run of
//! three stars, which CommonMark may pair the wrong way (a property test found it).

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Digest, Reader, each_article};
use crate::article::{BlockKind, Text};

/// Writes `digest` as Markdown to `w`, reading each article with `read`.
pub fn write(digest: &Digest, read: &Reader, w: &mut dyn Write) -> io::Result<()> {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("# ");
    out.push_str(&inline(&digest.title));
    out.push_str("\n\n");
    out.push_str(&inline(&digest.about()));
    out.push_str("\n\n## Contents\n\n");
    for section in &digest.sections {
        let _ = writeln!(
            out,
            "- [{}](#{}) ({})",
            inline(section.name),
            section.anchor,
            section.items.len()
        );
        for item in &section.items {
            let _ = write!(
                out,
                "  - [{}](#{})",
                inline(&super::toc_headline(item.entry)),
                item.anchor
            );
            if let Some((_, rfc)) = digest.date_of(item.entry) {
                let _ = write!(out, " · {}", super::day(&rfc));
            }
            out.push('\n');
        }
    }
    w.write_all(out.as_bytes())?;
    // The articles of all sections in one stream (the next batch read while this one is
    // written, across sections), each section's heading before its first article.
    let mut open: Option<usize> = None;
    each_article(&digest.items(), read, &mut |item, article| {
        out.clear();
        if open != Some(item.section) {
            let section = &digest.sections[item.section];
            let _ = write!(
                out,
                "\n## <a id=\"{}\"></a>{}\n",
                section.anchor,
                inline(section.name)
            );
            open = Some(item.section);
        }
        let entry = item.entry;
        let _ = write!(out, "\n### <a id=\"{}\"></a>", item.anchor);
        match &article {
            Ok(a) => out.push_str(&one_line(&quoted(&a.headline))),
            Err(_) => out.push_str(&inline(&entry.headline)),
        }
        out.push('\n');
        if let Some(alt) = article.as_ref().ok().and_then(|a| a.alt_headline.as_ref()) {
            block(&mut out, Block::Heading, alt);
        }
        // Section, bylines and date on one line, in italics.
        let bylines = article.as_ref().map_or(&entry.bylines, |a| &a.bylines);
        let mut meta = vec![entry.section.as_str()];
        meta.extend(bylines.iter().map(String::as_str));
        let date = digest.date_of(entry).map(|(long, _)| long);
        meta.extend(date.as_deref());
        let _ = write!(out, "\n*{}*\n", inline(&meta.join(" · ")));
        match &article {
            Ok(a) => {
                if let Some(standfirst) = &a.standfirst {
                    block(&mut out, Block::Strong, standfirst);
                }
                for b in &a.blocks {
                    let kind = match b.kind {
                        BlockKind::Paragraph => Block::Paragraph,
                        BlockKind::Intertitle => Block::Heading,
                    };
                    block(&mut out, kind, &b.text);
                }
            }
            Err(why) => {
                let _ = write!(
                    out,
                    "\n*This article could not be read again: {}*\n",
                    inline(why)
                );
            }
        }
        w.write_all(out.as_bytes())
    })
}

/// How a block of an article is set in Markdown.
#[derive(Debug, Clone, Copy)]
pub enum Block {
    /// A paragraph.
    Paragraph,
    /// A paragraph in bold (the standfirst).
    Strong,
    /// A heading below the headline's (the alternate headline, an intertitle), on one line.
    Heading,
}

/// Appends `text` as a block of `kind`, after a blank line; nothing when it has no text (an
/// empty heading, or `****`, which would be a rule).
pub fn block(out: &mut String, kind: Block, text: &Text) {
    let md = quoted(text);
    if md.is_empty() {
        return;
    }
    let _ = match kind {
        Block::Paragraph => write!(out, "\n{md}\n"),
        Block::Strong => write!(out, "\n**{md}**\n"),
        Block::Heading => write!(out, "\n#### {}\n", one_line(&md)),
    };
}

/// Text on one line (a heading, a link), escaped: its lines joined by a space.
fn inline(text: &str) -> String {
    one_line(&escaped(text))
}

/// Lines joined by a space (Markdown's escapes hold no line feed).
fn one_line(md: &str) -> String {
    md.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` escaped, no quotation set apart.
pub fn escaped(text: &str) -> String {
    quoted(&Text::plain(text.to_owned()))
}

/// A block's text as Markdown: escaped, lines trimmed (indentation would make code, trailing
/// spaces a hard break) and never blank (that would end the block), its outermost quotations in
/// italics where CommonMark reads them so ([`can_open`], [`can_close`]).
pub fn quoted(text: &Text) -> String {
    let s = text.text.trim();
    // Byte offsets of the quotations in the trimmed text.
    let shift = text.text.len() - text.text.trim_start().len();
    let mut marks: Vec<(usize, usize)> = Vec::new();
    for q in text.quotes.iter().filter(|q| q.depth == 0) {
        let (Some(start), Some(end)) = (
            q.range.start.checked_sub(shift),
            q.range.end.checked_sub(shift),
        ) else {
            continue;
        };
        let end = end.min(s.len());
        let after_last = marks.last().is_none_or(|&(_, e)| start > e);
        if start < end
            && after_last
            && s.is_char_boundary(start)
            && s.is_char_boundary(end)
            && can_open(s[..start].chars().next_back(), s[start..].chars().next())
            && can_close(s[..end].chars().next_back(), s[end..].chars().next())
        {
            marks.push((start, end));
        }
    }
    let mut out = String::with_capacity(s.len() + s.len() / 32 + 16);
    let mut line_start = true;
    let mut marker = false;
    let mut next_mark = marks.iter().flat_map(|&(a, b)| [a, b]).peekable();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        while next_mark.peek() == Some(&i) {
            next_mark.next();
            out.push('_');
            line_start = false;
        }
        if !line_start && !marker {
            // Inside a line, text with nothing to escape is copied as it is, up to the next
            // character that needs a look (all ASCII, so `stop` is a character boundary) or
            // the next quotation mark's place.
            let until = next_mark.peek().copied().unwrap_or(s.len()).max(i);
            let stop = bytes[i..until]
                .iter()
                .position(|&b| b == b'\n' || always_escaped(b))
                .map_or(until, |p| i + p);
            if stop > i {
                out.push_str(&s[i..stop]);
                i = stop;
                continue;
            }
        }
        // `i` is a character boundary: 0, the end of a character, a quotation's boundary
        // (checked above) or an ASCII byte.
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if c == '\n' {
            trim_end(&mut out);
            if !out.ends_with('\n') && !out.is_empty() {
                out.push('\n');
            }
            line_start = true;
            continue;
        }
        if line_start && c.is_whitespace() {
            continue;
        }
        if line_start && c.is_ascii_digit() {
            marker = ordered_marker(&s[i..]);
        }
        push_escaped(&mut out, c, line_start, &mut marker);
        line_start = false;
    }
    if next_mark.next().is_some() {
        out.push('_');
    }
    trim_end(&mut out);
    out
}

fn trim_end(out: &mut String) {
    let kept = out.trim_end_matches([' ', '\t']).len();
    out.truncate(kept);
}

/// Appends `c`, escaped when Markdown would read it as markup here: always for characters of
/// emphasis, links, code, raw HTML, entities, tables, strikethrough and math (`$`, which
/// pandoc and GitHub read as TeX); at a line's start for
/// those of headings, block quotes and lists. `marker`: inside the digits of an ordered list's
/// marker at a line's start (`12. `, `3) `), whose `.` or `)` is escaped.
fn push_escaped(out: &mut String, c: char, line_start: bool, marker: &mut bool) {
    let always = u8::try_from(c).is_ok_and(always_escaped);
    let starts_block = line_start && matches!(c, '-' | '+' | '=');
    let ends_marker = *marker && matches!(c, '.' | ')');
    if !c.is_ascii_digit() {
        *marker = false;
    }
    if always || starts_block || ends_marker {
        out.push('\\');
    }
    out.push(c);
}

/// Is `b` a character Markdown may read as markup anywhere in a line (see [`push_escaped`])?
fn always_escaped(b: u8) -> bool {
    matches!(
        b,
        b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'&' | b'|' | b'~' | b'#' | b'$'
    )
}

/// Does `rest` (what follows a digit at a line's start) make that digit an ordered list's
/// marker: more digits, then `.` or `)`, then a space or the line's end?
fn ordered_marker(rest: &str) -> bool {
    let after = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let mut chars = after.chars();
    matches!(chars.next(), Some('.' | ')')) && chars.next().is_none_or(char::is_whitespace)
}

/// Is `c` whitespace as CommonMark sees it (Unicode `Zs`, tab, line feed, form feed, carriage
/// return)? Rust's `is_whitespace` adds a few that CommonMark takes for letters.
fn space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{b}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Is `c` punctuation or a symbol (Unicode `P` or `S`), as CommonMark's flanking rules see it?
/// Anything visible that is not a letter, a digit, a combining mark or an invisible format
/// character (which CommonMark counts with the letters).
fn punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    !c.is_alphanumeric()
        && !c.is_whitespace()
        && !c.is_control()
        && !unicode_normalization::char::is_combining_mark(c)
        && !matches!(
            c,
            '\u{ad}'
                | '\u{600}'..='\u{605}'
                | '\u{61c}'
                | '\u{6dd}'
                | '\u{70f}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{e000}'..='\u{f8ff}'
        )
}

/// Is a delimiter between `prev` and `next` (`None`: a line's start or end) left-flanking, in
/// CommonMark's terms: not followed by whitespace, and not followed by punctuation unless it
/// follows whitespace or punctuation?
fn left_flanking(prev: Option<char>, next: Option<char>) -> bool {
    let Some(next) = next.filter(|&n| !space(n)) else {
        return false;
    };
    !punct(next) || prev.is_none_or(|p| space(p) || punct(p))
}

/// Is a delimiter between `prev` and `next` right-flanking (the mirror of [`left_flanking`])?
fn right_flanking(prev: Option<char>, next: Option<char>) -> bool {
    left_flanking(next, prev)
}

/// Can `_` between `prev` and `next` open emphasis? Left-flanking, and not right-flanking
/// unless after punctuation (CommonMark's rule for `_`).
pub fn can_open(prev: Option<char>, next: Option<char>) -> bool {
    left_flanking(prev, next) && (!right_flanking(prev, next) || prev.is_some_and(punct))
}

/// Can `_` between `prev` and `next` close emphasis? Right-flanking, and not left-flanking
/// unless before punctuation.
pub fn can_close(prev: Option<char>, next: Option<char>) -> bool {
    right_flanking(prev, next) && (!left_flanking(prev, next) || next.is_some_and(punct))
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
